import LedgerCore

/// How PodLedger's account names are written for each tool (docs/exports.md, "Account names").
///
/// A PodLedger account name is a root (`income`, `members`, `pods`, `network`, `paid`, `expenses`, `accounts`)
/// followed by pod and member ids and fixed words, joined by `:`. Ids are slugs, `[a-z0-9][a-z0-9-]*` (SPEC §1),
/// and no account's name is the start of another's (each root has one depth), so:
///
/// - **hledger and Ledger** take the names exactly as they are: lowercase letters, digits, `-` and `:` are
///   plain account-name characters to both, and a slug holds no space, `;`, tab, bracket or parenthesis.
/// - **Beancount** wants a root among Assets, Liabilities, Equity, Income and Expenses and components that start
///   with a capital letter, of `[A-Za-z0-9-]`. The root comes from PodLedger's root (`beancountRoot`); each
///   component is capitalised (`alice` → `Alice`, `levy-due` → `Levy-due`), and one that starts with a digit is
///   prefixed with `ID` (`7seas` → `ID7seas`). `income:P:M` becomes `Income:P:M` and `expenses:P`
///   `Expenses:P`; every other account keeps its PodLedger root as its first component
///   (`members:aurora:alice` → `Assets:Members:Aurora:Alice`).
///
/// No two accounts meet under the Beancount rule: a capitalised slug has one capital letter, its first, while an
/// `ID`-prefixed one has two, so each component maps back to one slug (drop `ID`, or lowercase the first
/// letter); the Income and Expenses roots hold only PodLedger's `income` and `expenses` accounts, and under the
/// other roots the PodLedger root is kept. For the same reasons no mapped name is the parent of another.
public enum ExportAccountNames {
    /// Beancount's five account types, and what hledger calls them in `account` directives.
    public enum BeancountRoot: String, CaseIterable, Sendable {
        case assets = "Assets", liabilities = "Liabilities", equity = "Equity", income = "Income", expenses = "Expenses"

        /// hledger's account type letter (`account NAME  ; type: A`).
        public var hledgerType: String {
            switch self {
            case .assets: return "A"
            case .liabilities: return "L"
            case .equity: return "E"
            case .income: return "R"
            case .expenses: return "X"
            }
        }
    }

    /// The name in hledger's and Ledger's journals: PodLedger's own.
    public static func journal(_ account: Account) -> String {
        let name = account.description
        precondition(name.utf8.allSatisfy { isSlugByte($0) || $0 == UInt8(ascii: ":") },
                     "account '\(name)' holds a character the journal rule does not cover")
        return name
    }

    /// The PodLedger root of `account`: `members` for `members:aurora:alice`.
    public static func podLedgerRoot(_ account: Account) -> String {
        String(account.description.prefix { $0 != ":" })
    }

    /// Which Beancount type each PodLedger root is filed under. Beancount takes either sign in any type (without
    /// plugins), so the type says what an account is, never its sign: gross income is Income, pods' shared costs
    /// Expenses, what members have paid their pods (net) Equity, and the positions, pools, reserves, banks, levy
    /// memos and sickness-fund accounts that hold the network's money Assets.
    public static func beancountRoot(_ account: Account) -> BeancountRoot {
        switch account {
        case .income: return .income
        case .expenses: return .expenses
        case .paid: return .equity
        case .member, .pool, .podReserve, .networkReserve, .podBank, .networkBank, .podCosts, .podLevyDue, .networkLevyDue, .ownAccount:
            return .assets
        }
    }

    /// The Beancount name: `members:aurora:alice` → `Assets:Members:Aurora:Alice`, `income:7seas:ana` →
    /// `Income:ID7seas:Ana`.
    public static func beancount(_ account: Account) -> String {
        let root = beancountRoot(account)
        var components = account.description.split(separator: ":", omittingEmptySubsequences: false)
        if root == .income || root == .expenses { components.removeFirst() }
        return ([root.rawValue] + components.map(beancountComponent)).joined(separator: ":")
    }

    /// A slug as a Beancount component: the first letter capitalised, or `ID` before a first digit.
    static func beancountComponent(_ slug: Substring) -> String {
        precondition(!slug.isEmpty && slug.utf8.allSatisfy(isSlugByte) && slug.first != "-", "'\(slug)' is not a slug")
        let first = slug.first!
        if first.isASCII && first.isNumber { return "ID" + slug }
        return first.uppercased() + slug.dropFirst()
    }

    private static func isSlugByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }
}
