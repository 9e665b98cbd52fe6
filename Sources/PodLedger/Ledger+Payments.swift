import LedgerCore
import LedgerStore
import Smoothing
import Statements

extension Ledger {
    /// Records one payment (`podledger pay`), in one transaction with the network it is checked against.
    /// Without a reference, recording the same payment twice records two payments; with one, the second is
    /// "already present" (and a different payment under the same reference is refused).
    @discardableResult
    public func pay(_ payment: Payment) throws -> RecordOutcome {
        try writing { snapshot in
            let route = try snapshot.route(payment)
            let key: String
            if let reference = payment.reference {
                key = PaymentKey.reference(from: payment.from, to: payment.to, reference: reference)
            } else {
                let content = PaymentKey.content(payment)
                key = PaymentKey.row(content: content, occurrence: try snapshot.transaction.nextOccurrence(of: content))
            }
            return try snapshot.transaction.record(try Ledger.entry(payment, route: route), key: key, reference: payment.reference, source: nil)
        }
    }

    /// The entry that records a payment along its route.
    static func entry(_ payment: Payment, route: PaymentRoute) throws -> Entry {
        let description = payment.description.isEmpty ? "payment from \(payment.from) to \(payment.to)" : payment.description
        return try Entry(kind: .payment, month: payment.day.month, day: payment.day, description: description,
                         postings: route.postings(amountMinor: payment.amountMinor))
    }

    /// What every member owes their pod and every pod the network (SPEC §8): the settlements of every closed
    /// month and every payment recorded.
    public func dues(pod: PodID? = nil) throws -> DuesReport {
        try reading { snapshot in
            let timeline = try snapshot.timeline()
            if let pod, !timeline.versions.contains(where: { $0.settings.pod(pod) != nil }) { throw PodLedgerError.unknownPod(pod.raw) }
            let lastClosed = try snapshot.transaction.closedMonths().last
            let pods = try snapshot.dues(through: lastClosed, paymentsThrough: nil).filter { pod == nil || $0.pod == pod }
            return DuesReport(currency: currency, through: lastClosed, pods: pods, names: timeline.names)
        }
    }

    /// The pod's cash as the ledger has it on `day` (payments in − payments out − expenses, dated up to it)
    /// beside the bank's balance.
    public func reconcile(pod: PodID, bankBalanceMinor: Int64, day: Day) throws -> ReconcileReport {
        try reading { snapshot in
            let timeline = try snapshot.timeline()
            guard timeline.versions.contains(where: { $0.settings.pod(pod) != nil }) else { throw PodLedgerError.unknownPod(pod.raw) }
            let ledgerMinor = try snapshot.transaction.balance(of: .podBank(pod), throughDay: day)
            return ReconcileReport(pod: pod, day: day, currency: currency, ledgerMinor: ledgerMinor, bankMinor: bankBalanceMinor)
        }
    }
}

extension Snapshot {
    /// The route of a payment between its parties, by the network in effect in its month (a member's pod is
    /// the one they are in that month, or the last one they were in). Refuses any other pair of parties.
    func route(_ payment: Payment) throws -> PaymentRoute {
        let timeline = try timeline()
        let settings = timeline.settings(for: payment.day.month)
        func podOf(_ member: MemberID) throws -> PodID {
            if let pod = settings.member(member)?.pod { return pod }
            guard let last = timeline.versions.last(where: { $0.settings.member(member) != nil }) else {
                throw PodLedgerError.invalidPayment(payment, reason: "\(member) is not a member of the network")
            }
            return last.settings.member(member)!.pod
        }
        func ensureExists(_ pod: PodID) throws {
            guard timeline.versions.contains(where: { $0.settings.pod(pod) != nil }) else {
                throw PodLedgerError.invalidPayment(payment, reason: "the network has no pod '\(pod)'")
            }
        }
        guard payment.day.month >= timeline.firstMonth else {
            throw PodLedgerError.invalidPayment(payment, reason: "\(payment.day) is before the network's first month \(timeline.firstMonth); fix the date")
        }
        guard payment.amountMinor > 0 else {
            throw PodLedgerError.invalidPayment(payment, reason: "the amount must be positive; to record money going the other way, swap --from and --to")
        }
        switch (payment.from, payment.to) {
        case (.member(let member), .pod(let pod)):
            let own = try podOf(member)
            guard own == pod else { throw PodLedgerError.invalidPayment(payment, reason: "\(member) is a member of \(own), not \(pod); a member pays their own pod") }
            return .memberToPod(pod, member)
        case (.pod(let pod), .member(let member)):
            let own = try podOf(member)
            guard own == pod else { throw PodLedgerError.invalidPayment(payment, reason: "\(member) is a member of \(own), not \(pod); a pod pays its own members") }
            return .podToMember(pod, member)
        case (.member(let from), .member(let to)):
            guard from != to else { throw PodLedgerError.invalidPayment(payment, reason: "a member cannot pay themselves") }
            let pod = try podOf(from)
            let other = try podOf(to)
            guard pod == other else {
                throw PodLedgerError.invalidPayment(payment, reason: "\(from) is in \(pod) and \(to) in \(other); members settle directly only within one pod")
            }
            return .memberToMember(pod, from: from, to: to)
        case (.pod(let pod), .network):
            try ensureExists(pod)
            return .podToNetwork(pod)
        case (.network, .pod(let pod)):
            try ensureExists(pod)
            return .networkToPod(pod)
        default:
            throw PodLedgerError.invalidPayment(payment, reason: "a payment goes between a member and their own pod, two members of one pod, or a pod and the network")
        }
    }

    /// Every pod's dues from the closed months through `through` (nil: none closed) and the payments dated on
    /// or before `paymentsThrough` (nil: all).
    func dues(through: Month?, paymentsThrough: Day?) throws -> [Dues.PodDues] {
        var months: [Dues.MonthSettlements] = []
        if let through {
            // The settlements as the closes posted them (verified against the calculator by `check`).
            let sums = try transaction.settlementSums(through: through)
            var members: [Month: [PodID: [MemberID: Int64]]] = [:]
            var pods: [Month: [PodID: Int64]] = [:]
            for row in sums.members { members[row.month, default: [:]][row.pod, default: [:]][row.member, default: 0] -= row.sumMinor }
            for row in sums.pods { pods[row.month, default: [:]][row.pod, default: 0] += row.sumMinor }
            // Every member active in a closed month has a settlement that month, zero when nothing was posted for
            // them: the oldest unpaid month counts the closed months of each member's (and pod's) time in the pod.
            let timeline = try timeline()
            let closed = try transaction.closedMonths().filter { $0 <= through }
            months = closed.map { month in
                var monthMembers = members[month] ?? [:]
                var monthPods = pods[month] ?? [:]
                for member in timeline.settings(for: month).members where member.isActive(in: month) {
                    monthMembers[member.pod, default: [:]][member.id, default: 0] += 0
                    monthPods[member.pod, default: 0] += 0
                }
                return Dues.MonthSettlements(month: month, members: monthMembers, pods: monthPods)
            }
        }
        let payments = try transaction.keyedEntries(.payment, through: paymentsThrough).map { stored -> (route: PaymentRoute, amountMinor: Int64) in
            guard let route = PaymentRoute(postings: stored.entry.postings) else {
                throw PodLedgerError.ledgerUncomputable(month: stored.entry.month, reason: "payment entry \(stored.id) does not move money along a route of §8")
            }
            return (route, stored.entry.postings[0].amountMinor)
        }
        return Dues.compute(months: months, payments: payments)
    }
}

extension NetworkTimeline {
    /// Display names of every pod and member, as last recorded.
    var names: [String: String] {
        var names: [String: String] = [:]
        for version in versions {
            for pod in version.settings.pods { names["pod:" + pod.id.raw] = pod.name }
            for member in version.settings.members { names[member.id.raw] = member.name }
        }
        return names
    }
}
