import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What can be told about a ledger path before SQLite opens it, so a bad path gets a message that
/// says what is wrong with it: missing, not a regular file (a FIFO would hang SQLite), not SQLite at
/// all, or a SQLite file cut short (truncated by a full disk or an interrupted copy).
enum LedgerFile {
    /// Refuses anything but a regular file that starts with a whole SQLite header and is at least as
    /// long as its header says. Reads at most 100 bytes; writes nothing.
    static func verifyShape(at path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw StoreError.ledgerMissing(path: path) }
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            if type == S_IFDIR { throw StoreError.notALedger(path: path) }
            throw StoreError.notARegularFile(path: path, kind: kindName(type))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: whyCannotOpen(path))
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard header.count >= 16, header.prefix(16).elementsEqual("SQLite format 3\0".utf8) else {
            throw StoreError.notALedger(path: path)
        }
        let size = Int64(info.st_size)
        guard header.count == 100 else {
            throw StoreError.damaged(path: path, detail: "the file is \(size) bytes long, shorter than SQLite's 100-byte header: it was cut short")
        }
        func integer(at offset: Int, bytes: Int) -> Int64 {
            header[offset..<(offset + bytes)].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
        let rawPageSize = integer(at: 16, bytes: 2)
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        let pages = integer(at: 28, bytes: 4)
        let sizeIsValid = pages > 0 && integer(at: 24, bytes: 4) == integer(at: 92, bytes: 4)
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else { throw StoreError.notALedger(path: path) }
        if sizeIsValid && size < pages * pageSize {
            throw StoreError.damaged(path: path, detail: "the file is \(size) bytes long but its header says \(pages) pages of \(pageSize) bytes (\(pages * pageSize) bytes): it was cut short")
        }
    }

    /// Why SQLite could not open the file (or create its journal), in a few words.
    static func whyCannotOpen(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "its folder \(folder) does not exist"
        }
        if access(path, R_OK) != 0 && errno != ENOENT { return "it cannot be read (\(String(cString: strerror(errno))))" }
        if access(folder, W_OK) != 0 {
            if errno == EROFS { return "its folder \(folder) is on a read-only file system" }
            return "its folder \(folder) is not writable (\(String(cString: strerror(errno))))"
        }
        if access(path, W_OK) != 0 && errno != ENOENT {
            return errno == EROFS ? "it is on a read-only file system" : "it is not writable (\(String(cString: strerror(errno))))"
        }
        return "SQLite could not open it or its journal"
    }

    /// `file:PATH?immutable=1`, the path percent-encoded: SQLite (built with URI filenames, as Debian's is)
    /// then reads the file without a journal or its index, for a ledger on a read-only file system.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Whether the file system holding `path` has (almost) no room left: less than a megabyte, about what
    /// SQLite needs for a journal and its index.
    static func isDiskFull(near path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) < 1 << 20
    }

    /// Makes a new name in the file's folder durable (after a link or rename).
    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    /// A file system error in a few words ("Permission denied"), without Foundation's long wrapper.
    static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix = underlying, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return error.localizedDescription
    }

    private static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }
}
