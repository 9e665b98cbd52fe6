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
    /// The ledger's fingerprint as of the close of `through` (SPEC §9); nil when it is open.
    public var fingerprint: Fingerprint?
    /// Oldest first.
    public let months: [MonthLine]
    /// Totals from January of `through`'s year through `through`, whatever the range shown.
    public let yearToDate: Totals
    /// What the member pays and receives, and to and from whom, to settle the last month shown (`through`,
    /// when they were active in it).
    public struct MonthSettlement: Hashable, Sendable {
        public struct Line: Hashable, Sendable {
            /// The other party and its display name ("Pod reserve", "Ben Tupou").
            public let party: Party
            public let name: String
            public let amountMinor: Int64
            /// The party as a sentence names it: a member's name, "the pod reserve", "the fund's own accounts".
            let inSentence: String

            init(party: Party, statement: PodStatement, amountMinor: Int64) {
                self.party = party
                self.name = statement.displayName(of: party)
                self.amountMinor = amountMinor
                switch party {
                case .member: inSentence = name
                case .podReserve: inSentence = statement.fund == nil ? "the pod reserve" : "the fund's own accounts"
                case .podCosts: inSentence = "the pod's shared costs"
                case .networkReserve: inSentence = "the network reserve"
                }
            }
        }

        public let month: Month
        public let pod: PodID
        /// The month is open: the payments may still change.
        public let preview: Bool
        public let pays: [Line]
        public let receives: [Line]

        /// The payments of `statement` (the member's pod that month) to or from `member`. In a sickness fund that
        /// keeps its members' health private, the member settles with the fund alone: paying a sick member, or
        /// being paid by the others, would name who is sick.
        public init(member: MemberID, statement: PodStatement) {
            let own = Party.member(statement.pod, member)
            month = statement.month
            pod = statement.pod
            preview = statement.preview
            let pays = statement.settlement.filter { $0.from == own }.map { Line(party: $0.to, statement: statement, amountMinor: $0.amountMinor) }
            let receives = statement.settlement.filter { $0.to == own }.map { Line(party: $0.from, statement: statement, amountMinor: $0.amountMinor) }
            if let fund = statement.fund, !fund.terms.showsSickNames {
                let net = receives.reduce(0) { $0 + $1.amountMinor } - pays.reduce(0) { $0 + $1.amountMinor }
                let withFund = { (amount: Int64) in [Line(party: .podReserve(statement.pod), statement: statement, amountMinor: amount)] }
                self.pays = net < 0 ? withFund(-net) : []
                self.receives = net > 0 ? withFund(net) : []
            } else {
                self.pays = pays
                self.receives = receives
            }
        }
    }

    /// How the last month shown is settled for this member; nil when they were not active in it.
    public let settlement: MonthSettlement?

    /// A sickness fund member's own account in the last month shown (SPEC §7).
    public struct FundMonth: Hashable, Sendable {
        public let month: Month
        public let line: FundStatement.Line
        public let terms: SicknessTerms
        /// Who received a benefit this month, by name where the fund allows it; nil where it keeps them private.
        public let recipientNames: [String]?
        public let recipientCount: Int

        /// The member's line of `statement` (their fund that month); nil when it is not a fund or they are not in it.
        public init?(member: MemberID, statement: PodStatement) {
            guard let fund = statement.fund, let line = fund.lines.first(where: { $0.member == member }) else { return nil }
            month = statement.month
            self.line = line
            terms = fund.terms
            let others = fund.recipients.filter { $0.member != member }
            recipientNames = fund.terms.showsSickNames ? others.map(\.name) : nil
            recipientCount = others.count
        }
    }

    /// The member's own account in the last month shown; nil when they are not in a sickness fund then.
    public let fund: FundMonth?

    /// What the member still owes their pod (or is owed) at the end of the last month shown (SPEC §8).
    public struct Outstanding: Hashable, Sendable {
        public let pod: PodID
        /// The last closed month counted; nil when none is closed.
        public let closedThrough: Month?
        /// The last day whose payments count.
        public let asOf: Day
        public let dues: Dues.Balance

        public init(pod: PodID, closedThrough: Month?, asOf: Day, dues: Dues.Balance) {
            self.pod = pod
            self.closedThrough = closedThrough
            self.asOf = asOf
            self.dues = dues
        }
    }

    public let outstanding: Outstanding?
    /// Smoothing's figures for this member over the closed months of the range (`Volatility.figures`);
    /// nil when none of them is closed.
    public let volatility: Smoothing.VolatilityFigures?

    /// Builds the statement from the month results of the range (any order): months in `from...through` are
    /// shown; the year-to-date totals count every result from January of `through`'s year through `through`,
    /// so give those months too. `firstOpenMonth`: months from it on are not closed and are marked as preview.
    public init(member: MemberID, from: Month, through: Month, results: [MonthResult], settings: NetworkSettings,
                firstOpenMonth: Month? = nil, volatility: Smoothing.VolatilityFigures? = nil, settlement: MonthSettlement? = nil,
                outstanding: Outstanding? = nil) {
        self.init(member: member, name: settings.member(member)?.name ?? member.raw, currency: settings.currency, from: from,
                  through: through, lines: Self.linesByMember(results: results, firstOpenMonth: firstOpenMonth)[member] ?? [],
                  volatility: volatility, settlement: settlement, outstanding: outstanding)
    }

    /// Builds the statement from the member's month lines (`linesByMember`), from January of `through`'s year
    /// or `from` (the earlier) through `through`.
    public init(member: MemberID, name: String, currency: Currency, from: Month, through: Month, lines: [MonthLine],
                volatility: Smoothing.VolatilityFigures?, settlement: MonthSettlement?, outstanding: Outstanding? = nil,
                fund: FundMonth? = nil) {
        self.outstanding = outstanding
        self.fund = fund
        self.member = member
        self.name = name
        self.currency = currency
        self.from = from
        self.through = through
        self.volatility = volatility
        self.settlement = settlement
        let january = Month(year: through.year, month: 1)!
        let ordered = lines.filter { min(from, january) <= $0.month && $0.month <= through }.sorted { $0.month < $1.month }
        self.months = ordered.filter { $0.month >= from }
        self.yearToDate = Totals(ordered.filter { $0.month >= january })
    }

    /// Every member's month lines in `results` (any order), in one pass: what a statement of each needs.
    public static func linesByMember(results: [MonthResult], firstOpenMonth: Month?) -> [MemberID: [MonthLine]] {
        var lines: [MemberID: [MonthLine]] = [:]
        for result in results.sorted(by: { $0.month < $1.month }) {
            let preview = firstOpenMonth.map { result.month >= $0 } ?? false
            for pod in result.pods {
                for line in pod.members {
                    lines[line.member, default: []].append(MonthLine(
                        month: result.month, pod: pod.pod, incomeMinor: line.incomeMinor, contributionMinor: line.contributionMinor,
                        receivedFromPodMinor: line.receivedFromPodMinor, receivedFromNetworkMinor: line.receivedFromNetworkMinor,
                        floorMinor: pod.policy.floorMinor, preview: preview))
                }
            }
        }
        return lines
    }

    /// Smoothing's volatility figures over the closed lines in `from...through` (each against its pod's floor,
    /// zero outside floor pods); nil for fewer than two such months, where a swing means nothing.
    public static func volatility(of member: MemberID, lines: [MonthLine], from: Month, through: Month) -> Smoothing.VolatilityFigures? {
        let closed = lines.filter { !$0.preview && from <= $0.month && $0.month <= through }
        guard closed.count >= 2 else { return nil }
        return Volatility.figures(months: closed.map {
            Volatility.MemberMonth(month: $0.month, grossMinor: $0.incomeMinor, netMinor: $0.netMinor, floorMinor: $0.floorMinor ?? 0)
        }, member: member)
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
