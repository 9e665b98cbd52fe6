import LedgerCore

/// How to read one shape of income CSV: the byte layout, which columns hold what, and how dates and
/// amounts are written. The default layout of SPEC §2.2 is itself a set of rules, `ImportRules.default`.
///
/// Rules are parsed from a small line-based file in the spirit of hledger's CSV rules; the format is
/// documented in `docs/import-rules.md`.
public struct ImportRules: Sendable, Equatable {
    /// What the rows of the files are: income (`podledger import`), payments (`import --payments`) or a pod's
    /// expenses (`import --expenses`).
    public enum Kind: Sendable, Equatable {
        case income
        case payments
        case expenses
    }

    /// The rules file, for messages; nil for the default layout.
    public let file: String?
    public let kind: Kind

    var encoding: TextEncoding = .utf8
    var dialect: CSVDialect = .rfc4180
    var skipLines = 0
    var hasHeader = true
    /// Names given to columns by position (`fields`); nil entries are unnamed columns.
    var fieldNames: [String?]?

    var date: ColumnReference
    var dateFormat: DateFormat = .iso
    var dateFormatLine: Int?
    /// Whose the row is: a member's income, or a payment's parties.
    var who: WhoSource
    /// `name "BANK'S NAME" PARTY` lines: a bank's spellings of the parties, by `PartyNames.normalized` text.
    var partyNames: [String: PaymentParty] = [:]
    var amount: AmountSource
    var currency: CurrencySource?
    var description: Template?
    var reference: Template?
    var amountFormat = AmountFormat()
    var amountSymbolsLine: Int?
    /// `keep credits`: only positive amounts are income; other rows of a mixed account export are skipped.
    var keepsCreditsOnly = false

    enum MemberSource: Sendable, Equatable {
        case column(ColumnReference)
        /// A member's own bank file: every row is theirs.
        case fixed(MemberID)
    }

    enum PartySource: Sendable, Equatable {
        /// A column holding a party id (`alice`, `pod:aurora`, `network`) or a name the `name` lines map.
        case column(ColumnReference)
        case fixed(PaymentParty)
    }

    enum WhoSource: Sendable, Equatable {
        /// Income: the member who earned it.
        case member(MemberSource)
        /// A payment whose payer and payee the rules give (the amount must be positive).
        case parties(from: PartySource, to: PartySource)
        /// A payment to or from one account (a pod's bank export): money in (a positive amount) is from the
        /// counterparty to the account, money out is from the account to the counterparty.
        case account(PaymentParty, counterparty: ColumnReference)
        /// An expense: the pod that paid it.
        case pod(PodSource)
    }

    enum PodSource: Sendable, Equatable {
        case column(ColumnReference)
        /// A pod's own bank export or list: every row is that pod's.
        case fixed(PodID)
    }

    enum AmountSource: Sendable, Equatable {
        /// One column with a signed amount.
        case signed(ColumnReference)
        /// Money in and money out in separate columns; the amount is credit − |debit|.
        case creditDebit(credit: ColumnReference?, debit: ColumnReference?)
    }

    enum CurrencySource: Sendable, Equatable {
        /// A column whose value must equal the network's currency (an empty cell is the network's).
        case column(ColumnReference)
        /// The rules say what currency the whole file is in.
        case fixed(code: String, rulesLine: Int)
    }

    /// The default layout of payment files (SPEC §8), written as rules.
    static let defaultPaymentsText = """
        # PodLedger's default payments CSV layout (SPEC §8), written as import rules.
        encoding utf-8
        separator ,
        quote "
        header yes
        date %date
        date-format %Y-%m-%d
        from %from
        to %to
        amount %amount
        currency %currency?
        description %description?
        reference %reference?
        decimal-mark .
        thousands-separator none
        negative minus
        keep all
        """

    /// The default layout of expense files (SPEC §6), written as rules: the description is required.
    static let defaultExpensesText = """
        # PodLedger's default expenses CSV layout (SPEC §6), written as import rules.
        encoding utf-8
        separator ,
        quote "
        header yes
        date %date
        date-format %Y-%m-%d
        pod %pod
        amount %amount
        currency %currency?
        description %description
        reference %reference?
        decimal-mark .
        thousands-separator none
        negative minus
        keep all
        """

    /// The default layout of SPEC §2.2, written as rules.
    static let defaultText = """
        # PodLedger's default income CSV layout (SPEC §2.2), written as import rules.
        encoding utf-8
        separator ,
        quote "
        header yes
        date %date
        date-format %Y-%m-%d
        member %member
        amount %amount
        currency %currency?
        description %description?
        reference %reference?
        decimal-mark .
        thousands-separator none
        negative minus
        keep all
        """

    /// RFC 4180 CSV in UTF-8 with a header naming `date`, `member`, `amount` and optionally `currency`,
    /// `description` and `reference`; amounts with `.` as the decimal mark; dates `YYYY-MM-DD`.
    public static let `default`: ImportRules = {
        do {
            return try ImportRules(text: defaultText, file: nil, kind: .income)
        } catch {
            preconditionFailure("the default import rules do not parse: \(error)")
        }
    }()

    /// CSV with a header naming `date`, `from`, `to`, `amount` and optionally `currency`, `description` and
    /// `reference`; otherwise as the default income layout.
    public static let defaultPayments: ImportRules = {
        do {
            return try ImportRules(text: defaultPaymentsText, file: nil, kind: .payments)
        } catch {
            preconditionFailure("the default payments rules do not parse: \(error)")
        }
    }()

    /// CSV with a header naming `date`, `pod`, `amount`, `description` and optionally `currency` and `reference`.
    public static let defaultExpenses: ImportRules = {
        do {
            return try ImportRules(text: defaultExpensesText, file: nil, kind: .expenses)
        } catch {
            preconditionFailure("the default expenses rules do not parse: \(error)")
        }
    }()

    /// The default layout for rows of `kind`.
    public static func `default`(for kind: Kind) -> ImportRules {
        switch kind {
        case .income: return .default
        case .payments: return .defaultPayments
        case .expenses: return .defaultExpenses
        }
    }

    /// Parses a rules file's text, for files of `kind`. `file` is its path, used in messages.
    public init(parsing text: String, file: String, kind: Kind = .income) throws(IncomeImportError) {
        try self.init(text: text, file: file, kind: kind)
    }

    /// Reads and parses a rules file (UTF-8, at most 1 MiB).
    public init(contentsOfFile path: String, kind: Kind = .income) throws {
        let bytes = try FileBytes.contents(path: path, bytesMax: 1 << 20)
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            throw IncomeImportError.invalidRules(file: path, line: nil, reason: "the rules file is not valid UTF-8; save it as UTF-8 (the encoding line describes the CSV file, not the rules)")
        }
        try self.init(parsing: text, file: path, kind: kind)
    }

    var isDefault: Bool { file == nil }

    /// The columns the default layout of the kind requires, for messages.
    var requiredColumns: String {
        switch kind {
        case .income: return "date, member and amount"
        case .payments: return "date, from, to and amount"
        case .expenses: return "date, pod, amount and description"
        }
    }

    /// `RULES:LINE`, to point at the line a setting came from.
    func location(_ line: Int) -> String {
        "\(file ?? "default rules"):\(line)"
    }

    /// Refuses rules that fix another currency than the network's.
    func check(networkCurrency: Currency) throws(IncomeImportError) {
        if case .fixed(let code, let line) = currency, code != networkCurrency.code {
            throw .invalidRules(file: file ?? "default rules", line: line, reason: "the rules say the amounts are in \(code), but the network's currency is \(networkCurrency.code); convert the file to \(networkCurrency.code) before importing")
        }
        for symbol in amountFormat.symbols where symbol.count == 3 && symbol.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            if let other = try? Currency(code: symbol), other != networkCurrency {
                throw .invalidRules(file: file ?? "default rules", line: amountSymbolsLine, reason: "amount-symbols lists \(symbol), but the network's currency is \(networkCurrency.code); only amounts in \(networkCurrency.code) can be imported")
            }
        }
    }
}

/// How a bank's name for a party is matched against the rules' `name` lines: case-insensitively, with
/// surrounding whitespace dropped and inner runs of whitespace as one space (banks pad and re-case names).
enum PartyNames {
    static func normalized(_ name: some StringProtocol) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ").uppercased()
    }
}
