import LedgerCore
import LedgerStore
import Smoothing

extension Ledger {
    /// Computes the months from the first open month through `through` and, unless `dryRun`, posts and
    /// closes them in one transaction. With `only`, exactly that month must be the next open one
    /// (a dry run of a later month previews it as if the months before were closed).
    public func redistribute(through: Month, only: Bool, dryRun: Bool, strict: Bool = false) throws -> [MonthResult] {
        var results: [MonthResult] = []
        try redistribute(through: through, only: only, dryRun: dryRun, strict: strict) { results.append($0.result) }
        return results
    }

    /// One month as `redistribute` computed (and, unless a dry run, closed) it.
    public struct ClosedMonth: Sendable {
        public let result: MonthResult
        /// The settings in effect for the month.
        public let settings: NetworkSettings
        /// Active members with no income row in the month: nothing to worry about if they earned nothing,
        /// a forgotten import otherwise. Members of sickness funds are not counted: income moves nothing there.
        public let membersWithoutIncome: [MemberID]
    }

    /// As `redistribute(through:only:dryRun:)`, handing each month's result to `each` as soon as it is
    /// computed (and posted), so a large network's year is never held in memory at once. With `only`,
    /// `each` sees the last month alone. With `strict`, a month with an active member who has no income row
    /// is refused (and nothing is closed); members of sickness funds need none.
    ///
    /// Reading the income, computing and posting are one write transaction (a dry run: one read
    /// transaction): the months are closed on exactly the income and settings the transaction commits on,
    /// even while another process imports. If anything throws, nothing is closed.
    public func redistribute(through: Month, only: Bool, dryRun: Bool, strict: Bool = false, each: (ClosedMonth) throws -> Void) throws {
        let body = { (snapshot: Snapshot) in
            try snapshot.redistribute(through: through, only: only, post: !dryRun, strict: strict, each: each)
        }
        if dryRun { try reading(body) } else { try writing(body) }
    }

    /// Reverses `month` and every later closed month, and opens them again. Returns the reopened months.
    public func reopen(month: Month) throws -> [Month] {
        try writing { snapshot in
            let closed = try snapshot.transaction.closedMonths()
            guard closed.contains(month) else {
                if let first = snapshot.network?.firstMonth, month < first {
                    throw PodLedgerError.beforeFirstMonth(month, first: first)
                }
                throw PodLedgerError.monthNotClosed(month, lastClosed: closed.last)
            }
            return try snapshot.transaction.reopen(from: month)
        }
    }

    /// The calculator's results for `from...through`, whether closed or open: closed months are recomputed
    /// from the ledger (and checked against what was posted), open ones are a preview that assumes the
    /// months before them closed. Starts from the ledger's balances at the end of `from.previous`.
    public func monthResults(from: Month, through: Month) throws -> [MonthResult] {
        try reading { try $0.monthResults(from: from, through: through) }
    }
}

extension Snapshot {
    func redistribute(through: Month, only: Bool, post: Bool, strict: Bool, each: (Ledger.ClosedMonth) throws -> Void) throws {
        let timeline = try timeline()
        let first = timeline.firstMonth
        let lastClosed = try transaction.closedMonths().last
        let next = lastClosed?.next ?? first
        guard through >= first else { throw PodLedgerError.beforeFirstMonth(through, first: first) }
        if let lastClosed, through <= lastClosed {
            throw only ? PodLedgerError.monthClosed(through) : PodLedgerError.nothingToClose(through: through, lastClosed: lastClosed)
        }
        if only && post && through != next {
            throw PodLedgerError.monthNotNext(requested: through, next: next)
        }
        var state = try openingState(at: next, first: first)
        let income = try transaction.incomeByMonth(from: next, through: through)
        let expenses = try transaction.expensesByMonth(from: next, through: through)
        let sickness = try transaction.sicknessPeriods()
        try Snapshot.ensureIncomeHasMembers(income, timeline: timeline)
        try ensureComputable(state, income: income)
        try transaction.releaseMemory()  // the pages the sums read, before the results take memory
        for month in next.through(through) {
            let settings = timeline.settings(for: month)
            let monthIncome = income[month] ?? [:]
            // Income moves nothing in a sickness fund: its members are not asked for it.
            let silent = settings.members.filter {
                $0.isActive(in: month) && monthIncome[$0.id] == nil && $0.sickness == nil
            }.map(\.id)
            if strict && !silent.isEmpty { throw PodLedgerError.membersWithoutIncome(month: month, members: silent.map(\.raw)) }
            let monthExpenses = expenses[month] ?? [:]
            let result = Calculator.compute(state.input(month: month, settings: settings, incomeMinor: monthIncome, expensesMinor: monthExpenses,
                                                        sickFrom: sickness.sickFrom(in: month)))
            state.close(result, expensesMinor: monthExpenses)
            if post { try transaction.close(month: month, entries: result.entries) }
            if !only || month == through { try each(Ledger.ClosedMonth(result: result, settings: settings, membersWithoutIncome: silent)) }
        }
    }

    func monthResults(from: Month, through: Month) throws -> [MonthResult] {
        let timeline = try timeline()
        let first = timeline.firstMonth
        let start = max(from, first)
        guard start <= through else { return [] }
        let lastClosed = try transaction.closedMonths().last
        // The replay must start at a closed month or the first open one: state comes from closed months only.
        let replayStart = lastClosed.map { min(start, $0.next) } ?? first
        // Members' nets from the ledger, read once: those before the replay for the opening state, those of the
        // replayed closed months to verify them.
        let verifiedThrough = lastClosed.flatMap { replayStart <= $0 ? $0 : nil }
        let nets = try transaction.memberNetsByMonth(from: Self.netsWindowStart(at: replayStart, first: first),
                                                     through: verifiedThrough ?? replayStart.previous)
        let opening = try openingState(at: replayStart, first: first, nets: nets)
        let months = replayStart.through(through)
        let income = try transaction.incomeByMonth(from: replayStart, through: through)
        try ensureComputable(opening, income: income)
        try transaction.releaseMemory()  // the pages the sums read, before the results take memory
        let results = Simulation.replay(
            months: months, settingsFor: { timeline.settings(for: $0) }, incomeByMonth: income,
            podReserveOpeningMinor: opening.podReserveMinor, networkReserveOpeningMinor: opening.networkReserveMinor,
            netHistoryMinor: opening.netHistoryMinor, expensesByMonth: try transaction.expensesByMonth(from: replayStart, through: through),
            expensesCarriedMinor: opening.expensesCarriedMinor, levyCarriedMinor: opening.levyCarriedMinor,
            ownAccountsMinor: opening.ownAccountsMinor, sickness: try transaction.sicknessPeriods())
        if let verifiedThrough {
            try verifyAgainstLedger(results.filter { $0.month <= verifiedThrough }, nets: nets)
        }
        return results.filter { $0.month >= start }
    }

    /// The balances carried into `month` from the ledger: reserves at the end of the month before, expenses
    /// and levy not yet paid, and each member's net in the closed months before it in which they were active.
    /// The first month whose nets `openingState(at: month)` reads.
    static func netsWindowStart(at month: Month, first: Month) -> Month {
        max(first, Month(ordinal: month.ordinal - Limits.windowMonthsMax) ?? first)
    }

    /// `nets`: the members' nets by month from the ledger, when the caller has read them already (at least from
    /// `netsWindowStart(at: month)` to the month before `month`).
    func openingState(at month: Month, first: Month, nets: [Month: [MemberID: Int64]]? = nil) throws -> Simulation.State {
        var podReserves: [PodID: Int64] = [:]
        var networkReserve: Int64 = 0
        var history: [MemberID: [Int64]] = [:]
        var expensesCarried: [PodID: Int64] = [:]
        var levyCarried: [PodID: Int64] = [:]
        var ownAccounts: [MemberID: Int64] = [:]
        guard month > first else {
            return Simulation.State(podReserveMinor: podReserves, networkReserveMinor: networkReserve, netHistoryMinor: history)
        }
        for balance in try transaction.balances(throughMonth: month.previous) {
            switch balance.account {
            case .podReserve(let pod): podReserves[pod] = balance.balanceMinor
            case .networkReserve: networkReserve = balance.balanceMinor
            // Recorded less paid at closes: `expenses:P` is debited when recorded, `pods:P:costs` when paid.
            case .expenses(let pod): expensesCarried[pod, default: 0] += balance.balanceMinor
            case .podCosts(let pod): expensesCarried[pod, default: 0] -= balance.balanceMinor
            case .podLevyDue(let pod): levyCarried[pod] = -balance.balanceMinor
            case .ownAccount(_, let member): ownAccounts[member, default: 0] += balance.balanceMinor
            default: break
            }
        }
        let windowStart = Self.netsWindowStart(at: month, first: first)
        let nets = try nets ?? transaction.memberNetsByMonth(from: windowStart, through: month.previous)
        for past in windowStart.through(month.previous) {
            let settings = try timeline().settings(for: past)
            for member in settings.members where member.isActive(in: past) {
                history[member.id, default: []].append(nets[past]?[member.id] ?? 0)
            }
        }
        var state = Simulation.State(podReserveMinor: podReserves, networkReserveMinor: networkReserve, netHistoryMinor: history,
                                     expensesCarriedMinor: expensesCarried.filter { $0.value != 0 }, levyCarriedMinor: levyCarried.filter { $0.value != 0 })
        state.ownAccountsMinor = ownAccounts
        return state
    }

    /// A recomputed closed month must give every member the net the ledger holds for them.
    func verifyAgainstLedger(_ results: [MonthResult], nets: [Month: [MemberID: Int64]]) throws {
        for result in results {
            for pod in result.pods {
                for member in pod.members where (nets[result.month]?[member.member] ?? 0) != member.netMinor {
                    throw PodLedgerError.ledgerDisagrees(month: result.month, member: member.member.raw,
                                                         ledgerMinor: nets[result.month]?[member.member] ?? 0,
                                                         computedMinor: member.netMinor)
                }
            }
        }
    }
}
