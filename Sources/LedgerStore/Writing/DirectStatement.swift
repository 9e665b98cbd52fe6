// The only file of LedgerStore that calls SQLite's C API. GRDB prepares and owns each statement; this
// binds and steps it directly, for the loops that run once per imported row or posted line, where GRDB's
// `StatementArguments` (an array of existential values built and checked on every call) cost more than
// SQLite's own work. Every return code becomes a `DatabaseError` at once, which `LedgerStore.mapErrors`
// turns into a `StoreError` like any other SQLite failure; no pointer outlives the call that made it.
import GRDB
import GRDBSQLite

/// A prepared statement whose parameters are bound one by one (1-based, as in SQL) and which is reset
/// after every run, ready for the next bindings. Valid only inside the transaction that made it.
struct DirectStatement {
    /// Keeps GRDB's statement, and so the `sqlite3_stmt`, alive.
    private let statement: Statement
    private let handle: OpaquePointer

    init(_ statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
    }

    /// Number of `?` parameters.
    var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ value: Int64?, at index: Int32) throws {
        guard let value else { return try bindNull(at: index) }
        try bind(value, at: index)
    }

    func bind(_ text: String, at index: Int32) throws {
        var text = text
        // SQLITE_TRANSIENT: SQLite copies the bytes before returning, so the buffer may go.
        let code = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // A null pointer would bind NULL, not the empty text.
                sqlite3_bind_text(handle, index, chars.baseAddress ?? emptyText, Int32(chars.count), transient)
            }
        }
        try check(code)
    }

    func bind(_ text: String?, at index: Int32) throws {
        guard let text else { return try bindNull(at: index) }
        try bind(text, at: index)
    }

    func bindNull(at index: Int32) throws {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Runs a statement that returns no row.
    func execute() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code, resetting: true) }
        sqlite3_reset(handle)
    }

    /// The first column of the first row as an integer, or nil when there is no row.
    func fetchInt64() throws -> Int64? {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            let value = sqlite3_column_int64(handle, 0)
            sqlite3_reset(handle)
            return value
        case SQLITE_DONE:
            sqlite3_reset(handle)
            return nil
        default:
            throw failure(code, resetting: true)
        }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw failure(code, resetting: false) }
    }

    /// The error SQLite reports for `code`, read before `sqlite3_reset` clears the message.
    private func failure(_ code: Int32, resetting: Bool) -> DatabaseError {
        let connection = sqlite3_db_handle(handle)
        let message = sqlite3_errmsg(connection).map { String(cString: $0) }
        let extended = sqlite3_extended_errcode(connection)
        if resetting { sqlite3_reset(handle) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended == 0 ? code : extended), message: message, sql: statement.sql)
    }
}

/// SQLite's `SQLITE_TRANSIENT` destructor, a C macro Swift does not import.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

private var emptyText: UnsafePointer<CChar> {
    UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
}
