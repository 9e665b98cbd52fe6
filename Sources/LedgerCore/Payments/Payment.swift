/// Who pays or is paid (SPEC §8): a member, a pod (`pod:POD`) or the network (`network`).
public enum PaymentParty: Hashable, Comparable, Sendable, CustomStringConvertible {
    case member(MemberID)
    case pod(PodID)
    case network

    /// `alice`, `pod:aurora` or `network`.
    public init(parsing text: String) throws(LedgerCoreError) {
        if text == "network" {
            self = .network
        } else if text.hasPrefix("pod:") {
            do { self = .pod(try PodID(String(text.dropFirst(4)))) } catch { throw .invalidParty(text) }
        } else {
            do { self = .member(try MemberID(text)) } catch { throw .invalidParty(text) }
        }
    }

    public var description: String {
        switch self {
        case .member(let member): return member.raw
        case .pod(let pod): return "pod:\(pod)"
        case .network: return "network"
        }
    }

    public static func < (lhs: PaymentParty, rhs: PaymentParty) -> Bool { lhs.description < rhs.description }
}

/// One payment as recorded: money that moved from one party to another on a day.
public struct Payment: Hashable, Sendable {
    public let day: Day
    public let from: PaymentParty
    public let to: PaymentParty
    /// Always positive.
    public let amountMinor: Int64
    public let reference: String?
    public let description: String

    public init(day: Day, from: PaymentParty, to: PaymentParty, amountMinor: Int64, reference: String?, description: String) {
        self.day = day
        self.from = from
        self.to = to
        self.amountMinor = amountMinor
        self.reference = reference
        self.description = description
    }
}

/// A payment between parties that may pay each other, with the pod it goes through (SPEC §8): a member and
/// their own pod, two members of one pod (the payer pays the pod and the pod pays the payee), or a pod and
/// the network. Any other pair cannot be a route.
public enum PaymentRoute: Hashable, Sendable {
    case memberToPod(PodID, MemberID)
    case podToMember(PodID, MemberID)
    case memberToMember(PodID, from: MemberID, to: MemberID)
    case podToNetwork(PodID)
    case networkToPod(PodID)

    /// The pod whose members or bank the payment involves.
    public var pod: PodID {
        switch self {
        case .memberToPod(let pod, _), .podToMember(let pod, _), .memberToMember(let pod, _, _), .podToNetwork(let pod),
             .networkToPod(let pod):
            return pod
        }
    }

    /// The postings: the pod's and the network's bank accounts take the money; a member's `paid` account
    /// records what they paid in (credit) or were paid (debit).
    public func postings(amountMinor: Int64) -> [Posting] {
        switch self {
        case .memberToPod(let pod, let member): return [Posting(.podBank(pod), amountMinor), Posting(.paid(pod, member), -amountMinor)]
        case .podToMember(let pod, let member): return [Posting(.paid(pod, member), amountMinor), Posting(.podBank(pod), -amountMinor)]
        case .memberToMember(let pod, let from, let to): return [Posting(.paid(pod, to), amountMinor), Posting(.paid(pod, from), -amountMinor)]
        case .podToNetwork(let pod): return [Posting(.networkBank, amountMinor), Posting(.podBank(pod), -amountMinor)]
        case .networkToPod(let pod): return [Posting(.podBank(pod), amountMinor), Posting(.networkBank, -amountMinor)]
        }
    }

    /// The route of a payment recorded with these postings (the inverse of `postings`), or nil.
    public init?(postings: [Posting]) {
        guard postings.count == 2, postings[0].amountMinor > 0, postings[0].amountMinor == -postings[1].amountMinor else { return nil }
        switch (postings[0].account, postings[1].account) {
        case (.podBank(let pod), .paid(let other, let member)) where pod == other: self = .memberToPod(pod, member)
        case (.paid(let pod, let member), .podBank(let other)) where pod == other: self = .podToMember(pod, member)
        case (.paid(let pod, let to), .paid(let other, let from)) where pod == other && to != from: self = .memberToMember(pod, from: from, to: to)
        case (.networkBank, .podBank(let pod)): self = .podToNetwork(pod)
        case (.podBank(let pod), .networkBank): self = .networkToPod(pod)
        default: return nil
        }
    }

    /// The parties, as a payment names them.
    public var parties: (from: PaymentParty, to: PaymentParty) {
        switch self {
        case .memberToPod(let pod, let member): return (.member(member), .pod(pod))
        case .podToMember(let pod, let member): return (.pod(pod), .member(member))
        case .memberToMember(_, let from, let to): return (.member(from), .member(to))
        case .podToNetwork(let pod): return (.pod(pod), .network)
        case .networkToPod(let pod): return (.network, .pod(pod))
        }
    }
}
