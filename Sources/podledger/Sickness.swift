import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Sickness: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record, end and list members' sickness in sickness funds (policy = \"sickness\").",
        discussion: """
            Sickness is recorded by month. A member is sick from a month through a month, or until the period is \
            ended. Periods of one member never overlap; one that touches a closed month needs a reopen first.
            """,
        subcommands: [Add.self, End.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a member is sick from a month (through a month, or still).")

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The member.", valueName: "MEMBER"))
        var member: String

        @Option(help: ArgumentHelp("The first month of sickness.", valueName: "YYYY-MM"))
        var from: Month

        @Option(help: ArgumentHelp("The last month of sickness, if known.", valueName: "YYYY-MM"))
        var through: Month?

        func run() throws {
            try runReportingErrors {
                let member = try MemberID(self.member)
                try global.openLedger().addSickness(member: member, from: from, through: through)
                print("recorded: \(member) sick from \(from)" + (through.map { " through \($0)" } ?? ", still sick"))
            }
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a member's open period of sickness with its last month.")

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The member.", valueName: "MEMBER"))
        var member: String

        @Option(help: ArgumentHelp("The last month of sickness.", valueName: "YYYY-MM"))
        var through: Month

        func run() throws {
            try runReportingErrors {
                let member = try MemberID(self.member)
                try global.openLedger().endSickness(member: member, through: through)
                print("recorded: \(member) sick through \(through)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the periods of sickness recorded.")

        @OptionGroup var global: GlobalOptions

        enum Format: String, FormatChoice { case text, md, csv, json }

        @Option(help: "The output format.")
        var format: Format = .text

        func run() throws {
            try runReportingErrors {
                print(try global.openLedger(readOnly: true).sickness().render(format.report), terminator: "")
            }
        }
    }
}
