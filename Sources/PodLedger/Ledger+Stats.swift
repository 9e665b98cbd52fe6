import LedgerCore
import Smoothing
import Statements

extension Ledger {
    /// Volatility before and after smoothing over closed months.
    public func stats(from: Month, through: Month) throws -> StatsReport {
        try reading { snapshot in
            let lastClosed = try snapshot.transaction.closedMonths().last
            guard let lastClosed, through <= lastClosed else {
                throw PodLedgerError.monthsNotClosed(through: through, lastClosed: lastClosed)
            }
            return StatsReport(report: Volatility.figures(results: try snapshot.monthResults(from: from, through: through)),
                               currency: currency)
        }
    }

    /// Replays the recorded income from `from` through `through` under the rules in effect and under
    /// `overrides`, writing nothing. `from` must be a closed month or the first open one, so both replays
    /// start from balances the ledger holds.
    public func simulate(from: Month, through: Month, overrides: SimulationOverrides) throws -> SimulationReport {
        try reading { try $0.simulate(from: from, through: through, overrides: overrides) }
    }
}

extension Snapshot {
    func simulate(from: Month, through: Month, overrides: SimulationOverrides) throws -> SimulationReport {
        let timeline = try timeline()
        let first = timeline.firstMonth
        let start = max(from, first)
        let next = try transaction.closedMonths().last?.next ?? first
        guard start <= next else { throw PodLedgerError.simulationStartsAfterOpenMonth(from: start, next: next) }
        guard start <= through else { throw PodLedgerError.beforeFirstMonth(through, first: start) }
        let months = start.through(through)
        var simulatedSettings: [Month: NetworkSettings] = [:]
        for month in months {
            do {
                simulatedSettings[month] = try overrides.apply(to: timeline.settings(for: month))
            } catch {
                throw PodLedgerError.simulation(month: month, reason: error.description)
            }
        }
        let actualResults = try monthResults(from: start, through: through)
        let opening = try openingState(at: start, first: first)
        let simulatedResults = Simulation.replay(
            months: months, settingsFor: { simulatedSettings[$0]! },
            incomeByMonth: try transaction.incomeByMonth(from: start, through: through),
            podReserveOpeningMinor: opening.podReserveMinor, networkReserveOpeningMinor: opening.networkReserveMinor,
            netHistoryMinor: opening.netHistoryMinor, expensesByMonth: try transaction.expensesByMonth(from: start, through: through),
            expensesCarriedMinor: opening.expensesCarriedMinor, levyCarriedMinor: opening.levyCarriedMinor)
        // The rules as they change for the members of the range (not for those who left before it).
        let active = Set(months.flatMap { month in timeline.settings(for: month).members.filter { $0.isActive(in: month) }.map(\.id) })
        let changes = timeline.settings(for: through).changes(to: simulatedSettings[through]!).filter { $0.member.map(active.contains) ?? true }
        return SimulationReport(
            currency: currency, changes: changes,
            actual: Volatility.figures(results: actualResults), simulated: Volatility.figures(results: simulatedResults))
    }
}
