import ArgumentParser
import PodLedger
import Statements

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit the ledger: silent and exit 0 when everything holds, one line per finding and exit 1 otherwise.",
        discussion: """
            Checks the file (SQLite's quick_check), the schema and its append-only triggers, every entry and \
            income row, the balance cache, and every closed month recomputed with the calculator and compared \
            with what was posted. See docs/reliability.md.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Also run SQLite's full integrity_check (slower: reads every index entry) instead of its quick_check.")
    var full = false

    func run() throws {
        try runReportingErrors {
            let problems = try Ledger.check(at: global.ledgerPath, full: full)
            guard problems.isEmpty else {
                for problem in problems { printError("podledger: check failed: \(problem)") }
                throw ExitCode(1)
            }
        }
    }
}
