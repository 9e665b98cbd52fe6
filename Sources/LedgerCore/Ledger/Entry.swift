/// One movement of money: its postings sum to zero, always.
public struct Posting: Hashable, Sendable {
    public let account: Account
    /// Positive for a debit, negative for a credit.
    public let amountMinor: Int64

    public init(_ account: Account, _ amountMinor: Int64) {
        self.account = account
        self.amountMinor = amountMinor
    }
}

/// What an entry records; stored with it so `check` and statements can tell them apart.
public enum EntryKind: String, Sendable, CaseIterable {
    /// An imported income row.
    case income
    /// Part of a month's redistribution (SPEC §5).
    case redistribution
    /// Reverses a redistribution entry when a month is reopened.
    case reversal
    /// Money that moved between a member, their pod and the network (SPEC §8).
    case payment
    /// A pod's shared cost, paid from its bank account (SPEC §6).
    case expense
}

/// A balanced, dated entry. The only way to build one is `init(...)`, which refuses an unbalanced one.
public struct Entry: Hashable, Sendable {
    public let kind: EntryKind
    public let month: Month
    /// The day of an income row; nil for month-level entries.
    public let day: Day?
    public let description: String
    public let postings: [Posting]

    /// Builds an entry; throws when the postings do not sum to zero (checked, no overflow) or there are none.
    /// Zero-amount postings are dropped, so an entry never carries noise.
    public init(kind: EntryKind, month: Month, day: Day? = nil, description: String, postings: [Posting]) throws(LedgerCoreError) {
        let kept = postings.filter { $0.amountMinor != 0 }
        guard !kept.isEmpty else { throw .emptyEntry(description: description) }
        var total: Int64 = 0
        var overflow = false
        for posting in kept {
            let (next, didOverflow) = total.addingReportingOverflow(posting.amountMinor)
            overflow = overflow || didOverflow
            total = next
        }
        guard !overflow, total == 0 else {
            throw .unbalancedEntry(description: description, imbalanceMinor: overflow ? Int64.max : total)
        }
        self.kind = kind
        self.month = month
        self.day = day
        self.description = description
        self.postings = kept
    }

    /// The entry that undoes this one: same accounts, opposite signs.
    public func reversal(description: String) -> Entry {
        do {
            return try Entry(kind: .reversal, month: month, description: description,
                             postings: postings.map { Posting($0.account, -$0.amountMinor) })
        } catch {
            preconditionFailure("the reversal of a balanced entry always balances")
        }
    }

    /// The usual income entry: the member's position debited, the member's income account credited.
    public static func income(pod: PodID, member: MemberID, day: Day, amountMinor: Int64, description: String) throws(LedgerCoreError) -> Entry {
        try Entry(kind: .income, month: day.month, day: day, description: description,
                  postings: [Posting(.member(pod, member), amountMinor), Posting(.income(pod, member), -amountMinor)])
    }
}
