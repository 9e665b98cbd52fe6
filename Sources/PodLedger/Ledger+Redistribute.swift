import LedgerCore
import LedgerStore
import Smoothing

extension Ledger {
    /// Computes the months from the first open month through `through` and, unless `dryRun`, posts and
    /// closes them in one transaction. With `only`, exactly that month must be the next open one
    /// (a dry run of a later month previews it as if the months before were closed).
    public func redistribute(through: Month, only: Bool, dryRun: Bool) throws -> [MonthResult] {
        let timeline = try networkTimeline()
        guard let first = timeline.firstMonth else { throw PodLedgerError.noNetwork }
        let lastClosed = try store.closedMonths().last
        let next = lastClosed?.next ?? first
        guard through >= first else { throw PodLedgerError.beforeFirstMonth(through, first: first) }
        if let lastClosed, through <= lastClosed {
            throw only ? PodLedgerError.monthClosed(through) : PodLedgerError.nothingToClose(through: through, lastClosed: lastClosed)
        }
        if only && !dryRun && through != next {
            throw PodLedgerError.monthNotNext(requested: through, next: next)
        }
        let results = try monthResults(from: next, through: through, timeline: timeline)
        if !dryRun {
            try store.closeMonths(results.map { (month: $0.month, entries: $0.entries) })
            try store.releaseMemory()
        }
        return only ? results.suffix(1) : results
    }

    /// Reverses `month` and every later closed month, and opens them again. Returns the reopened months.
    public func reopen(month: Month) throws -> [Month] {
        let closed = try store.closedMonths()
        guard closed.contains(month) else { throw PodLedgerError.monthNotClosed(month) }
        return try store.reopen(from: month)
    }

    /// The calculator's results for `from...through`, whether closed or open: closed months are recomputed
    /// from the ledger (and checked against what was posted), open ones are a preview that assumes the
    /// months before them closed. Starts from the ledger's balances at the end of `from.previous`.
    public func monthResults(from: Month, through: Month) throws -> [MonthResult] {
        try monthResults(from: from, through: through, timeline: try networkTimeline())
    }

    func monthResults(from: Month, through: Month, timeline: NetworkTimeline) throws -> [MonthResult] {
        guard let first = timeline.firstMonth else { throw PodLedgerError.noNetwork }
        let start = max(from, first)
        guard start <= through else { return [] }
        let closed = try store.closedMonths()
        let lastClosed = closed.last
        // The replay must start at a closed month or the first open one: state comes from closed months only.
        let replayStart = lastClosed.map { min(start, $0.next) } ?? first
        let opening = try openingState(at: replayStart, first: first, timeline: timeline)
        let months = replayStart.through(through)
        let income = try store.incomeByMonth(from: replayStart, through: through)
        try store.releaseMemory()  // the pages the sums read, before the results take memory
        let results = Simulation.replay(
            months: months, settingsFor: { timeline.settings(for: $0)! }, incomeByMonth: income,
            podReserveOpeningMinor: opening.podReserveMinor, networkReserveOpeningMinor: opening.networkReserveMinor,
            netHistoryMinor: opening.netHistoryMinor)
        if let lastClosed, replayStart <= lastClosed {
            try verifyAgainstLedger(results.filter { $0.month <= lastClosed })
        }
        return results.filter { $0.month >= start }
    }

    /// The balances carried into `month` from the ledger: reserves at the end of the month before, and
    /// each member's net in the closed months before it in which they were active.
    func openingState(at month: Month, first: Month, timeline: NetworkTimeline) throws -> Simulation.State {
        var podReserves: [PodID: Int64] = [:]
        var networkReserve: Int64 = 0
        var history: [MemberID: [Int64]] = [:]
        guard month > first else {
            return Simulation.State(podReserveMinor: podReserves, networkReserveMinor: networkReserve, netHistoryMinor: history)
        }
        for balance in try store.balances(throughMonth: month.previous) {
            switch balance.account {
            case .podReserve(let pod): podReserves[pod] = balance.balanceMinor
            case .networkReserve: networkReserve = balance.balanceMinor
            default: break
            }
        }
        let windowStart = max(first, Month(ordinal: month.ordinal - Limits.windowMonthsMax) ?? first)
        let nets = try store.memberNetsByMonth(from: windowStart, through: month.previous)
        for past in windowStart.through(month.previous) {
            guard let settings = timeline.settings(for: past) else { continue }
            for member in settings.members where member.isActive(in: past) {
                history[member.id, default: []].append(nets[past]?[member.id] ?? 0)
            }
        }
        return Simulation.State(podReserveMinor: podReserves, networkReserveMinor: networkReserve, netHistoryMinor: history)
    }

    /// A recomputed closed month must give every member the net the ledger holds for them.
    func verifyAgainstLedger(_ results: [MonthResult]) throws {
        guard let from = results.first?.month, let through = results.last?.month else { return }
        let nets = try store.memberNetsByMonth(from: from, through: through)
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
