import LedgerCore

/// `podledger advise`: the lowest pledge that would have met a pod's targets over months already lived.
///
/// Pure: the caller supplies the replay (`Simulation.replay` of the range under `SimulationOverrides`), so the
/// search sees exactly what `podledger simulate` shows for the same pledge. The figures and the search are
/// explained in `docs/commands.md` (section `advise`).
public enum Advice {
    /// Candidates go up in steps of half a point (50 basis points).
    public static let stepBasisPoints = 50
    /// The uniform pledges tried, lowest first: 0%, 0.5%, …, 100% (201 of them).
    public static let candidates: [Int] = Array(stride(from: 0, through: BasisPoints.hundredPercent, by: stepBasisPoints))

    /// What a pledge must achieve over the range; every target given must hold.
    public struct Targets: Hashable, Sendable {
        /// Every member of the pod has at most this many months below (`MemberFigures.monthsBelow`).
        public var maxMonthsBelow: Int?
        /// The pod's swing of net income, in basis points floored as `Volatility` gives (and `stats` shows) it, is
        /// at most this. A swing that cannot be measured (mean net income 0 or less) does not meet it.
        public var maxSwingBasisPoints: Int64?
        /// The pod's reserve closes above zero in every month of the range in which the pod has a member taking part.
        public var reserveNeverEmpty: Bool

        public init(maxMonthsBelow: Int? = nil, maxSwingBasisPoints: Int64? = nil, reserveNeverEmpty: Bool = false) {
            self.maxMonthsBelow = maxMonthsBelow
            self.maxSwingBasisPoints = maxSwingBasisPoints
            self.reserveNeverEmpty = reserveNeverEmpty
        }

        /// How many targets are given.
        public var count: Int {
            (maxMonthsBelow == nil ? 0 : 1) + (maxSwingBasisPoints == nil ? 0 : 1) + (reserveNeverEmpty ? 1 : 0)
        }

        public var isEmpty: Bool { count == 0 }
    }

    /// One member's months in the pod over the range.
    public struct MemberFigures: Hashable, Sendable {
        public let member: MemberID
        /// The pledge in the last month of the range in which the member took part.
        public let pledgeBasisPoints: Int
        /// Months of the range in which the member took part in the pod.
        public let months: Int
        /// Of those, the months below: in a `floor` month, net income below the floor (exactly the `Below` of
        /// `stats`; with the floor policy this is the same as need left unmet after the network's support); in an
        /// `average` month, need left unmet after the network's support (net below the member's own average);
        /// an `equal` month is never below.
        public let monthsBelow: Int

        public init(member: MemberID, pledgeBasisPoints: Int, months: Int, monthsBelow: Int) {
            self.member = member
            self.pledgeBasisPoints = pledgeBasisPoints
            self.months = months
            self.monthsBelow = monthsBelow
        }
    }

    /// A pod's figures over the range under one set of pledges: what the targets are checked against.
    public struct Figures: Hashable, Sendable {
        /// Members who took part in some month of the range, by id.
        public let members: [MemberFigures]
        /// False when the pod splits its pool equally in every month: it has no floor or need to fall below.
        public let hasNeed: Bool
        /// The swing of the pod's `(all)` row of `stats` after smoothing (basis points, floored); nil when not measurable.
        public let swingBasisPoints: Int64?
        /// The lowest closing balance of the pod's reserve over the months of the range.
        public let lowestReserveMinor: Int64
        /// Months whose closing reserve is zero (or less).
        public let monthsReserveEmpty: Int

        public init(members: [MemberFigures], hasNeed: Bool, swingBasisPoints: Int64?, lowestReserveMinor: Int64, monthsReserveEmpty: Int) {
            self.members = members
            self.hasNeed = hasNeed
            self.swingBasisPoints = swingBasisPoints
            self.lowestReserveMinor = lowestReserveMinor
            self.monthsReserveEmpty = monthsReserveEmpty
        }

        /// The months below of the worst-off member.
        public var mostMonthsBelow: Int { members.map(\.monthsBelow).max() ?? 0 }
        /// Months below over all members.
        public var totalMonthsBelow: Int { members.reduce(0) { $0 + $1.monthsBelow } }

        /// How many of `targets` these figures meet.
        public func targetsMet(_ targets: Targets) -> Int {
            var met = 0
            if let most = targets.maxMonthsBelow, mostMonthsBelow <= most { met += 1 }
            if let most = targets.maxSwingBasisPoints, let swing = swingBasisPoints, swing <= most { met += 1 }
            if targets.reserveNeverEmpty && monthsReserveEmpty == 0 { met += 1 }
            return met
        }

        public func meets(_ targets: Targets) -> Bool { targetsMet(targets) == targets.count }
    }

    /// The pod's figures over `results` (the months of the range, any order); nil when no member of the pod took
    /// part in any of them. Without `measuringSwing` the swing is left out (nil), which saves a search its cost.
    public static func figures(pod: PodID, results: [MonthResult], measuringSwing: Bool = true) -> Figures? {
        var tally = Tally(measuringSwing: measuringSwing)
        for result in results.sorted(by: { $0.month < $1.month }) {
            guard let podResult = result.pod(pod) else { continue }
            tally.add(podResult)
        }
        return tally.figures
    }

    /// Running counts for `figures(pod:results:)`, month by month in order.
    struct Tally {
        let measuringSwing: Bool
        var pledges: [MemberID: Int] = [:]
        var months: [MemberID: Int] = [:]
        var below: [MemberID: Int] = [:]
        var nets: [MemberID: [Int64]] = [:]
        var hasNeed = false
        var lowestReserveMinor: Int64?
        var monthsReserveEmpty = 0

        mutating func add(_ pod: PodResult) {
            if case .equal = pod.policy {} else { hasNeed = true }
            lowestReserveMinor = min(lowestReserveMinor ?? pod.reserveClosingMinor, pod.reserveClosingMinor)
            if pod.reserveClosingMinor <= 0 { monthsReserveEmpty += 1 }
            for line in pod.members {
                pledges[line.member] = line.pledgeBasisPoints
                months[line.member, default: 0] += 1
                below[line.member, default: 0] += Advice.isBelow(line, policy: pod.policy) ? 1 : 0
                nets[line.member, default: []].append(line.netMinor)
            }
        }

        var figures: Figures? {
            guard let lowestReserveMinor else { return nil }
            let ids = months.keys.sorted()
            return Figures(
                members: ids.map { MemberFigures(member: $0, pledgeBasisPoints: pledges[$0]!, months: months[$0]!, monthsBelow: below[$0]!) },
                hasNeed: hasNeed,
                swingBasisPoints: measuringSwing ? Volatility.coefficientOfVariationBasisPoints(ids.map { nets[$0]! }) : nil,
                lowestReserveMinor: lowestReserveMinor, monthsReserveEmpty: monthsReserveEmpty)
        }
    }

    /// Whether a member's month counts as below (see `MemberFigures.monthsBelow`).
    static func isBelow(_ line: MemberResult, policy: Policy) -> Bool {
        switch policy {
        case .floor(let floorMinor): return line.netMinor < (line.floorMinor ?? floorMinor)
        case .average, .sickness: return line.unmetMinor > 0
        case .equal: return false
        }
    }

    /// Why a pod cannot be advised on; each says what to do instead.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case noTargets
        case podNotInRange(PodID, from: Month, through: Month)
        /// `maxMonthsBelow` for a pod that splits its pool equally in every month of the range.
        case noFloorOrNeed(PodID, from: Month, through: Month)
        /// `reserveNeverEmpty` for a pod that splits its pool equally in every month: its reserve never moves.
        case reserveUntouched(PodID, from: Month, through: Month)

        public var description: String {
            switch self {
            case .noTargets:
                return "give at least one target: --max-months-below K, --max-swing PERCENT or --reserve-never-empty"
            case .podNotInRange(let pod, let from, let through):
                return "pod \(MessageText.quoted(pod.raw)) has no member taking part in \(Self.span(from, through)), so there is nothing to replay; "
                    + "choose months in which it has members (`podledger network show` lists them)"
            case .noFloorOrNeed(let pod, let from, let through):
                return "pod \(MessageText.quoted(pod.raw)) splits its pool equally (policy equal) in every month of \(Self.span(from, through)), "
                    + "so no member is ever below a floor or short of a need; drop --max-months-below and use --max-swing"
            case .reserveUntouched(let pod, let from, let through):
                return "pod \(MessageText.quoted(pod.raw)) splits its pool equally (policy equal) in every month of \(Self.span(from, through)), "
                    + "which never touches its reserve, so no pledge changes it; drop --reserve-never-empty and use --max-swing"
            }
        }

        static func span(_ from: Month, _ through: Month) -> String { from == through ? "\(from)" : "\(from)..\(through)" }
    }
}
