/// How a pod decides each member's need (SPEC §5 step 3).
public enum Policy: Hashable, Sendable {
    /// Top every member's kept income up to a monthly floor.
    case floor(floorMinor: Int64)
    /// Top every member up to the mean of their own net income over the last `windowMonths` closed months.
    case average(windowMonths: Int)
    /// No need: the pool is split equally.
    case equal

    public var name: String {
        switch self {
        case .floor: return "floor"
        case .average: return "average"
        case .equal: return "equal"
        }
    }
}

/// What happens to a pod's surplus after the reserve deposit and network share (SPEC §5 step 7).
public enum SurplusMode: String, Hashable, Sendable, CaseIterable {
    case refund, equal, reserve
}

public struct PodSettings: Hashable, Sendable {
    public let id: PodID
    public let name: String
    public let policy: Policy
    public let reserveTargetMinor: Int64
    public let surplus: SurplusMode

    public init(id: PodID, name: String, policy: Policy, reserveTargetMinor: Int64, surplus: SurplusMode) {
        self.id = id
        self.name = name
        self.policy = policy
        self.reserveTargetMinor = reserveTargetMinor
        self.surplus = surplus
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

    public init(id: MemberID, name: String, pod: PodID, pledgeBasisPoints: Int, hurdleMinor: Int64, capMinor: Int64?,
                joined: Month, left: Month?) {
        self.id = id
        self.name = name
        self.pod = pod
        self.pledgeBasisPoints = pledgeBasisPoints
        self.hurdleMinor = hurdleMinor
        self.capMinor = capMinor
        self.joined = joined
        self.left = left
    }

    public func isActive(in month: Month) -> Bool {
        joined <= month && (left.map { month <= $0 } ?? true)
    }
}

/// One version of the network's settings: every pod and member, as given by one network file.
public struct NetworkSettings: Hashable, Sendable {
    public let currency: Currency
    public let shareBasisPoints: Int
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
    public init(currency: Currency, shareBasisPoints: Int, pods: [PodSettings], members: [MemberSettings]) throws(LedgerCoreError) {
        guard (0...BasisPoints.hundredPercent).contains(shareBasisPoints) else {
            throw .invalidNetwork("share_percent must be between 0 and 100")
        }
        guard pods.count <= Limits.podsMax else { throw .invalidNetwork("more than \(Limits.podsMax) pods") }
        var podIDs = Set<PodID>()
        for pod in pods {
            guard podIDs.insert(pod.id).inserted else { throw .invalidNetwork("pod '\(pod.id)' is defined twice; give each pod one [[pod]] table") }
            guard pod.reserveTargetMinor >= 0 else { throw .invalidNetwork("pod '\(pod.id)': reserve_target must not be negative") }
            guard pod.reserveTargetMinor <= Limits.settingAmountMinorMax else { throw Self.tooLarge("pod '\(pod.id)': reserve_target", currency) }
            switch pod.policy {
            case .floor(let floorMinor) where floorMinor < 0:
                throw .invalidNetwork("pod '\(pod.id)': floor must not be negative")
            case .floor(let floorMinor) where floorMinor > Limits.settingAmountMinorMax:
                throw Self.tooLarge("pod '\(pod.id)': floor", currency)
            case .average(let window) where !(1...Limits.windowMonthsMax).contains(window):
                throw .invalidNetwork("pod '\(pod.id)': window must be from 1 to \(Limits.windowMonthsMax) months")
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
        self.pods = pods.sorted { $0.id < $1.id }
        self.members = members.sorted { $0.id < $1.id }
        self.podIndexByID = Dictionary(uniqueKeysWithValues: self.pods.enumerated().map { ($0.element.id, $0.offset) })
        self.memberIndexByID = Dictionary(uniqueKeysWithValues: self.members.enumerated().map { ($0.element.id, $0.offset) })
        self.membersByPod = Dictionary(grouping: self.members, by: \.pod)
    }

    private static func tooLarge(_ what: String, _ currency: Currency) -> LedgerCoreError {
        .invalidNetwork("\(what) is larger than \(Money.format(Limits.settingAmountMinorMax, minorDigits: currency.minorDigits)), the most a setting may be")
    }

    public static func == (lhs: NetworkSettings, rhs: NetworkSettings) -> Bool {
        lhs.currency == rhs.currency && lhs.shareBasisPoints == rhs.shareBasisPoints && lhs.pods == rhs.pods
            && lhs.members == rhs.members
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(currency)
        hasher.combine(shareBasisPoints)
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
    public func member(_ id: MemberID) -> MemberSettings? { memberIndexByID[id].map { members[$0] } }

    /// Members of a pod active in a month, sorted by id.
    public func activeMembers(of pod: PodID, in month: Month) -> [MemberSettings] {
        (membersByPod[pod] ?? []).filter { $0.isActive(in: month) }
    }
}
