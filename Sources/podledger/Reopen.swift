import ArgumentParser
import LedgerCore
import PodLedger
import Statements

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
            print("reopened \(span) (\(counted(months.count, "month"))); redistribution reversed, nothing deleted")
        }
    }
}
