import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every entry for hledger, Ledger, Beancount or a spreadsheet.",
        discussion: """
            Every entry (income, redistribution, reversal, expense, payment) with its date, description and \
            postings, by date then entry number; a month's redistribution is dated on the month's last day. \
            Amounts are as posted (debits positive), so each tool's balances equal `podledger balance`. \
            docs/exports.md gives the account-name rule of each format and how to check a file with its tool.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The format (csv: one row per posting).")
    var format: ExportFormat

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to FILE (whole or not at all) instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("Only the entries of this month and earlier (default: all).", valueName: "YYYY-MM"))
    var through: Month?

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            // Written an entry at a time: a large ledger's export is never held in memory.
            func write(_ append: (String) throws -> Void) throws {
                try ledger.export(through: through, format: format, append: append)
            }
            if let output {
                try Ledger.writeExport(to: output, streaming: write)
            } else {
                try write { print($0, terminator: "") }
            }
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
