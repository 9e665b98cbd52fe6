import Foundation
import Testing

@Suite(.serialized) struct RedistributeCLITests {
    static func importedLedger() throws -> CLI {
        let cli = try CLI.withNetwork()
        let result = try cli.run(["import", CLI.golden.appendingPathComponent("good.csv").path])
        #expect(result.status == 0, "\(result.stderr)")
        return cli
    }

    @Test func dryRunPrintsTheMonthAndWritesNothing() throws {
        let cli = try Self.importedLedger()
        let before = try cli.dump()
        let json = try cli.run(["redistribute", "--month", "2024-01", "--dry-run", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        try expectGolden(json.stdout, "redistribute-2024-01.json")
        #expect(try cli.dump() == before)
    }

    @Test func closingThroughAMonthPostsBalancedEntriesAndReopenReversesThem() throws {
        let cli = try Self.importedLedger()
        let closed = try cli.run(["redistribute", "--through", "2024-03"])
        #expect(closed.status == 0, "\(closed.stderr)")
        try expectGolden(closed.stdout, "redistribute-through-2024-03.txt")
        #expect(try cli.run(["check"]).status == 0)
        let balances = try cli.run(["balance", "--format", "csv"]).stdout

        let again = try cli.run(["redistribute", "--month", "2024-02"])
        #expect(again.status == 1)
        #expect(again.stderr == "podledger: error: month 2024-02 is already closed; to change it run `podledger reopen --month 2024-02` first\n")

        let lateRow = try cli.write("late.csv", "date,member,amount,reference\n2024-02-27,ben,100.00,LATE\n")
        let refused = try cli.run(["import", lateRow])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("late.csv:2: 1 new row is dated in closed month 2024-02 (rows already in the ledger are fine); nothing was imported: reopen with `podledger reopen --month 2024-02`"), "\(refused.stderr)")

        let reopened = try cli.run(["reopen", "--month", "2024-02"])
        #expect(reopened.stdout == "reopened 2024-02..2024-03 (2 months); redistribution reversed, nothing deleted\n")
        #expect(try cli.run(["check"]).status == 0)
        let reclosed = try cli.run(["redistribute", "--through", "2024-03"])
        #expect(reclosed.status == 0)
        #expect(try cli.run(["balance", "--format", "csv"]).stdout == balances)
        #expect(try cli.run(["check"]).status == 0)
        // Nothing was deleted: the reversals are there beside the first postings.
        #expect(try cli.sqlite("SELECT count(*) FROM entries WHERE kind = 'reversal';").trimmingCharacters(in: .whitespacesAndNewlines) != "0")
    }

    @Test func monthsCloseInOrder() throws {
        let cli = try Self.importedLedger()
        let early = try cli.run(["redistribute", "--month", "2024-02"])
        #expect(early.status == 1)
        #expect(early.stderr.contains("the next open month is 2024-01"))
        #expect(try cli.run(["redistribute", "--month", "2024-01", "--through", "2024-02"]).status == 64)
    }

    @Test func statsAndSimulateCompareVolatility() throws {
        let cli = try Self.importedLedger()
        #expect(try cli.run(["stats", "--from", "2024-01", "--through", "2024-03"]).status == 1)
        #expect(try cli.run(["redistribute", "--through", "2024-03"]).status == 0)
        let stats = try cli.run(["stats", "--from", "2024-01", "--through", "2024-03"])
        #expect(stats.status == 0, "\(stats.stderr)")
        try expectGolden(stats.stdout, "stats-2024-q1.txt")
        let simulation = try cli.run(["simulate", "--from", "2024-01", "--through", "2024-03", "--pledge-percent", "30"])
        #expect(simulation.status == 0, "\(simulation.stderr)")
        try expectGolden(simulation.stdout, "simulate-2024-q1.txt")
        let unchanged = try cli.run(["simulate", "--from", "2024-01", "--through", "2024-03", "--format", "json"])
        #expect(unchanged.stdout.contains("\"rule_changes\": []"))
    }
}
