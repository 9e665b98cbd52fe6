import GRDB
import LedgerCore

/// One imported income row, as IncomeImport produced it.
public struct IncomeRecord: Sendable, Equatable {
    public let pod: PodID
    public let member: MemberID
    public let day: Day
    public let amountMinor: Int64
    public let description: String
    /// The payer's or bank's id for the payment, when the file has one.
    public let reference: String?
    /// The idempotency key (SPEC §2.2): re-importing a row with the same key adds nothing.
    public let key: String
    public let sourceFile: String
    /// 1-based line of the row in its file.
    public let sourceLine: Int

    public init(pod: PodID, member: MemberID, day: Day, amountMinor: Int64, description: String, reference: String?, key: String,
                sourceFile: String, sourceLine: Int) {
        self.pod = pod
        self.member = member
        self.day = day
        self.amountMinor = amountMinor
        self.description = description
        self.reference = reference
        self.key = key
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    /// `FILE:LINE`, how errors name the row.
    public var source: String { "\(sourceFile):\(sourceLine)" }
}

/// What an import did (or, for a dry run, would do).
public struct IncomeBatchSummary: Sendable, Equatable {
    public var addedRows: Int
    public var presentRows: Int
    public var addedByMonth: [Month: Int]
    public var presentByMonth: [Month: Int]

    public init(addedRows: Int = 0, presentRows: Int = 0, addedByMonth: [Month: Int] = [:], presentByMonth: [Month: Int] = [:]) {
        self.addedRows = addedRows
        self.presentRows = presentRows
        self.addedByMonth = addedByMonth
        self.presentByMonth = presentByMonth
    }
}

/// Adds income rows inside `LedgerStore.importIncome`'s transaction. Only valid inside that closure.
///
/// Rows are buffered and written a chunk at a time (see `LedgerWriter`); a row's key is looked up
/// among the buffered rows first, then in the ledger, so the answer is the same as if every row had
/// been written at once.
public final class IncomeBatch {
    /// Months closed when the import began; a row dated in one of them is refused.
    public let closedMonths: Set<Month>
    private let writer: LedgerWriter
    private let currency: Currency
    private let findKey: DirectStatement
    private let findRow: Statement
    private let insertRows: ChunkedInsert
    /// Rows added but not yet written, and where each key is among them.
    private var pending: [(entryID: Int64, record: IncomeRecord)] = []
    private var pendingByKey: [String: Int] = [:]
    /// `members:P:M` and `income:P:M` ids by pod and member.
    private var accountIDs: [PodMember: (member: Int64, income: Int64)] = [:]
    private(set) var summary = IncomeBatchSummary()
    fileprivate var isOpen = true

    private struct PodMember: Hashable {
        let pod: PodID
        let member: MemberID
    }

    fileprivate init(writer: LedgerWriter, closedMonths: Set<Month>, currency: Currency) throws {
        self.writer = writer
        self.closedMonths = closedMonths
        self.currency = currency
        findKey = DirectStatement(try writer.db.cachedStatement(sql: "SELECT entry_id FROM income_rows WHERE row_key = ?"))
        findRow = try writer.db.cachedStatement(sql: """
            SELECT member, day, amount_minor, description, source_file, source_line FROM income_rows WHERE entry_id = ?
            """)
        insertRows = try ChunkedInsert(writer.db, table: "income_rows", columns: [
            "entry_id", "row_key", "pod", "member", "day", "amount_minor", "description", "reference", "source_file", "source_line",
        ], chunkRows: LedgerWriter.chunkRows)
        pending.reserveCapacity(LedgerWriter.chunkRows)
        pendingByKey.reserveCapacity(LedgerWriter.chunkRows)
    }

    /// Adds the row: returns true when new, false when a row with the same key and the same content
    /// (member, day, amount, description) is already there.
    /// Same key with different content throws `StoreError.conflictingRow` naming both rows' `FILE:LINE`
    /// and what differs; a new row dated in a closed month throws `StoreError.incomeInClosedMonth`.
    public func add(_ record: IncomeRecord) throws -> Bool {
        precondition(isOpen, "IncomeBatch.add called outside LedgerStore.importIncome's closure")
        let month = record.day.month
        if let index = pendingByKey[record.key] {
            try requireSameContent(record, stored: Stored(pending[index].record))
            summary.presentRows += 1
            summary.presentByMonth[month, default: 0] += 1
            return false
        }
        try findKey.bind(record.key, at: 1)
        if let entryID = try findKey.fetchInt64() {
            try requireSameContent(record, stored: try stored(entryID))
            summary.presentRows += 1
            summary.presentByMonth[month, default: 0] += 1
            return false
        }
        // Checked after the key, so re-importing a file whose rows are already in a closed month works.
        if closedMonths.contains(month) { throw StoreError.incomeInClosedMonth(source: record.source, day: record.day) }
        let entry: Entry
        do {
            entry = try Entry.income(pod: record.pod, member: record.member, day: record.day, amountMinor: record.amountMinor,
                                     description: record.description)
        } catch .emptyEntry {
            throw StoreError.invalidRecord(source: record.source, reason: "the amount is zero, which records nothing; remove the row")
        } catch {
            throw StoreError.invalidRecord(source: record.source, reason: "\(error)")
        }
        let podMember = PodMember(pod: record.pod, member: record.member)
        let accounts: (member: Int64, income: Int64)
        if let known = accountIDs[podMember] {
            accounts = known
        } else {
            accounts = (try writer.accountID(entry.postings[0].account), try writer.accountID(entry.postings[1].account))
            accountIDs[podMember] = accounts
        }
        let entryID = try writer.insertIncome(entry, memberAccountID: accounts.member, incomeAccountID: accounts.income)
        pendingByKey[record.key] = pending.count
        pending.append((entryID, record))
        if pending.count >= LedgerWriter.chunkRows { try flush() }
        summary.addedRows += 1
        summary.addedByMonth[month, default: 0] += 1
        return true
    }

    /// Writes the buffered rows, after the entries they belong to.
    fileprivate func flush() throws {
        guard !pending.isEmpty else { return }
        try writer.flushEntries()
        let text = writer.calendarText
        try insertRows.insert(pending) { row, statement, first in
            let record = row.record
            try statement.bind(row.entryID, at: first)
            try statement.bind(record.key, at: first + 1)
            try statement.bind(record.pod.raw, at: first + 2)
            try statement.bind(record.member.raw, at: first + 3)
            try statement.bind(text.day(record.day), at: first + 4)
            try statement.bind(record.amountMinor, at: first + 5)
            try statement.bind(record.description, at: first + 6)
            try statement.bind(record.reference, at: first + 7)
            try statement.bind(record.sourceFile, at: first + 8)
            try statement.bind(Int64(record.sourceLine), at: first + 9)
        }
        pending.removeAll(keepingCapacity: true)
        pendingByKey.removeAll(keepingCapacity: true)
    }

    /// The content of a row already there, compared with a new row of the same key.
    private struct Stored {
        let member: String
        let day: String
        let amountMinor: Int64
        let description: String
        let source: String

        init(member: String, day: String, amountMinor: Int64, description: String, source: String) {
            self.member = member
            self.day = day
            self.amountMinor = amountMinor
            self.description = description
            self.source = source
        }

        init(_ record: IncomeRecord) {
            self.init(member: record.member.raw, day: record.day.description, amountMinor: record.amountMinor,
                      description: record.description, source: record.source)
        }
    }

    private func stored(_ entryID: Int64) throws -> Stored {
        guard let row = try Row.fetchOne(findRow, arguments: [entryID]) else {
            preconditionFailure("income row \(entryID) was just found by its key")
        }
        return Stored(member: row[0], day: row[1], amountMinor: row[2], description: row[3], source: "\(row[4] as String):\(row[5] as Int64)")
    }

    private func requireSameContent(_ record: IncomeRecord, stored: Stored) throws {
        var differences: [String] = []
        if stored.member != record.member.raw { differences.append("member differs ('\(stored.member)' there, '\(record.member)' here)") }
        if stored.day != record.day.description { differences.append("date differs (\(stored.day) there, \(record.day) here)") }
        if stored.amountMinor != record.amountMinor {
            let digits = currency.minorDigits
            differences.append("amount differs (\(Money.format(stored.amountMinor, minorDigits: digits)) there, "
                + "\(Money.format(record.amountMinor, minorDigits: digits)) here)")
        }
        if stored.description != record.description {
            differences.append("description differs ('\(stored.description)' there, '\(record.description)' here)")
        }
        guard differences.isEmpty else {
            throw StoreError.conflictingRow(key: record.key, stored: stored.source, new: record.source,
                                            differences: differences.joined(separator: ", and its "))
        }
    }
}

extension LedgerStore {
    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; every row it adds becomes an `income` entry
    /// (`members:P:M` debit, `income:P:M` credit) through prepared statements.
    /// If `body` throws, nothing is written and its error is rethrown unchanged. With `dryRun` the
    /// same work runs and is rolled back, so the summary is exactly what a real run would report.
    public func importIncome(dryRun: Bool, _ body: (IncomeBatch) throws -> Void) throws -> IncomeBatchSummary {
        try write(commit: !dryRun) { db in
            let writer = try LedgerWriter(db)
            let batch = try IncomeBatch(writer: writer, closedMonths: Set(try closedMonths(db)), currency: currency)
            defer { batch.isOpen = false }
            try body(batch)
            try batch.flush()
            try writer.flushBalances()
            return batch.summary
        }
    }
}
