import Foundation
import Testing

/// What a new treasurer ran into on a first month (issue 10), each pinned by a test.
@Suite struct NewcomerCLITests {
    /// A cumulative bank export (January to April) after January to March were imported and closed: the
    /// rows already in the ledger are "already present" wherever they fall; only April's row is new. A new
    /// row in a closed month is refused once, with how many there are and which month to reopen.
    @Test func anOverlappingExportIntoClosedMonthsImportsWhatIsNew() throws {
        let cli = try CLI.withNetwork()
        let quarter = """
            date,member,amount,reference
            2024-01-06,alice,4000.00,B-1
            2024-02-06,ben,1200.00,B-2
            2024-03-06,chen,900.00,B-3
            """
        #expect(try cli.run(["import", try cli.write("q1.csv", quarter + "\n")]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-03"]).status == 0)
        let cumulative = try cli.write("jan-apr.csv", quarter + "\n2024-04-06,alice,3000.00,B-4\n")
        for dryRun in [true, false] {
            let result = try cli.run(["import", cumulative] + (dryRun ? ["--dry-run"] : []))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("1 new row, 3 already present."), "\(result.stdout)")
            #expect(result.stdout.contains("\n2024-01    0                1\n"), "\(result.stdout)")
        }
        let late = try cli.write("late.csv", quarter + "\n2024-02-20,ben,50.00,B-5\n2024-03-21,chen,60.00,B-6\n2024-05-01,alice,1.00,B-7\n")
        let before = try cli.dump()
        for dryRun in [true, false] {
            let refused = try cli.run(["import", late] + (dryRun ? ["--dry-run"] : []))
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("late.csv:5: 2 new rows are dated in closed months 2024-02, 2024-03"), "\(refused.stderr)")
            #expect(refused.stderr.contains("`podledger reopen --month 2024-02`"))
        }
        #expect(try cli.dump() == before)
    }

    /// `register --account` with an account the ledger does not have is an error naming the closest ones.
    @Test func registerOfAnUnknownAccountSuggestsTheClosest() throws {
        let cli = try CLI.withNetwork()
        #expect(try cli.run(["import", CLI.golden.appendingPathComponent("good.csv").path]).status == 0)
        let result = try cli.run(["register", "--account", "members:aurora:alise"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("the ledger has no account members:aurora:alise; did you mean members:aurora:alice"), "\(result.stderr)")
        #expect(try cli.run(["register", "--account", "members:aurora:alice"]).status == 0)
    }

    /// `network apply --dry-run` shows what would change, member by member, and records nothing; `network
    /// apply` prints the same. A member left out of the file while still active is refused (did you mean
    /// `left`?) unless --allow-removal; a version that would orphan imported income is refused.
    @Test func networkApplyShowsTheChangesAndRefusesSilentRemovals() throws {
        let cli = try CLI.withNetwork()
        let original = try String(contentsOf: CLI.golden.appendingPathComponent("network.toml"), encoding: .utf8)
        let raised = try cli.write("raised.toml", original.replacingOccurrences(of: "pledge_percent = \"15\"", with: "pledge_percent = \"18\""))
        let before = try cli.dump()
        let dry = try cli.run(["network", "apply", raised, "--from", "2024-03", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "dry run: nothing recorded; 1 change from 2024-03:\n\nalice pledge 15% → 18%\n", "\(dry.stdout)")
        #expect(try cli.dump() == before)
        let applied = try cli.run(["network", "apply", raised, "--from", "2024-03"])
        #expect(applied.status == 0)
        #expect(applied.stdout.replacingOccurrences(of: "\n", with: " ").hasPrefix("recorded \(raised); 1 change from 2024-03:"))
        #expect(applied.stdout.contains("alice pledge 15% → 18%"))

        // chen left out of the file: refused, with the line to write instead.
        let chenStart = original.range(of: "[[pod.member]]\nid = \"chen\"")!.lowerBound
        let withoutChen = try cli.write("without-chen.toml", String(original[..<chenStart]))
        let refused = try cli.run(["network", "apply", withoutChen, "--from", "2024-05"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("member 'chen' is active in the settings in effect for 2024-05 but missing from this file; did you mean `left = \"2024-04\"`"), "\(refused.stderr)")
        #expect(try cli.run(["network", "apply", withoutChen, "--from", "2024-05", "--dry-run", "--allow-removal"]).stdout
            .contains("chen (Chen Wei) removed from aurora"))

        // Income imported for chen in May: a version ending chen in April would leave it uncounted.
        let may = try cli.write("may.csv", "date,member,amount,reference\n2024-05-10,chen,900.00,M-1\n")
        #expect(try cli.run(["import", may]).status == 0)
        let endsInApril = try cli.write("ends.toml", original.replacingOccurrences(of: "joined = \"2024-03\"", with: "joined = \"2024-03\"\nleft = \"2024-04\""))
        let orphan = try cli.run(["network", "apply", endsInApril, "--from", "2024-05"])
        #expect(orphan.status == 1)
        #expect(orphan.stderr.contains("member 'chen' has income imported in 2024-05 but is not active in 2024-05"), "\(orphan.stderr)")
    }

    @Test func networkFileMistakesAreNamed() throws {
        let cli = try CLI()
        let noCurrency = try cli.write("a.toml", "[network]\nshare_percent = \"10\"\ncurrency = \"NZD\"\n[[pod]]\nid = \"a\"\npolicy = \"equal\"\n")
        let missing = try cli.run(["init", "--network", noCurrency])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no currency: add currency = \"NZD\""), "\(missing.stderr)")
        #expect(missing.stderr.contains("the currency written under [network] belongs to that table"))
        let stray = try cli.write("b.toml", "currency = \"NZD\"\n[[pod]]\nid = \"a\"\npolicy = \"average\"\nwindow = 3\nfloor = \"100.00\"\n")
        let ignored = try cli.run(["init", "--network", stray])
        #expect(ignored.status == 1)
        #expect(ignored.stderr.contains("pod 'a': floor is a setting of policy \"floor\" pods; remove it, or set policy = \"floor\""), "\(ignored.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.ledger))
    }

    @Test func helpListsEachCommandsFormatsAndNoPhantomFlags() throws {
        let cli = try CLI()
        let balance = try cli.run(["balance", "--help"], useLedger: false).stdout
        #expect(balance.contains("values: text, md, csv, json"), "\(balance)")
        #expect(!balance.contains("html"))
        let redistribute = try cli.run(["redistribute", "--help"], useLedger: false).stdout
        #expect(!redistribute.contains("--json"))
        #expect(redistribute.contains("values: text, json"))
        let created = try cli.run(["init", "--network", CLI.golden.appendingPathComponent("network.toml").path]).stdout
        #expect(created.contains("network: 1 pod, 3 members"), "\(created)")
        #expect(try cli.run(["--version"], useLedger: false).stdout == "0.2.0\n")
        #expect(try cli.run(["--ledger", cli.ledger, "sample", "--pods", "1", "--months", "1", "--output-dir", "s"], useLedger: false).status == 0)
        let early = try cli.run(["network", "show", "--through", "2023-12"])
        #expect(early.stderr.contains("month 2023-12 is before the network's first month 2024-01"), "\(early.stderr)")
    }

    /// A zero-amount row (banks and hledger write them) is skipped and counted, not a failure of the file.
    @Test func aZeroAmountRowIsSkippedAndCounted() throws {
        let cli = try CLI.withNetwork()
        let file = try cli.write("zero.csv", "date,member,amount\n2024-01-05,alice,0.00\n2024-01-06,alice,10.00\n")
        let result = try cli.run(["import", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("1 new row, 0 already present, 1 with a zero amount skipped."), "\(result.stdout)")
        #expect(try cli.sqlite("SELECT COUNT(*) FROM entries;").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// Before closing, `redistribute` warns about active members without an income row (a forgotten import?);
    /// `--strict` refuses such a month and closes nothing; the dry run lists them.
    @Test func closingWarnsAboutMembersWithoutIncome() throws {
        let cli = try CLI.withNetwork()
        #expect(try cli.run(["import", try cli.write("alice.csv", "date,member,amount\n2024-01-05,alice,4000.00\n")]).status == 0)
        let dry = try cli.run(["redistribute", "--month", "2024-01", "--dry-run", "--format", "json"])
        #expect(dry.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        #expect(object["members_without_income"] as? [String] == ["ben"])
        #expect(dry.stderr.contains("podledger: warning: 2024-01: no income rows for ben (active)"), "\(dry.stderr)")
        let before = try cli.dump()
        let strict = try cli.run(["redistribute", "--month", "2024-01", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("2024-01: no income rows for ben, active in 2024-01"), "\(strict.stderr)")
        #expect(try cli.dump() == before)
        let closed = try cli.run(["redistribute", "--month", "2024-01"])
        #expect(closed.status == 0)
        #expect(closed.stdout.contains("No income rows for ben (active this month)"))
        #expect(closed.stderr.contains("warning: 2024-01: no income rows for ben"))
    }
}
