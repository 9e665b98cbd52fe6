import GRDB
import LedgerCore

/// Appends entries inside one write transaction: prepared statements held for the transaction,
/// account ids cached, and balance changes accumulated in memory and written to the
/// `account_balances` cache once per account by `flushBalances()`.
final class LedgerWriter {
    let db: Database
    private var accountIDs: [Account: Int64] = [:]
    private var balanceDeltas: [Int64: Int64] = [:]
    private let findAccount: Statement
    private let insertAccount: Statement
    private let insertEntry: Statement
    private let insertPosting: Statement

    init(_ db: Database) throws {
        self.db = db
        findAccount = try db.cachedStatement(sql: "SELECT id FROM accounts WHERE name = ?")
        insertAccount = try db.cachedStatement(sql: "INSERT INTO accounts(name) VALUES (?)")
        insertEntry = try db.cachedStatement(sql: """
            INSERT INTO entries(kind, month, day, description, debit_total_minor, close_event_id, reverses_entry_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insertPosting = try db.cachedStatement(sql: "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (?, ?, ?, ?)")
    }

    /// The account's id, creating the account on first use.
    func accountID(_ account: Account) throws -> Int64 {
        if let id = accountIDs[account] { return id }
        let name = account.description
        let id: Int64
        if let existing = try Int64.fetchOne(findAccount, arguments: [name]) {
            id = existing
        } else {
            try insertAccount.execute(arguments: [name])
            id = db.lastInsertedRowID
        }
        accountIDs[account] = id
        return id
    }

    /// Appends the entry and its postings; returns the entry's id.
    func insert(_ entry: Entry, closeEventID: Int64? = nil, reversesEntryID: Int64? = nil) throws -> Int64 {
        var debitTotal: Int64 = 0
        for posting in entry.postings where posting.amountMinor > 0 {
            let (sum, overflow) = debitTotal.addingReportingOverflow(posting.amountMinor)
            if overflow { throw StoreError.amountOverflow("the total of entry '\(entry.description)'") }
            debitTotal = sum
        }
        try insertEntry.execute(arguments: [
            entry.kind.rawValue, entry.month.description, entry.day?.description, entry.description, debitTotal,
            closeEventID, reversesEntryID,
        ])
        let entryID = db.lastInsertedRowID
        for (line, posting) in entry.postings.enumerated() {
            let accountID = try accountID(posting.account)
            try insertPosting.execute(arguments: [entryID, line, accountID, posting.amountMinor])
            let (balance, overflow) = balanceDeltas[accountID, default: 0].addingReportingOverflow(posting.amountMinor)
            if overflow { throw StoreError.amountOverflow("the balance of \(posting.account)") }
            balanceDeltas[accountID] = balance
        }
        return entryID
    }

    /// Writes the accumulated balance changes to the cache, one row per account touched.
    func flushBalances() throws {
        guard !balanceDeltas.isEmpty else { return }
        let names = Dictionary(uniqueKeysWithValues: accountIDs.map { ($0.value, $0.key) })
        let current = try db.cachedStatement(sql: "SELECT balance_minor FROM account_balances WHERE account_id = ?")
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO account_balances(account_id, balance_minor) VALUES (?, ?)
            ON CONFLICT(account_id) DO UPDATE SET balance_minor = excluded.balance_minor
            """)
        for (accountID, delta) in balanceDeltas.sorted(by: { $0.key < $1.key }) {
            let before = try Int64.fetchOne(current, arguments: [accountID]) ?? 0
            let (after, overflow) = before.addingReportingOverflow(delta)
            if overflow { throw StoreError.amountOverflow("the balance of \(names[accountID].map(String.init(describing:)) ?? "account \(accountID)")") }
            try upsert.execute(arguments: [accountID, after])
        }
        balanceDeltas = [:]
    }
}
