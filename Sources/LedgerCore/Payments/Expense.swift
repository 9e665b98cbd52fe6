/// One of a pod's shared costs as recorded (SPEC §6): an accountant, software, a coworking desk, paid from the
/// pod's bank on a day. The closes pay it from the pool, then the reserve, and carry what neither covers.
public struct Expense: Hashable, Sendable {
    public let pod: PodID
    public let day: Day
    /// Always positive.
    public let amountMinor: Int64
    public let description: String
    public let reference: String?

    public init(pod: PodID, day: Day, amountMinor: Int64, description: String, reference: String?) {
        self.pod = pod
        self.day = day
        self.amountMinor = amountMinor
        self.description = description
        self.reference = reference
    }

    /// The postings: the pod's expenses account takes the cost, its bank pays it. A reversal (a correction)
    /// moves the same amount back.
    public func postings(reversal: Bool = false) -> [Posting] {
        let amount = reversal ? -amountMinor : amountMinor
        return [Posting(.expenses(pod), amount), Posting(.podBank(pod), -amount)]
    }
}

/// Idempotency keys of expenses, built like payments' and namespaced apart from them:
/// - with a reference: `exp␟POD␟REFERENCE`;
/// - without: `exp␟YYYY-MM-DD␟POD␟AMOUNT_MINOR␟DESCRIPTION␟OCCURRENCE`;
/// - the reversal of the expense with key K: `rev␟K`.
public enum ExpenseKey {
    public static func reference(pod: PodID, reference: String) -> String {
        ["exp", pod.raw, reference].joined(separator: IncomeRowKey.separator)
    }

    /// The content part of a key for an expense without a reference (everything but the occurrence).
    public static func content(_ expense: Expense) -> String {
        ["exp", expense.day.description, expense.pod.raw, String(expense.amountMinor), expense.description]
            .joined(separator: IncomeRowKey.separator)
    }

    public static func row(content: String, occurrence: Int) -> String {
        content + IncomeRowKey.separator + String(occurrence)
    }

    public static func reversal(of key: String) -> String {
        "rev" + IncomeRowKey.separator + key
    }
}
