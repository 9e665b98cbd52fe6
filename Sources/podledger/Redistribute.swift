import ArgumentParser
import LedgerCore
import Foundation
import PodLedger
import Statements

struct Redistribute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute a month's redistribution and, without --dry-run, post it and close the month.",
        discussion: """
            Months close in order, for the whole network at once. --month closes exactly the next open month; \
            --through closes every open month up to the one given. With --format json, --month prints one object \
            and --through an array with one object per month.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The month to compute.", valueName: "YYYY-MM"))
    var month: Month?

    @Option(help: ArgumentHelp("Close every open month through this one.", valueName: "YYYY-MM"))
    var through: Month?

    @Flag(help: "Show what would be posted; write nothing.")
    var dryRun = false

    @Flag(help: "Refuse to close a month in which an active member has no income row (a forgotten import?).")
    var strict = false

    enum Format: String, FormatChoice { case text, json }

    @Option(help: "The output format.")
    var format: Format = .text

    func validate() throws {
        guard (month == nil) != (through == nil) else { throw ValidationError("give exactly one of --month or --through") }
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: dryRun)
            // Each month is rendered as soon as it is computed and its result let go: a large network's
            // year of results does not fit in memory at once, its text does. Printed only once it is posted.
            // In text, every month but the last closed by --through is summed up in a paragraph: its pods are in
            // its statements (`statement --all --month`).
            var rendered: [String] = []
            var warnings: [String] = []
            var last: RedistributionReport?
            func render(_ report: RedistributionReport) {
                let text = report.render(format.report)
                rendered.append(format == .json ? String(text.dropLast()) : text)
            }
            try ledger.redistribute(through: (month ?? through)!, only: month != nil, dryRun: dryRun, strict: strict) { closed in
                let report = { (detail: RedistributionReport.Detail) in
                    RedistributionReport(result: closed.result, settings: closed.settings, dryRun: dryRun,
                                         membersWithoutIncome: closed.membersWithoutIncome, detail: detail)
                }
                if format == .json {
                    render(report(.full))
                } else {
                    if var summary = last {
                        summary.detail = .summary
                        render(summary)
                    }
                    last = report(.full)
                }
                let silent = closed.membersWithoutIncome
                if !silent.isEmpty {
                    let names = silent.prefix(10).map(\.raw).joined(separator: ", ") + (silent.count > 10 ? " and \(silent.count - 10) more" : "")
                    warnings.append("podledger: warning: \(closed.result.month): no income rows for \(names) (active); "
                        + "fine if they earned nothing, otherwise import their income (--strict refuses such months)")
                }
            }
            if let last { render(last) }
            for warning in warnings { printError(warning) }
            if format == .json {
                print(month != nil ? rendered[0] : "[\n" + rendered.joined(separator: ",\n") + "\n]")
            } else {
                print(rendered.joined(separator: "\n"), terminator: "")
            }
        }
    }
}
