import LedgerCore

/// The smoothing calculator of SPEC §5: one month for the whole network, in exact integer arithmetic.
///
/// Pure: values in, values out. Pods are taken in id order, members in id order, so the result does not
/// depend on the order of any input. Only pods with at least one member active in the month take part;
/// a pod without active members is absent from the result and its reserve is untouched.
public enum Calculator {
    /// Computes month `input.month` (steps 1–9) and the balanced entries that post it.
    ///
    /// - Precondition: opening reserves are not negative; sums of amounts fit in `Int64` (they do for any
    ///   ledger within `Limits`; a violation is a bug upstream, so it traps rather than returning a wrong figure).
    public static func compute(_ input: MonthInput) -> MonthResult {
        precondition(input.networkReserveOpeningMinor >= 0, "the network reserve's opening balance is negative")
        var pods: [PodWork] = []
        for pod in input.settings.pods {
            let members = input.settings.activeMembers(of: pod.id, in: input.month)
            guard !members.isEmpty else { continue }
            if let terms = pod.policy.sicknessTerms {
                pods.append(computeSicknessFund(pod, terms: terms, members: members, input: input))
            } else {
                pods.append(computePod(pod, members: members, input: input))
            }
        }
        let networkReserveClosingMinor = supportFromNetwork(&pods, networkReserveOpeningMinor: input.networkReserveOpeningMinor)
        let podResults = pods.map { $0.result() }
        return MonthResult(
            month: input.month, currency: input.settings.currency, pods: podResults,
            networkReserveOpeningMinor: input.networkReserveOpeningMinor,
            networkReserveClosingMinor: networkReserveClosingMinor,
            entries: Postings.entries(month: input.month, pods: podResults))
    }

    /// Steps 1–7 for one pod, with the expenses, levy and tiers of SPEC §6 (steps 2a and 2b between 2 and 3).
    static func computePod(_ pod: PodSettings, members settings: [MemberSettings], input: MonthInput) -> PodWork {
        let reserveOpening = input.podReserveOpeningMinor[pod.id] ?? 0
        precondition(reserveOpening >= 0, "pod '\(pod.id)': the reserve's opening balance is negative")
        var work = PodWork(settings: pod, reserveOpeningMinor: reserveOpening)
        contribute(&work, members: settings, input: input)
        payCosts(&work, levy: input.settings.levy(of: pod), input: input)
        if case .equal = pod.policy {
            // No need: n_P is taken from what is left of the pool, the rest is split equally; the reserve is
            // touched only by expenses and levy.
            let toNetwork = IntegerMath.percent(work.poolMinor, basisPoints: input.settings.shareBasisPoints)
            work.toNetworkMinor = toNetwork
            let shares = LRM.allocateEqually(work.poolMinor - toNetwork, ids: work.members.map(\.id))
            for index in work.members.indices { work.members[index].surplusShareMinor = shares[index] }
            work.reserveClosingMinor = work.reserveMinor
            return work
        }
        assessNeed(&work, members: settings, input: input)
        let leftover = payNeed(&work)
        shareSurplus(&work, leftover: leftover, shareBasisPoints: input.settings.shareBasisPoints)
        return work
    }

    /// Steps 1–2: income, contribution, kept income; the pool `C`.
    static func contribute(_ work: inout PodWork, members: [MemberSettings], input: MonthInput) {
        for member in members {
            let income = input.incomeMinor[member.id] ?? 0
            let aboveHurdle = income > member.hurdleMinor ? income - member.hurdleMinor : 0
            var contribution = IntegerMath.percent(aboveHurdle, basisPoints: member.pledgeBasisPoints)
            if let cap = member.capMinor { contribution = min(cap, contribution) }
            work.members.append(MemberWork(id: member.id, pledgeBasisPoints: member.pledgeBasisPoints,
                                           incomeMinor: income, contributionMinor: contribution))
        }
        work.contributionsMinor = work.members.reduce(0) { $0 + $1.contributionMinor }
        work.poolMinor = work.contributionsMinor
    }

    /// Steps 2a and 2b: expenses, then the levy, each from the pool and then the reserve; what neither covers
    /// is carried. The tier bonus is read from the reserve before them.
    static func payCosts(_ work: inout PodWork, levy: Levy, input: MonthInput) {
        let pod = work.pod
        work.costs.tierBonusMinor = work.settings.tierBonusMinor(reserveOpeningMinor: work.reserveOpeningMinor)
        work.costs.expensesDueMinor = (input.expensesMinor[pod] ?? 0) + (input.expensesCarriedMinor[pod] ?? 0)
        (work.costs.expensesFromPoolMinor, work.costs.expensesFromReserveMinor) = work.pay(work.costs.expensesDueMinor)
        let gross = work.members.reduce(Int64(0)) { $0 + max(0, $1.incomeMinor) }
        work.costs.levyCarriedInMinor = input.levyCarriedMinor[pod] ?? 0
        work.costs.levyDueMinor = levy.feeMinor + IntegerMath.percent(gross, basisPoints: levy.grossBasisPoints) + work.costs.levyCarriedInMinor
        (work.costs.levyFromPoolMinor, work.costs.levyFromReserveMinor) = work.pay(work.costs.levyDueMinor)
    }

    /// Step 3: each member's need, their floor (or average target) raised by the tier bonus.
    static func assessNeed(_ work: inout PodWork, members settings: [MemberSettings], input: MonthInput) {
        let bonus = work.costs.tierBonusMinor
        switch work.settings.policy {
        case .floor(let podFloorMinor):
            for (index, member) in settings.enumerated() {
                let floor = (member.floorMinor ?? podFloorMinor) + bonus
                work.members[index].floorMinor = floor
                work.members[index].needMinor = max(0, floor - work.members[index].keptMinor)
            }
        case .average(let windowMonths):
            for index in work.members.indices {
                let history = input.netHistoryMinor[work.members[index].id] ?? []
                guard !history.isEmpty else { continue }
                let target = IntegerMath.floorMean(history.suffix(windowMonths))
                work.members[index].needMinor = max(0, target + bonus - work.members[index].keptMinor)
            }
        case .equal, .sickness:
            preconditionFailure("equal pods and sickness funds have no need of this kind")
        }
    }

    /// Step 4: pay need from the pool, then the reserve. Returns the leftover `L`.
    static func payNeed(_ work: inout PodWork) -> Int64 {
        let need = work.members.reduce(0) { $0 + $1.needMinor }
        let pool = work.poolMinor
        let reserve = work.reserveMinor
        if need <= pool + reserve {
            for index in work.members.indices { work.members[index].needPaidMinor = work.members[index].needMinor }
            work.reserveDrawMinor = max(0, need - pool)
            return max(0, pool - need)
        }
        let paid = LRM.allocateInOrder(pool + reserve, weights: work.members.map { (id: $0.id, weight: $0.needMinor) })
        for index in work.members.indices { work.members[index].needPaidMinor = paid[index] }
        work.reserveDrawMinor = reserve
        return 0
    }

    /// Steps 5–7: deposit up to the target, the network's share of the surplus, the rest by the surplus mode.
    static func shareSurplus(_ work: inout PodWork, leftover: Int64, shareBasisPoints: Int) {
        let reserveAfterDraw = work.reserveMinor - work.reserveDrawMinor
        let deposit = min(leftover, max(0, work.settings.reserveTargetMinor - reserveAfterDraw))
        work.reserveDepositMinor = deposit
        let surplus = leftover - deposit
        let toNetwork = IntegerMath.percent(surplus, basisPoints: shareBasisPoints)
        work.toNetworkMinor = toNetwork
        let surplusLeft = surplus - toNetwork
        switch work.settings.surplus {
        case .refund:
            let shares = LRM.allocateInOrder(surplusLeft, weights: work.members.map { (id: $0.id, weight: $0.contributionMinor) })
            for index in work.members.indices { work.members[index].surplusShareMinor = shares[index] }
        case .equal:
            let shares = LRM.allocateEqually(surplusLeft, ids: work.members.map(\.id))
            for index in work.members.indices { work.members[index].surplusShareMinor = shares[index] }
        case .reserve:
            work.surplusToReserveMinor = surplusLeft
        }
        work.reserveClosingMinor = reserveAfterDraw + deposit + work.surplusToReserveMinor
    }

    /// Step 8: the network's funds support the pods' unmet need. Returns the network reserve's closing balance.
    /// Sickness funds take no part: their unmet benefits stay unmet (SPEC §7).
    static func supportFromNetwork(_ pods: inout [PodWork], networkReserveOpeningMinor: Int64) -> Int64 {
        let funds = pods.reduce(networkReserveOpeningMinor) { $0 + $1.toNetworkMinor + $1.costs.levyMinor }
        let eligible = pods.map { $0.settings.policy.sicknessTerms == nil ? $0.unmetBeforeNetworkMinor : 0 }
        let unmet = eligible.reduce(0, +)
        let support: [Int64] = unmet <= funds
            ? eligible
            : LRM.allocateInOrder(funds, weights: pods.indices.map { (id: pods[$0].pod, weight: eligible[$0]) })
        for index in pods.indices where support[index] > 0 {
            pods[index].fromNetworkMinor = support[index]
            let shares = LRM.allocateInOrder(support[index], weights: pods[index].members.map { (id: $0.id, weight: $0.unmetBeforeNetworkMinor) })
            for memberIndex in pods[index].members.indices { pods[index].members[memberIndex].fromNetworkMinor = shares[memberIndex] }
        }
        return funds - support.reduce(0, +)
    }
}

/// One member's figures while the month is being computed.
struct MemberWork {
    let id: MemberID
    let pledgeBasisPoints: Int
    let incomeMinor: Int64
    let contributionMinor: Int64
    var needMinor: Int64 = 0
    var needPaidMinor: Int64 = 0
    var surplusShareMinor: Int64 = 0
    var fromNetworkMinor: Int64 = 0
    /// Floor pods: the member's floor this month (see `MemberResult.floorMinor`).
    var floorMinor: Int64?
    /// Sickness funds: the member's own account this month.
    var fund: FundLine?

    var keptMinor: Int64 { incomeMinor - contributionMinor }
    var unmetBeforeNetworkMinor: Int64 { needMinor - needPaidMinor }

    func result() -> MemberResult {
        MemberResult(member: id, incomeMinor: incomeMinor, pledgeBasisPoints: pledgeBasisPoints,
                     contributionMinor: contributionMinor, needMinor: needMinor,
                     receivedFromPodMinor: needPaidMinor + surplusShareMinor, receivedFromNetworkMinor: fromNetworkMinor,
                     unmetMinor: unmetBeforeNetworkMinor - fromNetworkMinor, surplusShareMinor: surplusShareMinor, floorMinor: floorMinor, fund: fund)
    }
}

/// One pod's figures while the month is being computed.
struct PodWork {
    let settings: PodSettings
    var reserveOpeningMinor: Int64
    var members: [MemberWork] = []
    var contributionsMinor: Int64 = 0
    /// What is left of the pool `C` once expenses and levy are paid from it.
    var poolMinor: Int64 = 0
    /// The reserve `R0` once expenses and levy are paid from it (step 4 draws on this).
    var reserveMinor: Int64
    var costs = PodCosts.none
    var reserveDrawMinor: Int64 = 0
    var reserveDepositMinor: Int64 = 0
    var surplusToReserveMinor: Int64 = 0
    var reserveClosingMinor: Int64 = 0
    var toNetworkMinor: Int64 = 0
    var fromNetworkMinor: Int64 = 0

    init(settings: PodSettings, reserveOpeningMinor: Int64) {
        self.settings = settings
        self.reserveOpeningMinor = reserveOpeningMinor
        self.reserveMinor = reserveOpeningMinor
    }

    /// Pays `amount` from the pool, then the reserve (`min(X, C)`, `min(X − xC, R0)`): returns both parts.
    mutating func pay(_ amount: Int64) -> (fromPool: Int64, fromReserve: Int64) {
        let fromPool = min(amount, poolMinor)
        let fromReserve = min(amount - fromPool, reserveMinor)
        poolMinor -= fromPool
        reserveMinor -= fromReserve
        return (fromPool, fromReserve)
    }

    var pod: PodID { settings.id }

    var unmetBeforeNetworkMinor: Int64 { members.reduce(0) { $0 + $1.unmetBeforeNetworkMinor } }

    func result() -> PodResult {
        let members = members.map { $0.result() }
        return PodResult(pod: pod, policy: settings.policy, members: members, contributionsMinor: contributionsMinor,
                         reserveOpeningMinor: reserveOpeningMinor, reserveDrawMinor: reserveDrawMinor,
                         reserveDepositMinor: reserveDepositMinor, surplusToReserveMinor: surplusToReserveMinor,
                         reserveClosingMinor: reserveClosingMinor, toNetworkMinor: toNetworkMinor,
                         fromNetworkMinor: fromNetworkMinor, unmetMinor: members.reduce(0) { $0 + $1.unmetMinor },
                         surplus: settings.surplus, reserveTargetMinor: settings.reserveTargetMinor, costs: costs)
    }
}
