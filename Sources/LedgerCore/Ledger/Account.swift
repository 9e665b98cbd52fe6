/// The accounts of the ledger (SPEC §3). Debits are positive, credits negative.
public enum Account: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Credited with the member's gross income.
    case income(PodID, MemberID)
    /// The member's position; its balance is the member's cumulative net income.
    case member(PodID, MemberID)
    /// The month's pool; zero after every closed month.
    case pool(PodID)
    /// The pod's reserve carried between months.
    case podReserve(PodID)
    /// The network reserve carried between months.
    case networkReserve
    /// The pod's bank account: the money the pod holds (payments in and out, expenses paid).
    case podBank(PodID)
    /// The network's bank account.
    case networkBank
    /// What the member has paid the pod, net of what the pod paid them (credit: paid in), in settlement of
    /// the months' contributions and receipts.
    case paid(PodID, MemberID)
    /// The pod's shared costs as recorded (`podledger expense`): debited with each expense, paid from the pod's bank.
    case expenses(PodID)
    /// What the pod's closes have paid toward its expenses from the pool and the reserve (SPEC §6 step 2a);
    /// `expenses:P − pods:P:costs` is what is still to be paid (carried, or recorded in open months).
    case podCosts(PodID)
    /// The levy the pod still owes the network, carried to later months (a memo: credit is carried).
    case podLevyDue(PodID)
    /// The network's side of every pod's carried levy.
    case networkLevyDue
    /// A sickness fund member's own account in the fund (SPEC §7): deposits in, gifts and refunds out.
    case ownAccount(PodID, MemberID)

    public var description: String {
        switch self {
        case .income(let pod, let member): return "income:\(pod):\(member)"
        case .member(let pod, let member): return "members:\(pod):\(member)"
        case .pool(let pod): return "pods:\(pod):pool"
        case .podReserve(let pod): return "pods:\(pod):reserve"
        case .networkReserve: return "network:reserve"
        case .podBank(let pod): return "pods:\(pod):bank"
        case .networkBank: return "network:bank"
        case .paid(let pod, let member): return "paid:\(pod):\(member)"
        case .expenses(let pod): return "expenses:\(pod)"
        case .podCosts(let pod): return "pods:\(pod):costs"
        case .podLevyDue(let pod): return "pods:\(pod):levy-due"
        case .networkLevyDue: return "network:levy-due"
        case .ownAccount(let pod, let member): return "accounts:\(pod):\(member)"
        }
    }

    public init(parsing text: String) throws(LedgerCoreError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        do {
            switch (parts.first, parts.count) {
            case ("income", 3): self = .income(try PodID(parts[1]), try MemberID(parts[2]))
            case ("members", 3): self = .member(try PodID(parts[1]), try MemberID(parts[2]))
            case ("pods", 3) where parts[2] == "pool": self = .pool(try PodID(parts[1]))
            case ("pods", 3) where parts[2] == "reserve": self = .podReserve(try PodID(parts[1]))
            case ("pods", 3) where parts[2] == "bank": self = .podBank(try PodID(parts[1]))
            case ("pods", 3) where parts[2] == "costs": self = .podCosts(try PodID(parts[1]))
            case ("pods", 3) where parts[2] == "levy-due": self = .podLevyDue(try PodID(parts[1]))
            case ("expenses", 2): self = .expenses(try PodID(parts[1]))
            case ("network", 2) where parts[1] == "levy-due": self = .networkLevyDue
            case ("network", 2) where parts[1] == "reserve": self = .networkReserve
            case ("network", 2) where parts[1] == "bank": self = .networkBank
            case ("paid", 3): self = .paid(try PodID(parts[1]), try MemberID(parts[2]))
            case ("accounts", 3): self = .ownAccount(try PodID(parts[1]), try MemberID(parts[2]))
            default: throw LedgerCoreError.invalidAccount(text)
            }
        } catch {
            throw .invalidAccount(text)
        }
    }

    public var pod: PodID? {
        switch self {
        case .income(let pod, _), .member(let pod, _), .pool(let pod), .podReserve(let pod), .podBank(let pod), .paid(let pod, _),
             .expenses(let pod), .podCosts(let pod), .podLevyDue(let pod), .ownAccount(let pod, _):
            return pod
        case .networkReserve, .networkBank, .networkLevyDue: return nil
        }
    }

    public static func < (lhs: Account, rhs: Account) -> Bool { lhs.description < rhs.description }
}
