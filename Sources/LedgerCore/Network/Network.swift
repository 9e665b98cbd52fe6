/// How a pod decides each member's need (SPEC §5 step 3).
public enum Policy: Hashable, Sendable {
    /// Top every member's kept income up to a monthly floor.
    case floor(floorMinor: Int64)
    /// Top every member up to the mean of their own net income over the last `windowMonths` closed months.
    case average(windowMonths: Int)
    /// No need: the pool is split equally.
    case equal
    /// A sickness fund (SPEC §7, the Dutch broodfonds): members deposit into their own accounts in the fund and
    /// give a sick member a monthly benefit from them.
    case sickness(SicknessTerms)

    public var name: String {
        switch self {
        case .floor: return "floor"
        case .average: return "average"
        case .equal: return "equal"
        case .sickness: return "sickness"
        }
    }

    /// The floor of a `floor` policy; nil otherwise.
    public var floorMinor: Int64? {
        if case .floor(let floorMinor) = self { return floorMinor }
        return nil
    }

    /// The window of an `average` policy; nil otherwise.
    public var windowMonths: Int? {
        if case .average(let windowMonths) = self { return windowMonths }
        return nil
    }

    /// The terms of a sickness fund; nil for the other policies.
    public var sicknessTerms: SicknessTerms? {
        if case .sickness(let terms) = self { return terms }
        return nil
    }
}

/// How a sickness fund pays (SPEC §7).
public struct SicknessTerms: Hashable, Sendable {
    /// Months of sickness before the benefit starts.
    public let waitingMonths: Int
    /// The longest benefit for one period of sickness, in months.
    public let maxBenefitMonths: Int
    /// An own account holds at most this many deposits; the excess goes back to the member.
    public let accountCapMonths: Int
    /// Statements name who is sick; off by default (health is private).
    public let showsSickNames: Bool

    public init(waitingMonths: Int = 1, maxBenefitMonths: Int = 24, accountCapMonths: Int = 36, showsSickNames: Bool = false) {
        self.waitingMonths = waitingMonths
        self.maxBenefitMonths = maxBenefitMonths
        self.accountCapMonths = accountCapMonths
        self.showsSickNames = showsSickNames
    }

    /// Whether a member sick since `from` receives the benefit in `month`: after the waiting months and within
    /// the limit, `from + waiting ≤ month ≤ from + waiting + max − 1`.
    public func isRecipient(sickFrom from: Month, in month: Month) -> Bool {
        let start = from.ordinal + waitingMonths
        return month.ordinal >= start && month.ordinal <= start + maxBenefitMonths - 1
    }
}

/// What happens to a pod's surplus after the reserve deposit and network share (SPEC §5 step 7).
public enum SurplusMode: String, Hashable, Sendable, CaseIterable {
    case refund, equal, reserve
}

/// The network's levy on a pod (SPEC §6 step 2b): a flat fee a month and a share of the pod's positive gross.
public struct Levy: Hashable, Sendable {
    public let feeMinor: Int64
    public let grossBasisPoints: Int

    public init(feeMinor: Int64, grossBasisPoints: Int) {
        self.feeMinor = feeMinor
        self.grossBasisPoints = grossBasisPoints
    }

    public static let none = Levy(feeMinor: 0, grossBasisPoints: 0)
}

/// A reserve tier (SPEC §6, Root Systems' "buffer levels"): when the pod's reserve at the start of a month is
/// at least `reserveAtLeastMinor`, every member's floor (or average target) rises by `floorBonusMinor`.
public struct ReserveTier: Hashable, Sendable {
    public let reserveAtLeastMinor: Int64
    public let floorBonusMinor: Int64

    public init(reserveAtLeastMinor: Int64, floorBonusMinor: Int64) {
        self.reserveAtLeastMinor = reserveAtLeastMinor
        self.floorBonusMinor = floorBonusMinor
    }
}

public struct PodSettings: Hashable, Sendable {
    public let id: PodID
    public let name: String
    public let policy: Policy
    public let reserveTargetMinor: Int64
    public let surplus: SurplusMode
    /// This pod's levy fee instead of the network's; nil: the network's.
    public let networkFeeMinor: Int64?
    /// This pod's levy percent of gross instead of the network's; nil: the network's.
    public let networkGrossBasisPoints: Int?
    /// Sorted by `reserveAtLeastMinor`, strictly increasing; floor and average pods only.
    public let tiers: [ReserveTier]

    public init(id: PodID, name: String, policy: Policy, reserveTargetMinor: Int64, surplus: SurplusMode,
                networkFeeMinor: Int64? = nil, networkGrossBasisPoints: Int? = nil, tiers: [ReserveTier] = []) {
        self.id = id
        self.name = name
        self.policy = policy
        self.reserveTargetMinor = reserveTargetMinor
        self.surplus = surplus
        self.networkFeeMinor = networkFeeMinor
        self.networkGrossBasisPoints = networkGrossBasisPoints
        self.tiers = tiers
    }

    /// The tier bonus `b` for a reserve at the start of the month: the bonus of the tier with the largest
    /// threshold not above it; 0 when none.
    public func tierBonusMinor(reserveOpeningMinor: Int64) -> Int64 {
        tiers.last { $0.reserveAtLeastMinor <= reserveOpeningMinor }?.floorBonusMinor ?? 0
    }
}

/// A sickness fund member's level (SPEC §7): the benefit they get when sick and the deposit they make each month.
public struct SicknessLevel: Hashable, Sendable {
    public let benefitMinor: Int64
    public let depositMinor: Int64

    public init(benefitMinor: Int64, depositMinor: Int64) {
        self.benefitMinor = benefitMinor
        self.depositMinor = depositMinor
    }
}

public struct MemberSettings: Hashable, Sendable {
    public let id: MemberID
    public let name: String
    public let pod: PodID
    public let pledgeBasisPoints: Int
    public let hurdleMinor: Int64
    /// Most pledged in one month; nil for no cap.
    public let capMinor: Int64?
    public let joined: Month
    /// Last active month (inclusive); nil while still a member.
    public let left: Month?
    /// Floor pods only: this member's floor instead of the pod's; nil: the pod's.
    public let floorMinor: Int64?
    /// Sickness funds only: the monthly benefit when sick, and the fixed monthly deposit (both required there).
    public let sickness: SicknessLevel?

    public init(id: MemberID, name: String, pod: PodID, pledgeBasisPoints: Int, hurdleMinor: Int64, capMinor: Int64?,
                joined: Month, left: Month?, floorMinor: Int64? = nil, sickness: SicknessLevel? = nil) {
        self.id = id
        self.name = name
        self.pod = pod
        self.pledgeBasisPoints = pledgeBasisPoints
        self.hurdleMinor = hurdleMinor
        self.capMinor = capMinor
        self.joined = joined
        self.left = left
        self.floorMinor = floorMinor
        self.sickness = sickness
    }

    public func isActive(in month: Month) -> Bool {
        joined <= month && (left.map { month <= $0 } ?? true)
    }
}

/// One version of the network's settings: every pod and member, as given by one network file.
public struct NetworkSettings: Hashable, Sendable {
    public let currency: Currency
    public let shareBasisPoints: Int
    /// The `[network]` levy every pod pays unless it sets its own fee or percent.
    public let levy: Levy
    /// Sorted by id.
    public let pods: [PodSettings]
    /// Sorted by id.
    public let members: [MemberSettings]
    /// Lookups built once: a network of thousands of pods asks for each pod's members every month.
    private let podIndexByID: [PodID: Int]
    private let memberIndexByID: [MemberID: Int]
    /// Each pod's members, sorted by id.
    private let membersByPod: [PodID: [MemberSettings]]

    /// Checks the cross-field rules: unique ids, members in known pods, `left` not before `joined`, limits.
    public init(currency: Currency, shareBasisPoints: Int, levy: Levy = .none, pods: [PodSettings], members: [MemberSettings]) throws(LedgerCoreError) {
        guard (0...BasisPoints.hundredPercent).contains(shareBasisPoints) else {
            throw .invalidNetwork("share_percent must be between 0 and 100")
        }
        try Self.checkLevy(fee: levy.feeMinor, percent: levy.grossBasisPoints, keys: ("fee", "gross_percent"), owner: "[network]", currency)
        guard pods.count <= Limits.podsMax else { throw .invalidNetwork("more than \(Limits.podsMax) pods") }
        var podIDs = Set<PodID>()
        var podsByID: [PodID: PodSettings] = [:]
        for pod in pods {
            guard podIDs.insert(pod.id).inserted else { throw .invalidNetwork("pod '\(pod.id)' is defined twice; give each pod one [[pod]] table") }
            podsByID[pod.id] = pod
            try Self.checkLevy(fee: pod.networkFeeMinor ?? 0, percent: pod.networkGrossBasisPoints ?? 0,
                               keys: ("network_fee", "network_gross_percent"), owner: "pod '\(pod.id)'", currency)
            try Self.checkTiers(of: pod, currency)
            guard pod.reserveTargetMinor >= 0 else { throw .invalidNetwork("pod '\(pod.id)': reserve_target must not be negative") }
            guard pod.reserveTargetMinor <= Limits.settingAmountMinorMax else { throw Self.tooLarge("pod '\(pod.id)': reserve_target", currency) }
            switch pod.policy {
            case .floor(let floorMinor) where floorMinor < 0:
                throw .invalidNetwork("pod '\(pod.id)': floor must not be negative")
            case .floor(let floorMinor) where floorMinor > Limits.settingAmountMinorMax:
                throw Self.tooLarge("pod '\(pod.id)': floor", currency)
            case .average(let window) where !(1...Limits.windowMonthsMax).contains(window):
                throw .invalidNetwork("pod '\(pod.id)': window must be from 1 to \(Limits.windowMonthsMax) months")
            case .sickness(let terms):
                try Self.checkSicknessPod(pod, terms)
            default: break
            }
        }
        var memberIDs = Set<MemberID>()
        var membersPerPod: [PodID: Int] = [:]
        for member in members {
            guard memberIDs.insert(member.id).inserted else {
                throw .invalidNetwork("member '\(member.id)' is defined twice; a member belongs to one pod")
            }
            guard podIDs.contains(member.pod) else { throw .invalidNetwork("member '\(member.id)' is in unknown pod '\(member.pod)'") }
            guard (0...BasisPoints.hundredPercent).contains(member.pledgeBasisPoints) else {
                throw .invalidNetwork("member '\(member.id)': pledge_percent must be between 0 and 100")
            }
            guard member.hurdleMinor >= 0 else { throw .invalidNetwork("member '\(member.id)': hurdle must not be negative") }
            if let cap = member.capMinor, cap < 0 { throw .invalidNetwork("member '\(member.id)': cap must not be negative") }
            guard member.hurdleMinor <= Limits.settingAmountMinorMax else { throw Self.tooLarge("member '\(member.id)': hurdle", currency) }
            if let cap = member.capMinor, cap > Limits.settingAmountMinorMax { throw Self.tooLarge("member '\(member.id)': cap", currency) }
            if let floor = member.floorMinor {
                guard case .floor = podsByID[member.pod]?.policy else {
                    throw .invalidNetwork("member '\(member.id)': a member's own floor needs a floor pod, and pod '\(member.pod)' has policy \(podsByID[member.pod]?.policy.name ?? "?"); remove the member's floor, or make the pod a floor pod")
                }
                guard floor >= 0 else { throw .invalidNetwork("member '\(member.id)': floor must not be negative") }
                guard floor <= Limits.settingAmountMinorMax else { throw Self.tooLarge("member '\(member.id)': floor", currency) }
            }
            try Self.checkSicknessLevel(of: member, isSicknessFund: podsByID[member.pod]?.policy.sicknessTerms != nil, currency)
            if let left = member.left, left < member.joined {
                throw .invalidNetwork("member '\(member.id)': left \(left) is before joined \(member.joined)")
            }
            membersPerPod[member.pod, default: 0] += 1
            if membersPerPod[member.pod]! > Limits.membersPerPodMax {
                throw .invalidNetwork("pod '\(member.pod)' has more than \(Limits.membersPerPodMax) members")
            }
        }
        self.currency = currency
        self.shareBasisPoints = shareBasisPoints
        self.levy = levy
        self.pods = pods.sorted { $0.id < $1.id }
        self.members = members.sorted { $0.id < $1.id }
        self.podIndexByID = Dictionary(uniqueKeysWithValues: self.pods.enumerated().map { ($0.element.id, $0.offset) })
        self.memberIndexByID = Dictionary(uniqueKeysWithValues: self.members.enumerated().map { ($0.element.id, $0.offset) })
        self.membersByPod = Dictionary(grouping: self.members, by: \.pod)
    }

    /// A sickness fund has none of the other policies' settings (the network file's reader names the key).
    private static func checkSicknessPod(_ pod: PodSettings, _ terms: SicknessTerms) throws(LedgerCoreError) {
        guard (0...Limits.windowMonthsMax).contains(terms.waitingMonths) else {
            throw .invalidNetwork("pod '\(pod.id)': waiting_months must be from 0 to \(Limits.windowMonthsMax)")
        }
        guard (1...Limits.windowMonthsMax).contains(terms.maxBenefitMonths) else {
            throw .invalidNetwork("pod '\(pod.id)': max_benefit_months must be from 1 to \(Limits.windowMonthsMax)")
        }
        guard (1...Limits.windowMonthsMax).contains(terms.accountCapMonths) else {
            throw .invalidNetwork("pod '\(pod.id)': account_cap_months must be from 1 to \(Limits.windowMonthsMax)")
        }
        guard pod.tiers.isEmpty, pod.networkFeeMinor == nil, pod.networkGrossBasisPoints == nil, pod.reserveTargetMinor == 0 else {
            throw .invalidNetwork("pod '\(pod.id)': a sickness fund has no reserve target, tiers or levy; remove them")
        }
    }

    /// Members of a sickness fund have a benefit and a deposit (both positive) and no pledge terms; others have none.
    private static func checkSicknessLevel(of member: MemberSettings, isSicknessFund: Bool, _ currency: Currency) throws(LedgerCoreError) {
        guard isSicknessFund else {
            if member.sickness != nil {
                throw .invalidNetwork("member '\(member.id)': benefit and deposit belong to members of sickness funds (policy = \"sickness\"), and pod '\(member.pod)' is not one; remove them")
            }
            return
        }
        guard let level = member.sickness else {
            throw .invalidNetwork("member '\(member.id)' of sickness fund '\(member.pod)' has no benefit and deposit; add benefit = \"1500.00\" and deposit = \"67.50\"")
        }
        guard level.benefitMinor > 0, level.depositMinor > 0 else {
            throw .invalidNetwork("member '\(member.id)': benefit and deposit must be more than 0")
        }
        guard level.benefitMinor <= Limits.settingAmountMinorMax, level.depositMinor <= Limits.settingAmountMinorMax else {
            throw tooLarge("member '\(member.id)': benefit or deposit", currency)
        }
        guard member.pledgeBasisPoints == 0, member.hurdleMinor == 0, member.capMinor == nil, member.floorMinor == nil else {
            throw .invalidNetwork("member '\(member.id)': members of a sickness fund deposit a fixed amount; remove pledge_percent, hurdle, cap and floor")
        }
    }

    private static func checkLevy(
        fee: Int64, percent: Int, keys: (fee: String, percent: String), owner: String, _ currency: Currency
    ) throws(LedgerCoreError) {
        guard fee >= 0 else { throw .invalidNetwork("\(owner): \(keys.fee) must not be negative") }
        guard fee <= Limits.settingAmountMinorMax else { throw tooLarge("\(owner): \(keys.fee)", currency) }
        guard (0...BasisPoints.hundredPercent).contains(percent) else {
            throw .invalidNetwork("\(owner): \(keys.percent) must be between 0 and 100")
        }
    }

    /// Tiers belong to floor and average pods, with thresholds and bonuses not negative and thresholds strictly increasing.
    private static func checkTiers(of pod: PodSettings, _ currency: Currency) throws(LedgerCoreError) {
        guard !pod.tiers.isEmpty else { return }
        if case .equal = pod.policy {
            throw .invalidNetwork("pod '\(pod.id)': reserve tiers raise floors or average targets, and an equal pod has neither; remove its [[pod.tier]] tables")
        }
        guard pod.tiers.count <= Limits.tiersPerPodMax else { throw .invalidNetwork("pod '\(pod.id)' has more than \(Limits.tiersPerPodMax) tiers") }
        for (index, tier) in pod.tiers.enumerated() {
            let name = "pod '\(pod.id)': tier \(index + 1)"
            guard tier.reserveAtLeastMinor >= 0 else { throw .invalidNetwork("\(name): reserve_at_least must not be negative") }
            guard tier.floorBonusMinor >= 0 else { throw .invalidNetwork("\(name): floor_bonus must not be negative") }
            guard tier.reserveAtLeastMinor <= Limits.settingAmountMinorMax else { throw tooLarge("\(name): reserve_at_least", currency) }
            guard tier.floorBonusMinor <= Limits.settingAmountMinorMax else { throw tooLarge("\(name): floor_bonus", currency) }
            if index > 0, tier.reserveAtLeastMinor <= pod.tiers[index - 1].reserveAtLeastMinor {
                let shown = { (minor: Int64) in Money.format(minor, minorDigits: currency.minorDigits) }
                throw .invalidNetwork("\(name): reserve_at_least \(shown(tier.reserveAtLeastMinor)) is not above tier \(index)'s \(shown(pod.tiers[index - 1].reserveAtLeastMinor)); list tiers from the lowest reserve up, each threshold once")
            }
        }
    }

    private static func tooLarge(_ what: String, _ currency: Currency) -> LedgerCoreError {
        .invalidNetwork("\(what) is larger than \(Money.format(Limits.settingAmountMinorMax, minorDigits: currency.minorDigits)), the most a setting may be")
    }

    public static func == (lhs: NetworkSettings, rhs: NetworkSettings) -> Bool {
        lhs.currency == rhs.currency && lhs.shareBasisPoints == rhs.shareBasisPoints && lhs.levy == rhs.levy && lhs.pods == rhs.pods
            && lhs.members == rhs.members
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(currency)
        hasher.combine(shareBasisPoints)
        hasher.combine(levy)
        hasher.combine(pods)
        hasher.combine(members)
    }

    /// No pods and no members: what a first network version is compared with.
    public static func empty(_ currency: Currency) -> NetworkSettings {
        do {
            return try NetworkSettings(currency: currency, shareBasisPoints: 0, pods: [], members: [])
        } catch {
            preconditionFailure("an empty network is valid")
        }
    }

    /// The network's first month: the earliest `joined` of any member.
    public var firstMonth: Month? { members.map(\.joined).min() }

    public func pod(_ id: PodID) -> PodSettings? { podIndexByID[id].map { pods[$0] } }

    /// The levy the pod pays: its own fee and percent where it sets them, else the network's.
    public func levy(of pod: PodSettings) -> Levy {
        Levy(feeMinor: pod.networkFeeMinor ?? levy.feeMinor, grossBasisPoints: pod.networkGrossBasisPoints ?? levy.grossBasisPoints)
    }
    public func member(_ id: MemberID) -> MemberSettings? { memberIndexByID[id].map { members[$0] } }

    /// Members of a pod active in a month, sorted by id.
    public func activeMembers(of pod: PodID, in month: Month) -> [MemberSettings] {
        (membersByPod[pod] ?? []).filter { $0.isActive(in: month) }
    }
}
