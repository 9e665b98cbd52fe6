import LedgerCore

/// A change of the network's settings in words: `lena pledge 10% → 18%`.
enum ChangeText {
    static func describe(_ change: NetworkChange, minorDigits digits: Int) -> String {
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        switch change {
        case .share(let old, let new):
            return "network share \(Figures.percent(old)) → \(Figures.percent(new))"
        case .levy(let old, let new):
            return "network levy \(PolicyText.levy(old, minorDigits: digits)) → \(PolicyText.levy(new, minorDigits: digits))"
        case .podAdded(let pod):
            return "pod \(pod.id) (\(pod.name)) added: \(PolicyText.phrase(pod.policy, minorDigits: digits)), reserve target \(money(pod.reserveTargetMinor)), surplus \(pod.surplus.rawValue)"
        case .podRemoved(let pod):
            return "pod \(pod.id) (\(pod.name)) removed"
        case .podName(let id, let old, let new):
            return "pod \(id) name \"\(old)\" → \"\(new)\""
        case .podPolicy(let id, let old, let new):
            return "pod \(id) policy \(PolicyText.phrase(old, minorDigits: digits)) → \(PolicyText.phrase(new, minorDigits: digits))"
        case .podReserveTarget(let id, let old, let new):
            return "pod \(id) reserve target \(money(old)) → \(money(new))"
        case .podSurplus(let id, let old, let new):
            return "pod \(id) surplus \(old.rawValue) → \(new.rawValue)"
        case .podLevyFee(let id, let old, let new):
            return "pod \(id) levy fee \(old.map(money) ?? "the network's") → \(new.map(money) ?? "the network's")"
        case .podLevyPercent(let id, let old, let new):
            return "pod \(id) levy share of gross \(old.map(Figures.percent) ?? "the network's") → \(new.map(Figures.percent) ?? "the network's")"
        case .podTiers(let id, let old, let new):
            return "pod \(id) reserve tiers \(PolicyText.tiers(old, minorDigits: digits)) → \(PolicyText.tiers(new, minorDigits: digits))"
        case .memberAdded(let member):
            return "\(member.id) (\(member.name)) added to \(member.pod): pledge \(PolicyText.pledge(member, minorDigits: digits)), \(PolicyText.span(member))"
        case .memberRemoved(let member):
            return "\(member.id) (\(member.name)) removed from \(member.pod)"
        case .memberMoved(let id, let old, let new):
            return "\(id) moves from pod \(old) to pod \(new)"
        case .memberName(let id, let old, let new):
            return "\(id) name \"\(old)\" → \"\(new)\""
        case .memberPledge(let id, let old, let new):
            return "\(id) pledge \(Figures.percent(old)) → \(Figures.percent(new))"
        case .memberHurdle(let id, let old, let new):
            return "\(id) hurdle \(money(old)) → \(money(new))"
        case .memberCap(let id, let old, let new):
            return "\(id) cap \(old.map(money) ?? "none") → \(new.map(money) ?? "none")"
        case .memberFloor(let id, let old, let new):
            return "\(id) own floor \(old.map(money) ?? "none (the pod's)") → \(new.map(money) ?? "none (the pod's)")"
        case .memberJoined(let id, let old, let new):
            return "\(id) joined \(old) → \(new)"
        case .memberLeft(let id, let old, let new):
            return "\(id) left \(old.map(String.init(describing:)) ?? "not set") → \(new.map(String.init(describing:)) ?? "not set")"
        }
    }
}
