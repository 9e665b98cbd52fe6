import GRDB
import LedgerCore

/// The ledger's schema, as GRDB migrations. Migrations only ever get appended.
enum Schema {
    /// Marks a SQLite file as a PodLedger ledger (in `ledger_meta`).
    static let formatName = "podledger"
    static let formatVersion = "1"

    /// Tables whose rows are never updated or deleted once written, with the fix the trigger suggests.
    static let appendOnlyTables: [(table: String, what: String, fix: String)] = [
        ("ledger_meta", "ledger settings", "create a new ledger instead"),
        ("accounts", "accounts", "post to another account with a new entry"),
        ("entries", "entries", "correct with a reversing entry"),
        ("postings", "postings", "correct with a reversing entry"),
        ("income_rows", "imported income rows", "correct with a reversing entry"),
        ("month_events", "month closes and reopens", "reopen the month with a new event"),
        ("network_versions", "network versions", "record a new network version"),
        ("pod_versions", "network versions", "record a new network version"),
        ("member_versions", "network versions", "record a new network version"),
    ]

    /// `currencyForNewLedger` is set when creating a ledger: the first migration then writes the
    /// ledger's metadata in the same transaction as its tables, so a ledger never exists without it.
    static func migrator(currencyForNewLedger: Currency?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        let currencyCode = currencyForNewLedger?.code
        migrator.registerMigration("v1", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: version1)
            for (table, what, fix) in appendOnlyTables {
                for action in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_no_\(action.lowercased()) BEFORE \(action) ON \(table)
                        BEGIN SELECT RAISE(ABORT, 'podledger: \(what) are append-only; \(fix)'); END
                        """)
                }
            }
            guard let currencyCode else {
                // Opening an existing ledger never runs v1: `open` refuses a file without ledger_meta.
                throw StoreError.database("refusing to create the ledger schema while opening an existing file")
            }
            try db.execute(
                sql: """
                    INSERT INTO ledger_meta(key, value) VALUES
                      ('format', ?), ('format_version', ?), ('currency', ?),
                      ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                    """,
                arguments: [formatName, formatVersion, currencyCode])
        }
        return migrator
    }

    /// Version 1. Amounts are INTEGER minor units; months are `YYYY-MM` and days `YYYY-MM-DD`
    /// text, which sort like the calendar. Indexes exist only where a query needs one.
    static let version1 = """
        CREATE TABLE ledger_meta(
          key TEXT NOT NULL PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE network_versions(
          id INTEGER PRIMARY KEY,
          effective_month TEXT NOT NULL CHECK(effective_month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
          recorded_at TEXT NOT NULL,
          share_bp INTEGER NOT NULL CHECK(share_bp BETWEEN 0 AND 10000),
          source TEXT NOT NULL
        ) STRICT;

        CREATE TABLE pod_versions(
          version_id INTEGER NOT NULL REFERENCES network_versions(id),
          pod TEXT NOT NULL,
          name TEXT NOT NULL,
          policy TEXT NOT NULL CHECK(policy IN ('floor', 'average', 'equal')),
          floor_minor INTEGER NULL CHECK((policy = 'floor') = (floor_minor IS NOT NULL)),
          window_months INTEGER NULL CHECK((policy = 'average') = (window_months IS NOT NULL)),
          reserve_target_minor INTEGER NOT NULL,
          surplus TEXT NOT NULL CHECK(surplus IN ('refund', 'equal', 'reserve')),
          PRIMARY KEY(version_id, pod)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE member_versions(
          version_id INTEGER NOT NULL,
          member TEXT NOT NULL,
          pod TEXT NOT NULL,
          name TEXT NOT NULL,
          pledge_bp INTEGER NOT NULL CHECK(pledge_bp BETWEEN 0 AND 10000),
          hurdle_minor INTEGER NOT NULL,
          cap_minor INTEGER NULL,
          joined TEXT NOT NULL CHECK(joined GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
          left_month TEXT NULL CHECK(left_month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
          PRIMARY KEY(version_id, member),
          FOREIGN KEY(version_id, pod) REFERENCES pod_versions(version_id, pod)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE accounts(
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE
        ) STRICT;

        CREATE TABLE month_events(
          id INTEGER PRIMARY KEY,
          month TEXT NOT NULL CHECK(month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
          action TEXT NOT NULL CHECK(action IN ('close', 'reopen')),
          recorded_at TEXT NOT NULL
        ) STRICT;

        -- debit_total_minor, the sum of the positive postings, lets `check` notice an entry whose
        -- postings were all altered consistently. A redistribution entry belongs to the close event
        -- that posted it; a reversal names the entry it reverses.
        CREATE TABLE entries(
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK(kind IN ('income', 'redistribution', 'reversal')),
          month TEXT NOT NULL CHECK(month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
          day TEXT NULL CHECK(substr(day, 1, 7) = month),
          description TEXT NOT NULL,
          debit_total_minor INTEGER NOT NULL CHECK(debit_total_minor > 0),
          close_event_id INTEGER NULL REFERENCES month_events(id),
          reverses_entry_id INTEGER NULL REFERENCES entries(id),
          CHECK((kind = 'redistribution') = (close_event_id IS NOT NULL)),
          CHECK((kind = 'reversal') = (reverses_entry_id IS NOT NULL)),
          CHECK(kind <> 'income' OR day IS NOT NULL)
        ) STRICT;
        CREATE INDEX entries_by_kind_month ON entries(kind, month);

        -- Postings are stored in entry order, `line` numbering them within their entry, so the
        -- primary key serves both "postings of an entry" and the register's order.
        CREATE TABLE postings(
          entry_id INTEGER NOT NULL REFERENCES entries(id),
          line INTEGER NOT NULL CHECK(line >= 0),
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          amount_minor INTEGER NOT NULL CHECK(amount_minor <> 0),
          PRIMARY KEY(entry_id, line)
        ) STRICT, WITHOUT ROWID;
        -- By account, in entry order, covering the amount: balances and one account's register
        -- read this index alone.
        CREATE INDEX postings_by_account ON postings(account_id, entry_id, line, amount_minor);

        -- The imported row behind each income entry: its idempotency key, the content compared on
        -- re-import, and where it came from. `check` verifies it against the entry's postings.
        CREATE TABLE income_rows(
          entry_id INTEGER NOT NULL PRIMARY KEY REFERENCES entries(id),
          row_key TEXT NOT NULL UNIQUE,
          pod TEXT NOT NULL,
          member TEXT NOT NULL,
          day TEXT NOT NULL,
          amount_minor INTEGER NOT NULL CHECK(amount_minor <> 0),
          description TEXT NOT NULL,
          reference TEXT NULL,
          source_file TEXT NOT NULL,
          source_line INTEGER NOT NULL
        ) STRICT;

        -- A cache of every account's balance, updated once per account at the end of each write
        -- transaction; `check` compares it with the balances recomputed from the postings.
        CREATE TABLE account_balances(
          account_id INTEGER NOT NULL PRIMARY KEY REFERENCES accounts(id),
          balance_minor INTEGER NOT NULL
        ) STRICT;
        """
}
