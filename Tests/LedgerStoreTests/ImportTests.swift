import Foundation
import LedgerCore
@testable import LedgerStore
import Testing

private struct BodyFailed: Error, Equatable {}

@Suite("Importing income")
struct ImportTests {
    let folder = TemporaryFolder()

    static let rows = [
        Fixture.record("alice", day: "2024-01-05", amount: 400_000, line: 2),
        Fixture.record("alice", day: "2024-02-05", amount: 120_050, line: 3),
        Fixture.record("bob", day: "2024-02-28", amount: -2_500, description: "refund to client", line: 4),
        Fixture.record("carol", pod: "borealis", day: "2024-02-10", amount: 99, reference: "INV-7", key: "carol|INV-7", line: 5),
    ]

    @Test func newRowsThenTheSameRowsAgain() throws {
        let store = try Fixture.ledger(in: folder)
        let first = try importRecords(store, Self.rows)
        #expect(first == IncomeBatchSummary(addedRows: 4, presentRows: 0,
                                            addedByMonth: [Fixture.month("2024-01"): 1, Fixture.month("2024-02"): 3], presentByMonth: [:]))
        var results: [Bool] = []
        let second = try store.importIncome(dryRun: false) { batch in
            for record in Self.rows { results.append(try batch.add(record)) }
            results.append(try batch.add(Fixture.record("bob", day: "2024-03-01", amount: 7, line: 9)))
        }
        #expect(results == [false, false, false, false, true])
        #expect(second == IncomeBatchSummary(addedRows: 1, presentRows: 4, addedByMonth: [Fixture.month("2024-03"): 1],
                                             presentByMonth: [Fixture.month("2024-01"): 1, Fixture.month("2024-02"): 3]))
        #expect(try incomeCount(store) == 5)
        #expect(try rawCount(store, "entries") == 5)
        // An income entry's two postings are implied by its row: nothing in `postings`.
        #expect(try rawCount(store, "postings") == 0)
        #expect(try store.check().isEmpty)
    }

    @Test func theSameKeyTwiceInOneBatchIsPresentTheSecondTime() throws {
        let store = try Fixture.ledger(in: folder)
        let row = Self.rows[0]
        let summary = try importRecords(store, [row, row])
        #expect(summary.addedRows == 1)
        #expect(summary.presentRows == 1)
        #expect(try incomeCount(store) == 1)
    }

    @Test func incomeEntriesDebitTheMemberAndCreditIncome() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, Self.rows)
        let balances = try store.balances(throughMonth: nil).map { "\($0.account) \($0.balanceMinor)" }
        #expect(balances == [
            "income:aurora:alice -520050", "income:aurora:bob 2500", "income:borealis:carol -99",
            "members:aurora:alice 520050", "members:aurora:bob -2500", "members:borealis:carol 99",
        ])
        var lines: [PostingLine] = []
        try store.forEachPosting(account: nil) { lines.append($0) }
        #expect(lines.count == 8)
        #expect(lines[0] == PostingLine(entryID: 1, kind: .income, month: Fixture.month("2024-01"), day: Fixture.day("2024-01-05"),
                                        description: "invoice", account: .member(Fixture.pod("aurora"), Fixture.member("alice")),
                                        amountMinor: 400_000))
        #expect(lines[1].account == .income(Fixture.pod("aurora"), Fixture.member("alice")))
        #expect(lines[1].amountMinor == -400_000)
        #expect(lines.map(\.entryID) == [1, 1, 2, 2, 3, 3, 4, 4])
    }

    @Test func sameKeyWithDifferentContentNamesBothRows() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, [Fixture.record("carol", pod: "borealis", day: "2024-02-10", amount: 9_900, reference: "INV-7",
                                                 key: "carol|INV-7", file: "march.csv", line: 12)])
        let before = try LedgerContent(store)
        let changed = Fixture.record("carol", pod: "borealis", day: "2024-02-10", amount: 9_950, description: "late fee",
                                     reference: "INV-7", key: "carol|INV-7", file: "april.csv", line: 3)
        let error = #expect(throws: StoreError.self) { try importRecords(store, [Self.rows[0], changed]) }
        guard case .conflictingRow(let key, let stored, let new, let differences) = error else {
            Issue.record("expected conflictingRow, got \(String(describing: error))")
            return
        }
        #expect(key == "carol|INV-7")
        #expect(stored == "march.csv:12")
        #expect(new == "april.csv:3")
        #expect(differences.contains("99.00 there, 99.50 here"))
        #expect(differences.contains("'invoice' there, 'late fee' here"))
        let message = error!.description
        #expect(message.hasPrefix("april.csv:3: "))
        #expect(message.contains("march.csv:12"))
        #expect(try LedgerContent(store) == before)
    }

    @Test func aThrowInsideTheBodyLeavesTheLedgerUnchanged() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, Self.rows)
        let before = try LedgerContent(store)
        #expect(throws: BodyFailed()) {
            try store.importIncome(dryRun: false) { batch in
                _ = try batch.add(Fixture.record("alice", day: "2024-03-05", amount: 1_000, line: 20))
                _ = try batch.add(Fixture.record("dan", pod: "cirrus", day: "2024-03-06", amount: 2_000, line: 21))
                throw BodyFailed()
            }
        }
        #expect(try LedgerContent(store) == before)
        #expect(try store.check().isEmpty)
    }

    @Test func aDryRunWritesNothingAndReportsWhatARealRunDoes() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, Array(Self.rows.prefix(2)))
        let before = try LedgerContent(store)
        let dry = try importRecords(store, Self.rows, dryRun: true)
        #expect(dry.addedRows == 2)
        #expect(dry.presentRows == 2)
        #expect(try LedgerContent(store) == before)
        let real = try importRecords(store, Self.rows)
        #expect(real == dry)
        #expect(try LedgerContent(store) != before)
    }

    @Test func aRowInAClosedMonthIsRefused() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, [Self.rows[0]])
        try store.closeMonths([(Fixture.month("2024-01"), [])])
        let late = Fixture.record("alice", day: "2024-01-31", amount: 5, file: "late.csv", line: 8)
        #expect(throws: StoreError.incomeInClosedMonth(source: "late.csv:8", day: Fixture.day("2024-01-31"))) {
            try importRecords(store, [late])
        }
        #expect(StoreError.incomeInClosedMonth(source: "late.csv:8", day: Fixture.day("2024-01-31")).description
            .contains("podledger reopen --month 2024-01"))
        // Re-importing a row already in the closed month is fine: it adds nothing.
        let summary = try importRecords(store, [Self.rows[0]])
        #expect(summary == IncomeBatchSummary(presentRows: 1, presentByMonth: [Fixture.month("2024-01"): 1]))
    }

    @Test func aZeroAmountIsRefusedWithItsSource() throws {
        let store = try Fixture.ledger(in: folder)
        let zero = Fixture.record("bob", day: "2024-01-02", amount: 0, file: "zero.csv", line: 4)
        let error = #expect(throws: StoreError.self) { try importRecords(store, [zero]) }
        #expect(error?.description.hasPrefix("zero.csv:4: ") == true)
        #expect(try rawCount(store, "entries") == 0)
    }
}
