import Foundation
import LedgerCore
import PodLedger
import Smoothing
import Statements
import Testing

/// Results do not depend on the order of input rows or files (SPEC §5 invariants).
@Suite struct PermutationTests {
    /// The sample files with their data rows shuffled (header kept) and the files in reverse order.
    static func shuffledCopies(seed: UInt64) throws -> [String] {
        var generator = SeededGenerator(state: seed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-shuffled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var copies: [String] = []
        for file in try LedgerLifecycleTests.sampleIncomeFiles().reversed() {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
            let header = lines.removeFirst()
            lines.shuffle(using: &generator)
            let copy = folder.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent).path
            try Data(([header] + lines).joined(separator: "\n").appending("\n").utf8).write(to: URL(fileURLWithPath: copy))
            copies.append(copy)
        }
        return copies
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func shuffledRowsAndFilesGiveTheSameYear(seed: UInt64) throws {
        let network = LedgerLifecycleTests.samples.appendingPathComponent("network.toml").path
        func year(_ files: [String]) throws -> ([MonthResult], BalanceReport) {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-\(UUID().uuidString)/pods.sqlite").path
            let (ledger, _) = try Ledger.create(at: path, networkFile: network)
            let summary = try ledger.importIncome(files: files)
            #expect(summary.newRows == 234)
            let results = try ledger.redistribute(through: Month(parsing: "2024-12"), only: false, dryRun: false)
            return (results, try ledger.balances(through: nil))
        }
        let original = try year(try LedgerLifecycleTests.sampleIncomeFiles())
        let shuffled = try year(try Self.shuffledCopies(seed: seed))
        #expect(original.0 == shuffled.0)
        #expect(original.1 == shuffled.1)
    }
}

/// SplitMix64, so the shuffles are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
