import GRDB
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// A prepared statement of the import's hot path, bound and stepped through the SQLite C API.
///
/// GRDB's `execute(arguments:)` builds an array of existential values per call; at hundreds of
/// thousands of rows that costs more than SQLite's own work. With `ScratchCounter`, this is the only
/// file that calls SQLite's C functions; every result code becomes a `DatabaseError` at once, and no pointer
/// leaves a `withCString` closure (SQLite copies bound text: `SQLITE_TRANSIENT`).
struct RawStatement {
    /// Keeps GRDB's statement (and so the sqlite3_stmt) alive and owned by the connection.
    private let statement: Statement
    private let db: Database
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    /// Binds an integer to parameter `index` (1-based).
    func bind(_ index: Int32, _ value: Int64) throws {
        let code = sqlite3_bind_int64(handle, index, value)
        guard code == SQLITE_OK else { throw error(code) }
    }

    func bind(_ index: Int32, _ value: Int64?) throws {
        guard let value else { return try bindNull(index) }
        try bind(index, value)
    }

    /// Binds text to parameter `index` (1-based); SQLite copies it.
    func bind(_ index: Int32, _ value: String) throws {
        let code = value.withCString { sqlite3_bind_text(handle, index, $0, -1, sqliteTransient) }
        guard code == SQLITE_OK else { throw error(code) }
    }

    func bind(_ index: Int32, _ value: String?) throws {
        guard let value else { return try bindNull(index) }
        try bind(index, value)
    }

    /// Binds UTF-8 text without copying it (SQLITE_STATIC): the bytes must stay valid and unchanged
    /// until `step()` has returned. Callers bind inside `withUTF8` and step inside the same closure.
    func bindStatic(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        // An empty buffer may have no base address; SQLite needs one for an empty (not NULL) text.
        let code = bytes.baseAddress.map { sqlite3_bind_text(handle, index, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil) }
            ?? sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
        guard code == SQLITE_OK else { throw error(code) }
    }

    func bindStatic(_ index: Int32, _ bytes: UnsafeMutablePointer<UInt8>, count: Int) throws {
        try bindStatic(index, UnsafeBufferPointer(start: bytes, count: count))
    }

    func bindNull(_ index: Int32) throws {
        let code = sqlite3_bind_null(handle, index)
        guard code == SQLITE_OK else { throw error(code) }
    }

    /// Runs the statement with the values bound since the last step; returns the first column of
    /// the first row as an integer, or nil when the statement returned no row. Resets it after.
    @discardableResult
    func step() throws -> Int64? {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_DONE: return nil
        case SQLITE_ROW: return sqlite3_column_int64(handle, 0)
        default: throw error(code)
        }
    }

    /// Runs the statement with the values bound since the last step and hands its first row, if
    /// any, to `body` (whose column reads are valid only inside it). Resets it after.
    func withFirstRow<T>(_ body: (RawRow) throws -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_DONE: return nil
        case SQLITE_ROW: return try body(RawRow(handle: handle))
        default: throw error(code)
        }
    }

    /// Steps to the next row of a query: true when there is one (read it with `row` until the next step), false
    /// at the end, which also resets the statement.
    func advance() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE:
            sqlite3_reset(handle)
            return false
        default:
            sqlite3_reset(handle)
            throw error(code)
        }
    }

    /// The current row, after `advance()` returned true.
    var row: RawRow { RawRow(handle: handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE on the connection.
    var changes: Int32 { sqlite3_changes(db.sqliteConnection) }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                      sql: statement.sql)
    }
}

/// The current row of a `RawStatement`, valid only inside `withFirstRow`'s closure or until the next `advance()`.
struct RawRow {
    fileprivate let handle: OpaquePointer

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column's text, or nil when it is NULL or not valid UTF-8 (never a silent U+FFFD).
    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(validating: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column's value as an integer, or nil when it is NULL.
    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

    /// The column's UTF-8 bytes (nil when NULL), valid only inside `body`, without building a String.
    func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
        guard let bytes = sqlite3_column_text(handle, column) else { return try body(nil) }
        return try body(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// Whether the column holds exactly `expected`'s UTF-8 bytes, without building a String.
    func text(_ column: Int32, equals expected: String) -> Bool {
        guard let bytes = sqlite3_column_text(handle, column) else { return false }
        let stored = UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))
        var expected = expected
        return expected.withUTF8 { $0.elementsEqual(stored) }
    }
}

/// `SQLITE_TRANSIENT`: SQLite copies the bound text before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
