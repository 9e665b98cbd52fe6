import LedgerCore
import LedgerStore
import Statements

extension Ledger {
    /// Balances from the postings of every entry dated in or before `month` (nil: all), by account name.
    public func balances(through month: Month?) throws -> BalanceReport {
        let balances = try store.balances(throughMonth: month)
        return BalanceReport(currency: currency, through: month,
                             lines: balances.map { BalanceReport.Line(account: $0.account, balanceMinor: $0.balanceMinor) })
    }

    /// Streams the postings, optionally of one account, in entry order, each with the running total of the
    /// postings streamed so far. An account the ledger does not have is an error naming the closest ones.
    public func register(account: Account?, _ body: (RegisterReport.Line) throws -> Void) throws {
        try store.read { transaction in
            if let account {
                let known = try transaction.accounts()
                guard known.contains(account) else {
                    throw PodLedgerError.unknownAccount(account.description, closest: Ledger.closest(to: account.description, among: known.map(\.description)))
                }
            }
            var running: Int64 = 0
            try transaction.forEachPosting(account: account) { posting in
                running += posting.amountMinor
                try body(RegisterReport.Line(entryID: posting.entryID, date: posting.day?.description ?? posting.month.description,
                                             description: posting.description, account: posting.account,
                                             amountMinor: posting.amountMinor, runningMinor: running))
            }
        }
    }

    /// Up to three names nearest to `name` (by edit distance, then name), for "did you mean".
    static func closest(to name: String, among names: [String]) -> [String] {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var current = [i + 1]
                for (j, y) in b.enumerated() {
                    current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let target = Array(name)
        return names.map { (name: $0, distance: distance(target, Array($0))) }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .prefix(3).map(\.name)
    }

    /// The settings in effect, month by month from the network's first month through `through`
    /// (default: the later of the last version's month and the last closed month).
    public func networkOverview(through: Month? = nil) throws -> NetworkOverview {
        try reading { snapshot in
            let timeline = try snapshot.timeline()
            if let through, through < timeline.firstMonth { throw PodLedgerError.beforeFirstMonth(through, first: timeline.firstMonth) }
            let lastVersion = timeline.versions.map(\.effectiveFrom).max()!
            let lastClosed = try snapshot.transaction.closedMonths().last ?? timeline.firstMonth
            let last = through ?? max(lastVersion, lastClosed, timeline.firstMonth)
            return NetworkOverview(months: timeline.firstMonth.through(last).map { month in
                let version = timeline.version(for: month)
                return NetworkOverview.MonthSettings(month: month, effectiveFrom: version.effectiveFrom, settings: version.settings)
            })
        }
    }

    /// Verifies the ledger (SPEC §3, §10), in one snapshot: the store's checks of the file, the schema
    /// and every row (`LedgerTransaction.check`), then every closed month recomputed with the calculator
    /// from the ledger's income and network settings and compared, entry by entry, with what was posted.
    /// Empty when everything holds. `full` runs SQLite's `integrity_check` instead of `quick_check`.
    public func check(full: Bool = false) throws -> [String] {
        let damage = store.checkFile(full: full)
        guard damage.isEmpty else { return damage.map(\.message) }
        return try reading { snapshot in
            let stored = try snapshot.transaction.check()
            // A broken month sequence: recomputing would only repeat the finding.
            guard !stored.contains(where: \.isStructural) else { return stored.map(\.message) }
            var problems = stored.map(\.message)
            let closed = try snapshot.transaction.closedMonths()
            if let firstClosed = closed.first, let first = snapshot.network?.firstMonth, firstClosed != first {
                problems.append("the first closed month is \(firstClosed) but the network's first month is \(first); months close in order from the first")
            } else {
                let audit = try snapshot.auditClosedMonths()
                problems += audit.problems
                // The cash identity holds only when every closed month is what it should be.
                if audit.problems.isEmpty { problems += try snapshot.auditCash(settlements: audit.settlements) }
            }
            return CheckProblem.capRepeats(problems)
        }
    }

    /// `check` of the ledger at `path`, opened read-only. A file too damaged to open is checked by SQLite
    /// alone, so the findings name the damaged tables and pages rather than only that the file is damaged.
    public static func check(at path: String, full: Bool = false) throws -> [String] {
        do {
            return try Ledger.open(at: path, readOnly: true).check(full: full)
        } catch StoreError.damaged(let path, let detail) {
            return ["the ledger \(path) is damaged (\(detail))"] + LedgerStore.checkFile(at: path, full: full).map(\.message)
        }
    }
}
