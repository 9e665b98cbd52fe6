import Foundation
import Testing

/// `podledger advise` on the demo ledger (the sample network closed through 2024-12): its text golden, the formats,
/// the advice replayed through `simulate`, and its errors and exit codes.
@Suite struct AdviseCLITests {
    static let year = ["--from", "2024-01", "--through", "2024-12"]

    /// The golden; advise writes nothing to the ledger.
    @Test func adviceGolden() throws {
        let cli = try StatementCLITests.demo()
        let before = try cli.dump()
        let result = try cli.run(["advise", "--pod", "aurora"] + Self.year + ["--max-months-below", "4", "--per-member"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try expectGolden(result.stdout, "advise.txt")
        #expect(try cli.dump() == before)
    }

    @Test func theJSONAdviceReplayedBySimulateMeetsTheTarget() throws {
        let cli = try StatementCLITests.demo()
        let result = try cli.run(["advise", "--pod", "aurora"] + Self.year + ["--max-swing", "55", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["found"] as? Bool == true)
        #expect((json["targets"] as? [String: Any])?["max_swing_bp"] as? Int == 5500)
        let pledge = try #require(json["uniform_pledge_percent"] as? String)
        let advised = try #require(json["advised"] as? [String: Any])
        #expect(advised["meets_targets"] as? Bool == true)
        // simulate at that pledge shows the same swing for the pod's (all) row, at or under 55%.
        let simulated = try cli.run(["simulate"] + Self.year + ["--pod", "aurora", "--pledge-percent", pledge, "--format", "csv"])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let row = try #require(simulated.stdout.components(separatedBy: "\r\n").first { $0.hasPrefix("aurora,(all),") })
        let swingNow = row.components(separatedBy: ",")[3]
        let swingSimulated = row.components(separatedBy: ",")[4]
        #expect(swingSimulated == advised["swing_after_percent"] as? String, "\(row)")
        #expect(swingNow != swingSimulated)
    }

    @Test func csvAndMarkdownHaveTheirTables() throws {
        let cli = try StatementCLITests.demo()
        let csv = try cli.run(["advise", "--pod", "aurora"] + Self.year + ["--max-months-below", "1", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "pod,from,through,currency,max_months_below,max_swing_percent,reserve_never_empty,per_member,found,"
                + "uniform_pledge_percent,closest_pledge_percent")
        #expect(lines[1].hasPrefix("aurora,2024-01,2024-12,NZD,1,,false,false,false,,"))
        #expect(lines.contains("member,months,pledge_today,months_below_today,pledge_advised,months_below_advised"))
        #expect(lines.contains("alice,12,15,4,40.5,3"))
        let markdown = try cli.run(["advise", "--pod", "aurora"] + Self.year + ["--max-months-below", "1", "--format", "md"])
        #expect(markdown.stdout.contains("| Member | Months | Pledge today | Below today | Pledge closest | Below closest |"))
    }

    @Test func errorsAndExitCodes() throws {
        let cli = try StatementCLITests.demo()
        let noTarget = try cli.run(["advise", "--pod", "aurora"] + Self.year)
        #expect(noTarget.status == 64)
        #expect(noTarget.stderr.contains("give at least one target: --max-months-below K, --max-swing PERCENT or --reserve-never-empty"))
        let badSwing = try cli.run(["advise", "--pod", "aurora"] + Self.year + ["--max-swing", "12.345"])
        #expect(badSwing.status == 64)
        #expect(badSwing.stderr.contains("--max-swing takes a percent of 0 or more with at most 2 decimals"))
        let unknown = try cli.run(["advise", "--pod", "nope"] + Self.year + ["--max-months-below", "1"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "podledger: error: unknown pod 'nope'; `podledger network show` lists the pods\n")
        let equal = try cli.run(["advise", "--pod", "tui"] + Self.year + ["--max-months-below", "1"])
        #expect(equal.status == 1)
        #expect(equal.stderr.hasPrefix("podledger: error: pod 'tui' splits its pool equally (policy equal) in every month of 2024-01..2024-12"))
        let late = try cli.run(["advise", "--pod", "aurora", "--from", "2025-03", "--through", "2025-04", "--max-months-below", "1"])
        #expect(late.status == 1)
        #expect(late.stderr.contains("a simulation must start at a closed month or at the first open one (2025-01), not 2025-03"))
        #expect(late.stdout.isEmpty)
    }
}
