import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Volatility before and after smoothing over closed months, per pod and member."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("First month.", valueName: "YYYY-MM"))
    var from: Month

    @Option(help: ArgumentHelp("Last month (closed).", valueName: "YYYY-MM"))
    var through: Month

    enum Format: String, FormatChoice { case text, md, csv, json }

    @Option(help: "The output format.")
    var format: Format = .text

    func validate() throws {
        guard from <= through else { throw ValidationError("--from must not be after --through") }
    }

    func run() throws {
        try runReportingErrors {
            print(try global.openLedger(readOnly: true).stats(from: from, through: through).render(format.report), terminator: "")
        }
    }
}
