import LedgerCore
import Smoothing

/// How much a member's income swings, before (gross) and after (net) the pod. Plain values computed
/// elsewhere (Smoothing's volatility figures); the statement only shows them.
public struct VolatilityFigures: Hashable, Sendable {
    /// One side (gross or net) of the comparison, in minor units per month.
    public struct Spread: Hashable, Sendable {
        public let meanMinor: Int64
        public let standardDeviationMinor: Int64
        public let lowestMinor: Int64
        public let highestMinor: Int64

        public init(meanMinor: Int64, standardDeviationMinor: Int64, lowestMinor: Int64, highestMinor: Int64) {
            self.meanMinor = meanMinor
            self.standardDeviationMinor = standardDeviationMinor
            self.lowestMinor = lowestMinor
            self.highestMinor = highestMinor
        }
    }

    /// How many months the figures cover.
    public let monthsCount: Int
    public let gross: Spread
    public let net: Spread

    public init(monthsCount: Int, gross: Spread, net: Spread) {
        self.monthsCount = monthsCount
        self.gross = gross
        self.net = net
    }

    /// How much smaller the net swing is than the gross one, in whole percent (rounded toward zero);
    /// negative when net swings more; nil when gross did not swing at all.
    public var swingReductionPercent: Int? {
        guard gross.standardDeviationMinor > 0 else { return nil }
        return Int(Figures.mulDiv(gross.standardDeviationMinor - net.standardDeviationMinor, 100, gross.standardDeviationMinor))
    }
}

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
    public let volatility: VolatilityFigures?

    /// Builds the statement from the month results of the range (any order; months outside `from...through`
    /// are ignored). `firstOpenMonth`: months from it on are not closed and are marked as preview.
    public init(member: MemberID, from: Month, through: Month, results: [MonthResult], settings: NetworkSettings,
                firstOpenMonth: Month? = nil, volatility: VolatilityFigures? = nil) {
        self.member = member
        self.name = settings.member(member)?.name ?? member.raw
        self.currency = settings.currency
        self.from = from
        self.through = through
        self.volatility = volatility
        var lines: [MonthLine] = []
        for result in results.sorted(by: { $0.month < $1.month }) where from <= result.month && result.month <= through {
            for pod in result.pods {
                guard let line = pod.members.first(where: { $0.member == member }) else { continue }
                lines.append(MonthLine(
                    month: result.month, pod: pod.pod, incomeMinor: line.incomeMinor, contributionMinor: line.contributionMinor,
                    receivedFromPodMinor: line.receivedFromPodMinor, receivedFromNetworkMinor: line.receivedFromNetworkMinor,
                    preview: firstOpenMonth.map { result.month >= $0 } ?? false))
            }
        }
        self.months = lines
    }

    /// Totals over the year of `through`, up to `through`.
    public var yearToDate: Totals {
        Totals(months.filter { $0.month.year == through.year })
    }

    /// Totals over every month shown.
    public var totals: Totals { Totals(months) }

    public var hasPreviewMonths: Bool { months.contains { $0.preview } }
}
