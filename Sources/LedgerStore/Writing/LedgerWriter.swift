import GRDB
import LedgerCore

/// Appends entries inside one write transaction.
///
/// Entries and postings are buffered and written by multi-row INSERTs of `chunkRows` rows, bound
/// through SQLite's C API: SQLite's per-statement cost (opening cursors, a statement journal, the
/// table built for the `kind IN (…)` check) is paid once per chunk instead of once per row. Entry ids
/// are given explicitly, as SQLite would give them (one more than the largest), so `insert` can return
/// the id before the row is written. Account ids are cached, and balance changes are accumulated in
/// memory and written to the `account_balances` cache once per account by `flushBalances()`.
///
/// Only the writer inserts entries and postings in its transaction, and rows it buffered are in the
/// database only after `flush()` (which `flushBalances()` calls): read nothing it wrote before that.
/// A large load into a small ledger also drops `bulkIndexes` until then.
final class LedgerWriter {
    /// Rows per multi-row INSERT. 200 rows of the widest table (income rows, 10 columns) bind 2,000
    /// parameters, well under SQLite's 32,766 since 3.32.
    static let chunkRows = 200
    /// A transaction that adds at least this many entries, and more than the ledger held, is a bulk load:
    /// see `bulkIndexes`.
    static let bulkEntriesMin = 50_000
    /// Indexes whose keys arrive in random order during a bulk load (`postings_by_account`: one
    /// account after another, row by row). They are dropped once a transaction turns out to be a bulk
    /// load and built again, by one sort, before it ends: a fraction of the cost of a random insert
    /// per posting. Same transaction, so a failed or dry-run load gets the index back by the rollback.
    static let bulkIndexes = ["postings_by_account"]
    /// Page cache, and so sort memory, while a bulk index is built.
    static let indexBuildKibibytes = 16_384

    let db: Database
    private var accountIDs: [Account: Int64] = [:]
    private var balanceDeltas: [Int64: Int64] = [:]
    private let findAccount: Statement
    private let insertAccount: Statement
    private let insertEntries: ChunkedInsert
    private let insertPostings: ChunkedInsert
    private var nextEntryID: Int64
    private let entriesBefore: Int64
    /// `CREATE INDEX` statements of the bulk indexes dropped by this transaction, to run before it ends.
    private var droppedIndexes: [String] = []
    private var isBulkLoad = false
    private var pendingEntries: [PendingEntry] = []
    private var pendingPostings: [PendingPosting] = []
    let calendarText = CalendarText()

    private struct PendingEntry {
        let id: Int64
        let kind: EntryKind
        let month: Month
        let day: Day?
        let description: String
        let debitTotalMinor: Int64
        let closeEventID: Int64?
        let reversesEntryID: Int64?
    }

    private struct PendingPosting {
        let entryID: Int64
        let line: Int64
        let accountID: Int64
        let amountMinor: Int64
    }

    init(_ db: Database) throws {
        self.db = db
        findAccount = try db.cachedStatement(sql: "SELECT id FROM accounts WHERE name = ?")
        insertAccount = try db.cachedStatement(sql: "INSERT INTO accounts(name) VALUES (?)")
        insertEntries = try ChunkedInsert(db, table: "entries", columns: [
            "id", "kind", "month", "day", "description", "debit_total_minor", "close_event_id", "reverses_entry_id",
        ], chunkRows: Self.chunkRows)
        insertPostings = try ChunkedInsert(db, table: "postings", columns: ["entry_id", "line", "account_id", "amount_minor"],
                                           chunkRows: Self.chunkRows)
        nextEntryID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM entries").map { $0 + 1 } ?? 1
        entriesBefore = nextEntryID - 1  // ids are never reused nor deleted: the largest is the count
        pendingEntries.reserveCapacity(Self.chunkRows)
        pendingPostings.reserveCapacity(2 * Self.chunkRows)
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

    /// Appends the entry and its postings (written by the next full chunk or `flush()`); returns the entry's id.
    func insert(_ entry: Entry, closeEventID: Int64? = nil, reversesEntryID: Int64? = nil) throws -> Int64 {
        var debitTotal: Int64 = 0
        for posting in entry.postings where posting.amountMinor > 0 {
            let (sum, overflow) = debitTotal.addingReportingOverflow(posting.amountMinor)
            if overflow { throw StoreError.amountOverflow("the total of entry '\(entry.description)'") }
            debitTotal = sum
        }
        var postings: [(accountID: Int64, amountMinor: Int64)] = []
        postings.reserveCapacity(entry.postings.count)
        for posting in entry.postings {
            postings.append((try accountID(posting.account), posting.amountMinor))
        }
        return try append(kind: entry.kind, month: entry.month, day: entry.day, description: entry.description,
                          debitTotalMinor: debitTotal, postings: postings, closeEventID: closeEventID, reversesEntryID: reversesEntryID)
    }

    /// An income entry whose accounts are already known: `Entry.income`'s postings, member then income.
    /// The caller has built the `Entry` (which checks it); this skips looking its accounts up again.
    func insertIncome(_ entry: Entry, memberAccountID: Int64, incomeAccountID: Int64) throws -> Int64 {
        precondition(entry.kind == .income && entry.postings.count == 2, "an income entry has two postings")
        let amountMinor = entry.postings[0].amountMinor
        return try append(kind: .income, month: entry.month, day: entry.day, description: entry.description,
                          debitTotalMinor: Swift.abs(amountMinor),
                          postings: [(memberAccountID, amountMinor), (incomeAccountID, entry.postings[1].amountMinor)],
                          closeEventID: nil, reversesEntryID: nil)
    }

    private func append(kind: EntryKind, month: Month, day: Day?, description: String, debitTotalMinor: Int64,
                        postings: [(accountID: Int64, amountMinor: Int64)], closeEventID: Int64?, reversesEntryID: Int64?) throws -> Int64 {
        let entryID = nextEntryID
        nextEntryID += 1
        if !isBulkLoad, entryID - entriesBefore >= max(entriesBefore, Int64(Self.bulkEntriesMin)) { try beginBulkLoad() }
        pendingEntries.append(PendingEntry(id: entryID, kind: kind, month: month, day: day, description: description,
                                           debitTotalMinor: debitTotalMinor, closeEventID: closeEventID, reversesEntryID: reversesEntryID))
        for (line, posting) in postings.enumerated() {
            pendingPostings.append(PendingPosting(entryID: entryID, line: Int64(line), accountID: posting.accountID,
                                                  amountMinor: posting.amountMinor))
            let (balance, overflow) = balanceDeltas[posting.accountID, default: 0].addingReportingOverflow(posting.amountMinor)
            if overflow {
                let name = accountIDs.first { $0.value == posting.accountID }.map { "\($0.key)" } ?? "account \(posting.accountID)"
                throw StoreError.amountOverflow("the balance of \(name)")
            }
            balanceDeltas[posting.accountID] = balance
        }
        if pendingEntries.count >= Self.chunkRows {
            try flushEntries()
            // Postings refer to their entry (an immediate foreign key): only full chunks, once their entries are written.
            let full = pendingPostings.count - pendingPostings.count % Self.chunkRows
            if full > 0 {
                try writePostings(pendingPostings[..<full])
                pendingPostings.removeFirst(full)
            }
        }
        return entryID
    }

    /// Writes every buffered entry (but not necessarily their postings): rows that refer to an entry
    /// returned by `insert` may be written after this.
    func flushEntries() throws {
        guard !pendingEntries.isEmpty else { return }
        let text = calendarText
        try insertEntries.insert(pendingEntries) { entry, statement, first in
            try statement.bind(entry.id, at: first)
            try statement.bind(entry.kind.rawValue, at: first + 1)
            try statement.bind(text.month(entry.month), at: first + 2)
            try statement.bind(entry.day.map(text.day), at: first + 3)
            try statement.bind(entry.description, at: first + 4)
            try statement.bind(entry.debitTotalMinor, at: first + 5)
            try statement.bind(entry.closeEventID, at: first + 6)
            try statement.bind(entry.reversesEntryID, at: first + 7)
        }
        pendingEntries.removeAll(keepingCapacity: true)
    }

    /// Writes every buffered entry and posting, and builds again the indexes a bulk load dropped.
    func flush() throws {
        try flushEntries()
        try writePostings(pendingPostings[...])
        pendingPostings.removeAll(keepingCapacity: true)
        guard !droppedIndexes.isEmpty else { return }
        // The build sorts every key of the table: let the sort spill to a temporary file past a small
        // budget instead of holding it all in memory next to a full page cache (temp_store = MEMORY).
        try db.execute(sql: "PRAGMA temp_store = FILE; PRAGMA cache_size = -\(Self.indexBuildKibibytes)")
        for sql in droppedIndexes { try db.execute(sql: sql) }
        try db.execute(sql: "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -\(LedgerStore.cacheKibibytes)")
        droppedIndexes = []
    }

    private func beginBulkLoad() throws {
        isBulkLoad = true
        for name in Self.bulkIndexes {
            guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", arguments: [name]) else {
                continue
            }
            try db.execute(sql: "DROP INDEX \(name)")
            droppedIndexes.append(sql)
        }
    }

    private func writePostings(_ postings: ArraySlice<PendingPosting>) throws {
        guard !postings.isEmpty else { return }
        try insertPostings.insert(postings) { posting, statement, first in
            try statement.bind(posting.entryID, at: first)
            try statement.bind(posting.line, at: first + 1)
            try statement.bind(posting.accountID, at: first + 2)
            try statement.bind(posting.amountMinor, at: first + 3)
        }
    }

    /// Writes what is buffered, then the accumulated balance changes to the cache, one row per account touched.
    func flushBalances() throws {
        try flush()
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

/// A multi-row `INSERT INTO table(columns) VALUES (…), (…), …`: prepared once for a full chunk, and
/// once more for the shorter chunk that ends a batch.
struct ChunkedInsert {
    private let db: Database
    private let head: String
    private let row: String
    private let columns: Int32
    private let chunkRows: Int
    private let full: DirectStatement

    init(_ db: Database, table: String, columns: [String], chunkRows: Int) throws {
        self.db = db
        head = "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES "
        row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        self.columns = Int32(columns.count)
        self.chunkRows = chunkRows
        full = DirectStatement(try db.cachedStatement(sql: Self.sql(head, row, rows: chunkRows)))
    }

    private static func sql(_ head: String, _ row: String, rows: Int) -> String {
        head + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Inserts `rows` in order; `bind` binds one row's columns from parameter `first` on.
    func insert<Rows: Collection>(_ rows: Rows, bind: (Rows.Element, DirectStatement, Int32) throws -> Void) throws {
        var start = rows.startIndex
        while start != rows.endIndex {
            let end = rows.index(start, offsetBy: chunkRows, limitedBy: rows.endIndex) ?? rows.endIndex
            let count = rows.distance(from: start, to: end)
            let statement = count == chunkRows ? full : DirectStatement(try db.makeStatement(sql: Self.sql(head, row, rows: count)))
            var first: Int32 = 1
            for element in rows[start..<end] {
                try bind(element, statement, first)
                first += columns
            }
            try statement.execute()
            start = end
        }
    }
}

/// `YYYY-MM` and `YYYY-MM-DD` texts, each formatted once per transaction.
final class CalendarText {
    private var months: [Month: String] = [:]
    private var days: [Day: String] = [:]

    func month(_ month: Month) -> String {
        if let text = months[month] { return text }
        let text = month.description
        months[month] = text
        return text
    }

    func day(_ day: Day) -> String {
        if let text = days[day] { return text }
        let text = day.description
        days[day] = text
        return text
    }
}
