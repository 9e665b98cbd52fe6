import ArgumentParser
import LedgerCore
import PodLedger

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Volatility before and after smoothing over closed months, per pod and member."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("First month.", valueName: "YYYY-MM"))
    var from: Month

    @Option(help: ArgumentHelp("Last month (closed).", valueName: "YYYY-MM"))
    var through: Month

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard from <= through else { throw ValidationError("--from must not be after --through") }
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            let report = try ledger.stats(from: from, through: through)
            print(format == .json ? VolatilityText.statsJSON(report, currency: ledger.currency)
                                  : VolatilityText.stats(report, currency: ledger.currency), terminator: "")
        }
    }
}
