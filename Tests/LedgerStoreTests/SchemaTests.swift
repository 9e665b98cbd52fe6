import Foundation
import GRDB
import LedgerCore
@testable import LedgerStore
import Testing

@Suite("The schema refuses what the ledger must never hold")
struct SchemaTests {
    let folder = TemporaryFolder()

    /// A ledger with a row in every append-only table: a network, income, and a closed month.
    static func populatedLedger(in folder: TemporaryFolder) throws -> LedgerStore {
        let store = try Fixture.ledger(in: folder)
        _ = try store.recordNetwork(try Fixture.network(), effectiveFrom: Fixture.month("2024-01"), source: "network.toml")
        try importRecords(store, [Fixture.record("alice", day: "2024-01-05", amount: 500_000)])
        try store.closeMonths([(Fixture.month("2024-01"), try Fixture.redistribution("2024-01"))])
        return store
    }

    @Test(arguments: [
        "UPDATE postings SET amount_minor = amount_minor + 1",
        "DELETE FROM postings",
        "UPDATE entries SET description = 'edited'",
        "DELETE FROM entries",
        "UPDATE income_rows SET amount_minor = 1",
        "DELETE FROM income_rows",
        "UPDATE month_events SET action = 'reopen'",
        "DELETE FROM month_events",
        "UPDATE network_versions SET share_bp = 0",
        "DELETE FROM network_versions",
        "UPDATE pod_versions SET floor_minor = 0 WHERE policy = 'floor'",
        "DELETE FROM pod_versions",
        "UPDATE member_versions SET pledge_bp = 0",
        "DELETE FROM member_versions",
        "UPDATE accounts SET name = 'network:reserve'",
        "DELETE FROM accounts",
        "UPDATE ledger_meta SET value = 'JPY' WHERE key = 'currency'",
    ])
    func appendOnlyTablesRefuseUpdatesAndDeletes(sql: String) throws {
        let store = try Self.populatedLedger(in: folder)
        let before = try LedgerContent(store)
        do {
            try rawSQL(store, sql)
            Issue.record("\(sql) succeeded")
        } catch let error as DatabaseError {
            #expect(error.message?.contains("append-only") == true, "\(error)")
        }
        #expect(try LedgerContent(store) == before)
        #expect(try store.check().isEmpty)
    }

    @Test(arguments: [
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (1, 7, 1, '12.50')",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (1, 7, 1, 12.5)",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (1, 7, 1, 0)",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (1, 7, 999, 5)",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (999, 0, 1, 5)",
        "INSERT INTO entries(kind, month, description, debit_total_minor) VALUES ('gift', '2024-01', 'x', 1)",
        "INSERT INTO entries(kind, month, description, debit_total_minor) VALUES ('income', '2024-01', 'no day', 1)",
        "INSERT INTO entries(kind, month, description, debit_total_minor) VALUES ('redistribution', '2024-01', 'no close', 1)",
        "INSERT INTO entries(kind, month, description, debit_total_minor) VALUES ('reversal', '2024-01', 'of nothing', 1)",
        "INSERT INTO entries(kind, month, day, description, debit_total_minor) VALUES ('income', '2024-01', '2024-02-01', 'other month', 1)",
        "INSERT INTO entries(kind, month, day, description, debit_total_minor) VALUES ('income', 'Jan 2024', '2024-01-01', 'bad month', 1)",
        "INSERT INTO entries(kind, month, day, description, debit_total_minor) VALUES ('income', '2024-01', '2024-01-01', NULL, 1)",
        "INSERT INTO month_events(month, action, recorded_at) VALUES ('2024-02', 'skip', 'now')",
        "INSERT INTO pod_versions(version_id, pod, name, policy, floor_minor, window_months, reserve_target_minor, surplus) VALUES (1, 'zeta', 'Z', 'floor', NULL, NULL, 0, 'refund')",
        "INSERT INTO accounts(name) VALUES (NULL)",
    ])
    func strictTablesAndChecksRefuseBadRows(sql: String) throws {
        let store = try Self.populatedLedger(in: folder)
        let before = try LedgerContent(store)
        #expect(throws: DatabaseError.self) { try rawSQL(store, "PRAGMA foreign_keys = ON; " + sql) }
        #expect(try LedgerContent(store) == before)
    }
}
