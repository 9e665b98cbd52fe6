import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// Counts byte strings in a private temporary SQLite database, for counts too many to keep in memory: an
/// import numbering the identical rows of a very large file without references (IncomeImport's
/// `OccurrenceCounter` moves its counts here past its memory bound).
///
/// `sqlite3_open_v2("")` makes a file where SQLite puts temporary files (`SQLITE_TMPDIR`, `TMPDIR`, else
/// /var/tmp or /tmp) that it deletes when the connection closes. The counts live in one never-committed
/// transaction without a journal, and SQLite keeps at most `cacheKiB` of them in memory; comparisons are
/// byte for byte (a BLOB key), so the counting stays exact. Used from one thread at a time.
public final class ScratchCounter {
    private var connection: OpaquePointer?
    private var upsert: OpaquePointer?

    public init(cacheKiB: Int = 4096) throws {
        let code = sqlite3_open_v2("", &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        do {
            guard code == SQLITE_OK else { throw failure(code) }
            for sql in ["PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -\(cacheKiB)",
                        "CREATE TABLE counts(content BLOB PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID", "BEGIN"] {
                let code = sqlite3_exec(connection, sql, nil, nil, nil)
                guard code == SQLITE_OK else { throw failure(code) }
            }
            let sql = "INSERT INTO counts(content, count) VALUES (?1, ?2) ON CONFLICT(content) DO UPDATE SET count = count + excluded.count RETURNING count"
            let prepared = sqlite3_prepare_v2(connection, sql, -1, &upsert, nil)
            guard prepared == SQLITE_OK else { throw failure(prepared) }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Adds `count` to the count of `content` (0 when new) and returns the sum.
    public func add(_ content: UnsafeBufferPointer<UInt8>, count: Int) throws -> Int {
        defer { sqlite3_reset(upsert) }
        // SQLITE_STATIC (a nil destructor): the bytes outlive the step. An empty content is an empty BLOB, not NULL.
        let bound = content.isEmpty ? sqlite3_bind_zeroblob(upsert, 1, 0)
            : sqlite3_bind_blob(upsert, 1, content.baseAddress, Int32(content.count), nil)
        guard bound == SQLITE_OK else { throw failure(bound) }
        let boundCount = sqlite3_bind_int64(upsert, 2, Int64(count))
        guard boundCount == SQLITE_OK else { throw failure(boundCount) }
        let code = sqlite3_step(upsert)
        guard code == SQLITE_ROW else { throw failure(code) }
        return Int(sqlite3_column_int64(upsert, 0))
    }

    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code)))
    }

    private func close() {
        sqlite3_finalize(upsert)
        upsert = nil
        sqlite3_close_v2(connection)
        connection = nil
    }
}
