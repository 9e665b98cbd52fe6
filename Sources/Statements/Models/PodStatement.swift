import LedgerCore
import Smoothing

/// One pod's month as its members read it: what each earned, put in, got back and kept; what happened
/// to the pool, the pod reserve and the flows with the network; and who pays whom to settle.
public struct PodStatement: Hashable, Sendable {
    /// One member's line.
    public struct MemberLine: Hashable, Sendable {
        public let member: MemberID
        /// Display name from the network settings (the id when the settings do not know the member).
        public let name: String
        public let incomeMinor: Int64
        public let pledgeBasisPoints: Int
        /// Income below it pledges nothing (from the settings; 0 when unknown).
        public let hurdleMinor: Int64
        /// Most pledged in one month; nil for none.
        public let capMinor: Int64?
        public let contributionMinor: Int64
        public let needMinor: Int64
        public let receivedFromPodMinor: Int64
        public let receivedFromNetworkMinor: Int64
        public let unmetMinor: Int64

        public var receivedMinor: Int64 { receivedFromPodMinor + receivedFromNetworkMinor }
        public var netMinor: Int64 { incomeMinor - contributionMinor + receivedMinor }
    }

    public let pod: PodID
    public let name: String
    public let month: Month
    public let currency: Currency
    public let policy: Policy
    /// What happens to surplus; nil when the settings do not know the pod.
    public let surplus: SurplusMode?
    public let reserveTargetMinor: Int64
    /// Share of surplus sent to the network, in basis points.
    public let networkShareBasisPoints: Int
    /// The month is open: figures may still change.
    public let preview: Bool
    /// The ledger's fingerprint as of the month's close (SPEC §9); nil for an open month.
    public var fingerprint: Fingerprint?
    /// Sorted by member id.
    public let members: [MemberLine]
    public let contributionsMinor: Int64
    public let reserveOpeningMinor: Int64
    public let reserveDrawMinor: Int64
    public let reserveDepositMinor: Int64
    public let surplusToReserveMinor: Int64
    public let reserveClosingMinor: Int64
    public let toNetworkMinor: Int64
    public let fromNetworkMinor: Int64
    public let unmetMinor: Int64
    /// Who pays whom to settle this month (see `Settlement.transfers(for:)`).
    public let settlement: [Transfer]
    /// What is still owed once the payments are counted (SPEC §8); nil when not known.
    public let outstanding: Outstanding?
    /// The month was reopened and closed again: its figures replace earlier ones.
    public let revised: Bool
    /// Expenses, levy and tier bonus of the month (SPEC §6).
    public let costs: PodCosts
    /// The levy the pod pays in the month (its own fee and percent, or the network's).
    public let levy: Levy
    /// The pod's reserve tiers in the month.
    public let tiers: [ReserveTier]
    /// Members' own floors, by member (floor pods).
    public let ownFloors: [MemberID: Int64]
    /// The expenses recorded in the month, one line each (a reversal is negative); empty when not known.
    public let expenseLines: [ExpenseLine]
    /// A sickness fund's own accounts and sick members; nil for other pods.
    public let fund: FundStatement?

    /// One expense as recorded (`podledger expense`, `import --expenses`).
    public struct ExpenseLine: Hashable, Sendable {
        public let day: Day
        public let description: String
        public let reference: String?
        /// Negative for a reversal.
        public let amountMinor: Int64

        public init(day: Day, description: String, reference: String?, amountMinor: Int64) {
            self.day = day
            self.description = description
            self.reference = reference
            self.amountMinor = amountMinor
        }
    }

    /// What members owe the pod and the pod the network at the end of the month: the settlements of the closed
    /// months through it, less the payments dated up to `asOf`.
    public struct Outstanding: Hashable, Sendable {
        public struct Line: Hashable, Sendable {
            public let member: MemberID
            public let name: String
            public let dues: Dues.Balance
        }

        /// The last closed month counted (the statement's month once closed); nil when none is closed.
        public let closedThrough: Month?
        /// The last day whose payments count (the month's last day).
        public let asOf: Day
        /// Every member with dues in the pod, by id (members who left still appear while they owe or are owed).
        public let members: [Line]
        /// The pod's dues toward the network.
        public let network: Dues.Balance
        /// The fewest transfers that settle everything still outstanding.
        public let transfers: [Transfer]

        public init(pod: PodID, dues: Dues.PodDues, closedThrough: Month?, asOf: Day, names: (MemberID) -> String) {
            self.closedThrough = closedThrough
            self.asOf = asOf
            self.members = dues.members.map { Line(member: $0.member, name: names($0.member), dues: $0.dues) }
            self.network = dues.network
            self.transfers = Settlement.transfers(outstandingOf: pod, members: dues.members.map { ($0.member, $0.dues.outstandingMinor) },
                                                  network: dues.network.outstandingMinor)
        }
    }

    /// A pod's statement from the calculator's result and the settings in effect for the month.
    public init(result: PodResult, month: Month, currency: Currency, settings: NetworkSettings, preview: Bool,
                outstanding: Outstanding? = nil, revised: Bool = false, expenseLines: [ExpenseLine] = [],
                sickness: [SicknessPeriod] = []) {
        let podSettings = settings.pod(result.pod)
        self.outstanding = outstanding
        self.revised = revised
        self.costs = result.costs
        self.levy = podSettings.map(settings.levy(of:)) ?? settings.levy
        self.tiers = podSettings?.tiers ?? []
        self.ownFloors = Dictionary(uniqueKeysWithValues: result.members.compactMap { member in
            settings.member(member.member)?.floorMinor.map { (member.member, $0) }
        })
        self.expenseLines = expenseLines
        self.fund = result.policy.sicknessTerms.map { FundStatement(result: result, terms: $0, settings: settings, month: month, sickness: sickness) }
        self.pod = result.pod
        self.name = podSettings?.name ?? result.pod.raw
        self.month = month
        self.currency = currency
        self.policy = result.policy
        self.surplus = podSettings?.surplus
        self.reserveTargetMinor = podSettings?.reserveTargetMinor ?? 0
        self.networkShareBasisPoints = settings.shareBasisPoints
        self.preview = preview
        self.members = result.members.sorted { $0.member < $1.member }.map { member in
            let memberSettings = settings.member(member.member)
            return MemberLine(
                member: member.member, name: memberSettings?.name ?? member.member.raw,
                incomeMinor: member.incomeMinor, pledgeBasisPoints: member.pledgeBasisPoints,
                hurdleMinor: memberSettings?.hurdleMinor ?? 0, capMinor: memberSettings?.capMinor,
                contributionMinor: member.contributionMinor, needMinor: member.needMinor,
                receivedFromPodMinor: member.receivedFromPodMinor, receivedFromNetworkMinor: member.receivedFromNetworkMinor,
                unmetMinor: member.unmetMinor)
        }
        self.contributionsMinor = result.contributionsMinor
        self.reserveOpeningMinor = result.reserveOpeningMinor
        self.reserveDrawMinor = result.reserveDrawMinor
        self.reserveDepositMinor = result.reserveDepositMinor
        self.surplusToReserveMinor = result.surplusToReserveMinor
        self.reserveClosingMinor = result.reserveClosingMinor
        self.toNetworkMinor = result.toNetworkMinor
        self.fromNetworkMinor = result.fromNetworkMinor
        self.unmetMinor = result.unmetMinor
        self.settlement = Settlement.transfers(for: result)
    }

    /// The statement of one pod in a month's result; nil when the pod had no active member that month.
    public init?(pod: PodID, in result: MonthResult, settings: NetworkSettings, preview: Bool) {
        guard let podResult = result.pods.first(where: { $0.pod == pod }) else { return nil }
        self.init(result: podResult, month: result.month, currency: result.currency, settings: settings, preview: preview)
    }

    public var incomeMinor: Int64 { members.reduce(0) { $0 + $1.incomeMinor } }
    public var receivedMinor: Int64 { members.reduce(0) { $0 + $1.receivedMinor } }
    public var netMinor: Int64 { members.reduce(0) { $0 + $1.netMinor } }

    /// A party's display name: the member's name, "Pod reserve", "Pod costs", "Network reserve".
    public func displayName(of party: Party) -> String {
        switch party {
        case .member(_, let id):
            return members.first { $0.member == id }?.name ?? outstanding?.members.first { $0.member == id }?.name ?? id.raw
        case .podReserve: return fund == nil ? "Pod reserve" : "Own accounts"
        case .podCosts: return "Pod costs"
        case .networkReserve: return "Network reserve"
        }
    }
}
