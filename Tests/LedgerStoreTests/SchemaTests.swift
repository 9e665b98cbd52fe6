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
        "UPDATE entries SET amount_minor = 1 WHERE kind = 'income'",
        "UPDATE entries SET row_key = 'other' WHERE kind = 'income'",
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
        "UPDATE source_files SET path = 'other.csv'",
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

    static let income = "INSERT INTO entries(kind, month, day, description, debit_total_minor, row_key, key_hash, member_account_id, income_account_id, amount_minor, source_file_id, source_line)"

    @Test(arguments: [
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (2, 7, 1, '12.50')",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (2, 7, 1, 12.5)",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (2, 7, 1, 0)",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (2, 7, 999, 5)",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (999, 0, 1, 5)",
        "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (2, 0, 1, 5)",
        "INSERT INTO entries(kind, month, description, debit_total_minor) VALUES ('gift', '2024-01', 'x', 1)",
        "INSERT INTO entries(kind, month, description, debit_total_minor) VALUES ('redistribution', '2024-01', 'no close', 1)",
        "INSERT INTO entries(kind, month, description, debit_total_minor) VALUES ('reversal', '2024-01', 'of nothing', 1)",
        "INSERT INTO entries(kind, month, description, debit_total_minor, close_event_id) VALUES ('redistribution', '2024-01', 'x', 0, 1)",
        "INSERT INTO entries(kind, month, description, debit_total_minor, close_event_id) VALUES ('redistribution', '2024-01', 'x', 5, 99)",
        "INSERT INTO entries(kind, month, description, debit_total_minor, close_event_id, amount_minor) VALUES ('redistribution', '2024-01', 'x', 5, 1, 5)",
        "INSERT INTO entries(kind, month, description, debit_total_minor) VALUES ('income', '2024-01', 'no row', 1)",
        "\(SchemaTests.income) VALUES ('income', '2024-01', NULL, 'no day', 1, 'k1', 11, 1, 2, 1, 1, 1)",
        "\(SchemaTests.income) VALUES ('income', '2024-01', '2024-01-02', 'same hash', 1, 'k2', (SELECT key_hash FROM entries WHERE kind = 'income'), 1, 2, 1, 1, 1)",
        "\(SchemaTests.income) VALUES ('income', '2024-01', '2024-01-02', 'no account', 1, 'k3', 13, 999, 2, 1, 1, 1)",
        "\(SchemaTests.income) VALUES ('income', '2024-01', '2024-01-02', 'zero', 1, 'k4', 14, 1, 2, 0, 1, 1)",
        "\(SchemaTests.income) VALUES ('income', '2024-01', '2024-01-02', 'text amount', 1, 'k5', 15, 1, 2, '1.50', 1, 1)",
        "INSERT INTO month_events(month, action, recorded_at) VALUES ('2024-02', 'skip', 'now')",
        "INSERT INTO month_events(month, action, recorded_at) VALUES ('Feb 2024', 'close', 'now')",
        "INSERT INTO pod_versions(version_id, pod, name, policy, floor_minor, window_months, reserve_target_minor, surplus) VALUES (1, 'zeta', 'Z', 'floor', NULL, NULL, 0, 'refund')",
        "INSERT INTO member_versions(version_id, member, pod, name, pledge_bp, hurdle_minor, cap_minor, joined, left_month) VALUES (1, 'zed', 'nowhere', 'Z', 0, 0, NULL, '2024-01', NULL)",
        "INSERT INTO accounts(name) VALUES (NULL)",
        "INSERT INTO source_files(path) VALUES ('bank.csv')",
        "\(SchemaTests.income) VALUES ('income', '2024-01', '2024-01-02', 'unknown file', 1, 'k6', 16, 1, 2, 1, 99, 1)",
    ])
    func strictTablesAndChecksRefuseBadRows(sql: String) throws {
        let store = try Self.populatedLedger(in: folder)
        let before = try LedgerContent(store)
        // A constraint error, not a mistyped statement: SQLITE_CONSTRAINT covers CHECK, NOT NULL,
        // UNIQUE, FOREIGN KEY and STRICT's datatype checks.
        let error = #expect(throws: DatabaseError.self) { try rawSQL(store, "PRAGMA foreign_keys = ON; " + sql) }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT, "\(String(describing: error))")
        #expect(try LedgerContent(store) == before)
    }

    /// The control for the test above: the same statements, well formed, are accepted.
    @Test func aWellFormedRawRowIsAccepted() throws {
        let store = try Self.populatedLedger(in: folder)
        try rawSQL(store, """
            PRAGMA foreign_keys = ON;
            \(Self.income) VALUES ('income', '2024-02', '2024-02-02', 'ok', 1, 'k9', 19, 1, 2, 1, 1, 1);
            INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (2, 7, 1, 5);
            INSERT INTO month_events(month, action, recorded_at) VALUES ('2024-02', 'close', 'now');
            """)
        #expect(try incomeCount(store) == 2)
    }
}
