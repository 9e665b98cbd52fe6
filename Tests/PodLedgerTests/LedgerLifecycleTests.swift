import Foundation
import LedgerCore
import LedgerStore
import PodLedger
import Smoothing
import Testing

/// The library end to end on real SQLite files and the real sample CSVs.
@Suite struct LedgerLifecycleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = root.appendingPathComponent("Samples")

    static func sampleIncomeFiles() throws -> [String] {
        let folder = samples.appendingPathComponent("income")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    /// A new ledger in a temporary folder holding the sample network and its income.
    static func sampleLedger() throws -> Ledger {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-\(UUID().uuidString)/pods.sqlite").path
        let (ledger, _) = try Ledger.create(at: path, networkFile: samples.appendingPathComponent("network.toml").path)
        _ = try ledger.importIncome(files: try sampleIncomeFiles())
        return ledger
    }

    @Test func theSampleYearImportsClosesAndChecks() throws {
        let ledger = try Self.sampleLedger()
        let results = try ledger.redistribute(through: Month(parsing: "2024-12"), only: false, dryRun: false)
        #expect(results.count == 12)
        #expect(try ledger.closedMonths().count == 12)
        #expect(try ledger.check() == [])
        // Money is conserved: member positions + reserves equal the income recorded (all balances sum to zero).
        let balances = try ledger.balances(through: nil).lines
        #expect(balances.reduce(0) { $0 + $1.balanceMinor } == 0)
        let pools = balances.filter { if case .pool = $0.account { return true } else { return false } }
        #expect(pools.isEmpty)
    }

    @Test func dryRunEqualsWhatIsPosted() throws {
        let ledger = try Self.sampleLedger()
        let preview = try ledger.redistribute(through: Month(parsing: "2024-06"), only: false, dryRun: true)
        #expect(try ledger.closedMonths().isEmpty)
        let posted = try ledger.redistribute(through: Month(parsing: "2024-06"), only: false, dryRun: false)
        #expect(preview == posted)
        // And recomputing the closed months from the ledger gives them again.
        #expect(try ledger.monthResults(from: Month(parsing: "2024-01"), through: Month(parsing: "2024-06")) == posted)
    }

    @Test func reopenThenCloseAgainGivesIdenticalResults() throws {
        let ledger = try Self.sampleLedger()
        let first = try ledger.redistribute(through: Month(parsing: "2024-12"), only: false, dryRun: false)
        let balancesBefore = try ledger.balances(through: nil)
        let reopened = try ledger.reopen(month: Month(parsing: "2024-07"))
        #expect(reopened.map(\.description) == ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"])
        #expect(try ledger.check() == [])
        #expect(try ledger.closedMonths().last?.description == "2024-06")
        let again = try ledger.redistribute(through: Month(parsing: "2024-12"), only: false, dryRun: false)
        #expect(Array(first.suffix(6)) == again)
        #expect(try ledger.balances(through: nil) == balancesBefore)
        #expect(try ledger.check() == [])
    }

    @Test func aCorrectionAfterReopenChangesTheMonth() throws {
        let ledger = try Self.sampleLedger()
        _ = try ledger.redistribute(through: Month(parsing: "2024-03"), only: false, dryRun: false)
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString).csv")
        try Data("date,member,amount,description,reference\n2024-02-20,alice,1000.00,Late invoice,LATE-1\n".utf8).write(to: csv)
        #expect(throws: PodLedgerError.self) { try ledger.importIncome(files: [csv.path]) }
        _ = try ledger.reopen(month: Month(parsing: "2024-02"))
        let summary = try ledger.importIncome(files: [csv.path])
        #expect(summary.newRows == 1)
        let results = try ledger.redistribute(through: Month(parsing: "2024-03"), only: false, dryRun: false)
        #expect(results.count == 2)
        #expect(try ledger.check() == [])
    }

    @Test func closingOutOfOrderOrTwiceIsRefused() throws {
        let ledger = try Self.sampleLedger()
        #expect(throws: PodLedgerError.monthNotNext(requested: try Month(parsing: "2024-03"), next: try Month(parsing: "2024-01"))) {
            try ledger.redistribute(through: Month(parsing: "2024-03"), only: true, dryRun: false)
        }
        _ = try ledger.redistribute(through: Month(parsing: "2024-01"), only: true, dryRun: false)
        #expect(throws: PodLedgerError.monthClosed(try Month(parsing: "2024-01"))) {
            try ledger.redistribute(through: Month(parsing: "2024-01"), only: true, dryRun: false)
        }
        #expect(throws: PodLedgerError.monthNotClosed(try Month(parsing: "2024-05"), lastClosed: try Month(parsing: "2024-01"))) {
            try ledger.reopen(month: Month(parsing: "2024-05"))
        }
    }

    @Test func aNetworkChangeAppliesFromItsMonthAndNotInClosedMonths() throws {
        let ledger = try Self.sampleLedger()
        _ = try ledger.redistribute(through: Month(parsing: "2024-03"), only: false, dryRun: false)
        let file = Self.samples.appendingPathComponent("network.toml").path
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "share_percent = \"10\"", with: "share_percent = \"20\"")
        let settings = try NetworkFile.parse(text, file: "changed.toml")
        #expect(throws: PodLedgerError.changeInClosedMonth(effective: try Month(parsing: "2024-02"), lastClosed: try Month(parsing: "2024-03"), first: try Month(parsing: "2024-01"))) {
            try ledger.applyNetwork(settings, from: Month(parsing: "2024-02"), source: "changed.toml")
        }
        let version = try ledger.applyNetwork(settings, from: nil, source: "changed.toml")
        #expect(version.effectiveFrom.description == "2024-04")
        let timeline = try ledger.networkTimeline()
        #expect(timeline.settings(for: try Month(parsing: "2024-03")).shareBasisPoints == 1_000)
        #expect(timeline.settings(for: try Month(parsing: "2024-04")).shareBasisPoints == 2_000)
        let april = try ledger.redistribute(through: Month(parsing: "2024-04"), only: true, dryRun: true)
        #expect(april[0].pods.allSatisfy { pod in
            pod.policy == .equal ? pod.toNetworkMinor == pod.contributionsMinor * 2_000 / 10_000 : true
        })
    }

    /// Advice that leads somewhere: a change or a reopen dated before the network's first month says so and
    /// names a month that can be reopened; a network in another currency is refused by the library.
    @Test func refusalsNameWhatToDo() throws {
        let ledger = try Self.sampleLedger()
        _ = try ledger.redistribute(through: Month(parsing: "2024-03"), only: false, dryRun: false)
        let settings = try Ledger.readNetworkFile(Self.samples.appendingPathComponent("network.toml").path)
        let early = #expect(throws: PodLedgerError.self) { try ledger.applyNetwork(settings, from: Month(parsing: "2023-06"), source: "n.toml") }
        #expect(early?.description == "a change effective 2023-06 (before the network's first month 2024-01) would alter closed months "
            + "(closed through 2024-03); apply it --from 2024-04, or reopen the months first with `podledger reopen --month 2024-01`, "
            + "apply it, and close them again")
        #expect(throws: PodLedgerError.beforeFirstMonth(try Month(parsing: "2023-12"), first: try Month(parsing: "2024-01"))) {
            try ledger.reopen(month: Month(parsing: "2023-12"))
        }
        let yen = try NetworkSettings(currency: try Currency(code: "JPY"), shareBasisPoints: 0, pods: settings.pods, members: settings.members)
        #expect(throws: PodLedgerError.currencyMismatch(file: "yen.toml", fileCurrency: "JPY", ledgerCurrency: "NZD")) {
            try ledger.applyNetwork(yen, from: nil, source: "yen.toml")
        }
        #expect(try ledger.networkTimeline().versions.count == 1)
    }
}
