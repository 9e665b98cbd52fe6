import Foundation
import GRDB
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
        Fixture.record("carol", pod: "borealis", day: "2024-02-10", amount: 99, reference: "INV-7", line: 5),
    ]

    @Test func newRowsThenTheSameRowsAgain() throws {
        let store = try Fixture.ledger(in: folder)
        let first = try importRecords(store, Self.rows)
        #expect(first == IncomeBatchSummary(addedRows: 4, presentRows: 0,
                                            addedByMonth: [Fixture.month("2024-01"): 1, Fixture.month("2024-02"): 3], presentByMonth: [:]))
        var results: [IncomeBatch.Outcome] = []
        let second = try store.importIncome(dryRun: false) { batch in
            for record in Self.rows { results.append(try batch.add(record)) }
            results.append(try batch.add(Fixture.record("bob", day: "2024-03-01", amount: 7, line: 9)))
        }
        #expect(results == [.present, .present, .present, .present, .added])
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
        // The view for ad-hoc SQL shows the same postings.
        let viewed = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.name, SUM(v.amount_minor) FROM ledger_postings v JOIN accounts a ON a.id = v.account_id
                GROUP BY a.name HAVING SUM(v.amount_minor) <> 0 ORDER BY a.name
                """).map { "\($0[0] as String) \($0[1] as Int64)" }
        }
        #expect(viewed == balances)
    }

    @Test func sameKeyWithDifferentContentNamesBothRows() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, [Fixture.record("carol", pod: "borealis", day: "2024-02-10", amount: 9_900, reference: "INV-7",
                                                 file: "march.csv", line: 12)])
        let before = try LedgerContent(store)
        let changed = Fixture.record("carol", pod: "borealis", day: "2024-02-10", amount: 9_950, description: "late fee",
                                     reference: "INV-7", file: "april.csv", line: 3)
        let error = #expect(throws: StoreError.self) { try importRecords(store, [Self.rows[0], changed]) }
        guard case .conflictingRow(let key, let stored, let new, let differences) = error else {
            Issue.record("expected conflictingRow, got \(String(describing: error))")
            return
        }
        #expect(key == IncomeRowKey.reference(member: Fixture.member("carol"), reference: "INV-7"))
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

    @Test func aNewRowInAClosedMonthIsNotWritten() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, [Self.rows[0]])
        try store.closeMonths([(Fixture.month("2024-01"), [])])
        let before = try LedgerContent(store)
        let late = Fixture.record("alice", day: "2024-01-31", amount: 5, file: "late.csv", line: 8)
        var outcome: IncomeBatch.Outcome?
        let refused = try store.importIncome(dryRun: false) { outcome = try $0.add(late) }
        #expect(outcome == .inClosedMonth)
        #expect(refused == IncomeBatchSummary())
        #expect(try LedgerContent(store) == before)
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

@Suite("Row keys and where rows came from")
struct RowKeyTests {
    let folder = TemporaryFolder()

    @Test func aHashCollisionMovesTheRowToTheNextSlot() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, [Fixture.record("bob", day: "2024-01-06", amount: 5)])
        let record = Fixture.record("alice", day: "2024-01-05", amount: 100, file: "b.csv", line: 7)
        let hash = KeyHash.fnv1a64(record.key)
        // Another key already in this key's slot, as a 64-bit FNV-1a collision would leave it.
        try rawSQL(store, """
            INSERT INTO entries(kind, month, day, description, debit_total_minor, row_key, key_hash, member_account_id,
                                income_account_id, amount_minor, source_file_id, source_line)
            VALUES ('income', '2024-01', '2024-01-07', 'squatter', 7, 'someone-else', \(hash), 1, 2, 7, 1, 99)
            """)
        #expect(try store.importIncome(dryRun: false) { try #require(try $0.add(record)) } == IncomeBatchSummary(
            addedRows: 1, addedByMonth: [Fixture.month("2024-01"): 1]))
        let stored = try store.dbQueue.read { try Int64.fetchOne($0, sql: "SELECT key_hash FROM entries WHERE row_key = ?", arguments: [record.key]) }
        #expect(stored == hash &+ 1)
        // Found again along the same probe sequence: present, or a conflict naming the right row.
        #expect(try importRecords(store, [record]).presentRows == 1)
        let changed = Fixture.record("alice", day: "2024-01-05", amount: 101, key: record.key, file: "c.csv", line: 3)
        #expect(throws: StoreError.conflictingRow(key: record.key, stored: "b.csv:7", new: "c.csv:3",
                                                  differences: "amount differs (1.00 there, 1.01 here)")) {
            try importRecords(store, [changed])
        }
        // check accepts the displaced row (one probe away from its hash) and flags only the squatter,
        // whose hash is not its own key's.
        #expect(try store.check().map(\.message).filter { $0.contains("row key") } == [
            "income entry 2 has a row key that does not match its key hash: the key was altered after the row was imported; restore the ledger from a backup",
            "income entry 2 (from bank.csv:99) no longer matches its row key: its member, date, amount, description or reference was changed after it was imported; restore the ledger from a backup",
        ])
    }

    @Test func fnv1a64IsTheStoredFunction() {
        // Reference values of 64-bit FNV-1a: the hash is stored, so it must never change.
        #expect(KeyHash.fnv1a64("") == Int64(bitPattern: 0xcbf2_9ce4_8422_2325))
        #expect(KeyHash.fnv1a64("a") == Int64(bitPattern: 0xaf63_dc4c_8601_ec8c))
        #expect(KeyHash.fnv1a64("foobar") == Int64(bitPattern: 0x85944171f73967e8))
    }

    @Test func eachSourceFileIsStoredOnceAndNamedInConflicts() throws {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, [
            Fixture.record("alice", day: "2024-01-05", amount: 100, key: "k1", file: "Samples/income/january.csv", line: 2),
            Fixture.record("alice", day: "2024-01-06", amount: 200, key: "k2", file: "Samples/income/january.csv", line: 3),
            Fixture.record("bob", day: "2024-01-07", amount: 300, key: "k3", file: "Samples/income/bob.csv", line: 2),
            Fixture.record("bob", day: "2024-01-08", amount: 400, key: "k4", file: "Samples/income/january.csv", line: 4),
        ])
        #expect(try rawCount(store, "source_files") == 2)
        try importRecords(store, [Fixture.record("bob", day: "2024-01-09", amount: 1, key: "k5", file: "Samples/income/bob.csv", line: 3)])
        #expect(try rawCount(store, "source_files") == 2)
        let error = #expect(throws: StoreError.self) {
            try importRecords(store, [Fixture.record("bob", day: "2024-01-07", amount: 300, description: "other", key: "k3", file: "new.csv", line: 9)])
        }
        #expect(error == .conflictingRow(key: "k3", stored: "Samples/income/bob.csv:2", new: "new.csv:9",
                                         differences: "description differs ('invoice' there, 'other' here)"))
        #expect(error?.description == "new.csv:9: this row has the same key 'k3' as the row imported from Samples/income/bob.csv:2, but its description differs ('invoice' there, 'other' here); correct the file, or give the two payments different references")
    }
}
