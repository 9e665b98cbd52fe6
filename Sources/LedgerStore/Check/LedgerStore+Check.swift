import GRDB
import LedgerCore

/// One broken invariant, naming the entry, account or month involved.
public struct CheckProblem: Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension LedgerStore {
    /// Verifies every invariant of SPEC §3; empty when all holds.
    ///
    /// - every entry has postings that sum to zero and match its recorded `debit_total_minor`;
    /// - every pod's pool sums to zero over the entries of every closed month;
    /// - the balance cache equals the balances recomputed from the postings;
    /// - month events replay in order: a close targets the month after the last closed one, a
    ///   reopen the last closed month, so closed months never have a gap;
    /// - redistribution entries belong to a close of their month, and are reversed exactly once
    ///   when (and only when) that close was reopened; every reversal mirrors its entry;
    /// - every income entry has its imported row, and the row agrees with the entry's postings;
    /// - every reference between rows points at an existing row.
    public func check() throws -> [CheckProblem] {
        try read { db in
            var problems: [CheckProblem] = []
            try checkForeignKeys(db, into: &problems)
            try checkEntriesBalance(db, into: &problems)
            let events = try checkMonthEvents(db, into: &problems)
            try checkPools(db, closedMonths: Set(Self.closedMonths(events)), into: &problems)
            try checkRedistributions(db, events: events, into: &problems)
            try checkIncomeRows(db, into: &problems)
            try checkBalanceCache(db, into: &problems)
            return problems
        }
    }

    private func checkForeignKeys(_ db: Database, into problems: inout [CheckProblem]) throws {
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            let table: String = row[0]
            let rowID: Int64? = row[1]
            let parent: String = row[2]
            problems.append(CheckProblem("a row of \(table)\(rowID.map { " (rowid \($0))" } ?? "") refers to a missing row of \(parent)"))
        }
    }

    private func checkEntriesBalance(_ db: Database, into problems: inout [CheckProblem]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.debit_total_minor, COUNT(p.entry_id), SUM(p.amount_minor), SUM(MAX(p.amount_minor, 0))
            FROM entries e LEFT JOIN postings p ON p.entry_id = e.id
            GROUP BY e.id
            HAVING COUNT(p.entry_id) = 0 OR SUM(p.amount_minor) <> 0 OR SUM(MAX(p.amount_minor, 0)) <> e.debit_total_minor
            ORDER BY e.id
            """)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let recorded: Int64 = row[1]
            let count: Int = row[2]
            guard count > 0 else {
                problems.append(CheckProblem("entry \(id) has no postings"))
                continue
            }
            let sum: Int64 = row[3]
            let debits: Int64 = row[4]
            if sum != 0 {
                problems.append(CheckProblem("entry \(id) does not balance: its postings sum to \(sum) minor units instead of 0"))
            }
            if debits != recorded {
                problems.append(CheckProblem("entry \(id) has debits of \(debits) minor units but recorded \(recorded) when posted: its postings were altered"))
            }
        }
    }

    /// Replays the close and reopen events; returns them for the checks that need closed months.
    private func checkMonthEvents(_ db: Database, into problems: inout [CheckProblem]) throws -> [MonthEvent] {
        let events = try monthEvents(db)
        var closed: [Month] = []
        for event in events {
            switch event.action {
            case .close:
                if let last = closed.last, event.month != last.next {
                    problems.append(CheckProblem("month event \(event.id) closes \(event.month) while the last closed month is \(last): months must close in order, without a gap"))
                }
                closed.append(event.month)
            case .reopen:
                if closed.last == event.month {
                    closed.removeLast()
                } else {
                    problems.append(CheckProblem("month event \(event.id) reopens \(event.month), which is not the last closed month (\(closed.last.map(String.init(describing:)) ?? "none"))"))
                    closed.removeAll { $0 == event.month }
                }
            }
        }
        return events
    }

    private func checkPools(_ db: Database, closedMonths: Set<Month>, into problems: inout [CheckProblem]) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.month, a.name, SUM(p.amount_minor)
            FROM accounts a CROSS JOIN postings p CROSS JOIN entries e
            WHERE a.name GLOB 'pods:*:pool' AND p.account_id = a.id AND e.id = p.entry_id
            GROUP BY e.month, a.id
            HAVING SUM(p.amount_minor) <> 0
            ORDER BY e.month, a.name
            """)
        for row in rows {
            let monthText: String = row[0]
            let name: String = row[1]
            let balance: Int64 = row[2]
            guard let month = try? Month(parsing: monthText), closedMonths.contains(month) else { continue }
            problems.append(CheckProblem("\(name) sums to \(balance) minor units over closed month \(month) instead of 0"))
        }
    }

    private func checkRedistributions(_ db: Database, events: [MonthEvent], into problems: inout [CheckProblem]) throws {
        // Which closes are current and which were undone by a later reopen of their month.
        var currentClose: [Month: Int64] = [:]
        var reopenedCloses = Set<Int64>()
        var eventsByID: [Int64: MonthEvent] = [:]
        for event in events {
            eventsByID[event.id] = event
            switch event.action {
            case .close: currentClose[event.month] = event.id
            case .reopen: if let id = currentClose.removeValue(forKey: event.month) { reopenedCloses.insert(id) }
            }
        }
        var reversalCounts: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT reverses_entry_id, COUNT(*) FROM entries WHERE kind = 'reversal' GROUP BY reverses_entry_id
            """) {
            reversalCounts[row[0]] = row[1]
        }
        let redistributions = try Row.fetchCursor(db, sql: """
            SELECT id, month, close_event_id FROM entries WHERE kind = 'redistribution' ORDER BY id
            """)
        while let row = try redistributions.next() {
            let id: Int64 = row[0]
            let month: String = row[1]
            let closeEventID: Int64 = row[2]
            let reversals = reversalCounts.removeValue(forKey: id) ?? 0
            guard let event = eventsByID[closeEventID], event.action == .close, event.month.description == month else {
                problems.append(CheckProblem("redistribution entry \(id) of \(month) names event \(closeEventID), which is not a close of \(month)"))
                continue
            }
            if reopenedCloses.contains(closeEventID) && reversals != 1 {
                problems.append(CheckProblem("redistribution entry \(id) of \(month) was reopened but is reversed \(reversals) times instead of once"))
            } else if !reopenedCloses.contains(closeEventID) && reversals != 0 {
                problems.append(CheckProblem("redistribution entry \(id) of closed month \(month) is reversed although its close was never reopened"))
            }
        }
        for (id, _) in reversalCounts.sorted(by: { $0.key < $1.key }) {
            problems.append(CheckProblem("a reversal reverses entry \(id), which is not a redistribution entry"))
        }
        // A reversal and its entry cancel out account by account, in the same month.
        let mirrors = try Row.fetchCursor(db, sql: """
            SELECT r.id, r.reverses_entry_id, r.month, o.month,
              EXISTS(SELECT 1 FROM postings p WHERE p.entry_id IN (r.id, r.reverses_entry_id)
                     GROUP BY p.account_id HAVING SUM(p.amount_minor) <> 0)
            FROM entries r JOIN entries o ON o.id = r.reverses_entry_id
            WHERE r.kind = 'reversal'
            ORDER BY r.id
            """)
        while let row = try mirrors.next() {
            let id: Int64 = row[0]
            let original: Int64 = row[1]
            let month: String = row[2]
            let originalMonth: String = row[3]
            let differs: Bool = row[4]
            if month != originalMonth {
                problems.append(CheckProblem("reversal entry \(id) is dated \(month) but reverses entry \(original) of \(originalMonth)"))
            }
            if differs {
                problems.append(CheckProblem("reversal entry \(id) does not mirror entry \(original): their postings do not cancel out account by account"))
            }
        }
    }

    private func checkIncomeRows(_ db: Database, into problems: inout [CheckProblem]) throws {
        let orphans = try Row.fetchCursor(db, sql: """
            SELECT e.id FROM entries e
            WHERE e.kind = 'income' AND NOT EXISTS(SELECT 1 FROM income_rows r WHERE r.entry_id = e.id)
            ORDER BY e.id
            """)
        while let row = try orphans.next() {
            problems.append(CheckProblem("income entry \(row[0] as Int64) has no imported row"))
        }
        // Income entries are posted as line 0 on members:P:M and line 1 on income:P:M.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.entry_id, r.source_file, r.source_line, e.id IS NULL, e.kind, e.day IS NOT r.day OR e.description IS NOT r.description
            FROM income_rows r
            LEFT JOIN entries e ON e.id = r.entry_id
            LEFT JOIN postings p0 ON p0.entry_id = r.entry_id AND p0.line = 0
            LEFT JOIN postings p1 ON p1.entry_id = r.entry_id AND p1.line = 1
            LEFT JOIN accounts a0 ON a0.id = p0.account_id
            LEFT JOIN accounts a1 ON a1.id = p1.account_id
            WHERE e.id IS NULL OR e.kind <> 'income' OR e.day IS NOT r.day OR e.description IS NOT r.description
              OR a0.name IS NOT 'members:' || r.pod || ':' || r.member OR p0.amount_minor IS NOT r.amount_minor
              OR a1.name IS NOT 'income:' || r.pod || ':' || r.member OR p1.amount_minor IS NOT -r.amount_minor
              OR EXISTS(SELECT 1 FROM postings p WHERE p.entry_id = r.entry_id AND p.line > 1)
            ORDER BY r.entry_id
            """)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let source = "\(row[1] as String):\(row[2] as Int64)"
            let missing: Bool = row[3]
            let kind: String? = row[4]
            let headerDiffers: Bool? = row[5]
            if missing {
                problems.append(CheckProblem("the income row from \(source) names entry \(id), which does not exist"))
            } else if kind != EntryKind.income.rawValue {
                problems.append(CheckProblem("the income row from \(source) names entry \(id), which is a \(kind ?? "?") entry"))
            } else if headerDiffers == true {
                problems.append(CheckProblem("income entry \(id) has another date or description than its row from \(source)"))
            } else {
                problems.append(CheckProblem("income entry \(id) has other postings than its row from \(source) (member, amount)"))
            }
        }
    }

    private func checkBalanceCache(_ db: Database, into problems: inout [CheckProblem]) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT a.name, COALESCE(sums.balance, 0), COALESCE(b.balance_minor, 0)
            FROM accounts a
            LEFT JOIN (SELECT account_id, SUM(amount_minor) AS balance FROM postings GROUP BY account_id) AS sums ON sums.account_id = a.id
            LEFT JOIN account_balances b ON b.account_id = a.id
            WHERE COALESCE(sums.balance, 0) <> COALESCE(b.balance_minor, 0)
            ORDER BY a.name
            """)
        for row in rows {
            let name: String = row[0]
            let computed: Int64 = row[1]
            let cached: Int64 = row[2]
            problems.append(CheckProblem("the cached balance of \(name) is \(cached) minor units but its postings sum to \(computed)"))
        }
    }
}
