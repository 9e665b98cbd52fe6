import LedgerCore

/// The policy kinds of SPEC §5 step 3, without their parameters (for overrides given on a command line).
public enum PolicyKind: String, Hashable, Sendable, CaseIterable {
    case floor, average, equal, sickness
}

/// "What if" changes to a network's settings, for `podledger simulate`. Every field is optional; nil keeps
/// what the network has. Percents are basis points, amounts minor units.
///
/// Scope: pod-level fields (`pledgeBasisPoints`, `policy`, `floorMinor`, `windowMonths`, `reserveTargetMinor`,
/// `surplus`, the levy's `levyFeeMinor` and `levyGrossBasisPoints`, `tiers`) apply to `pod` when it is given,
/// else to every pod; `memberPledgeBasisPoints` and `memberFloorMinor` name members explicitly (a member's pledge
/// wins over `pledgeBasisPoints`); `shareBasisPoints` is network-wide. Everything not overridden is kept,
/// agreements included; a member's own floor and a pod's tiers go only where the resulting policy has no place
/// for them (own floors outside floor pods, tiers in equal pods).
public struct SimulationOverrides: Hashable, Sendable {
    /// Limits the pod-level overrides to this pod; nil for every pod.
    public var pod: PodID?
    /// Pledge for every member (of `pod`, when given).
    public var pledgeBasisPoints: Int?
    /// Pledge for single members; applied after `pledgeBasisPoints`.
    public var memberPledgeBasisPoints: [MemberID: Int]
    /// Policy kind. Switching to `floor` needs a floor: `floorMinor`, or the pod's own when it is already a floor pod
    /// (likewise `average` and `windowMonths`).
    public var policy: PolicyKind?
    /// Floor for pods whose (resulting) policy is `floor`.
    public var floorMinor: Int64?
    /// Window for pods whose (resulting) policy is `average`.
    public var windowMonths: Int?
    public var reserveTargetMinor: Int64?
    public var surplus: SurplusMode?
    /// The network's share of each pod's surplus.
    public var shareBasisPoints: Int?
    /// The levy's flat fee a month for the pods in scope (their own, replacing the network's).
    public var levyFeeMinor: Int64?
    /// The levy's share of gross for the pods in scope (their own, replacing the network's).
    public var levyGrossBasisPoints: Int?
    /// Reserve tiers for the floor and average pods in scope, replacing theirs; `[]` removes them.
    public var tiers: [ReserveTier]?
    /// Own floors of single members (of floor pods).
    public var memberFloorMinor: [MemberID: Int64] = [:]

    public init(pod: PodID? = nil, pledgeBasisPoints: Int? = nil, memberPledgeBasisPoints: [MemberID: Int] = [:],
                policy: PolicyKind? = nil, floorMinor: Int64? = nil, windowMonths: Int? = nil,
                reserveTargetMinor: Int64? = nil, surplus: SurplusMode? = nil, shareBasisPoints: Int? = nil) {
        self.pod = pod
        self.pledgeBasisPoints = pledgeBasisPoints
        self.memberPledgeBasisPoints = memberPledgeBasisPoints
        self.policy = policy
        self.floorMinor = floorMinor
        self.windowMonths = windowMonths
        self.reserveTargetMinor = reserveTargetMinor
        self.surplus = surplus
        self.shareBasisPoints = shareBasisPoints
    }

    /// True when nothing is overridden.
    public var isEmpty: Bool { self == SimulationOverrides() }

    /// The pod with the pod-level overrides that apply to it (which must be in scope).
    private func overriding(_ original: PodSettings) throws(SmoothingError) -> (pod: PodSettings, usedFloor: Bool, usedWindow: Bool) {
        let kind = policy ?? PolicyKind(original.policy)
        let newPolicy: Policy
        switch kind {
        case .floor:
            guard let floor = floorMinor ?? original.policy.floorMinor else {
                throw .overrideNotApplicable("pod '\(original.id)' has no floor: give the floor to simulate the floor policy")
            }
            newPolicy = .floor(floorMinor: floor)
        case .average:
            guard let window = windowMonths ?? original.policy.windowMonths else {
                throw .overrideNotApplicable("pod '\(original.id)' has no averaging window: give the window to simulate the average policy")
            }
            newPolicy = .average(windowMonths: window)
        case .equal:
            newPolicy = .equal
        case .sickness:
            throw .overrideNotApplicable("a sickness fund's members have benefit levels and deposits, not pledges: simulating pod '\(original.id)' as one is not possible")
        }
        let pod = PodSettings(id: original.id, name: original.name, policy: newPolicy,
                              reserveTargetMinor: reserveTargetMinor ?? original.reserveTargetMinor, surplus: surplus ?? original.surplus,
                              networkFeeMinor: levyFeeMinor ?? original.networkFeeMinor,
                              networkGrossBasisPoints: levyGrossBasisPoints ?? original.networkGrossBasisPoints,
                              tiers: newPolicy == .equal ? [] : tiers ?? original.tiers)
        return (pod, kind == .floor && floorMinor != nil, kind == .average && windowMonths != nil)
    }

    /// The network's settings with these overrides applied, checked by `NetworkSettings`'s own rules.
    ///
    /// Throws when an override names an unknown pod or member, when a floor (window) is needed but neither
    /// given nor already in the pod, when `floorMinor` (`windowMonths`) applies to no pod in scope, or when
    /// a value is out of range.
    public func apply(to settings: NetworkSettings) throws(SmoothingError) -> NetworkSettings {
        if let pod, settings.pod(pod) == nil { throw .unknownPod(pod) }
        for member in memberPledgeBasisPoints.keys.sorted() {
            guard let found = settings.member(member), pod.map({ found.pod == $0 }) ?? true else { throw .unknownMember(member) }
        }
        func inScope(_ id: PodID) -> Bool { pod.map { $0 == id } ?? true }

        for member in memberFloorMinor.keys.sorted() {
            guard let found = settings.member(member), pod.map({ found.pod == $0 }) ?? true else { throw .unknownMember(member) }
        }
        var floorUsed = false
        var windowUsed = false
        var tiersUsed = false
        var pods: [PodSettings] = []
        for original in settings.pods {
            guard inScope(original.id) else { pods.append(original); continue }
            // A sickness fund keeps its terms: pledges, floors and levy do not apply to it.
            if original.policy.sicknessTerms != nil {
                if let policy, policy != .sickness {
                    throw .overrideNotApplicable("pod '\(original.id)' is a sickness fund, whose members deposit fixed amounts: it cannot be simulated under the \(policy.rawValue) policy")
                }
                pods.append(original)
                continue
            }
            let (overridden, usedFloor, usedWindow) = try overriding(original)
            floorUsed = floorUsed || usedFloor
            windowUsed = windowUsed || usedWindow
            tiersUsed = tiersUsed || overridden.policy != .equal
            pods.append(overridden)
        }
        if tiers != nil && !tiersUsed {
            throw .overrideNotApplicable("reserve tiers raise floors and average targets, and no pod in scope is a floor or average pod")
        }
        if floorMinor != nil && !floorUsed {
            throw .overrideNotApplicable("the floor applies to floor pods only and no pod in scope uses the floor policy; simulate the floor policy too")
        }
        if windowMonths != nil && !windowUsed {
            throw .overrideNotApplicable("the window applies to average pods only and no pod in scope uses the average policy; simulate the average policy too")
        }

        let floorPods = Set(pods.filter { $0.policy.floorMinor != nil }.map(\.id))
        let members = settings.members.map { original -> MemberSettings in
            var pledge = original.pledgeBasisPoints
            if original.sickness != nil { return original }
            if inScope(original.pod), let everyone = pledgeBasisPoints { pledge = everyone }
            if let own = memberPledgeBasisPoints[original.id] { pledge = own }
            let floor = memberFloorMinor[original.id] ?? (floorPods.contains(original.pod) ? original.floorMinor : nil)
            return MemberSettings(id: original.id, name: original.name, pod: original.pod, pledgeBasisPoints: pledge,
                                  hurdleMinor: original.hurdleMinor, capMinor: original.capMinor,
                                  joined: original.joined, left: original.left, floorMinor: floor, sickness: original.sickness)
        }
        do {
            return try NetworkSettings(currency: settings.currency, shareBasisPoints: shareBasisPoints ?? settings.shareBasisPoints,
                                       levy: settings.levy, pods: pods, members: members)
        } catch {
            throw .invalidSettings(error)
        }
    }
}

extension PolicyKind {
    public init(_ policy: Policy) {
        switch policy {
        case .floor: self = .floor
        case .average: self = .average
        case .equal: self = .equal
        case .sickness: self = .sickness
        }
    }
}
