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
        static let configuration = CommandConfiguration(
            abstract: "Record a network file's values, effective from a month, and print what changed.",
            discussion: """
                Without --from the values take effect from the first open month. A member who is active in the \
                settings in effect and missing from the file is refused: give them a `left` month instead (or \
                --allow-removal). A version that would leave imported income without an active member is refused.
                """
        )

        enum Format: String, FormatChoice { case text, json }

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The network file (TOML).", valueName: "FILE"))
        var file: String

        @Option(help: ArgumentHelp("First month the values apply to (default: the first open month).", valueName: "YYYY-MM"))
        var from: Month?

        @Flag(help: "Show what would change, member by member; record nothing.")
        var dryRun = false

        @Flag(help: "Record the file even though it leaves out members of the settings in effect.")
        var allowRemoval = false

        @Option(help: "The output format.")
        var format: Format = .text

        func run() throws {
            try runReportingErrors {
                let report = try global.openLedger().applyNetwork(file: file, from: from, dryRun: dryRun, allowRemoval: allowRemoval)
                print(report.render(format.report), terminator: "")
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
