import LedgerCore

/// Everything the calculator needs to compute one month for the whole network (SPEC §5). Pure values.
public struct MonthInput: Sendable {
    public let month: Month
    /// The settings in effect for `month`.
    public let settings: NetworkSettings
    /// Sum of each member's income dated in `month` (may be negative); members absent here had none.
    public let incomeMinor: [MemberID: Int64]
    /// Opening balance of each pod's reserve; absent means 0.
    public let podReserveOpeningMinor: [PodID: Int64]
    public let networkReserveOpeningMinor: Int64
    /// For `average` pods: each member's net income in the closed months before `month` in which the
    /// member was active, oldest first. The calculator uses the last `window` of them.
    public let netHistoryMinor: [MemberID: [Int64]]
    /// Each pod's expenses dated in `month` (SPEC §6); absent means none.
    public let expensesMinor: [PodID: Int64]
    /// Each pod's expenses carried from earlier months, not yet paid; absent means none.
    public let expensesCarriedMinor: [PodID: Int64]
    /// Each pod's levy carried from earlier months, not yet paid; absent means none.
    public let levyCarriedMinor: [PodID: Int64]
    /// Sickness funds: each member's own account before the month; absent means 0.
    public let ownAccountOpeningMinor: [MemberID: Int64]
    /// Sickness funds: the members sick in the month, with the month their sickness began.
    public let sickFrom: [MemberID: Month]

    public init(month: Month, settings: NetworkSettings, incomeMinor: [MemberID: Int64],
                podReserveOpeningMinor: [PodID: Int64], networkReserveOpeningMinor: Int64,
                netHistoryMinor: [MemberID: [Int64]], expensesMinor: [PodID: Int64] = [:],
                expensesCarriedMinor: [PodID: Int64] = [:], levyCarriedMinor: [PodID: Int64] = [:],
                ownAccountOpeningMinor: [MemberID: Int64] = [:], sickFrom: [MemberID: Month] = [:]) {
        self.month = month
        self.settings = settings
        self.incomeMinor = incomeMinor
        self.podReserveOpeningMinor = podReserveOpeningMinor
        self.networkReserveOpeningMinor = networkReserveOpeningMinor
        self.netHistoryMinor = netHistoryMinor
        self.expensesMinor = expensesMinor
        self.expensesCarriedMinor = expensesCarriedMinor
        self.levyCarriedMinor = levyCarriedMinor
        self.ownAccountOpeningMinor = ownAccountOpeningMinor
        self.sickFrom = sickFrom
    }
}

/// One member's month (SPEC §4.1 member fields plus the figures that explain them).
public struct MemberResult: Hashable, Sendable {
    public let member: MemberID
    public let incomeMinor: Int64
    public let pledgeBasisPoints: Int
    public let contributionMinor: Int64
    /// Need from step 3 (0 under `equal`).
    public let needMinor: Int64
    /// Paid from the pod's pool and reserve (steps 4–7: need paid, refund or equal share of surplus).
    public let receivedFromPodMinor: Int64
    /// Passed on from the network's support (step 8).
    public let receivedFromNetworkMinor: Int64
    /// Need still unmet after step 8.
    public let unmetMinor: Int64
    /// The part of `receivedFromPodMinor` that is a share of the surplus (step 7 refund or equal share) or,
    /// under the `equal` policy, the member's equal share of the pool; the rest paid need (step 4).
    public let surplusShareMinor: Int64
    /// Floor pods: the floor the member was topped up to this month, their own or the pod's, plus the tier
    /// bonus (SPEC §6); nil in average and equal pods.
    public let floorMinor: Int64?
    /// Sickness funds: the member's own account, gifts, benefit and refunds (SPEC §7); nil elsewhere. In a fund,
    /// `contributionMinor` is the deposit, `needMinor` the benefit level of a recipient, `needPaidMinor` the
    /// benefit paid and `surplusShareMinor` what came back from the account.
    public let fund: FundLine?

    public var receivedMinor: Int64 { receivedFromPodMinor + receivedFromNetworkMinor }
    /// Need paid from the pod's pool and reserve (step 4).
    public var needPaidMinor: Int64 { receivedFromPodMinor - surplusShareMinor }
    /// Kept income `k_m = I_m − c_m` (step 2).
    public var keptMinor: Int64 { incomeMinor - contributionMinor }
    public var netMinor: Int64 { incomeMinor - contributionMinor + receivedMinor }

    public init(member: MemberID, incomeMinor: Int64, pledgeBasisPoints: Int, contributionMinor: Int64, needMinor: Int64,
                receivedFromPodMinor: Int64, receivedFromNetworkMinor: Int64, unmetMinor: Int64, surplusShareMinor: Int64 = 0,
                floorMinor: Int64? = nil, fund: FundLine? = nil) {
        self.member = member
        self.incomeMinor = incomeMinor
        self.pledgeBasisPoints = pledgeBasisPoints
        self.contributionMinor = contributionMinor
        self.needMinor = needMinor
        self.receivedFromPodMinor = receivedFromPodMinor
        self.receivedFromNetworkMinor = receivedFromNetworkMinor
        self.unmetMinor = unmetMinor
        self.surplusShareMinor = surplusShareMinor
        self.floorMinor = floorMinor
        self.fund = fund
    }
}

/// What a pod's month paid before anyone was paid (SPEC §6): expenses (step 2a), the network's levy (step 2b),
/// each from the pool and then the reserve, with what is carried to the next month; and the tier bonus.
public struct PodCosts: Hashable, Sendable {
    /// `E`: expenses dated in the month plus those carried in.
    public var expensesDueMinor: Int64 = 0
    public var expensesFromPoolMinor: Int64 = 0
    public var expensesFromReserveMinor: Int64 = 0
    /// `V`: the month's levy plus what was carried in.
    public var levyDueMinor: Int64 = 0
    /// The levy carried in from earlier months (part of `levyDueMinor`).
    public var levyCarriedInMinor: Int64 = 0
    public var levyFromPoolMinor: Int64 = 0
    public var levyFromReserveMinor: Int64 = 0
    /// `b`: what every member's floor (or average target) rose by this month.
    public var tierBonusMinor: Int64 = 0

    public static let none = PodCosts()

    public init() {}

    /// Expenses paid, `eC + eR`.
    public var expensesMinor: Int64 { expensesFromPoolMinor + expensesFromReserveMinor }
    /// Expenses carried to the next month, `E − eC − eR`.
    public var expensesCarriedMinor: Int64 { expensesDueMinor - expensesMinor }
    /// Levy paid, `vC + vR`.
    public var levyMinor: Int64 { levyFromPoolMinor + levyFromReserveMinor }
    /// Levy carried to the next month, `V − vC − vR`.
    public var levyCarriedMinor: Int64 { levyDueMinor - levyMinor }
    public var fromPoolMinor: Int64 { expensesFromPoolMinor + levyFromPoolMinor }
    public var fromReserveMinor: Int64 { expensesFromReserveMinor + levyFromReserveMinor }
}

/// One pod's month.
public struct PodResult: Hashable, Sendable {
    public let pod: PodID
    public let policy: Policy
    /// Active members, sorted by id.
    public let members: [MemberResult]
    /// Pool `C`.
    public let contributionsMinor: Int64
    public let reserveOpeningMinor: Int64
    public let reserveDrawMinor: Int64
    public let reserveDepositMinor: Int64
    /// Surplus `S'` kept in the reserve under `surplus = "reserve"` (part of the closing reserve).
    public let surplusToReserveMinor: Int64
    public let reserveClosingMinor: Int64
    /// `n_P`.
    public let toNetworkMinor: Int64
    /// `support_P`.
    public let fromNetworkMinor: Int64
    /// What is still unmet after the network's support.
    public let unmetMinor: Int64
    /// The pod's surplus mode in the month (step 7).
    public let surplus: SurplusMode
    /// The pod's reserve target `T` in the month (step 5).
    public let reserveTargetMinor: Int64
    /// Expenses and levy (SPEC §6 steps 2a, 2b) and the tier bonus; `.none` for a month without them.
    public let costs: PodCosts

    public init(pod: PodID, policy: Policy, members: [MemberResult], contributionsMinor: Int64, reserveOpeningMinor: Int64,
                reserveDrawMinor: Int64, reserveDepositMinor: Int64, surplusToReserveMinor: Int64, reserveClosingMinor: Int64,
                toNetworkMinor: Int64, fromNetworkMinor: Int64, unmetMinor: Int64,
                surplus: SurplusMode = .refund, reserveTargetMinor: Int64 = 0, costs: PodCosts = .none) {
        self.pod = pod
        self.policy = policy
        self.members = members
        self.contributionsMinor = contributionsMinor
        self.reserveOpeningMinor = reserveOpeningMinor
        self.reserveDrawMinor = reserveDrawMinor
        self.reserveDepositMinor = reserveDepositMinor
        self.surplusToReserveMinor = surplusToReserveMinor
        self.reserveClosingMinor = reserveClosingMinor
        self.toNetworkMinor = toNetworkMinor
        self.fromNetworkMinor = fromNetworkMinor
        self.unmetMinor = unmetMinor
        self.surplus = surplus
        self.reserveTargetMinor = reserveTargetMinor
        self.costs = costs
    }

    /// Reserve after expenses, levy and the draw, `R1` (step 5).
    public var reserveAfterDrawMinor: Int64 { reserveOpeningMinor - costs.fromReserveMinor - reserveDrawMinor }
    /// The pool once expenses and levy are paid from it: what steps 3–7 share.
    public var poolAfterCostsMinor: Int64 { contributionsMinor - costs.fromPoolMinor }
    /// `N = Σneed_m` (step 4).
    public var needMinor: Int64 { members.reduce(0) { $0 + $1.needMinor } }
    /// Need paid from pool and reserve (step 4).
    public var needPaidMinor: Int64 { members.reduce(0) { $0 + $1.needPaidMinor } }
    /// Surplus shared out to the members (step 7 refund or equal share; the whole pool less `n_P` under `equal`).
    public var surplusToMembersMinor: Int64 { members.reduce(0) { $0 + $1.surplusShareMinor } }
    /// Whether the pod is a sickness fund (its members' lines hold their own accounts).
    public var fund: SicknessTerms? { policy.sicknessTerms }

    /// Unmet need after step 4, before the network's support: `U_P`.
    public var unmetBeforeNetworkMinor: Int64 { unmetMinor + fromNetworkMinor }
}

/// The whole network's month: what `redistribute` shows and posts.
public struct MonthResult: Hashable, Sendable {
    public let month: Month
    public let currency: Currency
    /// Pods with at least one active member, sorted by id.
    public let pods: [PodResult]
    public let networkReserveOpeningMinor: Int64
    public let networkReserveClosingMinor: Int64
    /// The balanced entries that post this month; together they leave every pool at zero.
    public let entries: [Entry]

    public init(month: Month, currency: Currency, pods: [PodResult], networkReserveOpeningMinor: Int64,
                networkReserveClosingMinor: Int64, entries: [Entry]) {
        self.month = month
        self.currency = currency
        self.pods = pods
        self.networkReserveOpeningMinor = networkReserveOpeningMinor
        self.networkReserveClosingMinor = networkReserveClosingMinor
        self.entries = entries
    }

    /// The network's funds in step 8: `NF = NR0 + Σn_P + Σlevy_P`.
    public var networkFundsMinor: Int64 { pods.reduce(networkReserveOpeningMinor) { $0 + $1.toNetworkMinor + $1.costs.levyMinor } }

    /// The pod's result, if the pod had active members in the month.
    public func pod(_ id: PodID) -> PodResult? { pods.first { $0.pod == id } }
}
