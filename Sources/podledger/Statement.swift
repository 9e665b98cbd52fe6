import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Statement: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a pod's, a member's or the network's statement, or write every statement of a month.",
        discussion: """
            A closed month's statement is checked against the ledger before it is printed; an open month is shown \
            as a preview, marked as such. --member takes --from/--through (--through alone: the year to date), or \
            --month. --all writes every pod's statement, every active member's year to date and the network \
            statement for --month into --output-dir (default Reports/), as HTML and Markdown unless --format is \
            given (repeat it for several formats).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pod's statement.", valueName: "POD"))
    var pod: String?

    @Option(help: ArgumentHelp("The member's statement over a range of months.", valueName: "MEMBER"))
    var member: String?

    @Flag(help: "The network's statement: every pod and the network reserve.")
    var network = false

    @Flag(help: "Every pod's, member's and the network's statement for --month, written to --output-dir.")
    var all = false

    @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM"))
    var month: Month?

    @Option(help: ArgumentHelp("First month of a member statement.", valueName: "YYYY-MM"))
    var from: Month?

    @Option(help: ArgumentHelp("Last month of a member statement.", valueName: "YYYY-MM"))
    var through: Month?

    enum Format: String, FormatChoice { case text, md, csv, json, html }

    @Option(help: "The output format (default text; with --all, html and md; repeat it with --all for several).")
    var format: [Format] = []

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("With --all: the directory to write into.", valueName: "DIR"))
    var outputDir: String?

    func validate() throws {
        let chosen = [pod != nil, member != nil, network, all].filter { $0 }.count
        guard chosen == 1 else { throw ValidationError("give exactly one of --pod, --member, --network or --all") }
        if member != nil {
            if month != nil {
                guard from == nil && through == nil else { throw ValidationError("give --month or --from/--through, not both") }
            } else {
                guard let through else { throw ValidationError("--member needs --month, or --through (and optionally --from)") }
                if let from, from > through { throw ValidationError("--from \(from) is after --through \(through)") }
            }
        } else {
            guard month != nil else { throw ValidationError("--month is required with --pod, --network and --all") }
            guard from == nil && through == nil else { throw ValidationError("--from/--through go with --member only; use --month") }
        }
        if all {
            guard output == nil else { throw ValidationError("--all writes one file per statement: use --output-dir, not -o") }
        } else {
            guard outputDir == nil else { throw ValidationError("--output-dir goes with --all; use -o FILE for one statement") }
            guard format.count <= 1 else { throw ValidationError("give --format once (several formats go with --all)") }
        }
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            let formats = format.map(\.report)
            if all {
                let directory = outputDir ?? "Reports"
                let written = try ledger.writeAll(month: month!, outputDirectory: directory,
                                                  formats: formats.isEmpty ? [.html, .md] : formats)
                print("wrote \(written.count) statement file\(written.count == 1 ? "" : "s") for \(month!) to \(directory):")
                for path in written { print("  " + path) }
                return
            }
            let chosen = formats.first ?? .text
            let text: String
            if let pod {
                text = try ledger.podStatement(pod: pod, month: month!).render(chosen)
            } else if let member {
                let last = month ?? through!
                let first = month ?? from ?? Month(year: last.year, month: 1)!
                text = try ledger.memberStatement(member: member, from: first, through: last).render(chosen)
            } else {
                text = try ledger.networkStatement(month: month!).render(chosen)
            }
            if let output {
                try Ledger.writeStatement(text, to: output)
            } else {
                // Every renderer ends its output with a line end (CRLF in CSV): print it exactly as rendered.
                print(text, terminator: "")
            }
        }
    }
}
