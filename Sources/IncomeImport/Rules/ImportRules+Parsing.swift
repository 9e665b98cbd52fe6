import LedgerCore

/// The rules file format: one `directive value` per line; blank lines and lines starting with `#` or `;`
/// are ignored; each directive at most once, in any order. See `docs/import-rules.md`.
extension ImportRules {
    static let directives: [String] = [
        "encoding", "separator", "quote", "skip", "header", "fields",
        "date", "date-format", "member", "from", "to", "account", "counterparty", "name", "pod", "amount", "credit", "debit", "keep", "currency",
        "description", "reference", "decimal-mark", "thousands-separator", "negative", "amount-symbols",
    ]

    /// Directives that may appear on several lines, each adding to the setting.
    static let repeatableDirectives: Set<String> = ["name"]

    /// hledger's names for the same settings.
    static let directiveAliases = ["amount-in": "credit", "amount-out": "debit"]

    /// Fields that `fields` assigns when it names a column after them, as hledger's `fields` does.
    static let assignableFields = ["date", "member", "from", "to", "counterparty", "pod", "amount", "credit", "debit", "currency", "description", "reference"]

    /// The steps run in this order, each refusing its own directives, so a file with several mistakes
    /// is always told about the same one first.
    init(text: String, file: String?, kind: Kind) throws(IncomeImportError) {
        // 1. Collect `directive value` lines.
        var settings = try Settings(text: text, rulesName: file ?? "default rules")
        // 2. `fields` names columns by position and, like hledger, assigns those named after a field.
        let fieldNames = try settings.assignColumnsNamedInFields()

        // 3. The layout of the bytes.
        self.file = file
        self.kind = kind
        if let encoding = try settings.encoding() { self.encoding = encoding }
        dialect = try settings.dialect(overriding: dialect)
        if let skipLines = try settings.skipLines() { self.skipLines = skipLines }
        if let hasHeader = try settings.hasHeader() { self.hasHeader = hasHeader }
        self.fieldNames = fieldNames

        // 4. Which columns hold what.
        date = try settings.dateColumn()
        if let (format, line) = try settings.dateFormat() {
            dateFormat = format
            dateFormatLine = line
        }
        who = try settings.who(for: kind)
        partyNames = try settings.partyNames()
        amount = try settings.amount()
        currency = try settings.currency()
        description = try settings.template("description")
        reference = try settings.template("reference")

        // 5. How amounts are written.
        amountFormat = try settings.amountFormat(overriding: amountFormat)
        amountSymbolsLine = settings.line(of: "amount-symbols")
        if let keepsCreditsOnly = try settings.keepsCreditsOnly() { self.keepsCreditsOnly = keepsCreditsOnly }

        // 6. Names must be resolvable: from `fields`, or else from a header row.
        try settings.checkNamesResolve(columnReferences, fieldNames: fieldNames, hasHeader: hasHeader)
    }

    /// Every column the rules read.
    var columnReferences: [ColumnReference] {
        var columns = [date]
        switch who {
        case .member(.column(let column)), .account(_, let column), .pod(.column(let column)): columns.append(column)
        case .member(.fixed), .pod(.fixed): break
        case .parties(let from, let to):
            for case .column(let column) in [from, to] { columns.append(column) }
        }
        switch amount {
        case .signed(let column): columns.append(column)
        case .creditDebit(let credit, let debit): columns += [credit, debit].compactMap { $0 }
        }
        if case .column(let column) = currency { columns.append(column) }
        columns += description?.columns ?? []
        columns += reference?.columns ?? []
        return columns
    }
}
