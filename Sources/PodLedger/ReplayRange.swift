import LedgerCore
import Smoothing

/// The months a what-if replay covers and the balances it starts from: the set-up `simulate` and `advise` share,
/// so both replay exactly the same way.
struct ReplayRange {
    let timeline: NetworkTimeline
    /// From `max(from, the network's first month)` through `through`; never empty.
    let months: [Month]
    /// The balances the ledger holds at the start of the first month.
    let opening: Simulation.State
    let incomeByMonth: [Month: [MemberID: Int64]]
    let expensesByMonth: [Month: [PodID: Int64]]
    let sickness: [SicknessPeriod]

    var first: Month { months[0] }
    var last: Month { months[months.count - 1] }

    /// Each month's settings in effect with `overrides` applied; an override that does not apply is refused,
    /// naming the month.
    func settings(under overrides: SimulationOverrides) throws -> [Month: NetworkSettings] {
        try settings { _ in overrides }
    }

    /// Each month's settings in effect with the overrides `overridesFor` gives for those settings. The overrides
    /// are applied once per network version (months under one version share its settings); a refusal names the
    /// first month of the range under that version.
    func settings(_ overridesFor: (NetworkSettings) -> SimulationOverrides) throws -> [Month: NetworkSettings] {
        var byVersion: [Int64: NetworkSettings] = [:]
        var settings: [Month: NetworkSettings] = [:]
        for month in months {
            let version = timeline.version(for: month)
            if let applied = byVersion[version.id] {
                settings[month] = applied
                continue
            }
            do {
                let applied = try overridesFor(version.settings).apply(to: version.settings)
                byVersion[version.id] = applied
                settings[month] = applied
            } catch {
                throw PodLedgerError.simulation(month: month, reason: error.description)
            }
        }
        return settings
    }

    /// The range replayed from the ledger's opening balances under `settings` (one for each month of the range).
    func replay(settings: [Month: NetworkSettings]) -> [MonthResult] {
        Simulation.replay(months: months, settingsFor: { settings[$0]! }, incomeByMonth: incomeByMonth,
                          podReserveOpeningMinor: opening.podReserveMinor, networkReserveOpeningMinor: opening.networkReserveMinor,
                          netHistoryMinor: opening.netHistoryMinor, expensesByMonth: expensesByMonth,
                          expensesCarriedMinor: opening.expensesCarriedMinor, levyCarriedMinor: opening.levyCarriedMinor,
                          ownAccountsMinor: opening.ownAccountsMinor, sickness: sickness)
    }
}

extension Snapshot {
    /// The replay set-up for `from...through`. `from` must be a closed month or the first open one, so the replay
    /// starts from balances the ledger holds; months before the network's first month are skipped.
    func replayRange(from: Month, through: Month) throws -> ReplayRange {
        let timeline = try timeline()
        let first = timeline.firstMonth
        let start = max(from, first)
        let next = try transaction.closedMonths().last?.next ?? first
        guard start <= next else { throw PodLedgerError.simulationStartsAfterOpenMonth(from: start, next: next) }
        guard start <= through else { throw PodLedgerError.beforeFirstMonth(through, first: start) }
        return ReplayRange(timeline: timeline, months: start.through(through), opening: try openingState(at: start, first: first),
                           incomeByMonth: try transaction.incomeByMonth(from: start, through: through),
                           expensesByMonth: try transaction.expensesByMonth(from: start, through: through),
                           sickness: try transaction.sicknessPeriods())
    }
}
