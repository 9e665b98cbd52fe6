/// Errors raised when a value from outside (a file, a flag) is not a valid ledger value.
///
/// Each description says what is wrong and how to fix it; the caller adds where (file and line).
public enum LedgerCoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownCurrency(String)
    case invalidAmount(String, reason: String)
    case tooManyDecimals(String, allowed: Int)
    case amountOverflow(String)
    case invalidPercent(String, reason: String)
    case invalidMonth(String)
    case invalidDay(String)
    case invalidID(kind: String, String)
    case invalidAccount(String)
    case invalidParty(String)
    case unbalancedEntry(description: String, imbalanceMinor: Int64)
    case emptyEntry(description: String)
    case invalidNetwork(String)

    public var description: String {
        switch self {
        case .unknownCurrency(let code):
            return "unknown currency \(MessageText.quoted(code)): use an ISO 4217 code such as NZD, EUR, JPY or BHD"
        case .invalidAmount(let text, let reason):
            return "invalid amount \(MessageText.quoted(text)): \(reason)"
        case .tooManyDecimals(let text, let allowed):
            return "amount \(MessageText.quoted(text)) has more than \(allowed) decimal\(allowed == 1 ? "" : "s"), which the currency allows; round it in the source"
        case .amountOverflow(let text):
            return "amount \(MessageText.quoted(text)) is too large to record exactly"
        case .invalidPercent(let text, let reason):
            return "invalid percent \(MessageText.quoted(text)): \(reason)"
        case .invalidMonth(let text):
            return "invalid month \(MessageText.quoted(text)): write it as YYYY-MM, e.g. 2024-03"
        case .invalidDay(let text):
            return "invalid date \(MessageText.quoted(text)): write it as YYYY-MM-DD, e.g. 2024-03-15, with a real calendar day"
        case .invalidID(let kind, let text):
            return "invalid \(kind) id \(MessageText.quoted(text)): use lowercase letters, digits and '-', starting with a letter or digit"
        case .invalidAccount(let text):
            return "invalid account \(MessageText.quoted(text)): accounts are income:POD:MEMBER, members:POD:MEMBER, pods:POD:pool, pods:POD:reserve or network:reserve"
        case .invalidParty(let text):
            return "invalid party \(MessageText.quoted(text)): write a member id (alice), a pod as pod:POD (pod:aurora) or network"
        case .unbalancedEntry(let description, let imbalance):
            return "entry \(MessageText.quoted(description)) does not balance: its postings sum to \(imbalance) minor units instead of 0"
        case .emptyEntry(let description):
            return "entry \(MessageText.quoted(description)) has no postings"
        case .invalidNetwork(let reason):
            return "invalid network: \(reason)"
        }
    }
}
