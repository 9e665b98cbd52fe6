import LedgerCore

/// Reads one income CSV file under a set of import rules (the default layout of SPEC §2.2 when none).
///
/// The file is streamed in 64 KiB chunks through libcsv; only the current record, and the key content
/// of rows without a reference (to number identical rows), are held in memory, the latter up to
/// `OccurrenceCounter.memoryBytesMax` when an `occurrenceSpill` takes them from there.
public struct IncomeFileReader: Sendable {
    /// The path as given; it appears as such in rows and messages.
    public let path: String
    /// The network's currency: amounts are read with its minor digits, and a `currency` column must match it.
    public let currency: Currency
    public let rules: ImportRules
    /// Where the counts of identical rows without a reference go when a file has too many to keep in memory.
    public let occurrenceSpill: OccurrenceSpillMaker?
    /// The memory those counts may take before they move to `occurrenceSpill` (about 100 bytes a distinct row).
    public let occurrenceMemoryBytesMax: Int

    public init(path: String, currency: Currency, rules: ImportRules? = nil, occurrenceSpill: OccurrenceSpillMaker? = nil,
                occurrenceMemoryBytesMax: Int = 24 << 20) {
        self.path = path
        self.currency = currency
        self.rules = rules ?? .default
        self.occurrenceSpill = occurrenceSpill
        self.occurrenceMemoryBytesMax = occurrenceMemoryBytesMax
    }

    /// Streams the file's income rows in order; never holds the whole file (read in 64 KiB chunks, fed to
    /// libcsv). Bad input throws `IncomeImportError`; errors thrown by `body` propagate unchanged.
    public func read(_ body: (IncomeRow) throws -> Void) throws {
        precondition(rules.kind == .income, "read takes income rules; payments are read with readPayments")
        try records { builder, record in
            if let row = try builder.row(from: record) { try body(row) }
        }
    }

    /// Streams the file's payment rows in order, as `read` does income rows.
    public func readPayments(_ body: (PaymentRow) throws -> Void) throws {
        precondition(rules.kind == .payments, "readPayments takes payment rules")
        try records { builder, record in
            if let row = try builder.paymentRow(from: record) { try body(row) }
        }
    }

    /// Streams the file's expense rows in order, as `read` does income rows.
    public func readExpenses(_ body: (ExpenseRow) throws -> Void) throws {
        precondition(rules.kind == .expenses, "readExpenses takes expense rules")
        try records { builder, record in
            if let row = try builder.expenseRow(from: record) { try body(row) }
        }
    }

    /// Hands every data record to `body` with the row builder the first record set up.
    private func records(_ body: (inout RowBuilder, CSVRecord) throws -> Void) throws {
        try rules.check(networkCurrency: currency)
        let csv = CSVReader(file: path, dialect: rules.dialect, skipLines: rules.skipLines,
                            skipsByteOrderMark: rules.encoding == .utf8)
        var builder: RowBuilder?
        try csv.read { record in
            // Blank lines, `""` and lines of separators only carry nothing.
            if record.isBlank { return }
            if builder == nil {
                builder = try RowBuilder(firstRecord: record, rules: rules, currency: currency, file: path,
                                         occurrences: OccurrenceCounter(memoryBytesMax: occurrenceMemoryBytesMax, spill: occurrenceSpill))
                if rules.hasHeader { return }
            }
            try body(&builder!, record)
        }
        if builder == nil {
            throw IncomeImportError.emptyFile(file: path, skippedLines: rules.skipLines, hasHeader: rules.hasHeader)
        }
    }
}
