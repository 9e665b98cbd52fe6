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
        let range = try replayRange(from: from, through: through)
        let simulatedSettings = try range.settings(under: overrides)
        let actualResults = try monthResults(from: range.first, through: through)
        let simulatedResults = range.replay(settings: simulatedSettings)
        // The rules as they change for the members of the range (not for those who left before it).
        let timeline = range.timeline
        let active = Set(range.months.flatMap { month in timeline.settings(for: month).members.filter { $0.isActive(in: month) }.map(\.id) })
        let changes = timeline.settings(for: through).changes(to: simulatedSettings[through]!).filter { $0.member.map(active.contains) ?? true }
        return SimulationReport(
            currency: currency, changes: changes,
            actual: Volatility.figures(results: actualResults), simulated: Volatility.figures(results: simulatedResults))
    }
}
