import LedgerStore
import Testing

/// The counter an import moves its occurrence counts to: exact, byte for byte, in a temporary SQLite file.
@Suite("Scratch counter")
struct ScratchCounterTests {
    func add(_ counter: ScratchCounter, _ bytes: [UInt8], count: Int = 1) throws -> Int {
        try bytes.withUnsafeBufferPointer { try counter.add($0, count: count) }
    }

    @Test func countsEachByteStringOnItsOwn() throws {
        let counter = try ScratchCounter()
        #expect(try add(counter, Array("a".utf8)) == 1)
        #expect(try add(counter, Array("a".utf8)) == 2)
        #expect(try add(counter, Array("b".utf8), count: 5) == 5)
        #expect(try add(counter, Array("a".utf8), count: 3) == 5)
        #expect(try add(counter, Array("b".utf8)) == 6)
        // The empty string is a content like any other, and differs from NUL; a NUL does not end a content.
        #expect(try add(counter, []) == 1)
        #expect(try add(counter, [0]) == 1)
        #expect(try add(counter, [0, 0x61]) == 1)
        #expect(try add(counter, []) == 2)
        #expect(try add(counter, [0]) == 2)
    }

    @Test func agreesWithADictionaryPastItsMemoryCache() throws {
        // 64 KiB of cache for about 4 MB of contents: most of the B-tree lives in the file.
        let counter = try ScratchCounter(cacheKiB: 64)
        var reference: [[UInt8]: Int] = [:]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var mismatches = 0
        for index in 0..<60_000 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let pick = index % 4 == 3 ? Int(state % UInt64(index)) : index
            let content = Array("row\u{1F}2024-\(pick % 12 + 1)-01\u{1F}m\(pick % 97)\u{1F}\(pick)\u{1F}Invoice \(pick) for work".utf8)
            let expected = reference[content, default: 0] + 1
            reference[content] = expected
            if try add(counter, content) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(reference.values.contains { $0 > 2 })
    }
}
