import Foundation
import GRDB
import LedgerCore
@testable import LedgerStore
import Testing

@Suite("check finds what raw SQL broke")
struct CheckTests {
    let folder = TemporaryFolder()

    /// A ledger exercising every kind of row: income, a closed month, a reopen and a re-close.
    static func goodLedger(in folder: TemporaryFolder) throws -> LedgerStore {
        let store = try Fixture.ledger(in: folder)
        _ = try store.recordNetwork(try Fixture.network(), effectiveFrom: Fixture.month("2024-01"), source: "n.toml")
        try importRecords(store, [
            Fixture.record("alice", day: "2024-01-10", amount: 500_000, line: 2),
            Fixture.record("bob", day: "2024-01-11", amount: 100_000, line: 3),
            Fixture.record("alice", day: "2024-02-10", amount: 450_000, line: 4),
        ])
        try store.closeMonths([
            (Fixture.month("2024-01"), try Fixture.redistribution("2024-01", amountMinor: 30_000)),
            (Fixture.month("2024-02"), try Fixture.redistribution("2024-02", amountMinor: 20_000)),
        ])
        _ = try store.reopen(from: Fixture.month("2024-02"))
        try store.closeMonths([(Fixture.month("2024-02"), try Fixture.redistribution("2024-02", amountMinor: 25_000))])
        return store
    }

    /// Drops the append-only triggers, runs `sql` and puts the triggers back, as someone editing the file
    /// by hand and covering their tracks would (a trigger left missing is caught by the schema check).
    static func tamper(_ store: LedgerStore, _ sql: String) throws {
        let triggers = try store.dbQueue.read { try String.fetchAll($0, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger'") }
        let drops = Schema.appendOnlyTables.flatMap { ["DROP TRIGGER \($0.table)_no_update;", "DROP TRIGGER \($0.table)_no_delete;"] }
        try rawSQL(store, drops.joined(separator: "\n") + "\n" + sql + ";\n" + triggers.map { $0 + ";" }.joined(separator: "\n"))
    }

    static func messages(_ store: LedgerStore) throws -> [String] { try store.check().map(\.description) }

    @Test func aGoodLedgerPasses() throws {
        let store = try Self.goodLedger(in: folder)
        #expect(try store.check() == [])
        #expect(try LedgerStore.open(at: store.path).check() == [])
    }

    // Entry ids of the good ledger: 1–3 income; 4–5 January's redistribution (4: alice -30000,
    // pool +30000; 5: pool -30000, bob +30000); 6–7 February's first close, 8–9 their reversals,
    // 10–11 February's second close.

    @Test func oneAlteredPostingIsNamedByItsEntry() throws {
        let store = try Self.goodLedger(in: folder)
        try Self.tamper(store, "UPDATE postings SET amount_minor = 30001 WHERE entry_id = 4 AND line = 1")
        let messages = try Self.messages(store)
        #expect(messages.contains("entry 4 does not balance: its postings sum to 1 minor units instead of 0"))
        #expect(messages.contains("entry 4 has debits of 30001 minor units but recorded 30000 when posted: its postings were altered"))
        #expect(messages.contains("pods:aurora:pool sums to 1 minor units over closed month 2024-01 instead of 0"))
        #expect(messages.contains("the cached balance of pods:aurora:pool is 0 minor units but its postings sum to 1"))
    }

    @Test func bothPostingsAlteredConsistentlyAreCaught() throws {
        let store = try Self.goodLedger(in: folder)
        // Both postings of entry 4 and the balance cache, edited so that everything still balances.
        try Self.tamper(store, """
            UPDATE postings SET amount_minor = -35000 WHERE entry_id = 4 AND line = 0;
            UPDATE postings SET amount_minor = 35000 WHERE entry_id = 4 AND line = 1;
            UPDATE account_balances SET balance_minor = balance_minor - 5000
              WHERE account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:alice');
            UPDATE account_balances SET balance_minor = balance_minor + 5000
              WHERE account_id = (SELECT id FROM accounts WHERE name = 'pods:aurora:pool');
            """)
        let messages = try Self.messages(store)
        #expect(messages.contains("entry 4 has debits of 35000 minor units but recorded 30000 when posted: its postings were altered"))
        #expect(!messages.contains { $0.contains("does not balance") })
        #expect(!messages.contains { $0.contains("cached balance") })
    }

    @Test func anIncomeAmountAlteredWithItsCacheIsCaughtByTheTotal() throws {
        let store = try Self.goodLedger(in: folder)
        // Entry 2 is bob's 100000: both of its implied postings change together.
        try Self.tamper(store, """
            UPDATE entries SET amount_minor = 90000 WHERE id = 2;
            UPDATE account_balances SET balance_minor = balance_minor - 10000
              WHERE account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:bob');
            UPDATE account_balances SET balance_minor = balance_minor + 10000
              WHERE account_id = (SELECT id FROM accounts WHERE name = 'income:aurora:bob');
            """)
        #expect(try Self.messages(store) == [
            "entry 2 has debits of 90000 minor units but recorded 100000 when posted: its postings were altered",
            "income entry 2 (from bank.csv:3) no longer matches its row key: its member, date, amount, description or reference was changed after it was imported; restore the ledger from a backup",
            // Even with every derived total edited to match, the fingerprint chain names the record.
            "record 3 of the fingerprint chain, income entry 2 of 2024-01-11 ('invoice'), is not what was written: it or a record before it "
                + "was changed after it was written (fingerprint 926ab68efd06a9c5 stored, 9c184d55ed0a72f6 recomputed); " + Self.restore,
        ])
    }

    static let restore = "restore the ledger from a backup; `podledger verify` with a fingerprint published earlier shows how far the history still holds"

    @Test func anAlteredBalanceCacheIsNamedByItsAccount() throws {
        let store = try Self.goodLedger(in: folder)
        try rawSQL(store, """
            UPDATE account_balances SET balance_minor = balance_minor + 1
            WHERE account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:alice')
            """)
        #expect(try Self.messages(store) == [
            "the cached balance of members:aurora:alice is 895001 minor units but its postings sum to 895000",
        ])
    }

    @Test func anIncomeEntryCreditingAnotherMemberIsNamed() throws {
        let store = try Self.goodLedger(in: folder)
        try Self.tamper(store, """
            UPDATE entries SET income_account_id = (SELECT id FROM accounts WHERE name = 'income:aurora:alice') WHERE id = 2
            """)
        let messages = try Self.messages(store)
        #expect(messages.contains(
            "income entry 2 (from bank.csv:3) debits members:aurora:bob and credits income:aurora:alice, which are not one member's pair"))
        #expect(messages.contains { $0.hasPrefix("the cached balance of income:aurora:alice") })
    }

    @Test func anAlteredRowKeyIsNamed() throws {
        let store = try Self.goodLedger(in: folder)
        try Self.tamper(store, "UPDATE entries SET row_key = 'edited' WHERE id = 3")
        #expect(try Self.messages(store) == [
            "income entry 3 has a row key that does not match its key hash: the key was altered after the row was imported; restore the ledger from a backup",
            "income entry 3 (from bank.csv:4) no longer matches its row key: its member, date, amount, description or reference was changed after it was imported; restore the ledger from a backup",
        ])
    }

    @Test func aMalformedMonthIsNamed() throws {
        let store = try Self.goodLedger(in: folder)
        try Self.tamper(store, "UPDATE entries SET month = '2024-02' WHERE id = 1")
        #expect(try Self.messages(store) == [
            "entry 1 has month '2024-02' and day '2024-01-10', which do not agree",
            // The month is part of the entry's record: the fingerprint chain breaks there too.
            "record 2 of the fingerprint chain, income entry 1 of 2024-01-10 ('invoice'), is not what was written: it or a record before it "
                + "was changed after it was written (fingerprint 7c21545d2b7a72ba stored, 5a3d8fffbea18e3f recomputed); " + Self.restore,
        ])
    }

    @Test func aPoolLeftNonzeroInAClosedMonthIsNamed() throws {
        let store = try Self.goodLedger(in: folder)
        // Moves the support posting of January from the pool to the reserve: entries still balance.
        try Self.tamper(store, """
            INSERT INTO accounts(name) VALUES ('pods:aurora:reserve');
            UPDATE postings SET account_id = (SELECT id FROM accounts WHERE name = 'pods:aurora:reserve')
              WHERE entry_id = (SELECT MAX(id) FROM entries WHERE kind = 'redistribution' AND month = '2024-01')
                AND amount_minor < 0;
            """)
        let messages = try Self.messages(store)
        #expect(messages.contains("pods:aurora:pool sums to 30000 minor units over closed month 2024-01 instead of 0"))
    }

    @Test func aCloseOutOfOrderIsNamedByItsEvent() throws {
        let store = try Self.goodLedger(in: folder)
        try Self.tamper(store, """
            PRAGMA foreign_keys = OFF;
            INSERT INTO month_events(month, action, recorded_at) VALUES ('2024-04', 'close', 'now');
            """)
        let messages = try Self.messages(store)
        #expect(messages.contains { $0.hasPrefix("month event") && $0.contains("closes 2024-04 while the last closed month is 2024-02") })
    }

    @Test func aDeletedReversalIsNoticed() throws {
        let store = try Self.goodLedger(in: folder)
        try Self.tamper(store, """
            PRAGMA foreign_keys = OFF;
            DELETE FROM postings WHERE entry_id = (SELECT MIN(id) FROM entries WHERE kind = 'reversal');
            DELETE FROM entries WHERE id = (SELECT MIN(id) FROM entries WHERE kind = 'reversal');
            """)
        let messages = try Self.messages(store)
        #expect(messages.contains { $0.hasPrefix("redistribution entry ") && $0.contains("reversed 0 times instead of once") })
    }

    @Test func aReversalThatDoesNotMirrorIsNamed() throws {
        let store = try Self.goodLedger(in: folder)
        let reversalID = try store.dbQueue.read { try Int64.fetchOne($0, sql: "SELECT MIN(id) FROM entries WHERE kind = 'reversal'") }!
        try Self.tamper(store, """
            UPDATE postings SET account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:alice')
              WHERE entry_id = \(reversalID) AND account_id = (SELECT id FROM accounts WHERE name = 'pods:aurora:pool');
            """)
        let messages = try Self.messages(store)
        #expect(messages.contains("reversal entry \(reversalID) does not mirror entry \(reversalID - 2): their postings do not cancel out account by account"))
    }

    @Test func aStoredPostingOnAnIncomeEntryIsNamed() throws {
        let store = try Self.goodLedger(in: folder)
        try Self.tamper(store, """
            INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (3, 0, 1, 5), (3, 1, 2, -5);
            """)
        let messages = try Self.messages(store)
        #expect(messages.contains("income entry 3 has stored postings, which only redistribution and reversal entries have"))
    }
}
