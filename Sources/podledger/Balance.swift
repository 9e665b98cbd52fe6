import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Balance: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Account balances, from the postings.")

    enum Format: String, FormatChoice { case text, md, csv, json }

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Balances at the end of this month (default: all entries).", valueName: "YYYY-MM"))
    var month: Month?

    @Option(help: "The output format.")
    var format: Format = .text

    func run() throws {
        try runReportingErrors {
            print(try global.openLedger(readOnly: true).balances(through: month).render(format.report), terminator: "")
        }
    }
}
