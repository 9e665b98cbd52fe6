import ArgumentParser
import LedgerCore
import PodLedger

struct Network: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record or show pods, members, pledges and policies.",
        subcommands: [Apply.self, Show.self]
    )

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a network file's values, effective from a month.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The network file (TOML).", valueName: "FILE"))
        var file: String

        @Option(help: ArgumentHelp("First month the values apply to (default: the first open month).", valueName: "YYYY-MM"))
        var from: Month?

        func run() throws {
            try runReportingErrors {
                let version = try global.openLedger().applyNetwork(file: file, from: from)
                print("recorded \(file): \(version.settings.pods.count) pods, \(version.settings.members.count) members, effective from \(version.effectiveFrom)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What is in effect, month by month.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Option(help: ArgumentHelp("Show months through this one.", valueName: "YYYY-MM"))
        var through: Month?

        func validate() throws {
            guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
        }

        func run() throws {
            try runReportingErrors {
                let months = try global.openLedger(readOnly: true).networkMonths(through: through)
                guard !months.isEmpty else { throw PodLedgerError.noNetwork }
                print(format == .json ? NetworkReport.json(months) : NetworkReport.text(months), terminator: "")
            }
        }
    }
}
