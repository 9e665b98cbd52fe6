import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import income CSV files: every row of every file, or nothing.",
        discussion: "Rows already in the ledger (same key) are skipped, so re-importing a file or an overlapping export adds only new rows."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Income CSV files.", valueName: "FILE"))
    var files: [String]

    @Option(help: ArgumentHelp("An import rules file for bank exports (see docs/import-rules.md).", valueName: "FILE"))
    var rules: String?

    @Flag(help: "Check and count the rows, write nothing.")
    var dryRun = false

    enum Format: String, FormatChoice { case text, json }

    @Option(help: "The output format of the summary.")
    var format: Format = .text

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one CSV file") }
    }

    func run() throws {
        try runReportingErrors {
            print(try global.openLedger().importIncome(files: files, rulesFile: rules, dryRun: dryRun).render(format.report), terminator: "")
        }
    }
}
