import Foundation
import LedgerCore
import LedgerStore
@testable import PodLedger
import Testing

/// Commands that compute from the ledger and then write do both in one transaction (SPEC §10): a close
/// started while an import is writing waits for it and closes on its rows.
@Suite struct ConcurrencyTests {
    /// An import holds its write transaction open, mid-way, while another connection closes the months.
    /// The close must wait for the import's commit and include its rows; before the fix it read the income
    /// first and closed the months without them.
    @Test func aCloseStartedDuringAnImportClosesOnItsRows() throws {
        let ledger = try LedgerLifecycleTests.sampleLedger()
        let importer = try LedgerStore.open(at: ledger.path)
        let april = try Month(parsing: "2024-04")
        let rowDay = try Day(parsing: "2024-04-15")
        let mereBefore = try ledger.store.incomeByMonth(from: april, through: april)[april]?[MemberID("mere")] ?? 0
        let importHasWritten = DispatchSemaphore(value: 0)
        let closeHasStarted = DispatchSemaphore(value: 0)
        let importThread = Thread {
            _ = try? importer.importIncome(dryRun: false) { batch in
                _ = try batch.add(IncomeRecord(
                    pod: PodID("aurora"), member: MemberID("mere"), day: rowDay, amountMinor: 500_000, description: "late invoice",
                    reference: "RACE-1", key: IncomeRowKey.reference(member: MemberID("mere"), reference: "RACE-1"),
                    sourceFile: "race.csv", sourceLine: 2))
                importHasWritten.signal()
                // Keep the transaction open while the close starts.
                closeHasStarted.wait()
                Thread.sleep(forTimeInterval: 0.3)
            }
        }
        importThread.start()
        importHasWritten.wait()
        closeHasStarted.signal()
        let results = try ledger.redistribute(through: april, only: false, dryRun: false)
        let aprilResult = try #require(results.last)
        let mere = try #require(aprilResult.pod(PodID("aurora"))?.members.first { $0.member.raw == "mere" })
        #expect(mere.incomeMinor == mereBefore + 500_000, "the close saw the import's row")
        #expect(try ledger.check() == [])
    }
}
