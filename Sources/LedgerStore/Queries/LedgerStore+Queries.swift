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
    public func incomeByMonth(from: Month, through: Month) throws -> [Month: [MemberID: Int64]] {
        try read { try $0.incomeByMonth(from: from, through: through) }
    }

    public func memberNetsByMonth(from: Month, through: Month) throws -> [Month: [MemberID: Int64]] {
        try read { try $0.memberNetsByMonth(from: from, through: through) }
    }

    public func balances(throughMonth: Month?) throws -> [(account: Account, balanceMinor: Int64)] {
        try read { try $0.balances(throughMonth: throughMonth) }
    }

    public func forEachPosting(account: Account?, _ body: (PostingLine) throws -> Void) throws {
        try read { try $0.forEachPosting(account: account, body) }
    }
}

extension LedgerTransaction {
    /// Sum of income entries by member for each month in the range; members with no income row in
    /// a month are absent from it.
    public func incomeByMonth(from: Month, through: Month) throws -> [Month: [MemberID: Int64]] {
        try memberSums(sql: """
            SELECT month, member_account_id, amount_minor FROM entries
            WHERE kind = 'income' AND month BETWEEN ?1 AND ?2
            """, from: from, through: through)
    }

    /// Each pod's expenses by month (SPEC §6): what expense entries (and their reversals) moved on `expenses:POD`.
    public func expensesByMonth(from: Month, through: Month) throws -> [Month: [PodID: Int64]] {
        ensureOpen()
        let accounts = try accountsByID()
        var result: [Month: [PodID: Int64]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.month, p.account_id, SUM(p.amount_minor) FROM entries e CROSS JOIN postings p
            WHERE e.kind = 'expense' AND e.month BETWEEN ?1 AND ?2 AND p.entry_id = e.id
            GROUP BY e.month, p.account_id
            """, arguments: [from.description, through.description])
        while let row = try rows.next() {
            let monthText: String = row[0]
            guard let month = try? Month(parsing: monthText) else { throw corrupt("an entry has month '\(monthText)'") }
            guard let account = accounts[row[1]] else { throw corrupt("a posting names missing account \(row[1] as Int64)") }
            guard case .expenses(let pod) = account else { continue }
            let amount: Int64 = row[2]
            if amount != 0 { result[month, default: [:]][pod] = amount }
        }
        return result
    }

    /// Sum of all postings on each `members:POD:MEMBER` account by entry month: for a closed month,
    /// the member's net income (income, minus contribution, plus what they received).
    public func memberNetsByMonth(from: Month, through: Month) throws -> [Month: [MemberID: Int64]] {
        try memberSums(sql: """
            SELECT month, member_account_id, amount_minor FROM entries
            WHERE kind = 'income' AND month BETWEEN ?1 AND ?2
            UNION ALL
            SELECT e.month, p.account_id, p.amount_minor FROM entries e CROSS JOIN postings p
            WHERE e.kind <> 'income' AND e.month BETWEEN ?1 AND ?2 AND p.entry_id = e.id
            """, from: from, through: through)
    }

    /// Balances, from the postings, of every account with a nonzero balance over the entries with
    /// month <= `throughMonth` (nil: all entries) and, given `from`, month >= `from` (what those months moved),
    /// sorted by account name.
    public func balances(from: Month? = nil, throughMonth: Month?) throws -> [(account: Account, balanceMinor: Int64)] {
        ensureOpen()
        let accounts = try accountsByID()
        let totals = try balanceTotals(from: from, throughMonth: throughMonth)
        // Sorted on names made once each (`Account`'s `<` spells both names at every comparison).
        return try totals.filter { $0.value != 0 }.map { accountID, balance in
            guard let account = accounts[accountID] else { throw corrupt("a posting names missing account \(accountID)") }
            return (name: account.description, account: account, balanceMinor: balance)
        }.sorted { $0.name < $1.name }.map { ($0.account, $0.balanceMinor) }
    }

    /// Streams postings in entry order, then posting order, optionally for one account, through
    /// cursors: the table is never loaded whole. `body` must not call the store.
    public func forEachPosting(account: Account?, _ body: (PostingLine) throws -> Void) throws {
        ensureOpen()
        do {
            let accounts = try accountsByID()
            var accountID: Int64?
            if let account {
                guard let id = accounts.first(where: { $0.value == account })?.key else { return }
                accountID = id
            }
            // Income entries (their two postings implied) and the stored postings of the other
            // entries are two streams ordered by entry id, merged here.
            let filter = accountID == nil ? "" : " AND (member_account_id = ?1 OR income_account_id = ?1)"
            let incomes = try Row.fetchCursor(db, sql: """
                SELECT id, month, day, description, member_account_id, income_account_id, amount_minor
                FROM entries WHERE kind = 'income'\(filter) ORDER BY id
                """, arguments: accountID.map { [$0] } ?? [])
            let stored = try Row.fetchCursor(db, sql: """
                SELECT p.entry_id, p.account_id, p.amount_minor, e.kind, e.month, e.day, e.description
                FROM postings p CROSS JOIN entries e
                WHERE e.id = p.entry_id\(accountID == nil ? "" : " AND p.account_id = ?1")
                ORDER BY \(accountID == nil ? "" : "p.account_id, ")p.entry_id, p.line
                """, arguments: accountID.map { [$0] } ?? [])
            func postingAccount(_ id: Int64, of entryID: Int64) throws -> Account {
                guard let value = accounts[id] else { throw corrupt("entry \(entryID) posts to missing account \(id)") }
                return value
            }
            var nextIncome = try incomes.next()
            var nextStored = try stored.next()
            // Entry fields of stored postings are decoded once per entry, not once per posting.
            var header: EntryHeader?
            while nextIncome != nil || nextStored != nil {
                if let row = nextIncome, nextStored.map({ ($0[0] as Int64) > (row[0] as Int64) }) ?? true {
                    let entryID: Int64 = row[0]
                    let income = try decodeEntryHeader(id: entryID, kind: EntryKind.income.rawValue, month: row[1], day: row[2], description: row[3])
                    let amountMinor: Int64 = row[6]
                    // Line 0 debits members:P:M, line 1 credits income:P:M.
                    for (postingAccountID, amount) in [(row[4] as Int64, amountMinor), (row[5] as Int64, -amountMinor)]
                    where accountID == nil || accountID == postingAccountID {
                        try body(PostingLine(entryID: entryID, kind: .income, month: income.month, day: income.day,
                                             description: income.description, account: try postingAccount(postingAccountID, of: entryID),
                                             amountMinor: amount))
                    }
                    nextIncome = try incomes.next()
                } else if let row = nextStored {
                    let entryID: Int64 = row[0]
                    if header?.id != entryID {
                        header = try decodeEntryHeader(id: entryID, kind: row[3], month: row[4], day: row[5], description: row[6])
                    }
                    let current = header!
                    try body(PostingLine(entryID: entryID, kind: current.kind, month: current.month, day: current.day,
                                         description: current.description, account: try postingAccount(row[1], of: entryID),
                                         amountMinor: row[2]))
                    nextStored = try stored.next()
                }
            }
        }
    }

    // MARK: - Helpers

    /// Balance of every account with postings over entries with month <= `throughMonth` (nil: all).
    /// CROSS JOIN keeps SQLite reading the (few) stored postings first, each entry by its id.
    func balanceTotals(from: Month? = nil, throughMonth: Month?) throws -> [Int64: Int64] {
        let bounds = [from?.description ?? "0000-00", throughMonth?.description ?? "9999-99"]
        var totals: [Int64: Int64] = [:]
        func add(_ accountID: Int64, _ amount: Int64) throws {
            let (sum, overflow) = totals[accountID, default: 0].addingReportingOverflow(amount)
            if overflow { throw StoreError.amountOverflow("the balance of account \(accountID)") }
            totals[accountID] = sum
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT member_account_id, income_account_id, SUM(amount_minor) FROM entries
            WHERE kind = 'income' AND month BETWEEN ?1 AND ?2 GROUP BY member_account_id, income_account_id
            """, arguments: StatementArguments(bounds)) {
            let total: Int64 = row[2]
            try add(row[0], total)
            try add(row[1], 0 - total)
        }
        // Entries first: a range of months reads only their postings (an income entry has none stored).
        let storedSQL = from == nil && throughMonth == nil
            ? "SELECT account_id, SUM(amount_minor) FROM postings GROUP BY account_id"
            : """
              SELECT p.account_id, SUM(p.amount_minor) FROM entries e CROSS JOIN postings p
              WHERE e.kind <> 'income' AND e.month BETWEEN ?1 AND ?2 AND p.entry_id = e.id GROUP BY p.account_id
              """
        for row in try Row.fetchAll(db, sql: storedSQL, arguments: from == nil && throughMonth == nil ? [] : StatementArguments(bounds)) {
            try add(row[0], row[1])
        }
        return totals
    }

    /// The balance of `account` over the entries dated on or before `day` (entries without a day, a month's
    /// redistribution, count at the month's end). 0 for an account the ledger does not have.
    public func balance(of account: Account, throughDay day: Day) throws -> Int64 {
        ensureOpen()
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM accounts WHERE name = ?", arguments: [account.description]) else { return 0 }
        return try Int64.fetchOne(db, sql: """
            SELECT COALESCE(SUM(p.amount_minor), 0) FROM postings p CROSS JOIN entries e
            WHERE p.account_id = ?1 AND e.id = p.entry_id AND (e.day <= ?2 OR (e.day IS NULL AND e.month <= ?3))
            """, arguments: [id, day.description, day.month.description]) ?? 0
    }

    /// What the closes of each month through `through` moved, net of their reversals: on each member's account
    /// (`members:P:M`, the member's settlement negated) and on the network reserve by the pod whose entry moved
    /// it (that pod's settlement toward the network). A reopened month nets to nothing. The pod of a network
    /// entry is the pod of its first other posting: every close entry that moves the network reserve lists a pod
    /// account (pool, reserve or a member) before it.
    public func settlementSums(through: Month) throws -> (members: [(month: Month, pod: PodID, member: MemberID, sumMinor: Int64)],
                                                          pods: [(month: Month, pod: PodID, sumMinor: Int64)]) {
        ensureOpen()
        let accounts = try accountsByID()
        func month(_ text: String) throws -> Month {
            guard let value = try? Month(parsing: text) else { throw corrupt("an entry has month '\(text)'") }
            return value
        }
        var members: [(month: Month, pod: PodID, member: MemberID, sumMinor: Int64)] = []
        for (month, sums) in try sumsByMonthAndAccount(sql: """
            SELECT e.month, p.account_id, p.amount_minor FROM entries e CROSS JOIN postings p
            WHERE (e.kind = 'redistribution' OR e.kind = 'reversal') AND e.month <= ?1 AND p.entry_id = e.id
            """, arguments: [through.description]) {
            for (accountID, sum) in sums {
                guard case .member(let pod, let member)? = accounts[accountID] else { continue }
                members.append((month, pod, member, sum))
            }
        }
        var pods: [(month: Month, pod: PodID, sumMinor: Int64)] = []
        if let network = accounts.first(where: { $0.value == .networkReserve })?.key {
            for row in try Row.fetchAll(db, sql: """
                SELECT e.month, (SELECT o.account_id FROM postings o WHERE o.entry_id = n.entry_id AND o.account_id <> n.account_id
                                 ORDER BY o.line LIMIT 1),
                       SUM(n.amount_minor)
                FROM postings n CROSS JOIN entries e
                WHERE n.account_id = ?1 AND e.id = n.entry_id AND (e.kind = 'redistribution' OR e.kind = 'reversal') AND e.month <= ?2
                GROUP BY e.month, 2
                """, arguments: [network, through.description]) {
                guard let other: Int64 = row[1], let pod = accounts[other]?.pod else { throw corrupt("a network entry of \(row[0] as String) names no pod") }
                pods.append((try month(row[0]), pod, row[2]))
            }
        }
        return (members, pods)
    }

    /// Every account the ledger has, by name.
    public func accounts() throws -> [Account] {
        ensureOpen()
        return try accountsByID().values.sorted()
    }

    /// Every account by id. A read transaction reads them once (accounts never change within it).
    func accountsByID() throws -> [Int64: Account] {
        if !isWritable, let cached = accountsCache { return cached }
        var accounts: [Int64: Account] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM accounts") {
            accounts[row[0]] = try account(named: row[1])
        }
        if !isWritable { accountsCache = accounts }
        return accounts
    }

    private func memberSums(sql: String, from: Month, through: Month) throws -> [Month: [MemberID: Int64]] {
        ensureOpen()
        let accounts = try accountsByID()
        var result: [Month: [MemberID: Int64]] = [:]
        for (month, sums) in try sumsByMonthAndAccount(sql: sql, arguments: [from.description, through.description]) {
            for (accountID, sum) in sums {
                guard let account = accounts[accountID] else { throw corrupt("a posting names missing account \(accountID)") }
                guard case .member(_, let member) = account else { continue }
                // A member who moved pods has one account per pod: their sums add up.
                let (total, overflow) = result[month, default: [:]][member, default: 0].addingReportingOverflow(sum)
                if overflow { throw StoreError.amountOverflow("the total of \(member) in \(month)") }
                result[month, default: [:]][member] = total
            }
        }
        return result
    }

    /// The sums of the amounts of `sql`'s rows (columns: month, account id, amount) by month and account, added up
    /// here in one pass: SQLite's GROUP BY sorts every row first (1.5 s for the postings of two years of 2,000 pods,
    /// against 0.3 s to read them).
    func sumsByMonthAndAccount(sql: String, arguments: [String]) throws -> [Month: [Int64: Int64]] {
        let statement = try RawStatement(db, sql: sql)
        for (index, argument) in arguments.enumerated() { try statement.bind(Int32(index + 1), argument) }
        var sums: [Int64: Int64] = [:]
        // Rows come mostly month by month: the month last read is parsed once.
        var lastText: [UInt8] = []
        var lastOrdinal = 0
        while try statement.advance() {
            let row = statement.row
            try row.withText(0) { bytes in
                guard let bytes, bytes.elementsEqual(lastText) else {
                    let text = bytes.map { String(decoding: $0, as: UTF8.self) } ?? "NULL"
                    guard let month = try? Month(parsing: text) else { throw corrupt("an entry has month '\(text)'") }
                    lastText = Array(text.utf8)
                    lastOrdinal = month.ordinal
                    return
                }
            }
            let key = Int64(lastOrdinal) << 40 | row.int(1)
            let (total, overflow) = sums[key, default: 0].addingReportingOverflow(row.int(2))
            if overflow { throw StoreError.amountOverflow("the total of account \(row.int(1)) in a month") }
            sums[key] = total
        }
        var result: [Month: [Int64: Int64]] = [:]
        for (key, total) in sums {
            guard let month = Month(ordinal: Int(key >> 40)) else { continue }
            result[month, default: [:]][key & (1 << 40 - 1)] = total
        }
        return result
    }

    func account(named name: String) throws -> Account {
        do {
            return try Account(parsing: name)
        } catch {
            throw corrupt("invalid account name '\(name)'")
        }
    }

    typealias EntryHeader = (id: Int64, kind: EntryKind, month: Month, day: Day?, description: String)

    func decodeEntryHeader(id: Int64, kind: String, month: String, day: String?, description: String) throws -> EntryHeader {
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
