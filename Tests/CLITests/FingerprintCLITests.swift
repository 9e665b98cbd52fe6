import Foundation
import Testing

/// The fingerprint at the command line (SPEC §9): `verify`, statements, `check` naming a record edited by hand, and
/// `tools/fingerprint.py` — the short script of docs/fingerprint.md — agreeing with PodLedger on every kind of record.
@Suite struct FingerprintCLITests {
    /// A ledger with every kind of record: two network versions (levy, tier, own floor, a sickness fund), income,
    /// expenses and a reversal, payments, sickness added and ended, months closed, reopened and closed again.
    static func everyKindOfRecord() throws -> CLI {
        let cli = try CLI()
        let fund = """

            [[pod]]
            id = "brood"
            name = "Broodfonds \\"Te Aro\\" — ōrite"
            policy = "sickness"
            waiting_months = 1

            [[pod.member]]
            id = "ana"
            name = "Ana Rua"
            benefit = "1500.00"
            deposit = "67.50"
            joined = "2024-01"

            [[pod.member]]
            id = "cas"
            name = "Cas Wiremu"
            benefit = "1000.00"
            deposit = "45.00"
            joined = "2024-01"

            """
        let network = try cli.write("network.toml", ExpenseCLITests.network + fund)
        for arguments in [
            ["init", "--network", network],
            ["import", try cli.write("income.csv", ExpenseCLITests.income)],
            ["import", "--expenses", try cli.write("expenses.csv", ExpenseCLITests.expenses)],
            ["expense", "--pod", "aurora", "--date", "2024-02-14", "--amount", "120.00", "--description", "Coworking; \"desk\" | ŌŪ", "--reference", "CW-2"],
            ["expense", "--pod", "aurora", "--reverse", "CW-2"],
            ["sickness", "add", "--member", "cas", "--from", "2024-01"],
            ["redistribute", "--through", "2024-02"],
            ["pay", "--from", "alice", "--to", "pod:aurora", "--amount", "250.00", "--date", "2024-02-20", "--reference", "P-1"],
            ["reopen", "--month", "2024-02"],
            ["sickness", "end", "--member", "cas", "--through", "2024-02"],
            ["redistribute", "--through", "2024-02"],
            ["network", "apply", try cli.write("network2.toml", ExpenseCLITests.network.replacingOccurrences(of: "share_percent = \"10\"", with: "share_percent = \"12\"") + fund), "--from", "2024-03"],
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        return cli
    }

    static func head(_ cli: CLI) throws -> String {
        let json = try cli.run(["verify", "0000000000000000", "--format", "json"]).stdout
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?["head"] as? String)
    }

    @Test func theDocumentedScriptRecomputesTheSameHead() throws {
        let cli = try Self.everyKindOfRecord()
        #expect(try cli.run(["check"]).status == 0)
        let script = CLI.packageRoot.appendingPathComponent("tools/fingerprint.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, cli.ledger]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let records = try cli.sqlite("SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM month_events) + (SELECT count(*) FROM network_versions) + (SELECT count(*) FROM sickness_events);")
        #expect(printed == "\(try Self.head(cli)) \(records.trimmingCharacters(in: .whitespacesAndNewlines))\n")
    }

    @Test func verifySaysWhereAFingerprintIs() throws {
        let cli = try Self.everyKindOfRecord()
        let statement = try cli.run(["statement", "--pod", "aurora", "--month", "2024-01", "--format", "json"]).stdout
        let january = try #require((try JSONSerialization.jsonObject(with: Data(statement.utf8)) as? [String: Any])?["fingerprint"] as? String)
        let yes = try cli.run(["verify", january])
        #expect(yes.status == 0)
        try expectGolden(yes.stdout.replacingOccurrences(of: january, with: "JANUARY").replacingOccurrences(of: try Self.head(cli), with: "HEAD"),
                         "verify-yes.txt")
        let no = try cli.run(["verify", "0123456789ABCDEF"])
        #expect(no.status == 1)
        try expectGolden(no.stdout.replacingOccurrences(of: try Self.head(cli), with: "HEAD"), "verify-no.txt")
        // The same history written again gives the same fingerprints (no timestamps or paths in the records).
        #expect(try Self.head(Self.everyKindOfRecord()) == Self.head(cli))
    }

    @Test func aPaymentEditedWithEveryTotalIsNamedByCheckAndNoLongerVerifies() throws {
        let cli = try Self.everyKindOfRecord()
        let head = try Self.head(cli)
        // 250.00 becomes 25.00 in both postings, the entry's debit total and both cached balances.
        try ReliabilityCLITests.tamper(cli, """
            UPDATE postings SET amount_minor = amount_minor / 10 WHERE entry_id = (SELECT id FROM entries WHERE reference = 'P-1');
            UPDATE entries SET debit_total_minor = 2500 WHERE reference = 'P-1';
            UPDATE account_balances SET balance_minor = balance_minor + 22500 WHERE account_id = (SELECT id FROM accounts WHERE name = 'paid:aurora:alice');
            UPDATE account_balances SET balance_minor = balance_minor - 22500 WHERE account_id = (SELECT id FROM accounts WHERE name = 'pods:aurora:bank');
            """)
        let check = try cli.run(["check"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("of the fingerprint chain, payment entry"), "\(check.stderr)")
        #expect(try cli.run(["verify", head]).status == 1)
    }
}
