import ArgumentParser
import LedgerCore
import PodLedger

struct Balance: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Account balances, from the postings.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Balances at the end of this month (default: all entries).", valueName: "YYYY-MM"))
    var month: Month?

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    func validate() throws {
        guard [.text, .json, .csv].contains(format) else { throw ValidationError("--format must be text, json or csv") }
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            let balances = try ledger.balances(through: month)
            print(BalanceReport.render(balances, currency: ledger.currency, month: month, format: format.rawValue), terminator: "")
        }
    }
}

struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Postings in entry order, with a running total.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only this account, e.g. members:aurora:alice.", valueName: "ACCOUNT"))
    var account: Account?

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            var total: Int64 = 0
            var out = RegisterReport.header()
            try ledger.register(account: account) { line in
                total += line.amountMinor
                out += RegisterReport.line(line, runningMinor: total, currency: ledger.currency)
                if out.utf8.count > 64 * 1024 {
                    print(out, terminator: "")
                    out = ""
                }
            }
            print(out, terminator: "")
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify every invariant of the ledger; silent and exit 0 when all hold."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Also run SQLite's full integrity_check (slower: reads every index entry) instead of its quick_check.")
    var full = false

    func run() throws {
        try runReportingErrors {
            let problems = try Ledger.check(at: global.ledgerPath, full: full)
            guard problems.isEmpty else {
                for problem in problems { printError("podledger: check failed: \(problem)") }
                throw ExitCode(1)
            }
        }
    }
}
