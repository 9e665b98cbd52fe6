import GRDB
import LedgerCore

/// An entry as `podledger export` writes it: its number in the ledger, the balanced entry, and the reference it
/// was recorded with (income rows, payments and expenses may have one).
public struct NumberedEntry: Sendable, Equatable {
    public let id: Int64
    public let entry: Entry
    public let reference: String?

    /// The day the entry is dated: its own day, or the last day of its month for a month-level entry (a month's
    /// redistribution and the reversals of a reopen).
    public var date: Day { entry.day ?? Day.last(of: entry.month) }
}

extension LedgerTransaction {
    /// The SQL date of an entry row `e`: its day, else the last day of its month (as `NumberedEntry.date`).
    private static let entryDateSQL = "COALESCE(e.day, date(e.month || '-01', '+1 month', '-1 day'))"

    /// Every account posted to by the entries of months up to `through` (nil: all), with the date of the
    /// first entry that posts to it, sorted by account name. For Beancount's `open` directives.
    public func firstUse(through: Month?) throws -> [(account: Account, date: Day)] {
        ensureOpen()
        let accounts = try accountsByID()
        let rows = try Row.fetchAll(db, sql: """
            SELECT account_id, MIN(date) FROM (
              SELECT member_account_id AS account_id, day AS date FROM entries WHERE kind = 'income' AND month <= ?1
              UNION ALL SELECT income_account_id, day FROM entries WHERE kind = 'income' AND month <= ?1
              UNION ALL SELECT p.account_id, \(Self.entryDateSQL) FROM postings p CROSS JOIN entries e
                        WHERE e.id = p.entry_id AND e.month <= ?1
            ) GROUP BY account_id
            """, arguments: [through?.description ?? "9999-99"])
        return try rows.map { row -> (account: Account, date: Day) in
            guard let account = accounts[row[0]] else { throw corrupt("a posting names missing account \(row[0] as Int64)") }
            let text: String = row[1]
            guard let date = try? Day(parsing: text) else { throw corrupt("an entry posting to \(account) has date '\(text)'") }
            return (account, date)
        }.sorted { $0.account < $1.account }
    }

    /// Streams every entry of months up to `through` (nil: all) by date, then entry number, each with its
    /// postings in their stored order (an income row: the member's account, then the income account), through
    /// one cursor: one entry is held at a time. `body` must not call the store.
    public func forEachEntryByDate(through: Month?, _ body: (NumberedEntry) throws -> Void) throws {
        ensureOpen()
        let accounts = try accountsByID()
        // An income entry has no stored postings (the left join gives one row of nulls): its pair is implied.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.kind, e.month, e.day, e.description, e.reference, e.member_account_id, e.income_account_id,
                   e.amount_minor, p.account_id, p.amount_minor
            FROM entries e LEFT JOIN postings p ON p.entry_id = e.id
            WHERE e.month <= ?1
            ORDER BY \(Self.entryDateSQL), e.id, p.line
            """, arguments: [through?.description ?? "9999-99"])
        func account(_ id: Int64, of entryID: Int64) throws -> Account {
            guard let value = accounts[id] else { throw corrupt("entry \(entryID) posts to missing account \(id)") }
            return value
        }
        var current: (header: EntryHeader, reference: String?, postings: [Posting])?
        func emit() throws {
            guard let (header, reference, postings) = current else { return }
            let entry: Entry
            do {
                entry = try Entry(kind: header.kind, month: header.month, day: header.day, description: header.description, postings: postings)
            } catch {
                throw corrupt("entry \(header.id) no longer balances (\(error)); run `podledger check`")
            }
            try body(NumberedEntry(id: header.id, entry: entry, reference: reference))
        }
        while let row = try rows.next() {
            let entryID: Int64 = row[0]
            if current?.header.id != entryID {
                try emit()
                current = (try decodeEntryHeader(id: entryID, kind: row[1], month: row[2], day: row[3], description: row[4]), row[5], [])
            }
            if current!.header.kind == .income {
                guard let member: Int64 = row[6], let income: Int64 = row[7], let amount: Int64 = row[8] else {
                    throw corrupt("income entry \(entryID) lacks its accounts or amount")
                }
                current!.postings = [Posting(try account(member, of: entryID), amount), Posting(try account(income, of: entryID), 0 - amount)]
            } else if let accountID: Int64 = row[9] {
                current!.postings.append(Posting(try account(accountID, of: entryID), row[10]))
            }
        }
        try emit()
    }
}
