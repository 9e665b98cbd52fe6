import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import income (or, with --payments or --expenses, payment or expense) CSV files: every row of every file, or nothing.",
        discussion: """
            Rows already in the ledger (same key) are skipped, so re-importing a file or an overlapping export adds \
            only new rows. Income files have the columns date, member, amount; payment files date, from, to, amount \
            (parties: a member id, pod:POD or network); expense files date, pod, amount, description; all may have \
            currency, description and reference. Other \
            layouts, such as a pod's bank export, are read with --rules.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Income CSV files (payment files with --payments).", valueName: "FILE"))
    var files: [String]

    @Flag(help: "The files record payments between members, pods and the network, not income.")
    var payments = false

    @Flag(help: "The files record pods' shared costs (date, pod, amount, description), not income.")
    var expenses = false

    @Option(help: ArgumentHelp("An import rules file for bank exports (see docs/import-rules.md).", valueName: "FILE"))
    var rules: String?

    @Flag(help: "Check and count the rows, write nothing.")
    var dryRun = false

    enum Format: String, FormatChoice { case text, json }

    @Option(help: "The output format of the summary.")
    var format: Format = .text

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one CSV file") }
        if payments && expenses { throw ValidationError("--payments and --expenses are files of different kinds; import them in two commands") }
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger()
            let report = payments ? try ledger.importPayments(files: files, rulesFile: rules, dryRun: dryRun)
                : expenses ? try ledger.importExpenses(files: files, rulesFile: rules, dryRun: dryRun)
                : try ledger.importIncome(files: files, rulesFile: rules, dryRun: dryRun)
            print(report.render(format.report), terminator: "")
        }
    }
}
