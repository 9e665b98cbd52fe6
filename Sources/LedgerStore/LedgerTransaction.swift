import GRDB
import LedgerCore

/// One transaction on the ledger, handed to the closure of `LedgerStore.read` or `LedgerStore.write`
/// and valid only inside it.
///
/// Every query made through it sees the same state of the ledger. In a write transaction that state is
/// also the one its writes commit on: `BEGIN IMMEDIATE` takes the write lock before the first read, so
/// no other process can commit in between (SPEC §10). The queries live in extensions by concern
/// (`Queries`, `Months`, `Network`, `Import`, `Check`).
public final class LedgerTransaction {
    let db: Database
    let store: LedgerStore
    public let isWritable: Bool
    private var isOpen = true
    /// Created on the first write; its balance changes are written to the cache before the commit.
    private var writerStorage: LedgerWriter?
    /// Created on the first record written; its head is appended to `chain_heads` before the commit.
    var chainStorage: Chain?
    /// `accountsByID()` of a read transaction.
    var accountsCache: [Int64: Account]?

    init(db: Database, store: LedgerStore, isWritable: Bool) {
        self.db = db
        self.store = store
        self.isWritable = isWritable
    }

    public var currency: Currency { store.currency }

    /// The writer of this transaction's entries (one per transaction, so account ids and balance
    /// changes are shared by everything it writes).
    func writer() throws -> LedgerWriter {
        precondition(isOpen, "a LedgerTransaction was used after its closure returned")
        precondition(isWritable, "a write through a read transaction")
        if let writerStorage { return writerStorage }
        let writer = try LedgerWriter(db, chain: try chain())
        writerStorage = writer
        return writer
    }

    /// Checks the transaction is still open (a query after the closure returned is a bug).
    func ensureOpen() {
        precondition(isOpen, "a LedgerTransaction was used after its closure returned")
    }

    func flush() throws {
        try writerStorage?.flushBalances()
        try chainStorage?.flush(db)
    }

    func end() {
        isOpen = false
        writerStorage = nil
        chainStorage = nil
    }

    /// Hands the page cache's memory back to the allocator (`PRAGMA shrink_memory`). After reading a
    /// large part of the ledger, what the caller builds next (a month's results) then reuses that memory
    /// instead of adding to it; the cache fills again as pages are needed.
    public func releaseMemory() throws {
        ensureOpen()
        try db.execute(sql: "PRAGMA shrink_memory")
    }

    func corrupt(_ detail: String) -> StoreError { store.corrupt(detail) }
}
