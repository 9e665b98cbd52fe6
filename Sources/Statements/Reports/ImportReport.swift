import LedgerCore

/// What `podledger import` did (or, with `--dry-run`, would do): rows new and already present, by month.
public struct ImportReport: Hashable, Sendable {
    public struct MonthCount: Hashable, Sendable {
        public let month: Month
        public let newRows: Int
        public let presentRows: Int
        /// Rows with a zero amount, skipped (they record nothing).
        public let zeroRows: Int

        public init(month: Month, newRows: Int, presentRows: Int, zeroRows: Int = 0) {
            self.month = month
            self.newRows = newRows
            self.presentRows = presentRows
            self.zeroRows = zeroRows
        }
    }

    public let dryRun: Bool
    /// Ascending.
    public let months: [MonthCount]
    /// What the rows are ("row", "payment", "expense"), for the sentences.
    public let noun: String

    public init(dryRun: Bool, months: [MonthCount], noun: String = "row") {
        self.dryRun = dryRun
        self.months = months.sorted { $0.month < $1.month }
        self.noun = noun
    }

    public var newRows: Int { months.reduce(0) { $0 + $1.newRows } }
    public var presentRows: Int { months.reduce(0) { $0 + $1.presentRows } }
    public var zeroRows: Int { months.reduce(0) { $0 + $1.zeroRows } }

    public func render(_ format: ReportFormat) -> String { rendered(format) }

    static func count(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}

extension ImportReport: DocumentRendering {
    func document() -> Document {
        var summary = (dryRun ? "Dry run, nothing written: " : "") + "\(Self.count(newRows, "new " + noun)), \(presentRows) already present"
        if zeroRows > 0 { summary += ", \(zeroRows) with a zero amount skipped" }
        var columns = [
            Column(key: "month", label: "Month", alignment: .left),
            Column(key: "new", label: "New", alignment: .right),
            Column(key: "already_present", label: "Already present", alignment: .right),
        ]
        if zeroRows > 0 { columns.append(Column(key: "zero_skipped", label: "Zero, skipped", alignment: .right)) }
        let table = Table(columns: columns, rows: months.map { count in
            [.text(count.month.description), .count(count.newRows), .count(count.presentRows)] + (zeroRows > 0 ? [.count(count.zeroRows)] : [])
        }, totals: nil)
        return Document(title: nil, sections: [Section(title: nil, blocks: months.isEmpty ? [.paragraph(summary + ".")] : [.paragraph(summary + "."), .table(table)])],
                        minorDigits: 0)
    }

    var json: JSON {
        .object([
            ("dry_run", .bool(dryRun)), ("new", .integer(newRows)), ("already_present", .integer(presentRows)),
            ("zero_skipped", .integer(zeroRows)),
            ("months", .array(months.map { count in
                .object([("month", .string(count.month.description)), ("new", .integer(count.newRows)),
                         ("already_present", .integer(count.presentRows)), ("zero_skipped", .integer(count.zeroRows))])
            })),
        ])
    }
}
