import Foundation
import LedgerCore
import Testing

/// The books stay right under races, tampering, huge amounts and bad ledger files (SPEC §10).
@Suite struct ReliabilityCLITests {
    // MARK: The close-during-import race

    /// `import big.csv & sleep; redistribute --through; wait; check`, several times with different delays:
    /// the close either waits for the import and includes its rows, or one of them gives up saying the ledger
    /// is busy; `check` (which recomputes every closed month from the ledger's income) passes every time.
    @Test func aCloseRacingAnImportNeverClosesOnStaleIncome() throws {
        var rows = "date,member,amount,reference\n"
        for index in 0..<6_000 {
            let month = 1 + index % 6
            let member = month >= 3 ? ["alice", "ben", "chen"][index % 3] : ["alice", "ben"][index % 2]
            rows += "2024-0\(month)-\(10 + index % 18),\(member),\(100 + index % 900).\(10 + index % 90),R\(index)\n"
        }
        var closedTimes = 0
        for attempt in 0..<5 {
            let cli = try CLI.withNetwork()
            let file = try cli.write("big.csv", rows)
            let importing = try cli.start(["import", file])
            Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            let close = try cli.run(["redistribute", "--through", "2024-06"])
            let imported = importing.wait()
            // Whichever waits longer than the busy timeout gives up, saying so; an import that starts after the
            // close has committed finds its months closed and is refused whole. Never both fail.
            #expect(imported.status == 0 || imported.stderr.contains("is locked by another podledger process")
                || imported.stderr.contains("new rows are dated in closed months"), "\(imported.stderr)")
            #expect(imported.status == 0 || close.status == 0)
            if close.status == 0 {
                closedTimes += 1
            } else {
                #expect(close.stderr.contains("is locked by another podledger process"), "\(close.stderr)")
            }
            let check = try cli.run(["check"])
            #expect(check.status == 0, "attempt \(attempt): \(check.stderr)")
        }
        #expect(closedTimes > 0, "at least one close ran")
    }

    // MARK: Tampering that check must report

    /// A closed quarter of the test network: income in every month, one row without a reference.
    static func closedLedger() throws -> CLI {
        let cli = try CLI.withNetwork()
        #expect(try cli.run(["import", CLI.golden.appendingPathComponent("good.csv").path]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-03"]).status == 0)
        #expect(try cli.run(["check"]).status == 0)
        return cli
    }

    /// Runs `sql` with the append-only triggers dropped, then puts them back (unless `keepTriggersDropped`),
    /// as a careful tamperer would.
    static func tamper(_ cli: CLI, _ sql: String, keepTriggersDropped: Bool = false) throws {
        let triggers = try cli.sqlite("SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger';")
        let names = try cli.sqlite("SELECT name FROM sqlite_master WHERE type = 'trigger';").split(separator: "\n")
        let drop = names.map { "DROP TRIGGER \($0);" }.joined(separator: "\n")
        let output = try cli.sqlite(drop + "\n" + sql + "\n" + (keepTriggersDropped ? "" : triggers))
        #expect(!output.contains("Error"), "the tampering SQL failed: \(output)")
    }

    /// The balance cache moved the way a tamperer would move it, so that check's cache comparison passes.
    static func moveCache(_ account: String, by amount: String) -> String {
        "UPDATE account_balances SET balance_minor = balance_minor + (\(amount)) WHERE account_id = (SELECT id FROM accounts WHERE name = '\(account)');"
    }

    /// 64-bit FNV-1a of the key, as the ledger stores it, so a forged row has a consistent key hash.
    static func keyHash(_ key: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    static let tamperings: [(name: String, expected: String)] = [
        ("an income row deleted from a closed month, the cache fixed", "2024-01: redistribution entry"),
        ("a fake balanced redistribution entry", "is not part of what recomputing the month gives"),
        ("a fake income row in a closed month", "2024-02: redistribution entry"),
        ("an amount rewritten consistently", "2024-01: redistribution entry"),
        ("a posting moved between members", "but recomputing the month gives"),
        ("a pledge changed in a network version", "but recomputing the month gives"),
        ("a dropped append-only trigger", "the trigger entries_no_delete is missing"),
        ("a row whose key no longer matches its content", "no longer matches its row key"),
        ("a page of the file zeroed", "the table postings (root page"),
    ]

    @Test(arguments: tamperings.map(\.name))
    func checkReportsTampering(_ name: String) throws {
        let cli = try Self.closedLedger()
        switch name {
        case "an income row deleted from a closed month, the cache fixed":
            // alice's January invoice (INV-001, 4000.00).
            try Self.tamper(cli, """
                \(Self.moveCache("members:aurora:alice", by: "-400000"))
                \(Self.moveCache("income:aurora:alice", by: "400000"))
                DELETE FROM entries WHERE reference = 'INV-001';
                """)
        case "a fake balanced redistribution entry":
            try Self.tamper(cli, """
                INSERT INTO entries(kind, month, description, debit_total_minor, close_event_id)
                  VALUES ('redistribution', '2024-02', '2024-02 aurora: bonus', 5000,
                          (SELECT max(id) FROM month_events WHERE month = '2024-02'));
                INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES
                  ((SELECT max(id) FROM entries), 0, (SELECT id FROM accounts WHERE name = 'members:aurora:ben'), 5000),
                  ((SELECT max(id) FROM entries), 1, (SELECT id FROM accounts WHERE name = 'members:aurora:alice'), -5000);
                \(Self.moveCache("members:aurora:ben", by: "5000"))
                \(Self.moveCache("members:aurora:alice", by: "-5000"))
                """)
        case "a fake income row in a closed month":
            let key = "ref\u{1F}ben\u{1F}FORGED"
            try Self.tamper(cli, """
                INSERT INTO entries(kind, month, day, description, debit_total_minor, row_key, key_hash, member_account_id,
                                    income_account_id, amount_minor, reference, source_file_id, source_line)
                  VALUES ('income', '2024-02', '2024-02-20', 'forged', 90000, 'ref' || char(31) || 'ben' || char(31) || 'FORGED',
                          \(Self.keyHash(key)), (SELECT id FROM accounts WHERE name = 'members:aurora:ben'),
                          (SELECT id FROM accounts WHERE name = 'income:aurora:ben'), 90000, 'FORGED', 1, 99);
                \(Self.moveCache("members:aurora:ben", by: "90000"))
                \(Self.moveCache("income:aurora:ben", by: "-90000"))
                """)
        case "an amount rewritten consistently":
            // ben's INV-002 (1200.50 → 2200.50): amount, recorded debits and the cache; the key holds no amount.
            try Self.tamper(cli, """
                UPDATE entries SET amount_minor = 220050, debit_total_minor = 220050 WHERE reference = 'INV-002';
                \(Self.moveCache("members:aurora:ben", by: "100000"))
                \(Self.moveCache("income:aurora:ben", by: "-100000"))
                """)
        case "a posting moved between members":
            try Self.tamper(cli, """
                UPDATE postings SET account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:ben')
                  WHERE account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:alice')
                    AND entry_id = (SELECT min(id) FROM entries WHERE kind = 'redistribution');
                \(Self.moveCache("members:aurora:ben", by: "(SELECT amount_minor FROM postings WHERE entry_id = (SELECT min(id) FROM entries WHERE kind = 'redistribution') AND account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:ben'))"))
                \(Self.moveCache("members:aurora:alice", by: "-(SELECT amount_minor FROM postings WHERE entry_id = (SELECT min(id) FROM entries WHERE kind = 'redistribution') AND account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:ben'))"))
                """)
        case "a pledge changed in a network version":
            try Self.tamper(cli, "UPDATE member_versions SET pledge_bp = 2500 WHERE member = 'alice';")
        case "a dropped append-only trigger":
            try Self.tamper(cli, "SELECT 1;", keepTriggersDropped: true)
        case "a row whose key no longer matches its content":
            // The Consulting rows have no reference: their key holds the description.
            try Self.tamper(cli, "UPDATE entries SET description = 'Consulting (edited)' WHERE id = (SELECT min(id) FROM entries WHERE description = 'Consulting');")
        case "a page of the file zeroed":
            let root = try cli.sqlite("SELECT rootpage FROM sqlite_master WHERE name = 'postings';").trimmingCharacters(in: .whitespacesAndNewlines)
            let pageSize = try cli.sqlite("PRAGMA page_size;").trimmingCharacters(in: .whitespacesAndNewlines)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.ledger))
            try handle.seek(toOffset: UInt64((Int(root)! - 1) * Int(pageSize)!))
            try handle.write(contentsOf: Data(count: Int(pageSize)!))
            try handle.close()
        default:
            Issue.record("no tampering named \(name)")
        }
        let check = try cli.run(["check"])
        #expect(check.status == 1, "check missed: \(name)")
        let expected = Self.tamperings.first { $0.name == name }!.expected
        #expect(check.stderr.contains(expected), "\(name): \(check.stderr)")
        #expect(!check.stderr.contains("\u{1B}"))
    }

    // MARK: Amounts near the limits

    /// Rows of 999,999,999,999,999.99 used to import and then make balance and statements trap (overflow).
    /// The ledger's volume limit now refuses the row that would take the total past it, and every command
    /// works on a ledger at the limit.
    @Test func hugeAmountsStopAtTheVolumeLimitAndNothingTraps() throws {
        let cli = try CLI.withNetwork()
        // Exactly the limit: 10^17 minor units.
        let one = try cli.write("one.csv", "date,member,amount,reference\n2024-01-10,alice,999999999999990.00,HUGE-1\n2024-01-11,ben,10.00,S-1\n")
        let accepted = try cli.run(["import", one])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let before = try cli.dump()
        let more = try cli.write("more.csv", "date,member,amount,reference\n2024-01-12,ben,0.01,S-2\n")
        let refused = try cli.run(["import", more])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("more.csv:2: this row would take the ledger's total volume"), "\(refused.stderr)")
        #expect(refused.stderr.contains("1000000000000000.00"))
        #expect(try cli.dump() == before)
        #expect(try cli.run(["redistribute", "--through", "2024-03"]).status == 0)
        for command in [["balance"], ["statement", "--pod", "aurora", "--month", "2024-01"], ["statement", "--network", "--month", "2024-01"],
                        ["statement", "--member", "alice", "--through", "2024-03"], ["statement", "--all", "--month", "2024-01", "--output-dir", "out"],
                        ["register"], ["stats", "--from", "2024-01", "--through", "2024-03"], ["check"]] {
            let result = try cli.run(command)
            #expect(result.status == 0, "\(command): \(result.status) \(result.stderr)")
        }
    }

    @Test func aSettingBeyondTheLimitIsRefused() throws {
        let cli = try CLI()
        let network = try String(contentsOf: CLI.golden.appendingPathComponent("network.toml"), encoding: .utf8)
            .replacingOccurrences(of: "floor = 3000.00", with: "floor = \"99999999999999.00\"")
        let file = try cli.write("huge.toml", network)
        let result = try cli.run(["init", "--network", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("floor is larger than 10000000000000.00, the most a setting may be"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.ledger))
    }

    // MARK: Bad ledger files

    @Test func aTruncatedLedgerIsNamedAsSuch() throws {
        let cli = try Self.closedLedger()
        let size = try FileManager.default.attributesOfItem(atPath: cli.ledger)[.size] as! Int
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.ledger))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        for command in [["balance"], ["check"], ["import", CLI.golden.appendingPathComponent("good.csv").path]] {
            let result = try cli.run(command)
            #expect(result.status == 1)
            #expect(result.stderr.contains("is damaged (the file is \(size / 2) bytes long but its header says"), "\(result.stderr)")
        }
    }

    @Test func aFIFOIsRefusedAtOnce() throws {
        let cli = try CLI()
        #expect(mkfifo(cli.ledger, 0o600) == 0)
        let running = try cli.start(["balance"])
        let deadline = Date().addingTimeInterval(20)
        while running.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if running.process.isRunning { running.process.terminate() }
        let result = running.wait()
        #expect(result.status == 1)
        #expect(result.stderr.contains("is a named pipe (FIFO), not a ledger file"), "\(result.stderr)")
    }

    /// A SQLite file of someone else's whose `ledger_meta` says podledger is refused without a byte written:
    /// not switched to WAL, no migrations table added.
    @Test func aForeignFileIsRefusedBeforeAnyWrite() throws {
        let cli = try CLI()
        _ = try cli.sqlite("CREATE TABLE ledger_meta(key TEXT, value TEXT); INSERT INTO ledger_meta VALUES ('format', 'podledger'), ('currency', 'NZD');")
        let before = try Data(contentsOf: URL(fileURLWithPath: cli.ledger))
        for command in [["balance"], ["import", CLI.golden.appendingPathComponent("good.csv").path], ["check"]] {
            let result = try cli.run(command)
            #expect(result.status == 1)
            #expect(result.stderr.contains("is not a PodLedger ledger"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.ledger)) == before)
        #expect(!FileManager.default.fileExists(atPath: cli.ledger + "-wal"))
        #expect(try cli.sqlite("SELECT name FROM sqlite_master WHERE name = 'grdb_migrations';").isEmpty)
    }

    @Test func initThatFailsLeavesNothing() throws {
        let cli = try CLI()
        let result = try cli.run(["init", "--currency", "EUR", "--network", CLI.golden.appendingPathComponent("network.toml").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("currency NZD differs from the ledger's EUR"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).isEmpty)
    }

    /// A small tmpfs, for a read-only or a full file system; nil when this machine cannot mount one
    /// (mounting needs root).
    static func mountTmpfs(sizeKB: Int) -> URL? {
        guard getuid() == 0 else { return nil }
        let point = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-mnt-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
        return shell("/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeKB)k", "tmpfs", point.path]) == 0 ? point : nil
    }

    @discardableResult
    static func shell(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let canMount: Bool = {
        guard let point = mountTmpfs(sizeKB: 64) else { return false }
        shell("/bin/umount", [point.path])
        return true
    }()

    /// Reading commands work on a ledger on a read-only file system; a writing one says why it cannot.
    @Test(.enabled(if: canMount, "mounting a tmpfs needs root")) func aReadOnlyLedgerCanBeRead() throws {
        let source = try Self.closedLedger()
        let point = try #require(Self.mountTmpfs(sizeKB: 2048))
        defer { Self.shell("/bin/umount", [point.path]) }
        let ledger = point.appendingPathComponent("ro.sqlite").path
        try FileManager.default.copyItem(atPath: source.ledger, toPath: ledger)
        #expect(Self.shell("/bin/mount", ["-o", "remount,ro", point.path]) == 0)
        for command in [["balance"], ["check"], ["statement", "--pod", "aurora", "--month", "2024-02"], ["register"]] {
            let result = try source.run(command + ["--ledger", ledger], useLedger: false)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        let write = try source.run(["reopen", "--month", "2024-03", "--ledger", ledger], useLedger: false)
        #expect(write.status == 1)
        #expect(write.stderr.contains(ledger) && write.stderr.contains("read-only file system"), "\(write.stderr)")
    }

    /// With 16 KB free, check still reads the ledger, and a write says the disk is full and changes nothing.
    @Test(.enabled(if: canMount, "mounting a tmpfs needs root")) func aFullDiskIsNamedAndChangesNothing() throws {
        let source = try Self.closedLedger()
        let point = try #require(Self.mountTmpfs(sizeKB: 1024))
        defer { Self.shell("/bin/umount", [point.path]) }
        let ledger = point.appendingPathComponent("full.sqlite").path
        try FileManager.default.copyItem(atPath: source.ledger, toPath: ledger)
        // Fill the file system, leaving 16 KB.
        let filler = FileManager.default.createFile(atPath: point.appendingPathComponent("fill").path, contents: nil)
        #expect(filler)
        let fill = try FileHandle(forWritingTo: point.appendingPathComponent("fill"))
        var info = statvfs()
        _ = statvfs(point.path, &info)
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        try fill.write(contentsOf: Data(count: max(0, free - 16 * 1024)))
        try fill.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: ledger))
        let check = try source.run(["check", "--ledger", ledger], useLedger: false)
        #expect(check.status == 0, "\(check.stderr)")
        let reopen = try source.run(["reopen", "--month", "2024-01", "--ledger", ledger], useLedger: false)
        #expect(reopen.status == 1)
        #expect(reopen.stderr.contains("is full") || reopen.stderr.contains("disk"), "\(reopen.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: ledger)) == before)
    }
}
