import LedgerCore
import LedgerStore
import Smoothing

extension Snapshot {
    /// Every closed month recomputed with the calculator and compared, entry by entry and account by
    /// account, with the redistribution its current close posted (SPEC §10). Each month starts from the
    /// balances the ledger's posted entries carry into it, so a difference is reported in the month where
    /// it is, not again in every month after it. Catches income, postings or network settings changed
    /// by hand after a close, and entries added or removed.
    func auditClosedMonths() throws -> (problems: [String], settlements: [Dues.MonthSettlements]) {
        guard let timeline = network else { return ([], []) }
        let first = timeline.firstMonth
        let closes = try transaction.currentCloseEvents()
        guard let last = closes.keys.max() else { return ([], []) }
        var settlements: [Dues.MonthSettlements] = []
        let digits = currency.minorDigits
        let income = try transaction.incomeByMonth(from: first, through: last)
        let expenses = try transaction.expensesByMonth(from: first, through: last)
        let sickness = try transaction.sicknessPeriods()
        var state = Simulation.State(podReserveMinor: [:], networkReserveMinor: 0, netHistoryMinor: [:])
        var problems: [String] = []
        for month in first.through(last) {
            // A gap in the closed months is reported by the store's check.
            guard let closeEventID = closes[month] else { break }
            let settings = timeline.settings(for: month)
            let monthIncome = income[month] ?? [:]
            for member in monthIncome.keys.sorted() where !(settings.member(member)?.isActive(in: month) ?? false) {
                problems.append("\(month): member '\(member)' has income in this closed month but is not active in it, so its close left "
                    + "that income out; the network settings were changed after the income was imported: restore the ledger from a backup")
            }
            if let reason = Self.outOfBounds(state: state, income: monthIncome) {
                problems.append("\(month): \(reason), which no close could have posted; the ledger's entries were altered: restore it from a backup")
                break
            }
            let computed = Calculator.compute(state.input(month: month, settings: settings, incomeMinor: monthIncome,
                                                          expensesMinor: expenses[month] ?? [:], sickFrom: sickness.sickFrom(in: month)))
            let posted = try transaction.redistributionEntries(month: month, closeEventID: closeEventID)
            problems += Self.differences(month: month, posted: posted, computed: computed.entries, digits: digits)
            settlements.append(Dues.MonthSettlements(computed))
            state.carry(posted: posted.map(\.entry), income: monthIncome, expenses: expenses[month] ?? [:], settings: settings, month: month)
        }
        return (problems, settlements)
    }

    /// SPEC §8's cash identity: every pod's bank account holds its reserve, less what its members still owe it,
    /// plus what it still owes the network; the network's holds its reserve less what the pods still owe it.
    /// A difference means payments or closes were altered (or a payment was recorded on the wrong pod).
    func auditCash(settlements: [Dues.MonthSettlements]) throws -> [String] {
        var problems: [String] = []
        let payments = try transaction.keyedEntries(.payment).compactMap { stored -> (route: PaymentRoute, amountMinor: Int64)? in
            guard let route = PaymentRoute(postings: stored.entry.postings) else {
                problems.append("payment entry \(stored.id) of \(stored.entry.day.map(String.init(describing:)) ?? "?") moves money between "
                    + stored.entry.postings.map(\.account.description).joined(separator: " and ")
                    + ", which are not a member and their pod, two members of one pod, or a pod and the network: it was altered; restore the ledger from a backup")
                return nil
            }
            return (route, stored.entry.postings[0].amountMinor)
        }
        let dues = Dues.compute(months: settlements, payments: payments)
        var balances: [Account: Int64] = [:]
        for balance in try transaction.balances(throughMonth: nil) { balances[balance.account] = balance.balanceMinor }
        let digits = currency.minorDigits
        func money(_ minor: Int64) -> String { Money.format(minor, minorDigits: digits) }
        var owedToNetwork: Int64 = 0
        // Every pod with dues, and every pod whose bank or expenses moved without any (expenses before a first close).
        let duesByPod = Dictionary(uniqueKeysWithValues: dues.map { ($0.pod, $0) })
        let moved = balances.keys.compactMap { account -> PodID? in
            switch account {
            case .podBank(let pod), .expenses(let pod), .podCosts(let pod): return pod
            default: return nil
            }
        }
        var ownAccounts: [PodID: Int64] = [:]
        for (account, balance) in balances { if case .ownAccount(let pod, _) = account { ownAccounts[pod, default: 0] += balance } }
        for id in Set(duesByPod.keys).union(moved).sorted() {
            // A sickness fund holds its members' own accounts where other pods hold a reserve.
            let reserve = (balances[.podReserve(id)] ?? 0) + (ownAccounts[id] ?? 0)
            let owedByMembers = duesByPod[id]?.members.reduce(0) { $0 + $1.dues.outstandingMinor } ?? 0
            let owedToNetworkByPod = duesByPod[id]?.network.outstandingMinor ?? 0
            // Expenses recorded (paid from the bank) that no close has yet paid from the pool or the reserve.
            let pendingExpenses = (balances[.expenses(id)] ?? 0) - (balances[.podCosts(id)] ?? 0)
            let expected = reserve - owedByMembers + owedToNetworkByPod - pendingExpenses
            let cash = balances[.podBank(id)] ?? 0
            if cash != expected {
                problems.append("pod \(id): its bank account (pods:\(id):bank) holds \(money(cash)) but its reserve (\(money(reserve))) "
                    + "less what its members still owe (\(money(owedByMembers))) plus what it owes the network (\(money(owedToNetworkByPod))) "
                    + "less the expenses not yet paid at a close (\(money(pendingExpenses))) "
                    + "is \(money(expected)); payments, expenses or closes were altered: restore the ledger from a backup")
            }
            owedToNetwork += owedToNetworkByPod
        }
        let networkReserve = balances[.networkReserve] ?? 0
        let networkCash = balances[.networkBank] ?? 0
        if networkCash != networkReserve - owedToNetwork {
            problems.append("the network's bank account (network:bank) holds \(money(networkCash)) but its reserve (\(money(networkReserve))) "
                + "less what the pods still owe it (\(money(owedToNetwork))) is \(money(networkReserve - owedToNetwork)); payments or closes "
                + "were altered: restore the ledger from a backup")
        }
        return problems
    }

    /// Throws when the calculator cannot take the figures a replay starts from (only a ledger altered by
    /// hand has such figures), so no command traps on them.
    func ensureComputable(_ state: Simulation.State, income: [Month: [MemberID: Int64]]) throws {
        for (month, amounts) in income {
            if let reason = Self.outOfBounds(state: state, income: amounts) { throw PodLedgerError.ledgerUncomputable(month: month, reason: reason) }
        }
        if let reason = Self.outOfBounds(state: state, income: [:]) {
            throw PodLedgerError.ledgerUncomputable(month: nil, reason: reason)
        }
    }

    /// Why the calculator cannot take these figures (a negative reserve, an amount beyond what a ledger
    /// holds), or nil. Only a ledger altered by hand gets here.
    static func outOfBounds(state: Simulation.State, income: [MemberID: Int64]) -> String? {
        let bound = Limits.volumeMinorMax
        if let (pod, reserve) = state.podReserveMinor.first(where: { !(0...bound).contains($0.value) }) {
            return "the reserve of pod '\(pod)' would open at \(reserve) minor units"
        }
        if !(0...bound).contains(state.networkReserveMinor) {
            return "the network reserve would open at \(state.networkReserveMinor) minor units"
        }
        if let (pod, amount) = state.expensesCarriedMinor.first(where: { !(0...bound).contains($0.value) }) {
            return "the expenses pod '\(pod)' carries would be \(amount) minor units"
        }
        if let (pod, amount) = state.levyCarriedMinor.first(where: { !(0...bound).contains($0.value) }) {
            return "the levy pod '\(pod)' carries would be \(amount) minor units"
        }
        if let (member, amount) = income.first(where: { $0.value < -bound || $0.value > bound }) {
            return "the income of member '\(member)' sums to \(amount) minor units"
        }
        if let (member, _) = state.netHistoryMinor.first(where: { $0.value.contains { $0 < -4 * bound || $0 > 4 * bound } }) {
            return "the net income of member '\(member)' in an earlier month is beyond any real amount"
        }
        return nil
    }

    /// The differences between a month's posted and recomputed entries, at most a few per month.
    static func differences(month: Month, posted: [(id: Int64, entry: Entry)], computed: [Entry], digits: Int) -> [String] {
        // The usual case, cheaply: the same entries with the same postings in the same order.
        if posted.count == computed.count && zip(posted, computed).allSatisfy({ $0.entry == $1 }) { return [] }
        let advice = "the income or network settings of \(month) were changed after it was closed, or its entries were "
            + "altered; if a change is intended, reopen the month (`podledger reopen --month \(month)`) and close it again, "
            + "otherwise restore the ledger from a backup"
        func amounts(_ entry: Entry) -> [Account: Int64] {
            entry.postings.reduce(into: [:]) { $0[$1.account, default: 0] &+= $1.amountMinor }
        }
        let postedByDescription = Dictionary(posted.map { ($0.entry.description, $0) }, uniquingKeysWith: { first, _ in first })
        let computedByDescription = Dictionary(computed.map { ($0.description, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [String] = []
        if postedByDescription.count != posted.count {
            found.append("\(month): the close posted two entries with the same description")
        }
        var seen = Set<String>()
        for description in posted.map(\.entry.description) + computed.map(\.description) where seen.insert(description).inserted {
            switch (postedByDescription[description], computedByDescription[description]) {
            case (let stored?, nil):
                found.append("\(month): redistribution entry \(stored.id) '\(description)' is not part of what recomputing the month gives")
            case (nil, let entry?):
                let moved = entry.postings.first.map { " (moving \($0.account) by \(Money.format($0.amountMinor, minorDigits: digits)))" } ?? ""
                found.append("\(month): recomputing the month gives an entry '\(description)'\(moved) that the ledger lacks")
            case (let stored?, let entry?):
                let have = amounts(stored.entry)
                let want = amounts(entry)
                let accounts = Set(have.keys).union(want.keys).sorted()
                if let account = accounts.first(where: { have[$0] != want[$0] }) {
                    found.append("\(month): redistribution entry \(stored.id) '\(description)' moves \(account) by "
                        + "\(Money.format(have[account] ?? 0, minorDigits: digits)) but recomputing the month gives "
                        + "\(Money.format(want[account] ?? 0, minorDigits: digits))")
                }
            case (nil, nil):
                preconditionFailure("a description comes from one of the two lists")
            }
        }
        let shownMax = 5
        var shown = found.prefix(shownMax).map { $0 + "; " + advice }
        if found.count > shownMax {
            shown.append("\(month): \(found.count - shownMax) more entries differ from what recomputing the month gives")
        }
        return shown
    }
}

extension Simulation.State {
    /// Carries a closed month into the next one from what the ledger posted for it (rather than from a
    /// recomputation): reserves move by the posted entries; each member active in the month appends their
    /// net, income plus what the entries moved on their accounts (in any pod, if they moved). Carried expenses
    /// grow by the month's expenses and shrink by what the entries paid toward them; carried levy moves with
    /// the entries' `levy-due` postings.
    mutating func carry(posted entries: [Entry], income: [MemberID: Int64], expenses: [PodID: Int64], settings: NetworkSettings, month: Month) {
        var memberMoves: [MemberID: Int64] = [:]
        for (pod, amount) in expenses { expensesCarriedMinor[pod, default: 0] &+= amount }
        for posting in entries.flatMap(\.postings) {
            switch posting.account {
            case .podReserve(let pod): podReserveMinor[pod, default: 0] &+= posting.amountMinor
            case .networkReserve: networkReserveMinor &+= posting.amountMinor
            case .member(_, let member): memberMoves[member, default: 0] &+= posting.amountMinor
            case .podCosts(let pod): expensesCarriedMinor[pod, default: 0] &-= posting.amountMinor
            case .podLevyDue(let pod): levyCarriedMinor[pod, default: 0] &-= posting.amountMinor
            case .ownAccount(_, let member): ownAccountsMinor[member, default: 0] &+= posting.amountMinor
            case .income, .pool, .podBank, .networkBank, .paid, .expenses, .networkLevyDue: break
            }
        }
        for member in settings.members where member.isActive(in: month) {
            var history = netHistoryMinor[member.id] ?? []
            history.append((income[member.id] ?? 0) &+ (memberMoves[member.id] ?? 0))
            if history.count > Limits.windowMonthsMax { history.removeFirst(history.count - Limits.windowMonthsMax) }
            netHistoryMinor[member.id] = history
        }
    }
}
