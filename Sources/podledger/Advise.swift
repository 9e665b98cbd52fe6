import ArgumentParser
import LedgerCore
import PodLedger
import Smoothing
import Statements

struct Advise: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The lowest pledge that would have met a pod's targets over past months; writes nothing.",
        discussion: """
            Replays the recorded income of --from through --through for every uniform pledge of the pod from 0% to \
            100% in steps of 0.5 points, lowest first, and prints the first that meets every target given. Example: \
            podledger advise --pod aurora --from 2024-01 --through 2024-12 --max-months-below 2
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pod to advise.", valueName: "POD"))
    var pod: String

    @Option(help: ArgumentHelp("First month (closed, or the first open one).", valueName: "YYYY-MM"))
    var from: Month

    @Option(help: ArgumentHelp("Last month.", valueName: "YYYY-MM"))
    var through: Month

    @Option(help: ArgumentHelp("Target: every member below the floor (or short of their average) in at most K months.", valueName: "K"))
    var maxMonthsBelow: Int?

    @Option(help: ArgumentHelp("Target: the pod's swing of net income at most this percent (e.g. 12.5).", valueName: "PERCENT"))
    var maxSwing: String?

    @Flag(help: "Target: the pod's reserve above zero at the end of every month.")
    var reserveNeverEmpty = false

    @Flag(help: "Then lower each member's pledge in turn while the targets hold.")
    var perMember = false

    enum Format: String, FormatChoice { case text, md, csv, json }

    @Option(help: "The output format.")
    var format: Format = .text

    func validate() throws {
        guard from <= through else { throw ValidationError("--from must not be after --through") }
        guard maxMonthsBelow != nil || maxSwing != nil || reserveNeverEmpty else {
            throw ValidationError("give at least one target: --max-months-below K, --max-swing PERCENT or --reserve-never-empty")
        }
        if let maxMonthsBelow, maxMonthsBelow < 0 {
            throw ValidationError("--max-months-below must be 0 or more (a number of months), not \(maxMonthsBelow)")
        }
        if let maxSwing { _ = try Self.swingBasisPoints(maxSwing) }
    }

    /// `12.5` as 1250 basis points: a percent of 0 or more with at most 2 decimals (a swing may pass 100%).
    static func swingBasisPoints(_ text: String) throws -> Int64 {
        guard let value = try? Money.parseMinor(text, minorDigits: 2), value >= 0 else {
            throw ValidationError("--max-swing takes a percent of 0 or more with at most 2 decimals, e.g. 12.5; got \(MessageText.quoted(text))")
        }
        return value
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            let targets = Advice.Targets(maxMonthsBelow: maxMonthsBelow, maxSwingBasisPoints: try maxSwing.map(Self.swingBasisPoints),
                                         reserveNeverEmpty: reserveNeverEmpty)
            let report = try ledger.advise(pod: try PodID(pod), from: from, through: through, targets: targets, perMember: perMember)
            print(report.render(format.report), terminator: "")
        }
    }
}
