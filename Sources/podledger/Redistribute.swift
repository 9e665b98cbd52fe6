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
            let ledger = try global.openLedger()
            let results = try ledger.redistribute(through: (month ?? through)!, only: month != nil, dryRun: dryRun)
            let timeline = try ledger.networkTimeline()
            switch format {
            case .json:
                let objects = results.map {
                    RedistributionReport.json($0, settings: timeline.settings(for: $0.month)!, preview: dryRun)
                }
                print(month != nil ? objects[0] : "[\n" + objects.joined(separator: ",\n") + "\n]")
            default:
                // A month at a time: a large network's year is tens of megabytes of text.
                for result in results {
                    print(RedistributionReport.text(result, settings: timeline.settings(for: result.month)!, dryRun: dryRun), terminator: "")
                }
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
