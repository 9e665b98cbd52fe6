import GRDB
import LedgerCore

/// The ledger's schema, as GRDB migrations. Migrations only ever get appended.
enum Schema {
    /// Marks a SQLite file as a PodLedger ledger (in `ledger_meta`).
    static let formatName = "podledger"
    static let formatVersion = "1"

    /// Tables whose rows are never updated or deleted once written, with the fix the trigger suggests.
    static var appendOnlyTables: [(table: String, what: String, fix: String)] {
        appendOnlyTablesOfVersion1 + appendOnlyTablesOfVersion3 + appendOnlyTablesOfVersion4 + appendOnlyTablesOfVersion5
    }

    /// The append-only tables migration v5 adds.
    static let appendOnlyTablesOfVersion5: [(table: String, what: String, fix: String)] = [
        ("chain_heads", "fingerprint chain heads", "the chain only grows as records are written"),
    ]

    /// Makes the triggers that refuse `actions` on each of `tables`.
    static func createAppendOnlyTriggers(_ db: Database, for tables: [(table: String, what: String, fix: String)],
                                         actions: [String] = ["UPDATE", "DELETE"]) throws {
        for (table, what, fix) in tables {
            for action in actions { try db.execute(sql: appendOnlyTrigger(table: table, action: action, what: what, fix: fix)) }
        }
    }

    /// The trigger that refuses `action` (UPDATE or DELETE) on an append-only table, exactly as every migration makes it.
    static func appendOnlyTrigger(table: String, action: String, what: String, fix: String) -> String {
        """
        CREATE TRIGGER \(table)_no_\(action.lowercased()) BEFORE \(action) ON \(table)
        BEGIN SELECT RAISE(ABORT, 'podledger: \(what) are append-only; \(fix)'); END
        """
    }

    /// The append-only tables the first migration creates.
    static let appendOnlyTablesOfVersion1: [(table: String, what: String, fix: String)] = [
        ("ledger_meta", "ledger settings", "create a new ledger instead"),
        ("accounts", "accounts", "post to another account with a new entry"),
        ("source_files", "source files", "import the rows again from the right file"),
        ("entries", "entries", "correct with a reversing entry"),
        ("postings", "postings", "correct with a reversing entry"),
        ("month_events", "month closes and reopens", "reopen the month with a new event"),
        ("network_versions", "network versions", "record a new network version"),
        ("pod_versions", "network versions", "record a new network version"),
        ("member_versions", "network versions", "record a new network version"),
    ]

    /// The append-only tables migration v3 adds.
    static let appendOnlyTablesOfVersion3: [(table: String, what: String, fix: String)] = [
        ("pod_tiers", "network versions", "record a new network version"),
    ]

    /// The append-only tables migration v4 adds or rebuilds.
    static let appendOnlyTablesOfVersion4: [(table: String, what: String, fix: String)] = [
        ("sickness_events", "sickness records", "record the change with `podledger sickness`"),
    ]

    /// The migrations this build knows, in order; a ledger has applied a prefix of them.
    static let migrationIdentifiers = ["v1", "v2", "v3", "v4", "v5"]

    /// What a schema object guards, for `check`'s message when it is missing or altered.
    static func purpose(of name: String) -> String? {
        for (table, what, _) in appendOnlyTables {
            if name == "\(table)_no_update" { return "it refuses changes to \(what), which are append-only" }
            if name == "\(table)_no_delete" { return "it refuses deleting \(what), which are append-only" }
        }
        return nil
    }

    /// `currencyForNewLedger` is set when creating a ledger: the first migration then writes the
    /// ledger's metadata in the same transaction as its tables, so a ledger never exists without it.
    static func migrator(currencyForNewLedger: Currency?) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        let currencyCode = currencyForNewLedger?.code
        migrator.registerMigration("v1", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: version1)
            try createAppendOnlyTriggers(db, for: appendOnlyTablesOfVersion1)
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
        // v2: payments and expenses are entries too (their own kinds, postings stored, keys for idempotency).
        // SQLite cannot change a table's CHECKs, so `entries` is rebuilt: the view that reads it is dropped
        // first and everything that belonged to it (triggers, index, view) made again after.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "DROP VIEW ledger_postings")
            try db.execute(sql: entriesVersion2.replacingOccurrences(of: "CREATE TABLE entries(", with: "CREATE TABLE entries_v2("))
            try db.execute(sql: "INSERT INTO entries_v2 SELECT * FROM entries")
            try db.execute(sql: "DROP TABLE entries")
            try db.execute(sql: "ALTER TABLE entries_v2 RENAME TO entries")
            try db.execute(sql: entriesVersion2Companions)
            try createAppendOnlyTriggers(db, for: appendOnlyTablesOfVersion1.filter { $0.table == "entries" })
        }
        // v3: the agreements of SPEC §6: the network's levy, a pod's own levy and reserve tiers, a member's own floor.
        migrator.registerMigration("v3", foreignKeyChecks: .immediate) { db in
            try db.execute(sql: version3)
            try createAppendOnlyTriggers(db, for: appendOnlyTablesOfVersion3)
        }
        // v4: sickness funds (SPEC §7). SQLite cannot change `pod_versions`' CHECK of the policy, so the table is
        // rebuilt (foreign keys are checked once the migration is done) and its triggers made again.
        migrator.registerMigration("v4") { db in
            try db.execute(sql: podVersionsVersion4.replacingOccurrences(of: "CREATE TABLE pod_versions(", with: "CREATE TABLE pod_versions_v4("))
            try db.execute(sql: """
                INSERT INTO pod_versions_v4(version_id, pod, name, policy, floor_minor, window_months, reserve_target_minor, surplus,
                                            network_fee_minor, network_gross_bp)
                SELECT version_id, pod, name, policy, floor_minor, window_months, reserve_target_minor, surplus, network_fee_minor, network_gross_bp
                FROM pod_versions
                """)
            try db.execute(sql: "DROP TABLE pod_versions")
            try db.execute(sql: "ALTER TABLE pod_versions_v4 RENAME TO pod_versions")
            try db.execute(sql: version4)
            let rebuilt = appendOnlyTablesOfVersion1.filter { $0.table == "pod_versions" } + appendOnlyTablesOfVersion4
            try createAppendOnlyTriggers(db, for: rebuilt)
        }
        // v5: the fingerprint chain of SPEC §9: each record's number and fingerprint, and each write's last hash.
        // A ledger made before it gets its records chained here.
        migrator.registerMigration("v5") { db in
            try db.execute(sql: version5)
            try createAppendOnlyTriggers(db, for: appendOnlyTablesOfVersion5)
            try chainExistingRecords(db)
        }
        return migrator
    }

    static let version5 = """
        ALTER TABLE network_versions ADD COLUMN chain_seq INTEGER NULL;
        ALTER TABLE network_versions ADD COLUMN fingerprint INTEGER NULL;
        ALTER TABLE sickness_events ADD COLUMN chain_seq INTEGER NULL;
        ALTER TABLE sickness_events ADD COLUMN fingerprint INTEGER NULL;
        ALTER TABLE month_events ADD COLUMN chain_seq INTEGER NULL;
        ALTER TABLE month_events ADD COLUMN fingerprint INTEGER NULL;
        ALTER TABLE entries ADD COLUMN chain_seq INTEGER NULL;
        ALTER TABLE entries ADD COLUMN fingerprint INTEGER NULL;

        -- The chain's hash after each write transaction's last record: where the next write continues.
        CREATE TABLE chain_heads(
          seq INTEGER PRIMARY KEY,
          hash BLOB NOT NULL CHECK(length(hash) = 32)
        ) STRICT;
        """

    /// Version 4 of `pod_versions`: the sickness policy and its terms.
    static let podVersionsVersion4 = """
        CREATE TABLE pod_versions(
          version_id INTEGER NOT NULL REFERENCES network_versions(id),
          pod TEXT NOT NULL,
          name TEXT NOT NULL,
          policy TEXT NOT NULL CHECK(policy IN ('floor', 'average', 'equal', 'sickness')),
          floor_minor INTEGER NULL CHECK((policy = 'floor') = (floor_minor IS NOT NULL)),
          window_months INTEGER NULL CHECK((policy = 'average') = (window_months IS NOT NULL)),
          reserve_target_minor INTEGER NOT NULL,
          surplus TEXT NOT NULL CHECK(surplus IN ('refund', 'equal', 'reserve')),
          network_fee_minor INTEGER NULL CHECK(network_fee_minor >= 0),
          network_gross_bp INTEGER NULL CHECK(network_gross_bp BETWEEN 0 AND 10000),
          waiting_months INTEGER NULL CHECK((policy = 'sickness') = (waiting_months IS NOT NULL)),
          max_benefit_months INTEGER NULL CHECK((policy = 'sickness') = (max_benefit_months IS NOT NULL)),
          account_cap_months INTEGER NULL CHECK((policy = 'sickness') = (account_cap_months IS NOT NULL)),
          show_sick_names INTEGER NULL CHECK((policy = 'sickness') = (show_sick_names IS NOT NULL)),
          PRIMARY KEY(version_id, pod)
        ) STRICT, WITHOUT ROWID;
        """

    /// Members' benefit levels, and sickness as recorded: `add` opens a period (through a month, or still open),
    /// `end` closes a member's open period; the periods in force are the events replayed in order.
    static let version4 = """
        ALTER TABLE member_versions ADD COLUMN benefit_minor INTEGER NULL CHECK(benefit_minor > 0);
        ALTER TABLE member_versions ADD COLUMN deposit_minor INTEGER NULL CHECK(deposit_minor > 0);

        CREATE TABLE sickness_events(
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK(kind IN ('add', 'end')),
          member TEXT NOT NULL,
          from_month TEXT NULL CHECK(from_month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
          through_month TEXT NULL CHECK(through_month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
          recorded_at TEXT NOT NULL,
          CHECK((kind = 'add') = (from_month IS NOT NULL)),
          CHECK(kind = 'add' OR through_month IS NOT NULL)
        ) STRICT;
        """

    static let version3 = """
        ALTER TABLE network_versions ADD COLUMN fee_minor INTEGER NOT NULL DEFAULT 0 CHECK(fee_minor >= 0);
        ALTER TABLE network_versions ADD COLUMN gross_bp INTEGER NOT NULL DEFAULT 0 CHECK(gross_bp BETWEEN 0 AND 10000);
        ALTER TABLE pod_versions ADD COLUMN network_fee_minor INTEGER NULL CHECK(network_fee_minor >= 0);
        ALTER TABLE pod_versions ADD COLUMN network_gross_bp INTEGER NULL CHECK(network_gross_bp BETWEEN 0 AND 10000);
        ALTER TABLE member_versions ADD COLUMN floor_minor INTEGER NULL CHECK(floor_minor >= 0);

        CREATE TABLE pod_tiers(
          version_id INTEGER NOT NULL,
          pod TEXT NOT NULL,
          reserve_at_least_minor INTEGER NOT NULL CHECK(reserve_at_least_minor >= 0),
          floor_bonus_minor INTEGER NOT NULL CHECK(floor_bonus_minor >= 0),
          PRIMARY KEY(version_id, pod, reserve_at_least_minor),
          FOREIGN KEY(version_id, pod) REFERENCES pod_versions(version_id, pod)
        ) STRICT, WITHOUT ROWID;
        """

    /// Version 2 of `entries`: income, redistribution and reversal entries as in version 1, and payments and
    /// expenses. A payment or an expense keeps its postings in `postings` (like a redistribution), and has a
    /// row key and key hash (like an income row) for idempotent imports; its source file is null when it
    /// was recorded by a command (`pay`, `expense`) rather than imported.
    static let entriesVersion2 = """
        CREATE TABLE entries(
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK(kind = 'income' OR kind = 'redistribution' OR kind = 'reversal' OR kind = 'payment'
                                   OR kind = 'expense'),
          month TEXT NOT NULL,
          day TEXT NULL,
          description TEXT NOT NULL,
          debit_total_minor INTEGER NOT NULL CHECK(debit_total_minor > 0),
          close_event_id INTEGER NULL REFERENCES month_events(id),
          reverses_entry_id INTEGER NULL REFERENCES entries(id),
          row_key TEXT NULL,
          key_hash INTEGER NULL UNIQUE,
          member_account_id INTEGER NULL REFERENCES accounts(id),
          income_account_id INTEGER NULL REFERENCES accounts(id),
          amount_minor INTEGER NULL CHECK(amount_minor <> 0),
          reference TEXT NULL,
          source_file_id INTEGER NULL REFERENCES source_files(id),
          source_line INTEGER NULL,
          CHECK((kind = 'redistribution') = (close_event_id IS NOT NULL)),
          CHECK((kind = 'reversal') = (reverses_entry_id IS NOT NULL)),
          CHECK((kind = 'income' OR kind = 'payment' OR kind = 'expense') = (row_key IS NOT NULL)),
          CHECK((row_key IS NULL) = (key_hash IS NULL)),
          CHECK(kind <> 'income' OR (day IS NOT NULL AND member_account_id IS NOT NULL AND income_account_id IS NOT NULL
                                     AND amount_minor IS NOT NULL AND source_file_id IS NOT NULL AND source_line IS NOT NULL)),
          CHECK(kind = 'income' OR (member_account_id IS NULL AND income_account_id IS NULL AND amount_minor IS NULL)),
          CHECK((kind <> 'payment' AND kind <> 'expense') OR day IS NOT NULL),
          CHECK((source_file_id IS NULL) = (source_line IS NULL)),
          CHECK(row_key IS NOT NULL OR source_file_id IS NULL)
        ) STRICT;
        """

    /// What belongs to `entries` besides its triggers: the index of redistribution entries by close, and the
    /// view of every posting (income entries' implied pairs and the stored postings).
    static let entriesVersion2Companions = """
        CREATE INDEX entries_by_close_event ON entries(close_event_id) WHERE close_event_id IS NOT NULL;
        CREATE INDEX entries_by_kind ON entries(kind, day) WHERE kind = 'payment' OR kind = 'expense';
        CREATE VIEW ledger_postings(entry_id, line, account_id, amount_minor) AS
          SELECT entry_id, line, account_id, amount_minor FROM postings
          UNION ALL SELECT id, 0, member_account_id, amount_minor FROM entries WHERE kind = 'income'
          UNION ALL SELECT id, 1, income_account_id, -amount_minor FROM entries WHERE kind = 'income';
        """

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

        -- The files income rows came from, each path stored once.
        CREATE TABLE source_files(
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE
        ) STRICT;

        CREATE TABLE month_events(
          id INTEGER PRIMARY KEY,
          month TEXT NOT NULL CHECK(month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
          action TEXT NOT NULL CHECK(action IN ('close', 'reopen')),
          recorded_at TEXT NOT NULL
        ) STRICT;

        -- Every entry. debit_total_minor, the sum of its debits, lets `check` notice an entry whose
        -- postings were altered consistently. A redistribution entry belongs to the close event that
        -- posted it; a reversal names the entry it reverses.
        --
        -- An income entry is one row: its two postings are implied by its columns, members:P:M
        -- (member_account_id) debited and income:P:M (income_account_id) credited with amount_minor,
        -- so it balances by construction and an import writes one row per CSV row. Its row_key is
        -- the idempotency key; key_hash (FNV-1a 64 of row_key, the next free value on a collision)
        -- is its compact unique index. The other entries keep their postings in `postings`; the
        -- view `ledger_postings` shows both as one table.
        --
        -- The hot path of an import writes this table alone, so its constraints are the cheap ones:
        -- the shape of months and days is verified by `check` instead (CHECKs with GLOB cost about
        -- as much as the insert itself).
        CREATE TABLE entries(
          id INTEGER PRIMARY KEY,
          -- Not `kind IN (...)`: SQLite builds an ephemeral table for an IN list on every INSERT,
          -- which measured at about 1.8 µs per imported row.
          kind TEXT NOT NULL CHECK(kind = 'income' OR kind = 'redistribution' OR kind = 'reversal'),
          month TEXT NOT NULL,
          day TEXT NULL,
          description TEXT NOT NULL,
          debit_total_minor INTEGER NOT NULL CHECK(debit_total_minor > 0),
          close_event_id INTEGER NULL REFERENCES month_events(id),
          reverses_entry_id INTEGER NULL REFERENCES entries(id),
          row_key TEXT NULL,
          key_hash INTEGER NULL UNIQUE,
          member_account_id INTEGER NULL REFERENCES accounts(id),
          income_account_id INTEGER NULL REFERENCES accounts(id),
          amount_minor INTEGER NULL CHECK(amount_minor <> 0),
          reference TEXT NULL,
          source_file_id INTEGER NULL REFERENCES source_files(id),
          source_line INTEGER NULL,
          CHECK((kind = 'redistribution') = (close_event_id IS NOT NULL)),
          CHECK((kind = 'reversal') = (reverses_entry_id IS NOT NULL)),
          CHECK((kind = 'income') = (row_key IS NOT NULL)),
          CHECK(kind <> 'income' OR (day IS NOT NULL AND key_hash IS NOT NULL AND member_account_id IS NOT NULL
                                     AND income_account_id IS NOT NULL AND amount_minor IS NOT NULL
                                     AND source_file_id IS NOT NULL AND source_line IS NOT NULL)),
          CHECK(kind = 'income' OR (key_hash IS NULL AND member_account_id IS NULL AND income_account_id IS NULL
                                    AND amount_minor IS NULL AND source_file_id IS NULL AND source_line IS NULL))
        ) STRICT;
        CREATE INDEX entries_by_close_event ON entries(close_event_id) WHERE close_event_id IS NOT NULL;

        -- Postings of redistribution and reversal entries, in entry order; `line` numbers them
        -- within their entry, so the primary key serves both "postings of an entry" and the register.
        CREATE TABLE postings(
          entry_id INTEGER NOT NULL REFERENCES entries(id),
          line INTEGER NOT NULL CHECK(line >= 0),
          account_id INTEGER NOT NULL REFERENCES accounts(id),
          amount_minor INTEGER NOT NULL CHECK(amount_minor <> 0),
          PRIMARY KEY(entry_id, line)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX postings_by_account ON postings(account_id, entry_id, line, amount_minor);

        -- Every posting of the ledger: the stored ones and the two implied by each income entry.
        CREATE VIEW ledger_postings(entry_id, line, account_id, amount_minor) AS
          SELECT entry_id, line, account_id, amount_minor FROM postings
          UNION ALL SELECT id, 0, member_account_id, amount_minor FROM entries WHERE kind = 'income'
          UNION ALL SELECT id, 1, income_account_id, -amount_minor FROM entries WHERE kind = 'income';

        -- A cache of every account's balance, updated once per account at the end of each write
        -- transaction; `check` compares it with the balances recomputed from the postings.
        CREATE TABLE account_balances(
          account_id INTEGER NOT NULL PRIMARY KEY REFERENCES accounts(id),
          balance_minor INTEGER NOT NULL
        ) STRICT;
        """
}
