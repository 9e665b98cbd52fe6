import LedgerCore

/// Replays the calculator over consecutive months, threading each month's closing balances into the next.
///
/// The pure core of `podledger simulate` and of `redistribute --through`: the result is exactly what
/// computing each month with `Calculator.compute` and the previous month's closing figures gives.
public enum Simulation {
    /// Computes `months` in order.
    ///
    /// Threads into each next month: every pod's closing reserve (a pod absent from a month — no active
    /// members — keeps its reserve), the network reserve's closing balance, and each member's net income
    /// appended to their net history (only months in which the member was active, i.e. appears in the result).
    ///
    /// - Parameters:
    ///   - months: strictly increasing (normally consecutive) months.
    ///   - settingsFor: the settings in effect for a month (apply `SimulationOverrides` beforehand to simulate).
    ///   - incomeByMonth: each month's income per member; a missing month or member is no income.
    ///   - podReserveOpeningMinor, networkReserveOpeningMinor: the balances before the first month.
    ///   - netHistoryMinor: each member's net in the closed months before the first month, oldest first.
    public static func replay(months: [Month], settingsFor: (Month) -> NetworkSettings,
                              incomeByMonth: [Month: [MemberID: Int64]], podReserveOpeningMinor: [PodID: Int64],
                              networkReserveOpeningMinor: Int64, netHistoryMinor: [MemberID: [Int64]]) -> [MonthResult] {
        var state = State(podReserveMinor: podReserveOpeningMinor, networkReserveMinor: networkReserveOpeningMinor,
                          netHistoryMinor: netHistoryMinor)
        var results: [MonthResult] = []
        results.reserveCapacity(months.count)
        var previous: Month?
        for month in months {
            if let previous { precondition(previous < month, "replay months must be strictly increasing") }
            previous = month
            let result = Calculator.compute(state.input(month: month, settings: settingsFor(month),
                                                        incomeMinor: incomeByMonth[month] ?? [:]))
            state.close(result)
            results.append(result)
        }
        return results
    }

    /// The balances carried from one month to the next.
    public struct State: Hashable, Sendable {
        public var podReserveMinor: [PodID: Int64]
        public var networkReserveMinor: Int64
        /// Oldest first; only the last `Limits.windowMonthsMax` values are kept, which is all any window reads.
        public var netHistoryMinor: [MemberID: [Int64]]

        public init(podReserveMinor: [PodID: Int64], networkReserveMinor: Int64, netHistoryMinor: [MemberID: [Int64]]) {
            self.podReserveMinor = podReserveMinor
            self.networkReserveMinor = networkReserveMinor
            self.netHistoryMinor = netHistoryMinor
        }

        /// The calculator's input for `month` from these balances.
        public func input(month: Month, settings: NetworkSettings, incomeMinor: [MemberID: Int64]) -> MonthInput {
            MonthInput(month: month, settings: settings, incomeMinor: incomeMinor, podReserveOpeningMinor: podReserveMinor,
                       networkReserveOpeningMinor: networkReserveMinor, netHistoryMinor: netHistoryMinor)
        }

        /// Carries a computed month's closing balances and nets forward.
        public mutating func close(_ result: MonthResult) {
            networkReserveMinor = result.networkReserveClosingMinor
            for pod in result.pods {
                podReserveMinor[pod.pod] = pod.reserveClosingMinor
                for member in pod.members {
                    var history = netHistoryMinor[member.member] ?? []
                    history.append(member.netMinor)
                    if history.count > Limits.windowMonthsMax { history.removeFirst(history.count - Limits.windowMonthsMax) }
                    netHistoryMinor[member.member] = history
                }
            }
        }
    }
}
