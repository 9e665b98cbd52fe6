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

    @Option(help: ArgumentHelp("The levy's flat fee a month, for every pod (of --pod).", valueName: "AMOUNT"))
    var levyFee: String?

    @Option(help: ArgumentHelp("The levy's share of gross income, for every pod (of --pod).", valueName: "PERCENT"))
    var levyGrossPercent: String?

    @Option(help: ArgumentHelp("A reserve tier for floor and average pods (of --pod), replacing theirs; repeatable.", valueName: "RESERVE:BONUS"))
    var tier: [String] = []

    @Flag(help: "Simulate without the pods' reserve tiers (of --pod).")
    var noTiers = false

    @Option(help: ArgumentHelp("A member's own floor (floor pods); repeatable.", valueName: "MEMBER=AMOUNT"))
    var memberFloor: [String] = []

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
        for pair in memberFloor where pair.split(separator: "=").count != 2 {
            throw ValidationError("--member-floor takes MEMBER=AMOUNT, e.g. ana=1800.00")
        }
        for pair in tier where pair.split(separator: ":").count != 2 {
            throw ValidationError("--tier takes RESERVE:BONUS, e.g. 8000.00:500.00 (from a reserve of 8,000.00, floors rise by 500.00)")
        }
        if noTiers && !tier.isEmpty { throw ValidationError("--no-tiers and --tier contradict each other; give one") }
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
            var overrides = SimulationOverrides(
                pod: try pod.map { try PodID($0) },
                pledgeBasisPoints: try pledgePercent.map { try BasisPoints.parse($0) },
                memberPledgeBasisPoints: memberPledges,
                policy: policy.flatMap(PolicyKind.init(rawValue:)),
                floorMinor: try floor.map { try Money.parseMinor($0, minorDigits: digits) },
                windowMonths: window,
                reserveTargetMinor: try reserveTarget.map { try Money.parseMinor($0, minorDigits: digits) },
                surplus: surplus.flatMap(SurplusMode.init(rawValue:)),
                shareBasisPoints: try sharePercent.map { try BasisPoints.parse($0) })
            overrides.levyFeeMinor = try levyFee.map { try Money.parseMinor($0, minorDigits: digits) }
            overrides.levyGrossBasisPoints = try levyGrossPercent.map { try BasisPoints.parse($0) }
            for pair in memberFloor {
                let parts = pair.split(separator: "=").map(String.init)
                overrides.memberFloorMinor[try MemberID(parts[0])] = try Money.parseMinor(parts[1], minorDigits: digits)
            }
            if noTiers { overrides.tiers = [] }
            if !tier.isEmpty {
                overrides.tiers = try tier.map { pair in
                    let parts = pair.split(separator: ":").map(String.init)
                    return ReserveTier(reserveAtLeastMinor: try Money.parseMinor(parts[0], minorDigits: digits),
                                       floorBonusMinor: try Money.parseMinor(parts[1], minorDigits: digits))
                }
            }
            print(try ledger.simulate(from: from, through: through, overrides: overrides).render(format.report), terminator: "")
        }
    }
}
