import LedgerCore
import Smoothing

/// Someone who pays or is paid when a pod's month is settled.
public enum Party: Hashable, Sendable, Comparable, CustomStringConvertible {
    case member(PodID, MemberID)
    case podReserve(PodID)
    /// The pod's shared costs: what the month paid toward its expenses (the pod paid the suppliers already).
    case podCosts(PodID)
    case networkReserve

    /// The ledger account that stands for the party (SPEC §3).
    public var account: Account {
        switch self {
        case .member(let pod, let member): return .member(pod, member)
        case .podReserve(let pod): return .podReserve(pod)
        case .podCosts(let pod): return .podCosts(pod)
        case .networkReserve: return .networkReserve
        }
    }

    /// The party's id: its account name, e.g. `members:aurora:alice`, `pods:aurora:reserve`, `network:reserve`.
    public var id: String { account.description }
    public var description: String { id }

    public static func < (lhs: Party, rhs: Party) -> Bool { lhs.id < rhs.id }
}

/// One payment that settles part of a month.
public struct Transfer: Hashable, Sendable {
    public let from: Party
    public let to: Party
    /// Always positive.
    public let amountMinor: Int64

    public init(from: Party, to: Party, amountMinor: Int64) {
        self.from = from
        self.to = to
        self.amountMinor = amountMinor
    }
}

/// Who pays whom to settle one pod's month.
public enum Settlement {
    /// The payments that settle a pod's month, fewest reasonable, exact to the minor unit.
    ///
    /// Each party's **net position** is what it receives minus what it pays in the month:
    /// - a member: `received − contribution` (negative: the member owes the difference);
    /// - the pod reserve: `closing − opening`, i.e. deposit + surplus kept − draw − expenses and levy from it
    ///   (negative: it pays);
    /// - the pod's costs: the expenses the month paid (SPEC §6 step 2a);
    /// - the network reserve: the pod's share sent to the network + its levy − the support the network gives the pod.
    ///
    /// Money is conserved in a pod's month (`C + R0 + support = Σreceived + R2 + n_P + levy + expenses`), so the
    /// positions sum to zero. Matching is greedy: repeatedly the largest remaining debtor pays the largest
    /// remaining creditor the smaller of the two amounts; ties go to the smaller party id (the account name,
    /// so members before `network:reserve` before `pods:…:reserve`). Every transfer is positive, each party's
    /// transfers sum to its net position, and there are at most (debtors + creditors − 1) of them. Parties
    /// with a zero position take no part.
    ///
    /// A `PodResult` whose figures do not conserve money is a calculator bug and stops with a precondition.
    public static func transfers(for pod: PodResult) -> [Transfer] {
        var positions: [(party: Party, amountMinor: Int64)] = pod.members.map {
            (.member(pod.pod, $0.member), $0.receivedMinor - $0.contributionMinor)
        }
        positions.append((.podReserve(pod.pod), pod.reserveClosingMinor - pod.reserveOpeningMinor))
        positions.append((.podCosts(pod.pod), pod.costs.expensesMinor))
        positions.append((.networkReserve, pod.toNetworkMinor + pod.costs.levyMinor - pod.fromNetworkMinor))
        let total = Money.sum(positions.map(\.amountMinor))
        precondition(total == 0, "pod \(pod.pod): net positions sum to \(total.map(String.init) ?? "overflow"), not 0; the month's figures do not balance")
        return transfers(positions: positions)
    }

    /// The fewest payments that settle what is still outstanding in a pod (SPEC §8), each one a payment §8
    /// allows: the pod and the network settle between them; within the pod, members who owe pay members who are
    /// owed directly where they can, and the pod (its reserve) takes or pays the rest.
    public static func transfers(outstandingOf pod: PodID, members: [(member: MemberID, outstandingMinor: Int64)],
                                 network networkOutstandingMinor: Int64) -> [Transfer] {
        var transfers: [Transfer] = []
        if networkOutstandingMinor > 0 {
            transfers.append(Transfer(from: .podReserve(pod), to: .networkReserve, amountMinor: networkOutstandingMinor))
        } else if networkOutstandingMinor < 0 {
            transfers.append(Transfer(from: .networkReserve, to: .podReserve(pod), amountMinor: -networkOutstandingMinor))
        }
        var positions: [(party: Party, amountMinor: Int64)] = members.map { (.member(pod, $0.member), -$0.outstandingMinor) }
        positions.append((.podReserve(pod), members.reduce(0) { $0 + $1.outstandingMinor }))
        return transfers + self.transfers(positions: positions)
    }

    /// Greedy matching of net positions that sum to zero (see `transfers(for:)`).
    static func transfers(positions: [(party: Party, amountMinor: Int64)]) -> [Transfer] {
        var debtors = positions.filter { $0.amountMinor < 0 }.map { (party: $0.party, remaining: -$0.amountMinor) }
        var creditors = positions.filter { $0.amountMinor > 0 }.map { (party: $0.party, remaining: $0.amountMinor) }
        var transfers: [Transfer] = []
        while let debtorIndex = largest(debtors), let creditorIndex = largest(creditors) {
            let amount = min(debtors[debtorIndex].remaining, creditors[creditorIndex].remaining)
            transfers.append(Transfer(from: debtors[debtorIndex].party, to: creditors[creditorIndex].party, amountMinor: amount))
            debtors[debtorIndex].remaining -= amount
            creditors[creditorIndex].remaining -= amount
        }
        return transfers
    }

    /// Index of the largest positive remainder, ties to the smaller party id; nil when all are settled.
    private static func largest(_ parties: [(party: Party, remaining: Int64)]) -> Int? {
        var best: Int?
        for index in parties.indices where parties[index].remaining > 0 {
            guard let current = best else {
                best = index
                continue
            }
            let candidate = parties[index]
            let leader = parties[current]
            if candidate.remaining > leader.remaining || (candidate.remaining == leader.remaining && candidate.party < leader.party) {
                best = index
            }
        }
        return best
    }
}
