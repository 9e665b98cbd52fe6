import Foundation
import Testing

@Suite(.serialized) struct ImportCLITests {
    @Test func importingTheSameFileTwiceAddsNothingTheSecondTime() throws {
        let cli = try CLI.withNetwork()
        let file = CLI.golden.appendingPathComponent("good.csv").path
        let first = try cli.run(["import", file])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("5 new rows, 0 already present.\n"))
        let dumpAfterFirst = try cli.dump()
        let second = try cli.run(["import", file])
        #expect(second.status == 0)
        #expect(second.stdout.hasPrefix("0 new rows, 5 already present.\n"))
        #expect(try cli.dump() == dumpAfterFirst)
    }

    @Test func aBOMAndCRLFVariantIsTheSameRows() throws {
        let cli = try CLI.withNetwork()
        #expect(try cli.run(["import", CLI.golden.appendingPathComponent("good.csv").path]).status == 0)
        let variant = try cli.run(["import", CLI.golden.appendingPathComponent("good-bom-crlf.csv").path])
        #expect(variant.status == 0, "\(variant.stderr)")
        #expect(variant.stdout.hasPrefix("0 new rows, 5 already present.\n"))
    }

    @Test func twoIdenticalRowsInOneFileAreBothKept() throws {
        let cli = try CLI.withNetwork()
        #expect(try cli.run(["import", CLI.golden.appendingPathComponent("good.csv").path]).status == 0)
        let balance = try cli.run(["balance", "--format", "csv"])
        // alice: 4000.00 + 350.00 + 350.00
        #expect(balance.stdout.contains("members:aurora:alice,4700.00\r\n"))
        #expect(balance.stdout.contains("income:aurora:alice,-4700.00\r\n"))
    }

    @Test func dryRunReportsTheSameAndWritesNothing() throws {
        let cli = try CLI.withNetwork()
        let before = try cli.dump()
        let dry = try cli.run(["import", "--dry-run", CLI.golden.appendingPathComponent("good.csv").path])
        #expect(dry.status == 0)
        #expect(dry.stdout == """
            Dry run, nothing written: 5 new rows, 0 already present.

            Month    New  Already present
            -----------------------------
            2024-01    2                0
            2024-02    2                0
            2024-03    1                0

            """)
        let json = try cli.run(["import", "--dry-run", "--format", "json", CLI.golden.appendingPathComponent("good.csv").path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["dry_run"] as? Bool == true && object["new"] as? Int == 5 && object["already_present"] as? Int == 0)
        #expect((object["months"] as? [[String: Any]])?.map { $0["new"] as? Int } == [2, 2, 1])
        #expect(try cli.dump() == before)
    }

    @Test func oneBadRowAmongTenThousandLeavesTheLedgerUnchanged() throws {
        let cli = try CLI.withNetwork()
        var text = "date,member,amount,description\n"
        for index in 1...10_000 {
            let amount = index == 7_321 ? "12.345" : "\(index % 900 + 1).25"
            text += "2024-0\(index % 6 + 1)-1\(index % 9),alice,\(amount),Job \(index)\n"
        }
        let file = try cli.write("big.csv", text)
        let before = try cli.dump()
        let result = try cli.run(["import", "big.csv"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("podledger: error: big.csv:7322: "), "\(result.stderr)")
        #expect(try cli.dump() == before)
        _ = file
    }

    /// Each bad input: exit 1, the golden message on stderr, nothing on stdout, the ledger exactly as it was.
    @Test(arguments: [
        "unknown-member", "member-not-active", "bad-date", "bad-amount", "too-many-decimals", "other-currency",
        "ragged-row", "unterminated-quote", "missing-column", "invalid-utf8", "empty", "same-reference-different-amount",
        "nul-in-reference", "escape-in-member",
    ])
    func badInputGetsAClearErrorAndChangesNothing(name: String) throws {
        let cli = try CLI.withNetwork()
        let before = try cli.dump()
        let result = try cli.run(["import", "errors/\(name).csv"], cwd: CLI.golden)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        try expectGolden(result.stderr, "errors/\(name).stderr")
        #expect(try cli.dump() == before)
    }

    @Test func theSameReferenceWithADifferentAmountInALaterFileIsRefused() throws {
        let cli = try CLI.withNetwork()
        _ = try cli.write("a.csv", "date,member,amount,reference\n2024-01-15,alice,100.00,R1\n")
        _ = try cli.write("b.csv", "date,member,amount,reference\n2024-01-15,alice,100.00,R0\n2024-01-15,alice,100.01,R1\n")
        #expect(try cli.run(["import", "a.csv"]).status == 0)
        let before = try cli.dump()
        let result = try cli.run(["import", "b.csv"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.csv:2"), "\(result.stderr)")
        #expect(result.stderr.contains("b.csv:3"), "\(result.stderr)")
        #expect(try cli.dump() == before)
    }

    @Test func usageErrorsExit64() throws {
        let cli = try CLI.withNetwork()
        #expect(try cli.run(["import"]).status == 64)
        #expect(try cli.run(["balance", "--month", "2024-13"]).status == 64)
        #expect(try cli.run(["frobnicate"], useLedger: false).status == 64)
    }

    @Test func initRefusesToOverwriteALedger() throws {
        let cli = try CLI.withNetwork()
        let before = try cli.dump()
        let again = try cli.run(["init", "--currency", "NZD"])
        #expect(again.status == 1)
        #expect(again.stderr.contains(cli.ledger))
        #expect(try cli.dump() == before)
    }

    @Test func aMissingLedgerIsAClearError() throws {
        let cli = try CLI()
        let result = try cli.run(["balance"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(cli.ledger))
    }

    @Test func theDefaultLedgerIsUnderLedgersAndTheEnvironmentOverridesIt() throws {
        let cli = try CLI()
        #expect(try cli.run(["init", "--currency", "NZD"], useLedger: false).status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("Ledgers/pods.sqlite").path))
        let other = cli.directory.appendingPathComponent("other.sqlite").path
        #expect(try cli.run(["init", "--currency", "JPY"], useLedger: false, environment: ["PODLEDGER_LEDGER": other]).status == 0)
        #expect(FileManager.default.fileExists(atPath: other))
    }
}

@Suite(.serialized) struct CheckCLITests {
    @Test func checkIsSilentOnAGoodLedgerAndNamesTheEntryWhenPostingsWereAlteredByHand() throws {
        let cli = try CLI.withNetwork()
        #expect(try cli.run(["import", CLI.golden.appendingPathComponent("good.csv").path]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-03"]).status == 0)
        let good = try cli.run(["check"])
        #expect(good.status == 0)
        #expect(good.stdout == "" && good.stderr == "")

        // The schema refuses edits…
        #expect(try cli.sqlite("UPDATE postings SET amount_minor = amount_minor + 1;").contains("append-only"))
        #expect(try cli.sqlite("UPDATE entries SET amount_minor = amount_minor + 1 WHERE amount_minor IS NOT NULL;").contains("append-only"))
        // …so a tamperer drops the triggers first, which check reports…
        let triggerSQL = try cli.sqlite("SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger';")
        let triggers = try cli.sqlite("SELECT name FROM sqlite_master WHERE type = 'trigger';")
            .split(separator: "\n").map(String.init)
        #expect(!triggers.isEmpty)
        for trigger in triggers { _ = try cli.sqlite("DROP TRIGGER \(trigger);") }
        let dropped = try cli.run(["check"])
        #expect(dropped.status == 1)
        #expect(dropped.stderr.contains("the trigger postings_no_update is missing"), "\(dropped.stderr)")

        // …and puts them back after the edit: one posting of a redistribution entry changed by a cent.
        _ = try cli.sqlite("UPDATE postings SET amount_minor = amount_minor + 1 WHERE entry_id = (SELECT min(entry_id) FROM postings) AND line = 0;")
        _ = try cli.sqlite(triggerSQL)
        let bad = try cli.run(["check"])
        #expect(bad.status == 1)
        let entry = try cli.sqlite("SELECT min(entry_id) FROM postings;").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(bad.stderr.contains("entry \(entry)"), "\(bad.stderr)")
        for trigger in triggers { _ = try cli.sqlite("DROP TRIGGER \(trigger);") }
        _ = try cli.sqlite("UPDATE postings SET amount_minor = amount_minor - 1 WHERE entry_id = (SELECT min(entry_id) FROM postings) AND line = 0;")
        _ = try cli.sqlite(triggerSQL)
        #expect(try cli.run(["check"]).status == 0)

        // An imported income amount changed (both of its postings at once).
        for trigger in triggers { _ = try cli.sqlite("DROP TRIGGER \(trigger);") }
        _ = try cli.sqlite("UPDATE entries SET amount_minor = amount_minor + 100 WHERE id = (SELECT min(id) FROM entries WHERE kind = 'income');")
        _ = try cli.sqlite(triggerSQL)
        let income = try cli.run(["check"])
        #expect(income.status == 1)
        #expect(income.stderr.contains("podledger: check failed:"), "\(income.stderr)")
    }
}

@Suite struct NetworkCLITests {
    @Test func networkShowListsWhatIsInEffect() throws {
        let cli = try CLI.withNetwork()
        let text = try cli.run(["network", "show", "--through", "2024-03"])
        #expect(text.status == 0)
        try expectGolden(text.stdout, "network-show.txt")
        let json = try cli.run(["network", "show", "--format", "json", "--through", "2024-02"])
        #expect(json.status == 0)
        try expectGolden(json.stdout, "network-show.json")
    }

    @Test func aNetworkFileWithAFloatAmountIsReadExactly() throws {
        // floor = 3000.00 is written as a bare TOML number in the test network: it must be 3000.00 exactly.
        let cli = try CLI.withNetwork()
        let json = try cli.run(["network", "show", "--format", "json", "--through", "2024-01"])
        #expect(json.stdout.contains("\"floor\": \"3000.00\""))
        #expect(json.stdout.contains("\"pledge_percent\": \"12.5\""))
    }

    @Test func aBadNetworkFileNamesTheProblem() throws {
        let cli = try CLI()
        let file = try cli.write("bad.toml", """
            currency = "NZD"
            [[pod]]
            id = "aurora"
            policy = "floor"
            floor = "3000.005"
            """)
        let result = try cli.run(["init", "--network", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.toml"))
        #expect(result.stderr.contains("floor"))
        #expect(!FileManager.default.fileExists(atPath: cli.ledger))
    }
}
