import LedgerCore

/// How to read one shape of income CSV: the byte layout, which columns hold what, and how dates and
/// amounts are written. The default layout of SPEC §2.2 is itself a set of rules, `ImportRules.default`.
///
/// Rules are parsed from a small line-based file in the spirit of hledger's CSV rules; the format is
/// documented in `docs/import-rules.md`.
public struct ImportRules: Sendable, Equatable {
    /// The rules file, for messages; nil for the default layout.
    public let file: String?

    var encoding: TextEncoding = .utf8
    var dialect: CSVDialect = .rfc4180
    var skipLines = 0
    var hasHeader = true
    /// Names given to columns by position (`fields`); nil entries are unnamed columns.
    var fieldNames: [String?]?

    var date: ColumnReference
    var dateFormat: DateFormat = .iso
    var dateFormatLine: Int?
    var member: MemberSource
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
            return try ImportRules(text: defaultText, file: nil)
        } catch {
            preconditionFailure("the default import rules do not parse: \(error)")
        }
    }()

    /// Parses a rules file's text. `file` is its path, used in messages.
    public init(parsing text: String, file: String) throws(IncomeImportError) {
        try self.init(text: text, file: file)
    }

    /// Reads and parses a rules file (UTF-8, at most 1 MiB).
    public init(contentsOfFile path: String) throws {
        let bytes = try FileBytes.contents(path: path, bytesMax: 1 << 20)
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            throw IncomeImportError.invalidRules(file: path, line: nil, reason: "the rules file is not valid UTF-8; save it as UTF-8 (the encoding line describes the CSV file, not the rules)")
        }
        try self.init(parsing: text, file: path)
    }

    var isDefault: Bool { file == nil }

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
