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
    ///   - expensesByMonth: each month's expenses per pod (SPEC §6); a missing month or pod is none.
    ///   - expensesCarriedMinor, levyCarriedMinor: each pod's expenses and levy not yet paid before the first month.
    ///   - ownAccountsMinor: sickness funds' own accounts before the first month.
    ///   - sickness: the periods of sickness in force (SPEC §7).
    public static func replay(months: [Month], settingsFor: (Month) -> NetworkSettings,
                              incomeByMonth: [Month: [MemberID: Int64]], podReserveOpeningMinor: [PodID: Int64],
                              networkReserveOpeningMinor: Int64, netHistoryMinor: [MemberID: [Int64]],
                              expensesByMonth: [Month: [PodID: Int64]] = [:], expensesCarriedMinor: [PodID: Int64] = [:],
                              levyCarriedMinor: [PodID: Int64] = [:], ownAccountsMinor: [MemberID: Int64] = [:],
                              sickness: [SicknessPeriod] = []) -> [MonthResult] {
        var state = State(podReserveMinor: podReserveOpeningMinor, networkReserveMinor: networkReserveOpeningMinor,
                          netHistoryMinor: netHistoryMinor, expensesCarriedMinor: expensesCarriedMinor, levyCarriedMinor: levyCarriedMinor)
        state.ownAccountsMinor = ownAccountsMinor
        var results: [MonthResult] = []
        results.reserveCapacity(months.count)
        var previous: Month?
        for month in months {
            if let previous { precondition(previous < month, "replay months must be strictly increasing") }
            previous = month
            let expenses = expensesByMonth[month] ?? [:]
            let result = Calculator.compute(state.input(month: month, settings: settingsFor(month), incomeMinor: incomeByMonth[month] ?? [:],
                                                        expensesMinor: expenses, sickFrom: sickness.sickFrom(in: month)))
            state.close(result, expensesMinor: expenses)
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
        /// Each pod's expenses not yet paid (SPEC §6 step 2a); absent: none.
        public var expensesCarriedMinor: [PodID: Int64] = [:]
        /// Each pod's levy not yet paid (step 2b); absent: none.
        public var levyCarriedMinor: [PodID: Int64] = [:]
        /// Sickness funds: each member's own account; absent: 0.
        public var ownAccountsMinor: [MemberID: Int64] = [:]

        public init(podReserveMinor: [PodID: Int64], networkReserveMinor: Int64, netHistoryMinor: [MemberID: [Int64]],
                    expensesCarriedMinor: [PodID: Int64] = [:], levyCarriedMinor: [PodID: Int64] = [:]) {
            self.podReserveMinor = podReserveMinor
            self.networkReserveMinor = networkReserveMinor
            self.netHistoryMinor = netHistoryMinor
            self.expensesCarriedMinor = expensesCarriedMinor
            self.levyCarriedMinor = levyCarriedMinor
        }

        /// The calculator's input for `month` from these balances, with the month's expenses per pod.
        public func input(month: Month, settings: NetworkSettings, incomeMinor: [MemberID: Int64],
                          expensesMinor: [PodID: Int64] = [:], sickFrom: [MemberID: Month] = [:]) -> MonthInput {
            MonthInput(month: month, settings: settings, incomeMinor: incomeMinor, podReserveOpeningMinor: podReserveMinor,
                       networkReserveOpeningMinor: networkReserveMinor, netHistoryMinor: netHistoryMinor,
                       expensesMinor: expensesMinor, expensesCarriedMinor: expensesCarriedMinor, levyCarriedMinor: levyCarriedMinor,
                       ownAccountOpeningMinor: ownAccountsMinor, sickFrom: sickFrom)
        }

        /// Carries a computed month's closing balances and nets forward; a pod absent from the month (no active
        /// member) keeps what it carries and adds the month's expenses to it.
        public mutating func close(_ result: MonthResult, expensesMinor: [PodID: Int64] = [:]) {
            networkReserveMinor = result.networkReserveClosingMinor
            for (pod, amount) in expensesMinor where amount != 0 && result.pod(pod) == nil {
                expensesCarriedMinor[pod, default: 0] += amount
            }
            for pod in result.pods {
                for member in pod.members {
                    if let fund = member.fund { ownAccountsMinor[member.member] = fund.accountClosingMinor }
                }
                podReserveMinor[pod.pod] = pod.fund == nil ? pod.reserveClosingMinor : 0
                expensesCarriedMinor[pod.pod] = pod.costs.expensesCarriedMinor
                levyCarriedMinor[pod.pod] = pod.costs.levyCarriedMinor
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
