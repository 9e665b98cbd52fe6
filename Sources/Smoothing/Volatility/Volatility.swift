import LedgerCore

/// Income volatility before and after smoothing, over a range of closed months (issue item 5).
///
/// "Before" is gross income `I_m`; "after" is net income `net_m` (SPEC §5 step 9). All figures are exact
/// integer arithmetic; the only rounding is the final floor of each figure (see `docs/smoothing.md`).
public enum Volatility {
    /// Figures per member and per pod over `results` (the months of the range, any order).
    ///
    /// A member counts in the months in which they were active (appear in a `PodResult`), under the pod they
    /// were in that month. The floor of a month comes from that month's result, so no settings are needed: in a
    /// floor pod the member's floor that month (their own or the pod's `F`, plus any tier bonus), and 0 for
    /// `average` and `equal` pods (for them "below the floor" means a month with a loss).
    public static func figures(results: [MonthResult]) -> VolatilityReport {
        let ordered = results.sorted { $0.month < $1.month }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) {
            precondition(earlier.month != later.month, "volatility over month \(later.month) given twice")
        }
        var observationsByPod: [PodID: [MemberID: [Observation]]] = [:]
        for result in ordered {
            for pod in result.pods {
                let podThreshold = pod.policy.floorMinor ?? 0
                for member in pod.members {
                    observationsByPod[pod.pod, default: [:]][member.member, default: []].append(
                        Observation(month: result.month, member: member.member, grossMinor: member.incomeMinor,
                                    netMinor: member.netMinor, floorMinor: member.floorMinor ?? podThreshold))
                }
            }
        }
        let pods = observationsByPod.keys.sorted().map { pod -> PodVolatility in
            let byMember = observationsByPod[pod]!
            let memberIDs = byMember.keys.sorted()
            let members = memberIDs.map { MemberVolatility(pod: pod, member: $0, figures: figures(groups: [byMember[$0]!])) }
            return PodVolatility(pod: pod, members: members, figures: figures(groups: memberIDs.map { byMember[$0]! }))
        }
        return VolatilityReport(months: ordered.map(\.month), pods: pods)
    }

    /// One month of one member: gross income, net income and the floor it is measured against.
    public struct MemberMonth: Hashable, Sendable {
        public let month: Month
        public let grossMinor: Int64
        public let netMinor: Int64
        public let floorMinor: Int64

        public init(month: Month, grossMinor: Int64, netMinor: Int64, floorMinor: Int64) {
            self.month = month
            self.grossMinor = grossMinor
            self.netMinor = netMinor
            self.floorMinor = floorMinor
        }
    }

    /// Figures for one member over their months (any order), pooled across pods if the member moved: each
    /// month keeps its own pod's floor, but all months count as one member's. Nil for no months.
    public static func figures(months: [MemberMonth], member: MemberID = MemberID(unchecked: "member")) -> VolatilityFigures? {
        guard !months.isEmpty else { return nil }
        return figures(groups: [months.sorted { $0.month < $1.month }.map {
            Observation(month: $0.month, member: member, grossMinor: $0.grossMinor, netMinor: $0.netMinor, floorMinor: $0.floorMinor)
        }])
    }

    /// `figures(months:)` of one member in `results` (any order); nil when the member is in none of them.
    public static func figures(member: MemberID, results: [MonthResult]) -> VolatilityFigures? {
        var months: [MemberMonth] = []
        for result in results {
            for pod in result.pods {
                guard let line = pod.members.first(where: { $0.member == member }) else { continue }
                months.append(MemberMonth(month: result.month, grossMinor: line.incomeMinor, netMinor: line.netMinor,
                                          floorMinor: line.floorMinor ?? pod.policy.floorMinor ?? 0))
            }
        }
        return figures(months: months, member: member)
    }

    struct Observation {
        let month: Month
        let member: MemberID
        let grossMinor: Int64
        let netMinor: Int64
        let floorMinor: Int64
    }

    /// Figures over groups of observations: one group for a member, one group per member for a pod.
    static func figures(groups: [[Observation]]) -> VolatilityFigures {
        let all = groups.flatMap { $0 }
        precondition(!all.isEmpty, "volatility of no months")
        var gross = ExactSum()
        var net = ExactSum()
        for observation in all {
            gross.add(observation.grossMinor)
            net.add(observation.netMinor)
        }
        func worst(_ amount: (Observation) -> Int64) -> WorstMonth {
            let lowest = all.min { lhs, rhs in
                (amount(lhs), lhs.month.ordinal, lhs.member.raw) < (amount(rhs), rhs.month.ordinal, rhs.member.raw)
            }!
            return WorstMonth(month: lowest.month, member: lowest.member, amountMinor: amount(lowest))
        }
        return VolatilityFigures(
            monthsCount: all.count,
            meanIncomeMinor: gross.floorMean(count: all.count),
            meanNetMinor: net.floorMean(count: all.count),
            coefficientOfVariationBeforeBasisPoints: coefficientOfVariationBasisPoints(groups.map { $0.map(\.grossMinor) }),
            coefficientOfVariationAfterBasisPoints: coefficientOfVariationBasisPoints(groups.map { $0.map(\.netMinor) }),
            monthsBelowFloorBefore: all.filter { $0.grossMinor < $0.floorMinor }.count,
            monthsBelowFloorAfter: all.filter { $0.netMinor < $0.floorMinor }.count,
            worstMonthBefore: worst(\.grossMinor),
            worstMonthAfter: worst(\.netMinor))
    }

    /// `⌊10000·σ/μ⌋` where `μ` is the mean of all values and `σ²` the pooled within-group population variance
    /// `(1/N)·Σ_g Σ_t (x_gt − μ_g)²`, `μ_g` each group's own mean. For one group this is the ordinary
    /// population coefficient of variation. Nil when the mean is not positive (CV is meaningless there).
    ///
    /// Exact: with `n_g` values, `S_g = Σx`, `Q_g = Σx²`, `D_g = n_g·Q_g − S_g²` (so `Σ_t (x−μ_g)² = D_g/n_g`),
    /// `N = Σn_g`, `X = ΣS_g`: `CV = √(N·Σ_g D_g/n_g) / X`, and `⌊10000·CV⌋ = ⌊√Y⌋ ÷ X` with
    /// `Y = ⌊10^8·N·Σ_g D_g/n_g⌋` (flooring inside the root does not change the floor of the root, and
    /// `⌊⌊r⌋/X⌋ = ⌊r/X⌋` for a positive integer `X`). Saturates at `Int64.max` for a mean of a few cents
    /// against large swings.
    static func coefficientOfVariationBasisPoints(_ groups: [[Int64]]) -> Int64? {
        var total = ExactSum()
        var count = 0
        var commonDenominator = BigNatural(1)
        var parts: [(count: BigNatural, deviations: BigNatural)] = []
        for values in groups where !values.isEmpty {
            var sum = ExactSum()
            var squares = BigNatural.zero
            for value in values {
                sum.add(value)
                total.add(value)
                let magnitude = BigNatural(value.magnitude)
                squares = squares + magnitude * magnitude
            }
            let n = BigNatural(values.count)
            count += values.count
            // D_g = n·Q − S² ≥ 0 (Cauchy–Schwarz).
            parts.append((n, n * squares - sum.magnitude * sum.magnitude))
            commonDenominator = commonDenominator * n / BigNatural.greatestCommonDivisor(commonDenominator, n)
        }
        guard count > 0, total.isPositive else { return nil }
        var numerator = BigNatural.zero  // Σ_g D_g·(L/n_g), so Σ_g D_g/n_g = numerator / L
        for part in parts { numerator = numerator + part.deviations * (commonDenominator / part.count) }
        let scaled = BigNatural(100_000_000) * BigNatural(count) * numerator / commonDenominator
        let basisPoints = scaled.squareRootFloor() / total.magnitude
        guard let value = basisPoints.uint64, value <= UInt64(Int64.max) else { return Int64.max }
        return Int64(value)
    }
}

/// The lowest monthly amount in a range: which month, whose, how much.
public struct WorstMonth: Hashable, Sendable {
    public let month: Month
    public let member: MemberID
    public let amountMinor: Int64

    public init(month: Month, member: MemberID, amountMinor: Int64) {
        self.month = month
        self.member = member
        self.amountMinor = amountMinor
    }
}

/// Volatility figures for one member or one pod. "Before" is gross income, "after" is net income.
///
/// For a member, one observation is one month in which the member was active. For a pod, one observation
/// is one member-month (each active member in each month): means are per member per month, counts are
/// member-months, and the coefficient of variation pools each member's swings around their own mean.
public struct VolatilityFigures: Hashable, Sendable {
    /// Observations: months (member) or member-months (pod).
    public let monthsCount: Int
    /// Mean gross monthly income, floor (÷) of the exact mean.
    public let meanIncomeMinor: Int64
    /// Mean net monthly income, floor (÷) of the exact mean.
    public let meanNetMinor: Int64
    /// Coefficient of variation of gross income, in basis points (1500 = 15.00%), floored; nil when the mean is ≤ 0.
    public let coefficientOfVariationBeforeBasisPoints: Int64?
    /// Coefficient of variation of net income, in basis points, floored; nil when the mean is ≤ 0.
    public let coefficientOfVariationAfterBasisPoints: Int64?
    /// Observations with gross income below the month's floor (`F` for floor pods, else 0).
    public let monthsBelowFloorBefore: Int
    /// Observations with net income below the month's floor.
    public let monthsBelowFloorAfter: Int
    /// Lowest gross income (ties: earliest month, then smaller member id).
    public let worstMonthBefore: WorstMonth
    /// Lowest net income (same ties).
    public let worstMonthAfter: WorstMonth

    public init(monthsCount: Int, meanIncomeMinor: Int64, meanNetMinor: Int64,
                coefficientOfVariationBeforeBasisPoints: Int64?, coefficientOfVariationAfterBasisPoints: Int64?,
                monthsBelowFloorBefore: Int, monthsBelowFloorAfter: Int, worstMonthBefore: WorstMonth, worstMonthAfter: WorstMonth) {
        self.monthsCount = monthsCount
        self.meanIncomeMinor = meanIncomeMinor
        self.meanNetMinor = meanNetMinor
        self.coefficientOfVariationBeforeBasisPoints = coefficientOfVariationBeforeBasisPoints
        self.coefficientOfVariationAfterBasisPoints = coefficientOfVariationAfterBasisPoints
        self.monthsBelowFloorBefore = monthsBelowFloorBefore
        self.monthsBelowFloorAfter = monthsBelowFloorAfter
        self.worstMonthBefore = worstMonthBefore
        self.worstMonthAfter = worstMonthAfter
    }
}

public struct MemberVolatility: Hashable, Sendable {
    public let pod: PodID
    public let member: MemberID
    /// Over the months in which the member was active in `pod`.
    public let figures: VolatilityFigures

    public init(pod: PodID, member: MemberID, figures: VolatilityFigures) {
        self.pod = pod
        self.member = member
        self.figures = figures
    }
}

public struct PodVolatility: Hashable, Sendable {
    public let pod: PodID
    /// The pod's members with at least one active month in the range, sorted by id.
    public let members: [MemberVolatility]
    /// Over every member-month of the pod.
    public let figures: VolatilityFigures

    public init(pod: PodID, members: [MemberVolatility], figures: VolatilityFigures) {
        self.pod = pod
        self.members = members
        self.figures = figures
    }
}

/// A statement's volatility section: one row per pod, and one per member under it.
public struct VolatilityReport: Hashable, Sendable {
    /// The months covered, in order.
    public let months: [Month]
    /// Pods with at least one active member in the range, sorted by id.
    public let pods: [PodVolatility]

    public init(months: [Month], pods: [PodVolatility]) {
        self.months = months
        self.pods = pods
    }

    public func pod(_ id: PodID) -> PodVolatility? { pods.first { $0.pod == id } }
}
