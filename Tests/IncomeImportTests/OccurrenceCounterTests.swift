import Foundation
import LedgerCore
import Testing

@testable import IncomeImport

/// The packed occurrence counter must number rows exactly as a plain `[String: Int]` would.
@Suite("Occurrence counter")
struct OccurrenceCounterTests {
    @Test func numbersIdenticalContentsOneTwoThree() throws {
        var counter = OccurrenceCounter()
        #expect(try ["a", "b", "a", "", "a", "", "b"].map { try counter.next($0) } == [1, 1, 2, 1, 3, 2, 2])
    }

    @Test func agreesWithADictionaryAcrossPagesChunksAndTableGrowth() throws {
        // 300 000 contents, a third of them repeats: more than four entry chunks, several 1 MiB pages
        // and ten doublings of the table. Contents share long prefixes, as keys do.
        var counter = OccurrenceCounter()
        var reference: [String: Int] = [:]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var mismatches = 0
        for index in 0..<300_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pick = index % 3 == 2 ? Int(state >> 40) % (index + 1) : index
            let content = "row\u{1F}2024-03-\(pick % 28 + 1)\u{1F}alice\u{1F}\(pick * 7)\u{1F}Invoice \(pick) é"
            let expected = (reference[content] ?? 0) + 1
            reference[content] = expected
            if try counter.next(content) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(reference.values.contains { $0 > 1 })
    }

    @Test func aContentLongerThanAPageGetsAPageOfItsOwn() throws {
        var counter = OccurrenceCounter()
        let long = String(repeating: "ü", count: OccurrenceCounter.pageBytes)  // 2 MiB of UTF-8
        let longer = long + "x"
        #expect(try counter.next("short") == 1)
        #expect(try counter.next(long) == 1)
        #expect(try counter.next(longer) == 1)
        #expect(try counter.next("short") == 2)
        #expect(try counter.next(long) == 2)
        #expect(try counter.next(longer) == 2)
    }

    @Test func contentsThatDifferOnlyInTheLastByteAreDifferent() throws {
        var counter = OccurrenceCounter()
        let base = String(repeating: "row\u{1F}2024-03-01\u{1F}ben\u{1F}100\u{1F}", count: 20)
        #expect(try counter.next(base + "a") == 1)
        #expect(try counter.next(base + "b") == 1)
        #expect(try counter.next(base) == 1)
        #expect(try counter.next(base + "a") == 2)
    }
    /// A spill that keeps its counts in a dictionary: what `OccurrenceCounter` hands over, and when.
    final class DictionarySpill: OccurrenceSpill, @unchecked Sendable {
        var counts: [[UInt8]: Int] = [:]
        var calls = 0
        func add(_ content: UnsafeBufferPointer<UInt8>, count: Int) throws -> Int {
            calls += 1
            counts[Array(content), default: 0] += count
            return counts[Array(content)]!
        }
    }

    @Test func pastItsMemoryBoundItMovesEveryCountToTheSpillAndCountsOnThere() throws {
        let spill = DictionarySpill()
        var counter = OccurrenceCounter(memoryBytesMax: 3 << 20, spill: { spill })
        var reference: [String: Int] = [:]
        var mismatches = 0
        var spilledAt: Int?
        for index in 0..<60_000 {
            // Every fifth row repeats one of the rows before it, some of them from before the move.
            let pick = index % 5 == 4 ? (index * 7919) % index : index
            let content = "row\u{1F}2024-03-\(pick % 28 + 1)\u{1F}alice\u{1F}\(pick)\u{1F}Invoice \(pick)"
            let expected = (reference[content] ?? 0) + 1
            reference[content] = expected
            if try counter.next(content) != expected { mismatches += 1 }
            if spilledAt == nil, counter.isSpilled { spilledAt = index }
        }
        #expect(mismatches == 0)
        // 3 MiB hold one 1 MiB page, one 1 MiB entry chunk and the table: the move comes when the first page is full.
        let moved = try #require(spilledAt)
        #expect(moved > 10_000 && moved < 40_000, "moved at row \(moved)")
        #expect(spill.counts.count == reference.count)
        #expect(spill.counts.values.reduce(0, +) == 60_000)
    }

    @Test func withoutASpillItKeepsCountingInMemory() throws {
        var counter = OccurrenceCounter(memoryBytesMax: 0)
        #expect(try ["a", "a", "b"].map { try counter.next($0) } == [1, 2, 1])
        #expect(!counter.isSpilled)
    }

    @Test func aSpillThatFailsFailsTheRowWithItsFileAndLine() throws {
        struct Full: Error, CustomStringConvertible { var description: String { "disk full" } }
        final class FailingSpill: OccurrenceSpill {
            func add(_ content: UnsafeBufferPointer<UInt8>, count: Int) throws -> Int { throw Full() }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "date,member,amount\n2024-03-01,ana,10.00\n2024-03-01,ana,10.00\n".write(to: url, atomically: true, encoding: .utf8)
        let reader = IncomeFileReader(path: url.path, currency: try Currency(code: "NZD"), occurrenceSpill: { FailingSpill() },
                                      occurrenceMemoryBytesMax: 0)
        let error = try #require(throws: IncomeImportError.self) { try reader.read { _ in } }
        #expect(error == .occurrenceSpill(file: url.path, line: 2, reason: "disk full"))
        #expect(error.description.contains(":2: cannot count this file's identical rows in a temporary file (disk full)"))
    }
}
