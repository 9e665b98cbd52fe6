import GRDB
import LedgerCore

/// One posting with its entry, as the register shows it.
public struct PostingLine: Sendable, Equatable {
    public let entryID: Int64
    public let kind: EntryKind
    public let month: Month
    public let day: Day?
    public let description: String
    public let account: Account
    public let amountMinor: Int64

    public init(entryID: Int64, kind: EntryKind, month: Month, day: Day?, description: String, account: Account, amountMinor: Int64) {
        self.entryID = entryID
        self.kind = kind
        self.month = month
        self.day = day
        self.description = description
        self.account = account
        self.amountMinor = amountMinor
    }
}

extension LedgerStore {
    /// Sum of income entries by member for each month in the range; members with no income row in
    /// a month are absent from it.
    public func incomeByMonth(from: Month, through: Month) throws -> [Month: [MemberID: Int64]] {
        // CROSS JOIN keeps SQLite on the (kind, month) index: only the range's entries are read.
        try memberSums(sql: """
            SELECT e.month, a.name, SUM(p.amount_minor)
            FROM entries e CROSS JOIN postings p CROSS JOIN accounts a
            WHERE e.kind = 'income' AND e.month BETWEEN ? AND ?
              AND p.entry_id = e.id AND a.id = p.account_id AND a.name GLOB 'members:*'
            GROUP BY e.month, p.account_id
            """, from: from, through: through)
    }

    /// Sum of all postings on each `members:POD:MEMBER` account by entry month: for a closed month,
    /// the member's net income (income, minus contribution, plus what they received).
    public func memberNetsByMonth(from: Month, through: Month) throws -> [Month: [MemberID: Int64]] {
        try memberSums(sql: """
            SELECT e.month, a.name, SUM(p.amount_minor)
            FROM entries e CROSS JOIN postings p CROSS JOIN accounts a
            WHERE e.kind IN ('income', 'redistribution', 'reversal') AND e.month BETWEEN ? AND ?
              AND p.entry_id = e.id AND a.id = p.account_id AND a.name GLOB 'members:*'
            GROUP BY e.month, p.account_id
            """, from: from, through: through)
    }

    /// Balances, from the postings, of every account with a nonzero balance over the entries with
    /// month <= `throughMonth` (nil: all entries), sorted by account name.
    public func balances(throughMonth: Month?) throws -> [(account: Account, balanceMinor: Int64)] {
        try read { db in
            let rows: [Row]
            if let throughMonth {
                rows = try Row.fetchAll(db, sql: """
                    SELECT a.name, sums.balance FROM (
                      SELECT p.account_id AS account_id, SUM(p.amount_minor) AS balance
                      FROM entries e CROSS JOIN postings p
                      WHERE e.month <= ? AND p.entry_id = e.id
                      GROUP BY p.account_id
                    ) AS sums JOIN accounts a ON a.id = sums.account_id
                    WHERE sums.balance <> 0
                    """, arguments: [throughMonth.description])
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT a.name, sums.balance FROM (
                      SELECT account_id, SUM(amount_minor) AS balance FROM postings GROUP BY account_id
                    ) AS sums JOIN accounts a ON a.id = sums.account_id
                    WHERE sums.balance <> 0
                    """)
            }
            return try rows.map { row in (try account(named: row[0]), row[1] as Int64) }.sorted { $0.account < $1.account }
        }
    }

    /// Streams postings in entry order, then posting order, optionally for one account, through a
    /// cursor: the table is never loaded whole. `body` must not call the store.
    public func forEachPosting(account: Account?, _ body: (PostingLine) throws -> Void) throws {
        try read { db in
            var accounts: [Int64: Account] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM accounts") {
                accounts[row[0]] = try self.account(named: row[1])
            }
            let cursor: RowCursor
            if let account {
                guard let accountID = accounts.first(where: { $0.value == account })?.key else { return }
                cursor = try Row.fetchCursor(db, sql: """
                    SELECT p.entry_id, p.account_id, p.amount_minor, e.kind, e.month, e.day, e.description
                    FROM postings p CROSS JOIN entries e
                    WHERE p.account_id = ? AND e.id = p.entry_id
                    ORDER BY p.account_id, p.entry_id, p.line
                    """, arguments: [accountID])
            } else {
                cursor = try Row.fetchCursor(db, sql: """
                    SELECT p.entry_id, p.account_id, p.amount_minor, e.kind, e.month, e.day, e.description
                    FROM postings p CROSS JOIN entries e
                    WHERE e.id = p.entry_id
                    ORDER BY p.entry_id, p.line
                    """)
            }
            // Entry fields are decoded once per entry, not once per posting.
            var current: (id: Int64, kind: EntryKind, month: Month, day: Day?, description: String)?
            while let row = try cursor.next() {
                let entryID: Int64 = row[0]
                if current?.id != entryID {
                    current = try decodeEntryHeader(id: entryID, kind: row[3], month: row[4], day: row[5], description: row[6])
                }
                let header = current!
                let accountID: Int64 = row[1]
                guard let postingAccount = accounts[accountID] else { throw corrupt("entry \(entryID) posts to missing account \(accountID)") }
                try body(PostingLine(entryID: entryID, kind: header.kind, month: header.month, day: header.day,
                                     description: header.description, account: postingAccount, amountMinor: row[2]))
            }
        }
    }

    // MARK: - Helpers

    private func memberSums(sql: String, from: Month, through: Month) throws -> [Month: [MemberID: Int64]] {
        try read { db in
            var result: [Month: [MemberID: Int64]] = [:]
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [from.description, through.description])
            while let row = try rows.next() {
                let monthText: String = row[0]
                guard let month = try? Month(parsing: monthText) else { throw corrupt("an entry has month '\(monthText)'") }
                guard case .member(_, let member) = try account(named: row[1]) else { continue }
                // A member who moved pods has one account per pod: their sums add up.
                let (sum, overflow) = result[month, default: [:]][member, default: 0].addingReportingOverflow(row[2])
                if overflow { throw StoreError.amountOverflow("the total of \(member) in \(month)") }
                result[month, default: [:]][member] = sum
            }
            return result
        }
    }

    func account(named name: String) throws -> Account {
        do {
            return try Account(parsing: name)
        } catch {
            throw corrupt("invalid account name '\(name)'")
        }
    }

    private func decodeEntryHeader(id: Int64, kind: String, month: String, day: String?, description: String) throws
        -> (id: Int64, kind: EntryKind, month: Month, day: Day?, description: String)
    {
        guard let entryKind = EntryKind(rawValue: kind), let entryMonth = try? Month(parsing: month) else {
            throw corrupt("entry \(id) has kind '\(kind)' and month '\(month)'")
        }
        var entryDay: Day?
        if let day {
            guard let value = try? Day(parsing: day) else { throw corrupt("entry \(id) has day '\(day)'") }
            entryDay = value
        }
        return (id, entryKind, entryMonth, entryDay, description)
    }
}
