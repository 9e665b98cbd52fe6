import LedgerCore

/// The policy kinds of SPEC §5 step 3, without their parameters (for overrides given on a command line).
public enum PolicyKind: String, Hashable, Sendable, CaseIterable {
    case floor, average, equal
}

/// "What if" changes to a network's settings, for `podledger simulate`. Every field is optional; nil keeps
/// what the network has. Percents are basis points, amounts minor units.
///
/// Scope: pod-level fields (`pledgeBasisPoints`, `policy`, `floorMinor`, `windowMonths`, `reserveTargetMinor`,
/// `surplus`) apply to `pod` when it is given, else to every pod; `memberPledgeBasisPoints` names members
/// explicitly and wins over `pledgeBasisPoints`; `shareBasisPoints` is network-wide.
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

        var floorUsed = false
        var windowUsed = false
        var pods: [PodSettings] = []
        for original in settings.pods {
            guard inScope(original.id) else { pods.append(original); continue }
            let kind = policy ?? PolicyKind(original.policy)
            let newPolicy: Policy
            switch kind {
            case .floor:
                if floorMinor != nil { floorUsed = true }
                guard let floor = floorMinor ?? original.policy.floorMinor else {
                    throw .overrideNotApplicable("pod '\(original.id)' has no floor: give the floor to simulate the floor policy")
                }
                newPolicy = .floor(floorMinor: floor)
            case .average:
                if windowMonths != nil { windowUsed = true }
                guard let window = windowMonths ?? original.policy.windowMonths else {
                    throw .overrideNotApplicable("pod '\(original.id)' has no averaging window: give the window to simulate the average policy")
                }
                newPolicy = .average(windowMonths: window)
            case .equal:
                newPolicy = .equal
            }
            pods.append(PodSettings(id: original.id, name: original.name, policy: newPolicy,
                                    reserveTargetMinor: reserveTargetMinor ?? original.reserveTargetMinor,
                                    surplus: surplus ?? original.surplus))
        }
        if floorMinor != nil && !floorUsed {
            throw .overrideNotApplicable("the floor applies to floor pods only and no pod in scope uses the floor policy; simulate the floor policy too")
        }
        if windowMonths != nil && !windowUsed {
            throw .overrideNotApplicable("the window applies to average pods only and no pod in scope uses the average policy; simulate the average policy too")
        }

        let members = settings.members.map { original -> MemberSettings in
            var pledge = original.pledgeBasisPoints
            if inScope(original.pod), let everyone = pledgeBasisPoints { pledge = everyone }
            if let own = memberPledgeBasisPoints[original.id] { pledge = own }
            return MemberSettings(id: original.id, name: original.name, pod: original.pod, pledgeBasisPoints: pledge,
                                  hurdleMinor: original.hurdleMinor, capMinor: original.capMinor,
                                  joined: original.joined, left: original.left)
        }
        do {
            return try NetworkSettings(currency: settings.currency, shareBasisPoints: shareBasisPoints ?? settings.shareBasisPoints,
                                       pods: pods, members: members)
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
        }
    }
}

extension Policy {
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
}
