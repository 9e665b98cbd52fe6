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
public final class IncomeBatch {
    /// Months closed when the import began; a row dated in one of them is refused.
    public let closedMonths: Set<Month>
    private let writer: LedgerWriter
    private let currency: Currency
    private let findKey: Statement
    private let findRow: Statement
    private let insertRow: Statement
    private(set) var summary = IncomeBatchSummary()
    fileprivate var isOpen = true

    fileprivate init(writer: LedgerWriter, closedMonths: Set<Month>, currency: Currency) throws {
        self.writer = writer
        self.closedMonths = closedMonths
        self.currency = currency
        findKey = try writer.db.cachedStatement(sql: "SELECT entry_id FROM income_rows WHERE row_key = ?")
        findRow = try writer.db.cachedStatement(sql: """
            SELECT member, day, amount_minor, description, source_file, source_line FROM income_rows WHERE entry_id = ?
            """)
        insertRow = try writer.db.cachedStatement(sql: """
            INSERT INTO income_rows(entry_id, row_key, pod, member, day, amount_minor, description, reference, source_file, source_line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Adds the row: returns true when new, false when a row with the same key and the same content
    /// (member, day, amount, description) is already there.
    /// Same key with different content throws `StoreError.conflictingRow` naming both rows' `FILE:LINE`
    /// and what differs; a new row dated in a closed month throws `StoreError.incomeInClosedMonth`.
    public func add(_ record: IncomeRecord) throws -> Bool {
        precondition(isOpen, "IncomeBatch.add called outside LedgerStore.importIncome's closure")
        let month = record.day.month
        if let entryID = try Int64.fetchOne(findKey, arguments: [record.key]) {
            try requireSameContent(record, storedEntryID: entryID)
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
        let entryID = try writer.insert(entry)
        try insertRow.execute(arguments: [
            entryID, record.key, record.pod.raw, record.member.raw, record.day.description, record.amountMinor, record.description,
            record.reference, record.sourceFile, record.sourceLine,
        ])
        summary.addedRows += 1
        summary.addedByMonth[month, default: 0] += 1
        return true
    }

    private func requireSameContent(_ record: IncomeRecord, storedEntryID: Int64) throws {
        guard let row = try Row.fetchOne(findRow, arguments: [storedEntryID]) else {
            preconditionFailure("income row \(storedEntryID) was just found by its key")
        }
        let member: String = row[0]
        let day: String = row[1]
        let amountMinor: Int64 = row[2]
        let description: String = row[3]
        let storedSource = "\(row[4] as String):\(row[5] as Int64)"
        var differences: [String] = []
        if member != record.member.raw { differences.append("member differs ('\(member)' there, '\(record.member)' here)") }
        if day != record.day.description { differences.append("date differs (\(day) there, \(record.day) here)") }
        if amountMinor != record.amountMinor {
            let digits = currency.minorDigits
            differences.append("amount differs (\(Money.format(amountMinor, minorDigits: digits)) there, "
                + "\(Money.format(record.amountMinor, minorDigits: digits)) here)")
        }
        if description != record.description {
            differences.append("description differs ('\(description)' there, '\(record.description)' here)")
        }
        guard differences.isEmpty else {
            throw StoreError.conflictingRow(key: record.key, stored: storedSource, new: record.source,
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
            try writer.flushBalances()
            return batch.summary
        }
    }
}
