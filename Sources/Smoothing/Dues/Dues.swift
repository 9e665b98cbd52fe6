import LedgerCore

/// What members owe their pods and pods owe the network once closed months are settled and payments made
/// (SPEC §8). Pure: closed months' results and payments in, balances out.
///
/// A closed month leaves each member a settlement `s_m = c_m − received_m` (positive: the member owes the
/// pod) and each pod `s_P = n_P + levy_P − support_P` toward the network. Outstanding is the settlements
/// summed less what was paid, net: positive owes, negative is owed.
public enum Dues {
    /// One party's dues: toward their pod (a member) or toward the network (a pod).
    public struct Balance: Hashable, Sendable {
        /// Σ settlements over the closed months.
        public let dueMinor: Int64
        /// Paid net: paid in minus paid back.
        public let paidMinor: Int64
        /// The closed month since which the party has owed without a break; nil when nothing is owed.
        public let oldestUnpaid: Month?

        public var outstandingMinor: Int64 { dueMinor - paidMinor }

        public init(dueMinor: Int64, paidMinor: Int64, oldestUnpaid: Month?) {
            self.dueMinor = dueMinor
            self.paidMinor = paidMinor
            self.oldestUnpaid = oldestUnpaid
        }

        static let zero = Balance(dueMinor: 0, paidMinor: 0, oldestUnpaid: nil)
    }

    public struct MemberDues: Hashable, Sendable {
        public let member: MemberID
        public let dues: Balance
    }

    public struct PodDues: Hashable, Sendable {
        public let pod: PodID
        /// Sorted by member id: every member with a settlement or a payment in this pod.
        public let members: [MemberDues]
        /// The pod's dues toward the network.
        public let network: Balance

        public func member(_ id: MemberID) -> MemberDues? { members.first { $0.member == id } }
    }

    /// The settlements of one closed month.
    public struct MonthSettlements: Sendable {
        public let month: Month
        /// `s_m` by pod and member.
        public let members: [PodID: [MemberID: Int64]]
        /// `s_P` by pod.
        public let pods: [PodID: Int64]

        public init(month: Month, members: [PodID: [MemberID: Int64]], pods: [PodID: Int64]) {
            self.month = month
            self.members = members
            self.pods = pods
        }

        /// A closed month's settlements from its result.
        public init(_ result: MonthResult) {
            month = result.month
            var members: [PodID: [MemberID: Int64]] = [:]
            var pods: [PodID: Int64] = [:]
            for pod in result.pods {
                for line in pod.members { members[pod.pod, default: [:]][line.member] = line.contributionMinor - line.receivedMinor }
                pods[pod.pod] = pod.toNetworkMinor + pod.costs.levyMinor - pod.fromNetworkMinor
            }
            self.members = members
            self.pods = pods
        }
    }

    /// Dues of every pod from the settlements of its closed months (any order) and the payments made,
    /// each as its route and amount. Sorted by pod id.
    public static func compute(months: [MonthSettlements], payments: [(route: PaymentRoute, amountMinor: Int64)]) -> [PodDues] {
        let ordered = months.sorted { $0.month < $1.month }
        // Paid, net: by (pod, member) toward the pod, and by pod toward the network.
        var memberPaid: [PodID: [MemberID: Int64]] = [:]
        var podPaid: [PodID: Int64] = [:]
        for (route, amount) in payments {
            switch route {
            case .memberToPod(let pod, let member): memberPaid[pod, default: [:]][member, default: 0] += amount
            case .podToMember(let pod, let member): memberPaid[pod, default: [:]][member, default: 0] -= amount
            case .memberToMember(let pod, let from, let to):
                memberPaid[pod, default: [:]][from, default: 0] += amount
                memberPaid[pod, default: [:]][to, default: 0] -= amount
            case .podToNetwork(let pod): podPaid[pod, default: 0] += amount
            case .networkToPod(let pod): podPaid[pod, default: 0] -= amount
            }
        }
        var pods = Set(memberPaid.keys).union(podPaid.keys)
        for month in ordered { pods.formUnion(month.members.keys); pods.formUnion(month.pods.keys) }
        return pods.sorted().map { pod in
            var members = Set(memberPaid[pod]?.keys.map { $0 } ?? [])
            for month in ordered { members.formUnion(month.members[pod]?.keys.map { $0 } ?? []) }
            let memberDues = members.sorted().map { member in
                MemberDues(member: member, dues: balance(
                    settlements: ordered.compactMap { month in month.members[pod]?[member].map { (month.month, $0) } },
                    paidMinor: memberPaid[pod]?[member] ?? 0))
            }
            let network = balance(settlements: ordered.compactMap { month in month.pods[pod].map { (month.month, $0) } },
                                  paidMinor: podPaid[pod] ?? 0)
            return PodDues(pod: pod, members: memberDues, network: network)
        }
    }

    /// Due, paid and the oldest unpaid month: the earliest closed month from which, at every later closed
    /// month too, the settlements summed up to that month exceed what was paid (net, all payments).
    static func balance(settlements: [(month: Month, amountMinor: Int64)], paidMinor: Int64) -> Balance {
        var cumulative: Int64 = 0
        var oldest: Month?
        for (month, amount) in settlements {
            cumulative += amount
            if cumulative > paidMinor {
                if oldest == nil { oldest = month }
            } else {
                oldest = nil
            }
        }
        return Balance(dueMinor: cumulative, paidMinor: paidMinor, oldestUnpaid: cumulative > paidMinor ? oldest : nil)
    }
}
