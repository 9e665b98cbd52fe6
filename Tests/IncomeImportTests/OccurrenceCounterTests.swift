import Testing

@testable import IncomeImport

/// The packed occurrence counter must number rows exactly as a plain `[String: Int]` would.
@Suite("Occurrence counter")
struct OccurrenceCounterTests {
    @Test func numbersIdenticalContentsOneTwoThree() {
        var counter = OccurrenceCounter()
        #expect(["a", "b", "a", "", "a", "", "b"].map { counter.next($0) } == [1, 1, 2, 1, 3, 2, 2])
    }

    @Test func agreesWithADictionaryAcrossPagesChunksAndTableGrowth() {
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
            if counter.next(content) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(reference.values.contains { $0 > 1 })
    }

    @Test func aContentLongerThanAPageGetsAPageOfItsOwn() {
        var counter = OccurrenceCounter()
        let long = String(repeating: "ü", count: OccurrenceCounter.pageBytes)  // 2 MiB of UTF-8
        let longer = long + "x"
        #expect(counter.next("short") == 1)
        #expect(counter.next(long) == 1)
        #expect(counter.next(longer) == 1)
        #expect(counter.next("short") == 2)
        #expect(counter.next(long) == 2)
        #expect(counter.next(longer) == 2)
    }

    @Test func contentsThatDifferOnlyInTheLastByteAreDifferent() {
        var counter = OccurrenceCounter()
        let base = String(repeating: "row\u{1F}2024-03-01\u{1F}ben\u{1F}100\u{1F}", count: 20)
        #expect(counter.next(base + "a") == 1)
        #expect(counter.next(base + "b") == 1)
        #expect(counter.next(base) == 1)
        #expect(counter.next(base + "a") == 2)
    }
}
