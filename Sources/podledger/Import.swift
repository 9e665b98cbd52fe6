import ArgumentParser
import LedgerCore
import PodLedger

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

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one CSV file") }
    }

    func run() throws {
        try runReportingErrors {
            let summary = try global.openLedger().importIncome(files: files, rulesFile: rules, dryRun: dryRun)
            print(ImportReport.text(summary), terminator: "")
        }
    }
}
