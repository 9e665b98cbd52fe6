import ArgumentParser
import LedgerCore
import PodLedger
import Statements
import Smoothing

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay the recorded income under other rules and compare volatility; writes nothing.",
        discussion: """
            Pod-level overrides apply to --pod when given, else to every pod. Example: \
            podledger simulate --from 2024-01 --through 2024-12 --pledge-percent 20 --pod aurora
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("First month (closed, or the first open one).", valueName: "YYYY-MM"))
    var from: Month

    @Option(help: ArgumentHelp("Last month.", valueName: "YYYY-MM"))
    var through: Month

    @Option(help: ArgumentHelp("Limit pod-level overrides to this pod.", valueName: "POD"))
    var pod: String?

    @Option(help: ArgumentHelp("Pledge percent for every member (of --pod).", valueName: "PERCENT"))
    var pledgePercent: String?

    @Option(help: ArgumentHelp("Pledge percent for one member; repeatable.", valueName: "MEMBER=PERCENT"))
    var memberPledge: [String] = []

    @Option(help: "Policy: floor, average or equal.")
    var policy: String?

    @Option(help: ArgumentHelp("Floor for floor pods.", valueName: "AMOUNT"))
    var floor: String?

    @Option(help: ArgumentHelp("Window in months for average pods.", valueName: "MONTHS"))
    var window: Int?

    @Option(help: ArgumentHelp("Reserve target.", valueName: "AMOUNT"))
    var reserveTarget: String?

    @Option(help: "Surplus: refund, equal or reserve.")
    var surplus: String?

    @Option(help: ArgumentHelp("Network share of each pod's surplus.", valueName: "PERCENT"))
    var sharePercent: String?

    enum Format: String, FormatChoice { case text, md, csv, json }

    @Option(help: "The output format.")
    var format: Format = .text

    func validate() throws {
        guard from <= through else { throw ValidationError("--from must not be after --through") }
        if let policy, PolicyKind(rawValue: policy) == nil { throw ValidationError("--policy must be floor, average or equal") }
        if let surplus, SurplusMode(rawValue: surplus) == nil { throw ValidationError("--surplus must be refund, equal or reserve") }
        for pair in memberPledge where pair.split(separator: "=").count != 2 {
            throw ValidationError("--member-pledge takes MEMBER=PERCENT, e.g. alice=12.5")
        }
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            let digits = ledger.currency.minorDigits
            var memberPledges: [MemberID: Int] = [:]
            for pair in memberPledge {
                let parts = pair.split(separator: "=").map(String.init)
                memberPledges[try MemberID(parts[0])] = try BasisPoints.parse(parts[1])
            }
            let overrides = SimulationOverrides(
                pod: try pod.map { try PodID($0) },
                pledgeBasisPoints: try pledgePercent.map { try BasisPoints.parse($0) },
                memberPledgeBasisPoints: memberPledges,
                policy: policy.flatMap(PolicyKind.init(rawValue:)),
                floorMinor: try floor.map { try Money.parseMinor($0, minorDigits: digits) },
                windowMonths: window,
                reserveTargetMinor: try reserveTarget.map { try Money.parseMinor($0, minorDigits: digits) },
                surplus: surplus.flatMap(SurplusMode.init(rawValue:)),
                shareBasisPoints: try sharePercent.map { try BasisPoints.parse($0) })
            print(try ledger.simulate(from: from, through: through, overrides: overrides).render(format.report), terminator: "")
        }
    }
}
