import LedgerCore

/// `podledger register`: postings in entry order with a running total, printed a chunk of rows at a time
/// (a ledger may hold millions): `header()`, then `render(_:)` for each chunk, then `footer()`. Text uses
/// fixed column widths so the chunks line up; CSV and JSON are one row (object) per posting.
public struct RegisterReport: Sendable {
    /// One posting with its entry.
    public struct Line: Hashable, Sendable {
        public let entryID: Int64
        /// The income row's day, or the month of a month-level entry.
        public let date: String
        public let description: String
        public let account: Account
        public let amountMinor: Int64
        /// The running total of the postings shown so far.
        public let runningMinor: Int64

        public init(entryID: Int64, date: String, description: String, account: Account, amountMinor: Int64, runningMinor: Int64) {
            self.entryID = entryID
            self.date = date
            self.description = description
            self.account = account
            self.amountMinor = amountMinor
            self.runningMinor = runningMinor
        }
    }

    public let currency: Currency
    public let format: ReportFormat
    /// Whether a JSON object was written (the next one needs a comma).
    private var wroteRow = false

    /// `format` is text, csv or json.
    public init(currency: Currency, format: ReportFormat) {
        precondition([.text, .csv, .json].contains(format), "register is printed as text, csv or json")
        self.currency = currency
        self.format = format
    }

    static let columns = [
        Column(key: "entry", label: "Entry", alignment: .right),
        Column(key: "date", label: "Date", alignment: .left),
        Column(key: "description", label: "Description", alignment: .left),
        Column(key: "account", label: "Account", alignment: .left),
        Column(key: "amount", label: "Amount", alignment: .right),
        Column(key: "total", label: "Total", alignment: .right),
    ]
    /// Entry, date, description, account; the amount and the running total widen to their figures. Wider
    /// than the statements' 80 columns, as hledger's register is: each posting stays on one line.
    static let textWidths = [6, 10, 30, 26]

    public func header() -> String {
        switch format {
        case .csv: return CSVRenderer.render(Document(title: nil, sections: [Section(title: nil, blocks: [.table(table([]))])], minorDigits: 0))
        case .json: return "["
        default: return TextRenderer.render(table([]), minorDigits: currency.minorDigits).joined(separator: "\n") + "\n"
        }
    }

    public mutating func render(_ lines: [Line]) -> String {
        guard !lines.isEmpty else { return "" }
        switch format {
        case .csv:
            return lines.map { line in cells(line).map { CSVRenderer.field($0, minorDigits: currency.minorDigits) }.joined(separator: ",") }
                .joined(separator: CSVRenderer.lineEnd) + CSVRenderer.lineEnd
        case .json:
            var out = ""
            for line in lines {
                out += (wroteRow ? ",\n  " : "\n  ") + json(line).text(indent: "  ")
                wroteRow = true
            }
            return out
        default:
            var chunk = table(lines)
            chunk.showsHeaderInText = false
            return TextRenderer.render(chunk, minorDigits: currency.minorDigits).joined(separator: "\n") + "\n"
        }
    }

    public func footer() -> String {
        format == .json ? (wroteRow ? "\n]\n" : "]\n") : ""
    }

    private func table(_ lines: [Line]) -> Table {
        // The same widths in every chunk; a larger amount widens its own line rather than being cut.
        Table(columns: Self.columns, rows: lines.map(cells), totals: nil, textWidths: Self.textWidths + [14, 14])
    }

    private func cells(_ line: Line) -> [Cell] {
        [.count(Int(line.entryID)), .text(line.date), .text(line.description), .text(line.account.description),
         .amount(line.amountMinor), .amount(line.runningMinor)]
    }

    private func json(_ line: Line) -> JSON {
        let digits = currency.minorDigits
        return .object([
            ("entry", .integer(Int(line.entryID))), ("date", .string(line.date)), ("description", .string(line.description)),
            ("account", .string(line.account.description)), ("amount", .string(Figures.plain(line.amountMinor, minorDigits: digits))),
            ("total", .string(Figures.plain(line.runningMinor, minorDigits: digits))),
        ])
    }
}
