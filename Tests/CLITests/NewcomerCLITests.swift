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
}
