#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a file's occurrence counts go once they outgrow `OccurrenceCounter.memoryBytesMax`: a store
/// on disk (PodLedger gives the ledger's `ScratchCounter`, a private temporary SQLite database), so that
/// the memory an import uses stays flat however many distinct rows without a reference a file has.
public protocol OccurrenceSpill: AnyObject {
    /// Adds `count` to the count kept for `content` (0 when it is new) and returns the sum.
    func add(_ content: UnsafeBufferPointer<UInt8>, count: Int) throws -> Int
}

/// Makes the spill of one file's counter, when it needs one.
public typealias OccurrenceSpillMaker = @Sendable () throws -> any OccurrenceSpill

/// Counts identical rows without a reference within one file, to number them in their keys.
///
/// It is exact: each distinct row's key content is kept and compared byte for byte, so two different
/// rows are never counted as one (a hash alone could, and would then silently change a key). In memory
/// it takes little more than the content itself: the contents' UTF-8 bytes are packed into 1 MiB pages
/// (no String or Dictionary entry per row), each has a 16-byte entry, and an open-addressing table of
/// 8-byte slots finds them. About 100 bytes per row for typical descriptions, against about 170 with
/// `[String: Int]`; pages and entry chunks never move, so growing never copies the contents. Past
/// `memoryBytesMax` (about 250,000 distinct rows), when it has a spill, it moves every count there and
/// counts there from then on: slower per row, but memory no longer grows with the file.
struct OccurrenceCounter {
    private struct Entry {
        var page: UInt32
        var offset: UInt32
        var length: UInt32
        var count: UInt32
    }

    static let pageBytes = 1 << 20
    static let entriesPerChunk = 1 << 16

    /// The contents, one after another; a content longer than a page gets a page of its own.
    private var pages: [[UInt8]] = []
    /// Entries in fixed-size chunks, so that adding one never copies the others.
    private var chunks: [[Entry]] = []
    private var entryCount = 0
    /// 0 for an empty slot, else the content hash's upper 32 bits << 32 | (entry index + 1).
    /// The upper hash bits also place the slot, so the table grows without rereading any content.
    private var slots = [UInt64](repeating: 0, count: 1 << 10)
    /// Bytes of the pages, entry chunks and table, as allocated.
    private var memoryBytes = (1 << 10) * MemoryLayout<UInt64>.stride

    /// The memory the counter may take before it moves its counts to a spill.
    let memoryBytesMax: Int
    private let makeSpill: OccurrenceSpillMaker?
    /// Set once the counts have moved: every count is then kept there.
    private var spill: (any OccurrenceSpill)?

    /// Whether the counts have moved to the spill.
    var isSpilled: Bool { spill != nil }

    init(memoryBytesMax: Int = 24 << 20, spill: OccurrenceSpillMaker? = nil) {
        self.memoryBytesMax = memoryBytesMax
        makeSpill = spill
    }

    /// 1 the first time `content` is seen in the file, 2 the second time, …; throws only what the spill throws.
    mutating func next(_ content: String) throws -> Int {
        var content = content
        return try content.withUTF8 { try next($0) }
    }

    private mutating func next(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        if let spill { return try spill.add(bytes, count: 1) }
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        let tag = UInt64(UInt(bitPattern: hasher.finalize())) >> 32
        let mask = slots.count - 1
        var slot = Int(tag) & mask
        while slots[slot] != 0 {
            let value = slots[slot]
            if value >> 32 == tag {
                let index = Int(value & 0xFFFF_FFFF) - 1
                if matches(index, bytes) {
                    chunks[index / Self.entriesPerChunk][index % Self.entriesPerChunk].count += 1
                    return Int(chunks[index / Self.entriesPerChunk][index % Self.entriesPerChunk].count)
                }
            }
            slot = (slot + 1) & mask
        }
        let index = add(bytes)
        slots[slot] = tag << 32 | UInt64(index + 1)
        if entryCount * 4 > slots.count * 3 { grow() }
        if memoryBytes > memoryBytesMax, let makeSpill { try moveCounts(to: try makeSpill()) }
        return 1
    }

    /// Adds every count to `spill`, frees the memory they took, and counts in `spill` from then on.
    private mutating func moveCounts(to spill: any OccurrenceSpill) throws {
        for chunk in chunks {
            for entry in chunk {
                try pages[Int(entry.page)].withUnsafeBufferPointer { page in
                    _ = try spill.add(UnsafeBufferPointer(rebasing: page[Int(entry.offset)..<Int(entry.offset + entry.length)]),
                                      count: Int(entry.count))
                }
            }
        }
        pages = []
        chunks = []
        slots = []
        entryCount = 0
        memoryBytes = 0
        self.spill = spill
    }

    private func matches(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = chunks[index / Self.entriesPerChunk][index % Self.entriesPerChunk]
        guard Int(entry.length) == bytes.count else { return false }
        guard bytes.count > 0 else { return true }
        return pages[Int(entry.page)].withUnsafeBufferPointer { page in
            memcmp(page.baseAddress! + Int(entry.offset), bytes.baseAddress!, bytes.count) == 0
        }
    }

    /// Stores the content and its entry; returns the entry's index.
    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if pages.isEmpty || pages[pages.count - 1].count + bytes.count > pages[pages.count - 1].capacity {
            var page: [UInt8] = []
            page.reserveCapacity(max(Self.pageBytes, bytes.count))
            memoryBytes += page.capacity
            pages.append(page)
        }
        let offset = pages[pages.count - 1].count
        pages[pages.count - 1].append(contentsOf: bytes)
        if entryCount % Self.entriesPerChunk == 0 {
            var chunk: [Entry] = []
            chunk.reserveCapacity(Self.entriesPerChunk)
            memoryBytes += chunk.capacity * MemoryLayout<Entry>.stride
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(Entry(page: UInt32(pages.count - 1), offset: UInt32(offset),
                                              length: UInt32(bytes.count), count: 1))
        entryCount += 1
        return entryCount - 1
    }

    /// Doubles the table, placing each slot again by its hash bits.
    private mutating func grow() {
        var grown = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for value in slots where value != 0 {
            var slot = Int(value >> 32) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = value
        }
        memoryBytes += (grown.count - slots.count) * MemoryLayout<UInt64>.stride
        slots = grown
    }
}
