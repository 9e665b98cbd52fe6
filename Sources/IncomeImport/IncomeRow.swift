import LedgerCore

/// One income row read from a file, checked and ready to become a ledger entry.
public struct IncomeRow: Sendable, Equatable {
    /// The file's path as given.
    public let file: String
    /// 1-based physical line where the record starts (newlines inside quoted fields count).
    public let line: Int
    public let day: Day
    public let member: MemberID
    public let amountMinor: Int64
    /// Trimmed of surrounding whitespace; empty when the file has none.
    public let description: String
    /// Trimmed; nil when absent or empty.
    public let reference: String?
    /// The idempotency key of SPEC §2.2; see `IncomeRowKey`.
    public let key: String

    public init(
        file: String, line: Int, day: Day, member: MemberID, amountMinor: Int64,
        description: String, reference: String?, key: String
    ) {
        self.file = file
        self.line = line
        self.day = day
        self.member = member
        self.amountMinor = amountMinor
        self.description = description
        self.reference = reference
        self.key = key
    }
}

/// One payment row read from a file (SPEC §8), checked as far as the file alone allows (its parties are
/// checked against the network by the importer).
public struct PaymentRow: Sendable, Equatable {
    /// The file's path as given.
    public let file: String
    /// 1-based physical line where the record starts.
    public let line: Int
    /// Its amount is positive, or zero for a zero row of an account export (skipped by the importer).
    public let payment: Payment
    /// The idempotency key of SPEC §8; see `PaymentKey`.
    public let key: String

    public init(file: String, line: Int, payment: Payment, key: String) {
        self.file = file
        self.line = line
        self.payment = payment
        self.key = key
    }
}

/// One expense row read from a file (SPEC §6), checked as far as the file alone allows (its pod and month are
/// checked against the ledger by the importer).
public struct ExpenseRow: Sendable, Equatable {
    /// The file's path as given.
    public let file: String
    /// 1-based physical line where the record starts.
    public let line: Int
    /// Its amount is positive and its description not empty.
    public let expense: Expense
    /// The idempotency key; see `ExpenseKey`.
    public let key: String

    public init(file: String, line: Int, expense: Expense, key: String) {
        self.file = file
        self.line = line
        self.expense = expense
        self.key = key
    }
}
