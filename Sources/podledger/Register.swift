import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Postings in entry order, with a running total.")

    enum Format: String, FormatChoice { case text, csv, json }

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only this account, e.g. members:aurora:alice.", valueName: "ACCOUNT"))
    var account: Account?

    @Option(help: "The output format.")
    var format: Format = .text

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            var report = RegisterReport(currency: ledger.currency, format: format.report)
            // Printed a chunk at a time: a large ledger's register is never held in memory.
            var chunk: [RegisterReport.Line] = []
            var started = false
            try ledger.register(account: account) { line in
                if !started {
                    print(report.header(), terminator: "")
                    started = true
                }
                chunk.append(line)
                if chunk.count == 1_000 {
                    print(report.render(chunk), terminator: "")
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !started { print(report.header(), terminator: "") }
            print(report.render(chunk) + report.footer(), terminator: "")
        }
    }
}
