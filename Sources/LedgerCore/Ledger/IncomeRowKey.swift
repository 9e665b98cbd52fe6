import LedgerCore

/// Idempotency keys for income rows (SPEC §2.2).
///
/// Keys hold the exact content rather than a hash, so two different rows can never share a key:
/// - with a reference: `ref␟MEMBER␟REFERENCE`;
/// - without: `row␟YYYY-MM-DD␟MEMBER␟AMOUNT_MINOR␟DESCRIPTION␟OCCURRENCE`,
///
/// where ␟ is U+001F (unit separator), the amount is in integer minor units (so `10.5` and `10.50`
/// give the same key), the description is trimmed, and OCCURRENCE counts identical rows in the same
/// file (1, 2, …). Date, member, amount and occurrence never contain U+001F, so a key splits back into
/// its parts unambiguously even when a description or reference contains one.
public enum IncomeRowKey {
    static let separator = "\u{1F}"

    public static func reference(member: MemberID, reference: String) -> String {
        "ref" + separator + member.raw + separator + reference
    }

    /// The content part of a key for a row without a reference (everything but the occurrence).
    public static func content(day: Day, member: MemberID, amountMinor: Int64, description: String) -> String {
        "row" + separator + day.description + separator + member.raw + separator + String(amountMinor) + separator + description
    }

    public static func row(content: String, occurrence: Int) -> String {
        content + separator + String(occurrence)
    }
}

/// Idempotency keys of payments (SPEC §8), built like income rows' and namespaced apart from them:
/// - with a reference: `pay␟FROM␟TO␟REFERENCE`;
/// - without: `pay␟YYYY-MM-DD␟FROM␟TO␟AMOUNT_MINOR␟DESCRIPTION␟OCCURRENCE`.
public enum PaymentKey {
    public static func reference(from: PaymentParty, to: PaymentParty, reference: String) -> String {
        "pay" + IncomeRowKey.separator + from.description + IncomeRowKey.separator + to.description + IncomeRowKey.separator + reference
    }

    /// The content part of a key for a payment without a reference (everything but the occurrence).
    public static func content(_ payment: Payment) -> String {
        ["pay", payment.day.description, payment.from.description, payment.to.description, String(payment.amountMinor), payment.description]
            .joined(separator: IncomeRowKey.separator)
    }

    public static func row(content: String, occurrence: Int) -> String {
        content + IncomeRowKey.separator + String(occurrence)
    }
}
