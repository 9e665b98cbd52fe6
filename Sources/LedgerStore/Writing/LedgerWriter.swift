import GRDB
import LedgerCore

/// Appends entries inside one write transaction: prepared statements held for the transaction,
/// account ids cached, and balance changes accumulated in memory and written to the
/// `account_balances` cache once per account by `flushBalances()`.
final class LedgerWriter {
    let db: Database
    /// The transaction's fingerprint chain: every entry written takes its next link.
    let chain: Chain
    private var accountIDs: [Account: Int64] = [:]
    private var balanceDeltas: [Int64: Int64] = [:]
    private let findAccount: Statement
    private let insertAccount: Statement
    private let insertEntry: RawStatement
    private let insertPosting: RawStatement

    init(_ db: Database, chain: Chain) throws {
        self.db = db
        self.chain = chain
        findAccount = try db.cachedStatement(sql: "SELECT id FROM accounts WHERE name = ?")
        insertAccount = try db.cachedStatement(sql: "INSERT INTO accounts(name) VALUES (?)")
        insertEntry = try RawStatement(db, sql: """
            INSERT INTO entries(kind, month, day, description, debit_total_minor, close_event_id, reverses_entry_id,
                                row_key, key_hash, reference, source_file_id, source_line, chain_seq, fingerprint)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertPosting = try RawStatement(db, sql: "INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES (?, ?, ?, ?)")
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

    /// The idempotency key and origin of a payment or an expense.
    struct Keyed {
        let key: String
        let keyHash: Int64
        let reference: String?
        let sourceFileID: Int64?
        let sourceLine: Int?
    }

    /// Appends an entry and its postings; returns the entry's id. (Income entries are one row each, written
    /// by `IncomeBatch`.) `keyed` for payments and expenses.
    func insert(_ entry: Entry, closeEventID: Int64? = nil, reversesEntryID: Int64? = nil, keyed: Keyed? = nil) throws -> Int64 {
        precondition(entry.kind != .income, "income entries are written by IncomeBatch")
        var debitTotal: Int64 = 0
        for posting in entry.postings where posting.amountMinor > 0 {
            let (sum, overflow) = debitTotal.addingReportingOverflow(posting.amountMinor)
            if overflow { throw StoreError.amountOverflow("the total of entry '\(entry.description)'") }
            debitTotal = sum
        }
        try insertEntry.bind(1, entry.kind.rawValue)
        try insertEntry.bind(2, entry.month.description)
        try insertEntry.bind(3, entry.day?.description)
        try insertEntry.bind(4, entry.description)
        try insertEntry.bind(5, debitTotal)
        try insertEntry.bind(6, closeEventID)
        try insertEntry.bind(7, reversesEntryID)
        if let keyed {
            try insertEntry.bind(8, keyed.key)
            try insertEntry.bind(9, keyed.keyHash)
            try insertEntry.bind(10, keyed.reference)
            try insertEntry.bind(11, keyed.sourceFileID)
            try insertEntry.bind(12, keyed.sourceLine.map(Int64.init))
        } else {
            for index in Int32(8)...12 { try insertEntry.bindNull(index) }
        }
        let link = chain.append(.entry(kind: entry.kind.rawValue, month: entry.month.description, day: entry.day?.description,
                                       description: entry.description, reference: keyed?.reference, closeEventID: closeEventID,
                                       reversesEntryID: reversesEntryID, postings: entry.postings.map { ($0.account.description, $0.amountMinor) }))
        try insertEntry.bind(13, link.seq)
        try insertEntry.bind(14, link.fingerprint.prefix)
        try insertEntry.step()
        let entryID = db.lastInsertedRowID
        for (line, posting) in entry.postings.enumerated() {
            let accountID = try accountID(posting.account)
            try insertPosting.bind(1, entryID)
            try insertPosting.bind(2, Int64(line))
            try insertPosting.bind(3, accountID)
            try insertPosting.bind(4, posting.amountMinor)
            try insertPosting.step()
            try addToBalance(accountID, posting.amountMinor, account: posting.account)
        }
        return entryID
    }

    /// Records a change of the account's balance, written to the cache by `flushBalances()`.
    func addToBalance(_ accountID: Int64, _ amountMinor: Int64, account: @autoclosure () -> Account) throws {
        let (balance, overflow) = balanceDeltas[accountID, default: 0].addingReportingOverflow(amountMinor)
        if overflow { throw StoreError.amountOverflow("the balance of \(account())") }
        balanceDeltas[accountID] = balance
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
