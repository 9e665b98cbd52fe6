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
    /// - every entry has postings that sum to zero and match its recorded `debit_total_minor`
    ///   (an income entry: its amount is nonzero and matches it); months and days are well formed;
    /// - every pod's pool sums to zero over the entries of every closed month;
    /// - the balance cache equals the balances recomputed from the postings;
    /// - month events replay in order: a close targets the month after the last closed one, a
    ///   reopen the last closed month, so closed months never have a gap;
    /// - redistribution entries belong to a close of their month, and are reversed exactly once
    ///   when (and only when) that close was reopened; every reversal mirrors its entry;
    /// - every income entry debits `members:P:M` and credits `income:P:M` of the same member, and
    ///   its key hash follows from its row key;
    /// - every reference between rows points at an existing row.
    public func check() throws -> [CheckProblem] {
        try read { db in
            var problems: [CheckProblem] = []
            try checkForeignKeys(db, into: &problems)
            try checkEntriesBalance(db, into: &problems)
            let events = try checkMonthEvents(db, into: &problems)
            try checkPools(db, closedMonths: Set(Self.closedMonths(events)), into: &problems)
            try checkRedistributions(db, events: events, into: &problems)
            try checkIncomeEntries(db, into: &problems)
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
            SELECT p.entry_id, e.debit_total_minor, COUNT(*), SUM(p.amount_minor), SUM(MAX(p.amount_minor, 0))
            FROM postings p LEFT JOIN entries e ON e.id = p.entry_id
            GROUP BY p.entry_id
            HAVING e.id IS NULL OR SUM(p.amount_minor) <> 0 OR SUM(MAX(p.amount_minor, 0)) IS NOT e.debit_total_minor
            ORDER BY p.entry_id
            """)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let recorded: Int64? = row[1]
            let sum: Int64 = row[3]
            let debits: Int64 = row[4]
            guard let recorded else {
                problems.append(CheckProblem("postings name entry \(id), which does not exist"))
                continue
            }
            if sum != 0 {
                problems.append(CheckProblem("entry \(id) does not balance: its postings sum to \(sum) minor units instead of 0"))
            }
            if debits != recorded {
                problems.append(CheckProblem("entry \(id) has debits of \(debits) minor units but recorded \(recorded) when posted: its postings were altered"))
            }
        }
        let unposted = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.kind, e.debit_total_minor, e.amount_minor, EXISTS(SELECT 1 FROM postings p WHERE p.entry_id = e.id)
            FROM entries e
            WHERE CASE e.kind WHEN 'income' THEN e.debit_total_minor IS NOT abs(e.amount_minor)
                                                 OR EXISTS(SELECT 1 FROM postings p WHERE p.entry_id = e.id)
                              ELSE NOT EXISTS(SELECT 1 FROM postings p WHERE p.entry_id = e.id) END
            ORDER BY e.id
            """)
        while let row = try unposted.next() {
            let id: Int64 = row[0]
            let kind: String = row[1]
            let recorded: Int64 = row[2]
            let amountMinor: Int64? = row[3]
            let hasStoredPostings: Bool = row[4]
            if kind != EntryKind.income.rawValue {
                problems.append(CheckProblem("entry \(id) has no postings"))
            } else if hasStoredPostings {
                problems.append(CheckProblem("income entry \(id) has stored postings, which only redistribution and reversal entries have"))
            } else {
                problems.append(CheckProblem("entry \(id) has debits of \(amountMinor.map { String($0.magnitude) } ?? "?") minor units but recorded \(recorded) when posted: its postings were altered"))
            }
        }
        let malformed = try Row.fetchCursor(db, sql: """
            SELECT id, month, day FROM entries
            WHERE month NOT GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'
               OR (day IS NOT NULL AND (day NOT GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' OR substr(day, 1, 7) <> month))
            ORDER BY id
            """)
        while let row = try malformed.next() {
            problems.append(CheckProblem("entry \(row[0] as Int64) has month '\(row[1] as String)' and day '\(row[2] as String? ?? "")', which do not agree"))
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

    private func checkIncomeEntries(_ db: Database, into problems: inout [CheckProblem]) throws {
        // members:P:M and income:P:M: the same "P:M" after their 8- and 7-character prefixes.
        let mismatched = try Row.fetchCursor(db, sql: """
            SELECT e.id, f.path, e.source_line, m.name, i.name
            FROM entries e
            LEFT JOIN source_files f ON f.id = e.source_file_id
            LEFT JOIN accounts m ON m.id = e.member_account_id
            LEFT JOIN accounts i ON i.id = e.income_account_id
            WHERE e.kind = 'income'
              AND (m.name IS NULL OR i.name IS NULL OR m.name NOT GLOB 'members:*' OR i.name NOT GLOB 'income:*'
                   OR substr(m.name, 9) <> substr(i.name, 8))
            ORDER BY e.id
            """)
        while let row = try mismatched.next() {
            let id: Int64 = row[0]
            problems.append(CheckProblem("income entry \(id) (from \(row[1] as String? ?? "?"):\(row[2] as Int64)) debits \(row[3] as String? ?? "a missing account") and credits \(row[4] as String? ?? "a missing account"), which are not one member's pair"))
        }
        let keys = try Row.fetchCursor(db, sql: "SELECT id, row_key, key_hash FROM entries WHERE kind = 'income' ORDER BY id")
        while let row = try keys.next() {
            let key: String = row[1]
            let keyHash: Int64 = row[2]
            let probes = UInt64(bitPattern: keyHash) &- UInt64(bitPattern: KeyHash.fnv1a64(key))
            if probes >= UInt64(KeyHash.probesMax) {
                problems.append(CheckProblem("income entry \(row[0] as Int64) has row key \(MessageText.quoted(key)), which does not match its key hash: the key was altered"))
            }
        }
    }

    private func checkBalanceCache(_ db: Database, into problems: inout [CheckProblem]) throws {
        let computed = try balanceTotals(db, throughMonth: nil)
        var cached: [Int64: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT account_id, balance_minor FROM account_balances") {
            cached[row[0]] = row[1]
        }
        let accounts = try Row.fetchAll(db, sql: "SELECT id, name FROM accounts ORDER BY name")
        for row in accounts {
            let id: Int64 = row[0]
            let name: String = row[1]
            let fromPostings = computed[id] ?? 0
            let fromCache = cached[id] ?? 0
            if fromPostings != fromCache {
                problems.append(CheckProblem("the cached balance of \(name) is \(fromCache) minor units but its postings sum to \(fromPostings)"))
            }
        }
    }
}
