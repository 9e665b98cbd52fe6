import Foundation
import GRDB
import LedgerCore

/// The ledger file: one SQLite database holding one network (SPEC §3).
///
/// Every write is one `BEGIN IMMEDIATE` transaction; entries, postings, imported rows, month events
/// and network versions are append-only, enforced by triggers. Methods must not be called from
/// inside the closures they take (`importIncome`, `forEachPosting`): the connection is not reentrant.
public final class LedgerStore: Sendable {
    public let path: String
    public let currency: Currency
    let dbQueue: DatabaseQueue

    private init(path: String, currency: Currency, dbQueue: DatabaseQueue) {
        self.path = path
        self.currency = currency
        self.dbQueue = dbQueue
    }

    /// Creates a new ledger; refuses an existing file. Creates the parent folder when missing.
    public static func create(at path: String, currency: Currency) throws -> LedgerStore {
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
                throw StoreError.database("cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        do {
            return try mapErrors(path: path) {
                let dbQueue = try DatabaseQueue(path: path, configuration: configuration())
                try enableWAL(dbQueue)
                try Schema.migrator(currencyForNewLedger: currency).migrate(dbQueue)
                return LedgerStore(path: path, currency: currency, dbQueue: dbQueue)
            }
        } catch {
            // Nothing was there before: leave nothing half-made behind.
            for candidate in [path, path + "-wal", path + "-shm", path + "-journal"] {
                try? fileManager.removeItem(atPath: candidate)
            }
            throw error
        }
    }

    /// Opens an existing ledger; refuses a missing file or a file that is not a PodLedger ledger,
    /// without writing to it. Applies the migrations this build knows and the file lacks.
    public static func open(at path: String) throws -> LedgerStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw StoreError.ledgerMissing(path: path) }
        guard !isDirectory.boolValue, hasSQLiteHeader(path) else { throw StoreError.notALedger(path: path) }
        return try mapErrors(path: path) {
            let dbQueue: DatabaseQueue
            do {
                dbQueue = try DatabaseQueue(path: path, configuration: configuration())
            } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
                throw StoreError.notALedger(path: path)
            }
            let meta: [String: String]
            do {
                meta = try dbQueue.read { db in
                    guard try db.tableExists("ledger_meta") else { return [:] }
                    return try Dictionary(
                        Row.fetchAll(db, sql: "SELECT key, value FROM ledger_meta").map { ($0[0] as String, $0[1] as String) },
                        uniquingKeysWith: { first, _ in first })
                }
            } catch let error as DatabaseError where error.resultCode != .SQLITE_BUSY {
                throw StoreError.notALedger(path: path)
            }
            guard meta["format"] == Schema.formatName, let code = meta["currency"] else { throw StoreError.notALedger(path: path) }
            let currency: Currency
            do {
                currency = try Currency(code: code)
            } catch {
                throw StoreError.corrupt(path: path, detail: "unknown currency '\(code)' in ledger_meta")
            }
            let migrator = Schema.migrator(currencyForNewLedger: nil)
            if try dbQueue.read({ try migrator.hasBeenSuperseded($0) }) { throw StoreError.newerFormat(path: path) }
            try enableWAL(dbQueue)
            try migrator.migrate(dbQueue)
            return LedgerStore(path: path, currency: currency, dbQueue: dbQueue)
        }
    }

    // MARK: - Connection

    /// WAL with `synchronous=FULL` (a committed import survives a power cut), a 5 s busy timeout,
    /// foreign keys on, and a page cache large enough for the row-key index of a big import.
    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "PodLedger.LedgerStore"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
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

    private static func hasSQLiteHeader(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }

    /// Hands the page cache's memory back to the allocator (`PRAGMA shrink_memory`). After reading or
    /// writing a large part of the ledger, what the caller builds next (a month's results, the reports
    /// of the months just closed) then reuses that memory instead of adding to it; the cache fills
    /// again as pages are needed.
    public func releaseMemory() throws {
        try Self.mapErrors(path: path) {
            try dbQueue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA shrink_memory") }
        }
    }

    // MARK: - Transactions and errors

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, committed when `commit` is true.
    func write<T>(commit: Bool = true, _ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path: path) {
            try dbQueue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return commit ? .commit : .rollback
                }
                return result!
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.mapErrors(path: path) { try dbQueue.read(body) }
    }

    /// Turns SQLite errors into `StoreError`; lets every other error (the caller's own) through unchanged.
    static func mapErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: throw StoreError.busy(path: path)
            case .SQLITE_NOTADB: throw StoreError.notALedger(path: path)
            default: throw StoreError.database(error.message ?? "\(error)")
            }
        }
    }

    func corrupt(_ detail: String) -> StoreError { .corrupt(path: path, detail: detail) }
}
