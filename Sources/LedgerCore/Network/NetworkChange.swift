/// One difference between two versions of the network's settings: what `network apply` (and its dry
/// run) reports, and what `simulate` says it changed.
public enum NetworkChange: Hashable, Sendable {
    case share(from: Int, to: Int)
    case levy(from: Levy, to: Levy)
    case podAdded(PodSettings)
    case podRemoved(PodSettings)
    case podName(PodID, from: String, to: String)
    case podPolicy(PodID, from: Policy, to: Policy)
    case podReserveTarget(PodID, from: Int64, to: Int64)
    case podSurplus(PodID, from: SurplusMode, to: SurplusMode)
    /// The pod's own levy fee (nil: the network's).
    case podLevyFee(PodID, from: Int64?, to: Int64?)
    /// The pod's own levy percent of gross (nil: the network's).
    case podLevyPercent(PodID, from: Int?, to: Int?)
    case podTiers(PodID, from: [ReserveTier], to: [ReserveTier])
    case memberAdded(MemberSettings)
    /// In the old settings and not in the new ones (without a `left` month: their history stays, but they
    /// are gone from every month the new version covers).
    case memberRemoved(MemberSettings)
    case memberMoved(MemberID, from: PodID, to: PodID)
    case memberName(MemberID, from: String, to: String)
    case memberPledge(MemberID, from: Int, to: Int)
    case memberHurdle(MemberID, from: Int64, to: Int64)
    case memberCap(MemberID, from: Int64?, to: Int64?)
    /// The member's own floor (nil: the pod's).
    case memberFloor(MemberID, from: Int64?, to: Int64?)
    case memberJoined(MemberID, from: Month, to: Month)
    case memberLeft(MemberID, from: Month?, to: Month?)
}

extension NetworkChange {
    /// The member a change is about; nil for the network's and pods' settings.
    public var member: MemberID? {
        switch self {
        case .memberAdded(let member), .memberRemoved(let member): return member.id
        case .memberMoved(let id, _, _), .memberName(let id, _, _), .memberPledge(let id, _, _), .memberHurdle(let id, _, _),
             .memberCap(let id, _, _), .memberFloor(let id, _, _), .memberJoined(let id, _, _), .memberLeft(let id, _, _):
            return id
        case .share, .levy, .podAdded, .podRemoved, .podName, .podPolicy, .podReserveTarget, .podSurplus, .podLevyFee, .podLevyPercent,
             .podTiers:
            return nil
        }
    }
}

extension NetworkSettings {
    /// What changes from these settings to `new`: the network first, then pods by id, then members by id.
    public func changes(to new: NetworkSettings) -> [NetworkChange] {
        var changes: [NetworkChange] = []
        if shareBasisPoints != new.shareBasisPoints { changes.append(.share(from: shareBasisPoints, to: new.shareBasisPoints)) }
        if levy != new.levy { changes.append(.levy(from: levy, to: new.levy)) }
        for id in Set(pods.map(\.id)).union(new.pods.map(\.id)).sorted() {
            switch (pod(id), new.pod(id)) {
            case (nil, let added?): changes.append(.podAdded(added))
            case (let removed?, nil): changes.append(.podRemoved(removed))
            case (let old?, let now?):
                if old.name != now.name { changes.append(.podName(id, from: old.name, to: now.name)) }
                if old.policy != now.policy { changes.append(.podPolicy(id, from: old.policy, to: now.policy)) }
                if old.reserveTargetMinor != now.reserveTargetMinor {
                    changes.append(.podReserveTarget(id, from: old.reserveTargetMinor, to: now.reserveTargetMinor))
                }
                if old.surplus != now.surplus { changes.append(.podSurplus(id, from: old.surplus, to: now.surplus)) }
                if old.networkFeeMinor != now.networkFeeMinor { changes.append(.podLevyFee(id, from: old.networkFeeMinor, to: now.networkFeeMinor)) }
                if old.networkGrossBasisPoints != now.networkGrossBasisPoints {
                    changes.append(.podLevyPercent(id, from: old.networkGrossBasisPoints, to: now.networkGrossBasisPoints))
                }
                if old.tiers != now.tiers { changes.append(.podTiers(id, from: old.tiers, to: now.tiers)) }
            case (nil, nil): break
            }
        }
        for id in Set(members.map(\.id)).union(new.members.map(\.id)).sorted() {
            switch (member(id), new.member(id)) {
            case (nil, let added?): changes.append(.memberAdded(added))
            case (let removed?, nil): changes.append(.memberRemoved(removed))
            case (let old?, let now?):
                if old.pod != now.pod { changes.append(.memberMoved(id, from: old.pod, to: now.pod)) }
                if old.name != now.name { changes.append(.memberName(id, from: old.name, to: now.name)) }
                if old.pledgeBasisPoints != now.pledgeBasisPoints {
                    changes.append(.memberPledge(id, from: old.pledgeBasisPoints, to: now.pledgeBasisPoints))
                }
                if old.hurdleMinor != now.hurdleMinor { changes.append(.memberHurdle(id, from: old.hurdleMinor, to: now.hurdleMinor)) }
                if old.capMinor != now.capMinor { changes.append(.memberCap(id, from: old.capMinor, to: now.capMinor)) }
                if old.floorMinor != now.floorMinor { changes.append(.memberFloor(id, from: old.floorMinor, to: now.floorMinor)) }
                if old.joined != now.joined { changes.append(.memberJoined(id, from: old.joined, to: now.joined)) }
                if old.left != now.left { changes.append(.memberLeft(id, from: old.left, to: now.left)) }
            case (nil, nil): break
            }
        }
        return changes
    }
}
