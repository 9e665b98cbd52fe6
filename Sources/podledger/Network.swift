import ArgumentParser
import LedgerCore
import PodLedger
import Statements

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
                print("recorded \(file): \(counted(version.settings.pods.count, "pod")), \(counted(version.settings.members.count, "member")), effective from \(version.effectiveFrom)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What is in effect, month by month.")

        @OptionGroup var global: GlobalOptions

        enum Format: String, FormatChoice { case text, md, csv, json }

        @Option(help: "The output format.")
        var format: Format = .text

        @Option(help: ArgumentHelp("Show months through this one.", valueName: "YYYY-MM"))
        var through: Month?

        func run() throws {
            try runReportingErrors {
                print(try global.openLedger(readOnly: true).networkOverview(through: through).render(format.report), terminator: "")
            }
        }
    }
}
