import ArgumentParser
import Foundation
import LedgerCore
import PodLedger
import Statements

@main
struct PodledgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podledger",
        abstract: "A ledger for livelihood pods: import income, smooth it, print statements members trust.",
        version: Ledger.version,
        subcommands: [
            Init.self, Network.self, Import.self, Redistribute.self, Reopen.self, Statement.self, Publish.self, Pay.self, Dues.self, ExpenseCommand.self, Sickness.self,
            Reconcile.self, Balance.self, Register.self, Export.self, Check.self, Verify.self, Stats.self, Simulate.self, Advise.self, Sample.self,
        ]
    )

    /// `--ledger PATH` is global: accepted before the subcommand too (`podledger --ledger x.sqlite balance`).
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--ledger", arguments.count >= 2 {
            let path = arguments[1]
            arguments.removeFirst(2)
            arguments += ["--ledger", path]
        } else if let first = arguments.first, first.hasPrefix("--ledger=") {
            arguments.removeFirst()
            arguments.append(first)
        }
        // `sample` writes no ledger: a global --ledger given with it is accepted and ignored.
        if arguments.first == "sample", let index = arguments.firstIndex(where: { $0 == "--ledger" || $0.hasPrefix("--ledger=") }) {
            arguments.removeSubrange(index..<min(arguments.count, index + (arguments[index] == "--ledger" ? 2 : 1)))
        }
        main(arguments)
    }
}

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file.", valueName: "PATH"))
    var ledger: String?

    /// `--ledger`, else `PODLEDGER_LEDGER`, else `Ledgers/pods.sqlite` under the working directory.
    var ledgerPath: String {
        ledger ?? ProcessInfo.processInfo.environment["PODLEDGER_LEDGER"] ?? "Ledgers/pods.sqlite"
    }

    /// Opens the ledger; `readOnly` for commands that only read (they then never write to it, and work
    /// in a read-only folder).
    func openLedger(readOnly: Bool = false) throws -> Ledger {
        try Ledger.open(at: ledgerPath, readOnly: readOnly)
    }
}

/// A command's `--format` choices: each command declares the formats it writes as its own enum, so its
/// help lists exactly those; every one of them is rendered by the Statements renderers.
protocol FormatChoice: RawRepresentable<String>, ExpressibleByArgument, CaseIterable {}

extension FormatChoice {
    var report: ReportFormat { ReportFormat(rawValue: rawValue)! }
}

/// `1 pod`, `2 pods`.
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

/// Runs a command body: a domain error is one line on stderr and exit 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError("podledger: error: \(error)")
        throw ExitCode(1)
    }
}

/// Parses a `YYYY-MM` flag value.
extension Month: ExpressibleByArgument {
    public init?(argument: String) {
        guard let month = try? Month(parsing: argument) else { return nil }
        self = month
    }
}

extension Account: ExpressibleByArgument {
    public init?(argument: String) {
        guard let account = try? Account(parsing: argument) else { return nil }
        self = account
    }
}


/// Writes one line to stderr. Messages show outside text escaped already; escaping the whole line again
/// (which leaves escaped text as it is) keeps a path given on the command line, or any text a message
/// forgot to escape, from sending control characters to the terminal.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((MessageText.escaped(line) + "\n").utf8))
}
