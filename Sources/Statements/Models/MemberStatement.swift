import LedgerCore
import Smoothing

/// One member over a range of months: each month's income, contribution, received and net, totals for
/// the year to date, and optionally how much steadier the pod made their income.
public struct MemberStatement: Hashable, Sendable {
    public struct MonthLine: Hashable, Sendable {
        public let month: Month
        public let pod: PodID
        public let incomeMinor: Int64
        public let contributionMinor: Int64
        public let receivedFromPodMinor: Int64
        public let receivedFromNetworkMinor: Int64
        /// The floor of the pod's policy that month; nil for `average` and `equal` pods (whose volatility
        /// figures count months below zero instead).
        public let floorMinor: Int64?
        /// The month is open: its figures may still change.
        public let preview: Bool

        public var receivedMinor: Int64 { receivedFromPodMinor + receivedFromNetworkMinor }
        public var netMinor: Int64 { incomeMinor - contributionMinor + receivedMinor }
    }

    public struct Totals: Hashable, Sendable {
        public let monthsCount: Int
        public let incomeMinor: Int64
        public let contributionMinor: Int64
        public let receivedMinor: Int64
        public var netMinor: Int64 { incomeMinor - contributionMinor + receivedMinor }

        init(_ lines: [MonthLine]) {
            monthsCount = lines.count
            incomeMinor = lines.reduce(0) { $0 + $1.incomeMinor }
            contributionMinor = lines.reduce(0) { $0 + $1.contributionMinor }
            receivedMinor = lines.reduce(0) { $0 + $1.receivedMinor }
        }
    }

    public let member: MemberID
    public let name: String
    public let currency: Currency
    /// The range asked for (inclusive); months in which the member was not active have no line.
    public let from: Month
    public let through: Month
    /// Oldest first.
    public let months: [MonthLine]
    /// Totals from January of `through`'s year through `through`, whatever the range shown.
    public let yearToDate: Totals
    /// Smoothing's figures for this member over the closed months of the range (`Volatility.figures`);
    /// nil when none of them is closed.
    public let volatility: Smoothing.VolatilityFigures?

    /// Builds the statement from the month results of the range (any order): months in `from...through` are
    /// shown; the year-to-date totals count every result from January of `through`'s year through `through`,
    /// so give those months too. `firstOpenMonth`: months from it on are not closed and are marked as preview.
    public init(member: MemberID, from: Month, through: Month, results: [MonthResult], settings: NetworkSettings,
                firstOpenMonth: Month? = nil, volatility: Smoothing.VolatilityFigures? = nil) {
        self.member = member
        self.name = settings.member(member)?.name ?? member.raw
        self.currency = settings.currency
        self.from = from
        self.through = through
        self.volatility = volatility
        let january = Month(year: through.year, month: 1)!
        var lines: [MonthLine] = []
        for result in results.sorted(by: { $0.month < $1.month }) where min(from, january) <= result.month && result.month <= through {
            for pod in result.pods {
                guard let line = pod.members.first(where: { $0.member == member }) else { continue }
                lines.append(MonthLine(
                    month: result.month, pod: pod.pod, incomeMinor: line.incomeMinor, contributionMinor: line.contributionMinor,
                    receivedFromPodMinor: line.receivedFromPodMinor, receivedFromNetworkMinor: line.receivedFromNetworkMinor,
                    floorMinor: pod.policy.floorMinor, preview: firstOpenMonth.map { result.month >= $0 } ?? false))
            }
        }
        self.months = lines.filter { $0.month >= from }
        self.yearToDate = Totals(lines.filter { $0.month >= january })
    }

    /// Totals over every month shown.
    public var totals: Totals { Totals(months) }

    public var hasPreviewMonths: Bool { months.contains { $0.preview } }

    /// What "below the floor" means in the volatility figures, from the closed months shown: the floor of a
    /// floor pod, zero for the other policies (`Volatility.figures` counts against the same levels).
    public var volatilityThreshold: VolatilityThreshold {
        let levels = Set(months.filter { !$0.preview }.map { $0.floorMinor ?? 0 })
        if levels.count == 1, let level = levels.first { return level == 0 ? .zero : .floor(level) }
        return levels.isEmpty ? .zero : .mixed
    }

    public enum VolatilityThreshold: Hashable, Sendable {
        /// Every closed month was in a floor pod with this floor.
        case floor(Int64)
        /// No closed month was in a floor pod: "below the floor" means a month below zero.
        case zero
        /// Floors changed over the range: each month against its own pod's floor (zero outside floor pods).
        case mixed
    }
}
