import Foundation
import IncomeImport
import LedgerCore
@testable import PodLedger
import Testing

/// Identical rows without a reference are numbered the same whether their counts stay in memory or move to
/// the ledger's temporary SQLite counter, as they do past the counter's memory bound in a very large file.
@Suite("Occurrence counts in a temporary file")
struct OccurrenceSpillTests {
    @Test func aFileReadWithItsCountsOnDiskGetsTheSameKeys() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("occurrences-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var csv = "date,member,amount,description\n"
        for index in 0..<3_000 {
            // Each row repeats up to three times, and a few differ from another only in a trailing space.
            let pick = index % 3 == 0 ? index : index - index % 3
            csv += "2024-03-\(pick % 18 + 10),ana,\(pick / 10).00,\"Invoice \(pick / 7)\(pick % 11 == 0 ? " " : "")\"\n"
        }
        try csv.write(to: url, atomically: true, encoding: .utf8)
        let currency = try Currency(code: "NZD")
        func keys(_ reader: IncomeFileReader) throws -> [String] {
            var keys: [String] = []
            try reader.read { keys.append($0.key) }
            return keys
        }
        let inMemory = try keys(IncomeFileReader(path: url.path, currency: currency))
        let onDisk = try keys(IncomeFileReader(path: url.path, currency: currency, occurrenceSpill: Ledger.occurrenceSpill,
                                               occurrenceMemoryBytesMax: 0))
        #expect(inMemory.count == 3_000)
        #expect(onDisk == inMemory)
        // Some rows are the third of their kind, so the numbering was put to the test.
        #expect(inMemory.contains { $0.hasSuffix("\u{1F}3") })
    }
}
