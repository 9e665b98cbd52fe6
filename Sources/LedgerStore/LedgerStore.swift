import Foundation
import GRDB
import LedgerCore

/// The ledger file: one SQLite database holding one network (SPEC §3).
///
/// Everything is read and written through a `LedgerTransaction`: `read` gives a consistent snapshot,
/// `write` one `BEGIN IMMEDIATE` transaction that holds the write lock from its start, so a command that
/// computes from the ledger and then writes (close, reopen, network apply, import) commits on exactly
/// what it read. Entries, postings, imported rows, month events and network versions are append-only,
/// enforced by triggers. The connection is not reentrant: never call the store from inside its closures.
public final class LedgerStore: Sendable {
    public let path: String
    public let currency: Currency
    /// Opened without write access: `write` is refused.
    public let isReadOnly: Bool
    let dbQueue: DatabaseQueue

    private init(path: String, currency: Currency, dbQueue: DatabaseQueue, isReadOnly: Bool) {
        self.path = path
        self.currency = currency
        self.dbQueue = dbQueue
        self.isReadOnly = isReadOnly
    }

    /// Creates a new ledger; refuses an existing file. Creates the parent folder when missing.
    ///
    /// All or nothing, even if the process is killed: the ledger is built under a temporary name beside
    /// `path` (its schema, then `populate`'s writes in one transaction), closed, and only then linked to
    /// `path`, which fails if a file appeared there meanwhile. So `path` never names a half-made ledger.
    public static func create(at path: String, currency: Currency,
                              populate: (LedgerTransaction) throws -> Void = { _ in }) throws -> LedgerStore {
        let fileManager = FileManager.default
        // A leftover journal of a deleted ledger could be replayed into the new file.
        for candidate in [path, path + "-wal", path + "-shm", path + "-journal"] where fileManager.fileExists(atPath: candidate) {
            throw StoreError.ledgerExists(path: candidate)
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !fileManager.fileExists(atPath: folder) {
            do {
                try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "cannot create the folder \(folder): \(LedgerFile.reason(error))")
            }
        }
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).podledger-new-\(getpid())"
        removeLedgerFiles(at: temporary)
        defer { removeLedgerFiles(at: temporary) }
        try mapErrors(path: path) {
            let dbQueue = try DatabaseQueue(path: temporary, configuration: configuration(readOnly: false))
            try enableWAL(dbQueue)
            try Schema.migrator(currencyForNewLedger: currency).migrate(dbQueue)
            try LedgerStore(path: path, currency: currency, dbQueue: dbQueue, isReadOnly: false).write(populate)
            try dbQueue.close()
        }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw StoreError.ledgerExists(path: path) }
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        LedgerFile.syncFolder(of: path)
        return try open(at: path)
    }

    /// Removes a ledger file and its journals (after a failed `create`, or an `init` that could not finish).
    public static func removeLedgerFiles(at path: String) {
        for candidate in [path, path + "-wal", path + "-shm", path + "-journal"] {
            try? FileManager.default.removeItem(atPath: candidate)
        }
    }

    /// Opens an existing ledger. The file is first opened read-only and verified to be a PodLedger
    /// ledger of a format this build knows, so nothing is ever written to a file that is not one. Then,
    /// unless `readOnly`, it is opened for writing and the migrations it lacks are applied (in one
    /// transaction). A read-only open of a ledger that needs a migration opens it for writing once to
    /// migrate it.
    public static func open(at path: String, readOnly: Bool = false) throws -> LedgerStore {
        try LedgerFile.verifyShape(at: path)
        return try mapErrors(path: path) {
            let (reader, currency, pending) = try openVerified(path: path, allowImmutable: readOnly)
            if readOnly && !pending {
                return LedgerStore(path: path, currency: currency, dbQueue: reader, isReadOnly: true)
            }
            try reader.close()
            let dbQueue = try openQueue(path: path, readOnly: false)
            try enableWAL(dbQueue)
            try Schema.migrator(currencyForNewLedger: nil).migrate(dbQueue)
            return LedgerStore(path: path, currency: currency, dbQueue: dbQueue, isReadOnly: false)
        }
    }

    /// Opens the file read-only and verifies it. A WAL ledger needs its `-shm` index, which SQLite
    /// creates beside it; in a read-only folder or file system it cannot, so with `allowImmutable` a
    /// ledger with no pending journal (every write checkpointed, as after any command that ended) is
    /// opened as immutable instead: nothing can write to it there anyway. The same on a full disk, where
    /// the index cannot be made either.
    private static func openVerified(path: String, allowImmutable: Bool) throws -> (DatabaseQueue, Currency, pending: Bool) {
        do {
            let reader = try openQueue(path: path, readOnly: true)
            let (currency, pending) = try verifyLedger(reader, path: path)
            return (reader, currency, pending)
        } catch let error as DatabaseError where allowImmutable && [.SQLITE_CANTOPEN, .SQLITE_IOERR].contains(error.resultCode) {
            let journal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            guard journal == 0 else { throw error }
            let reader = try openQueue(path: LedgerFile.immutableURI(path), readOnly: true)
            let (currency, pending) = try verifyLedger(reader, path: path)
            return (reader, currency, pending)
        }
    }

    private static func openQueue(path: String, readOnly: Bool) throws -> DatabaseQueue {
        do {
            return try DatabaseQueue(path: path, configuration: configuration(readOnly: readOnly))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notALedger(path: path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.damaged(path: path, detail: error.message ?? "the file is malformed")
        }
    }

    /// Reads `ledger_meta` and the applied migrations without writing: the file must say it is a
    /// PodLedger ledger, hold a known currency, and have applied a prefix of the migrations this build
    /// knows. Returns the currency and whether migrations are pending.
    private static func verifyLedger(_ dbQueue: DatabaseQueue, path: String) throws -> (Currency, pending: Bool) {
        try dbQueue.read { db in
            let meta: [String: String]
            let applied: [String]
            do {
                guard try db.tableExists("ledger_meta"), try db.tableExists("grdb_migrations") else {
                    throw StoreError.notALedger(path: path)
                }
                meta = try Dictionary(
                    Row.fetchAll(db, sql: "SELECT key, value FROM ledger_meta").map { ($0[0] as String, $0[1] as String) },
                    uniquingKeysWith: { first, _ in first })
                applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
                throw StoreError.notALedger(path: path)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
                throw StoreError.damaged(path: path, detail: error.message ?? "the file is malformed")
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                // A table of that name with other columns: not a file of ours.
                throw StoreError.notALedger(path: path)
            }
            guard meta["format"] == Schema.formatName, let code = meta["currency"] else { throw StoreError.notALedger(path: path) }
            let known = Schema.migrationIdentifiers
            guard applied.allSatisfy(known.contains) else { throw StoreError.newerFormat(path: path) }
            guard !applied.isEmpty, Set(applied) == Set(known.prefix(applied.count)) else { throw StoreError.notALedger(path: path) }
            let currency: Currency
            do {
                currency = try Currency(code: code)
            } catch {
                throw StoreError.corrupt(path: path, detail: "unknown currency '\(code)' in ledger_meta")
            }
            return (currency, applied.count < known.count)
        }
    }

    // MARK: - Connection

    /// WAL with `synchronous=FULL` (a committed import survives a power cut), a 5 s busy timeout,
    /// foreign keys on, and a 16 MiB page cache: 64 MiB made no import measurably faster (2.5 million rows: 26–41 s
    /// against 30–35 s) but added 50 MB to the peak memory of every command that reads the whole ledger.
    static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "PodLedger.LedgerStore"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        return configuration
    }

    /// Set here rather than with GRDB's `journalMode = .wal`, which also lowers `synchronous` to NORMAL.
    private static func enableWAL(_ dbQueue: DatabaseQueue) throws {
        try dbQueue.writeWithoutTransaction { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode?.lowercased() == "wal" else { throw StoreError.database("cannot switch the ledger to WAL journal mode") }
        }
    }

    // MARK: - Transactions and errors

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, committed when `commit` is true (a dry run
    /// does the same work and rolls it back). Balance changes are written to the cache before the commit.
    public func write<T>(commit: Bool = true, _ body: (LedgerTransaction) throws -> T) throws -> T {
        guard !isReadOnly else { preconditionFailure("write on a ledger opened read-only") }
        return try Self.mapErrors(path: path) {
            try dbQueue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    let transaction = LedgerTransaction(db: db, store: self, isWritable: true)
                    defer { transaction.end() }
                    result = try body(transaction)
                    try transaction.flush()
                    return commit ? .commit : .rollback
                }
                return result!
            }
        }
    }

    /// Runs `body` in one read transaction: every query inside it sees the same state of the ledger.
    public func read<T>(_ body: (LedgerTransaction) throws -> T) throws -> T {
        try Self.mapErrors(path: path) {
            try dbQueue.read { db in
                let transaction = LedgerTransaction(db: db, store: self, isWritable: false)
                defer { transaction.end() }
                return try body(transaction)
            }
        }
    }

    /// Turns SQLite errors into `StoreError`s that name the file and say what to do; lets every other
    /// error (the caller's own) through unchanged.
    static func mapErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            let message = error.message ?? "\(error)"
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw StoreError.busy(path: path)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: throw StoreError.damaged(path: path, detail: message)
            case .SQLITE_FULL: throw StoreError.diskFull(path: path)
            case .SQLITE_READONLY: throw StoreError.readOnly(path: path)
            case .SQLITE_CANTOPEN: throw StoreError.cannotOpen(path: path, reason: LedgerFile.whyCannotOpen(path))
            case .SQLITE_IOERR where LedgerFile.isDiskFull(near: path): throw StoreError.diskFull(path: path)
            case .SQLITE_IOERR, .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_PROTOCOL: throw StoreError.io(path: path, detail: message)
            default: throw StoreError.database(message)
            }
        }
    }

    func corrupt(_ detail: String) -> StoreError { .corrupt(path: path, detail: detail) }
}
