import Foundation
import Testing

/// `podledger import --rules`: the three bank exports of Samples/rules into a ledger made from
/// Samples/network.toml, as docs/import-rules.md shows them.
@Suite(.serialized) struct RulesCLITests {
    static let samples = ["nz-bank-alice", "eu-bank-ben", "us-invoices-pod"]

    /// A ledger with the sample network (alice and ben in aurora, chen in kauri).
    static func sampleLedger() throws -> CLI {
        let cli = try CLI()
        let result = try cli.run(["init", "--network", "Samples/network.toml"], cwd: CLI.packageRoot)
        #expect(result.status == 0, "init failed: \(result.stderr)")
        return cli
    }

    /// `podledger import --rules Samples/rules/NAME.rules Samples/rules/NAME.csv`, from the package root.
    @discardableResult
    static func importSample(_ name: String, into cli: CLI, extra: [String] = []) throws -> CLI.Result {
        try cli.run(["import"] + extra + ["--rules", "Samples/rules/\(name).rules", "Samples/rules/\(name).csv"], cwd: CLI.packageRoot)
    }

    @Test func theThreeSampleBankExportsImportWithTheirRules() throws {
        let cli = try Self.sampleLedger()
        let nz = try Self.importSample("nz-bank-alice", into: cli)
        #expect(nz.status == 0, "\(nz.stderr)")
        #expect(nz.stdout.hasPrefix("4 new rows, 0 already present.\n") && nz.stdout.contains("\n2024-03    4                0\n"))
        let eu = try Self.importSample("eu-bank-ben", into: cli)
        #expect(eu.status == 0, "\(eu.stderr)")
        #expect(eu.stdout.hasPrefix("3 new rows, 0 already present.\n") && eu.stdout.contains("\n2024-03    3                0\n"))
        let us = try Self.importSample("us-invoices-pod", into: cli)
        #expect(us.status == 0, "\(us.stderr)")
        #expect(us.stdout.hasPrefix("5 new rows, 0 already present.\n") && us.stdout.contains("\n2024-03    5                0\n"))

        // alice: 1500.00 + 1250.00 + 480.00 + 320.50 (her bank) + 850.00 + 95.25 (the pod's invoices)
        // ben:   2450.00 + 1180.50 + 640.00 (his bank) + 1125.50
        // chen:  2400.00 - 200.00 (a refund in parentheses)
        let balance = try cli.run(["balance", "--format", "csv"])
        #expect(balance.status == 0)
        #expect(balance.stdout == """
            account,balance\r
            income:aurora:alice,-4495.75\r
            income:aurora:ben,-5396.00\r
            income:kauri:chen,-2200.00\r
            members:aurora:alice,4495.75\r
            members:aurora:ben,5396.00\r
            members:kauri:chen,2200.00\r

            """)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test func reimportingEachSampleAddsNothing() throws {
        let cli = try Self.sampleLedger()
        for name in Self.samples { #expect(try Self.importSample(name, into: cli).status == 0) }
        let before = try cli.dump()
        let counts = ["nz-bank-alice": 4, "eu-bank-ben": 3, "us-invoices-pod": 5]
        for name in Self.samples {
            let again = try Self.importSample(name, into: cli)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.hasPrefix("0 new rows, \(counts[name]!) already present.\n") && again.stdout.contains("\n2024-03    0                \(counts[name]!)\n"))
        }
        #expect(try cli.dump() == before)
    }

    @Test func aDryRunWithRulesReportsTheRowsAndWritesNothing() throws {
        let cli = try Self.sampleLedger()
        let before = try cli.dump()
        let dry = try Self.importSample("us-invoices-pod", into: cli, extra: ["--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("Dry run, nothing written: 5 new rows, 0 already present.\n"))
        #expect(try cli.dump() == before)
    }

    /// A mistake in the rules file: exit 1, `RULES:LINE: what is wrong` on stderr, the ledger unchanged.
    @Test(arguments: [
        ("date %Date\nseperator ;\n", "bad.rules:2: unknown directive 'seperator'; did you mean 'separator'?"),
        ("date %Buchungstag\ndate-format %d.%m.%y\nmember ben\namount %Betrag\n",
         "bad.rules:2: invalid date-format '%d.%m.%y': %y (a two-digit year) is not supported because the century would be a guess; use %Y with a 4-digit year"),
        ("date %1\nmember Ben Tupou\namount %5\n",
         "bad.rules:2: 'member' must be a column, as in 'member %Member', or a member id, as in 'member alice'; 'Ben Tupou' is not a valid member id (lowercase letters, digits and '-')"),
        ("date %1\nmember ben\namount %5\ncurrency EUR\n",
         "bad.rules:4: the rules say the amounts are in EUR, but the network's currency is NZD; convert the file to NZD before importing"),
    ])
    func aBadRulesFileNamesItsLineAndChangesNothing(rules: String, message: String) throws {
        let cli = try Self.sampleLedger()
        #expect(try Self.importSample("nz-bank-alice", into: cli).status == 0)
        _ = try cli.write("bad.rules", rules)
        let before = try cli.dump()
        let csv = CLI.packageRoot.appendingPathComponent("Samples/rules/eu-bank-ben.csv").path
        let result = try cli.run(["import", "--rules", "bad.rules", csv])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "podledger: error: \(message)\n")
        #expect(try cli.dump() == before)
    }

    @Test func rulesThatNameAMissingColumnPointAtTheCSVAndTheRulesLine() throws {
        let cli = try Self.sampleLedger()
        _ = try cli.write("bank.rules", "encoding iso-8859-15\nseparator ;\nskip 2\ndate %Datum\ndate-format %d.%m.%Y\nmember ben\namount %Betrag\ndecimal-mark ,\n")
        let before = try cli.dump()
        let csv = CLI.packageRoot.appendingPathComponent("Samples/rules/eu-bank-ben.csv").path
        let result = try cli.run(["import", "--rules", "bank.rules", csv])
        #expect(result.status == 1)
        #expect(result.stderr == "podledger: error: \(csv):3: missing column 'Datum' (used at bank.rules:4); the header names 'Buchungstag', 'Valuta', 'Auftraggeber/Empfänger', 'Verwendungszweck', 'Betrag', 'Währung', so fix the name in the rules or use the column's position, as in %3\n")
        #expect(try cli.dump() == before)
    }

    @Test func oneBanksRulesOnAnotherBanksFileIsRefusedWholly() throws {
        let cli = try Self.sampleLedger()
        let before = try cli.dump()
        // Alice's rules skip 4 lines and expect commas; Ben's export has semicolons and quotes every field.
        let result = try cli.run(["import", "--rules", "Samples/rules/nz-bank-alice.rules", "Samples/rules/us-invoices-pod.csv",
                                  "Samples/rules/eu-bank-ben.csv"], cwd: CLI.packageRoot)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("podledger: error: Samples/rules/"), "\(result.stderr)")
        #expect(try cli.dump() == before)
    }
}
