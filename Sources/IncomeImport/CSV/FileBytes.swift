#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file in fixed-size chunks through POSIX `read`, so that no file is ever held whole in memory.
enum FileBytes {
    /// Calls `body` with each chunk of the file, in order; every chunk but the last is exactly `chunkBytes` long.
    ///
    /// The buffer is reused: `body` must not keep the pointer it is given.
    static func forEachChunk(
        path: String, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IncomeImportError.unreadableFile(file: path, reason: lastErrorText()) }
        defer { _ = close(descriptor) }

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let filled = try fill(buffer, from: descriptor, path: path)
            if filled > 0 { try body(UnsafeRawBufferPointer(rebasing: buffer[0..<filled])) }
            if filled < chunkBytes { return }
        }
    }

    /// Reads until the buffer is full or the file ends; a short read is not the end of a file.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, path: String) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw IncomeImportError.unreadableFile(file: path, reason: lastErrorText())
            }
            filled += count
        }
        return filled
    }

    /// Reads a small whole file (a rules file), refusing one longer than `bytesMax`.
    static func contents(path: String, bytesMax: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(path: path, chunkBytes: 64 * 1024) { chunk in
            guard bytes.count + chunk.count <= bytesMax else {
                throw IncomeImportError.unreadableFile(file: path, reason: "it is longer than \(bytesMax) bytes")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    private static func lastErrorText() -> String {
        String(cString: strerror(errno))
    }
}
