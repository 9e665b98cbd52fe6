import ArgumentParser
import LedgerCore
import Foundation
import PodLedger

struct Redistribute: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute a month's redistribution and, without --dry-run, post it and close the month.",
        discussion: """
            Months close in order, for the whole network at once. --month closes exactly the next open month; \
            --through closes every open month up to the one given. With --json and --through, one object per month in an array.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The month to compute.", valueName: "YYYY-MM"))
    var month: Month?

    @Option(help: ArgumentHelp("Close every open month through this one.", valueName: "YYYY-MM"))
    var through: Month?

    @Flag(help: "Show what would be posted; write nothing.")
    var dryRun = false

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard (month == nil) != (through == nil) else { throw ValidationError("give exactly one of --month or --through") }
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: dryRun)
            // Each month is rendered as soon as it is computed and its result let go: a large network's
            // year of results does not fit in memory at once, its text does. Printed only once it is posted.
            var rendered: [String] = []
            try ledger.redistribute(through: (month ?? through)!, only: month != nil, dryRun: dryRun) { result, settings in
                rendered.append(format == .json
                    ? RedistributionReport.json(result, settings: settings, preview: dryRun)
                    : RedistributionReport.text(result, settings: settings, dryRun: dryRun))
            }
            if format == .json {
                print(month != nil ? rendered[0] : "[\n" + rendered.joined(separator: ",\n") + "\n]")
            } else {
                for text in rendered { print(text, terminator: "") }
            }
        }
    }
}

struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reverse a closed month and every later closed month, and open them again.",
        discussion: "Nothing is deleted: each redistribution entry gets a reversing entry. Import corrections, then close the months again."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The first month to reopen.", valueName: "YYYY-MM"))
    var month: Month

    func run() throws {
        try runReportingErrors {
            let months = try global.openLedger().reopen(month: month)
            let span = months.count == 1 ? "\(months[0])" : "\(months.first!)..\(months.last!)"
            print("reopened \(span) (\(months.count) month\(months.count == 1 ? "" : "s")); redistribution reversed, nothing deleted")
        }
    }
}
