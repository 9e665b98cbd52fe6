import LedgerCore

/// `podledger export`: the ledger as an hledger journal, a Ledger journal, a Beancount file or CSV, written a
/// piece at a time so that a ledger of any size streams through: `header()` once, then `render(_:)` for each
/// entry in the order `LedgerExport` gives them (by date, then entry number). The same ledger gives the same
/// bytes: nothing depends on the clock, the file's path or the machine.
///
/// Every amount is written as posted, debits positive and credits negative, with exactly the currency's minor
/// digits and its code as the commodity, so each tool's balances are `podledger balance`'s, sign for sign.
/// Account names follow `ExportAccountNames`; text follows `Escaping.journalText` (hledger, Ledger),
/// `Escaping.beancountString` (Beancount) and `Escaping.csvText` (CSV). docs/exports.md shows each format.
public struct ExportRenderer: Sendable {
    public let format: ExportFormat
    public let export: LedgerExport
    /// Account names are padded to the longest one (plus two spaces), so the amounts line up.
    private let accountWidth: Int

    public init(format: ExportFormat, export: LedgerExport) {
        self.format = format
        self.export = export
        accountWidth = export.accounts.map { Self.name($0.account, format).count }.max() ?? 0
    }

    /// The account's name in `format`.
    static func name(_ account: Account, _ format: ExportFormat) -> String {
        format == .beancount ? ExportAccountNames.beancount(account) : ExportAccountNames.journal(account)
    }

    static let csvColumns = [
        Column(key: "date", label: "Date", alignment: .left),
        Column(key: "entry", label: "Entry", alignment: .right),
        Column(key: "kind", label: "Kind", alignment: .left),
        Column(key: "account", label: "Account", alignment: .left),
        Column(key: "amount", label: "Amount", alignment: .right),
        Column(key: "description", label: "Description", alignment: .left),
        Column(key: "reference", label: "Reference", alignment: .left),
    ]

    // MARK: Header

    /// What comes before the entries: a comment saying what the file holds, then the directives each tool
    /// needs (the decimal mark, the commodity and its digits, every account with its type or opening day).
    public func header() -> String {
        switch format {
        case .csv:
            let table = Table(columns: Self.csvColumns, rows: [], totals: nil)
            return CSVRenderer.render(Document(title: nil, sections: [Section(title: nil, blocks: [.table(table)])], minorDigits: 0))
        case .hledger: return hledgerHeader()
        case .ledger: return ledgerHeader()
        case .beancount: return beancountHeader()
        }
    }

    /// "every entry of the ledger through 2024-06" or "every entry of the ledger".
    private var scope: String { "every entry of the ledger" + (export.through.map { " through \($0)" } ?? "") }

    private func intro(tool: String, comment: String) -> String {
        """
        \(comment) \(tool) file exported by podledger: \(scope), by date then entry number.
        \(comment) A month's redistribution (and a reopen's reversals) is dated on the month's last day. Amounts are as
        \(comment) posted, debits positive and credits negative, in \(export.currency.code) with \(export.currency.minorDigits) decimals. See docs/exports.md.

        """
    }

    /// `1000.00`: the number hledger's and Ledger's commodity directives take as the format of every amount.
    private var sampleNumber: String {
        "1000" + (export.currency.minorDigits == 0 ? "" : "." + String(repeating: "0", count: export.currency.minorDigits))
    }

    private func hledgerHeader() -> String {
        let code = export.currency.code
        var out = intro(tool: "hledger", comment: ";") + "\n"
        // A trailing point on a number without decimals is how hledger's directive says "no decimals".
        out += "decimal-mark .\ncommodity \(sampleNumber)\(export.currency.minorDigits == 0 ? "." : "") \(code)\n\n"
        var roots: [String: ExportAccountNames.BeancountRoot] = [:]
        for opened in export.accounts { roots[ExportAccountNames.podLedgerRoot(opened.account)] = ExportAccountNames.beancountRoot(opened.account) }
        for (root, type) in roots.sorted(by: { $0.key < $1.key }) { out += "account \(root)  ; type: \(type.hledgerType)\n" }
        for opened in export.accounts { out += "account \(ExportAccountNames.journal(opened.account))\n" }
        return out + "\n"
    }

    private func ledgerHeader() -> String {
        let code = export.currency.code
        var out = intro(tool: "Ledger", comment: ";") + "\n"
        out += "commodity \(code)\n    format \(sampleNumber) \(code)\n\ntag kind\ntag reference\n\n"
        for opened in export.accounts { out += "account \(ExportAccountNames.journal(opened.account))\n" }
        return out + "\n"
    }

    private func beancountHeader() -> String {
        let code = export.currency.code
        var out = intro(tool: "Beancount", comment: ";") + "\n"
        out += "option \"operating_currency\" \"\(code)\"\n\n"
        // Each account opens on the day of its first posting, and says which PodLedger account it is.
        for opened in export.accounts.sorted(by: { ExportAccountNames.beancount($0.account) < ExportAccountNames.beancount($1.account) }) {
            out += "\(opened.firstUsed) open \(ExportAccountNames.beancount(opened.account)) \(code)\n"
            out += "  podledger: \(Escaping.beancountString(opened.account.description))\n"
        }
        return out + "\n"
    }

    // MARK: Entries

    /// One entry: a transaction (a blank line after it), or in CSV one row per posting.
    public func render(_ entry: LedgerExport.Entry) -> String {
        switch format {
        case .csv: return csvRows(entry)
        case .hledger, .ledger: return journalTransaction(entry)
        case .beancount: return beancountTransaction(entry)
        }
    }

    private func amount(_ minor: Int64) -> String { Figures.plain(minor, minorDigits: export.currency.minorDigits) }

    /// `account` padded to the accounts' width, then `amount` right-aligned in 16 columns at least.
    private func postingLine(indent: String, account: String, amount: String) -> String {
        let gap = max(2, accountWidth + 2 - account.count) + max(0, 16 - amount.count)
        return indent + account + String(repeating: " ", count: gap) + amount + "\n"
    }

    /// `DATE * (NUMBER) DESCRIPTION`: cleared, the entry number as the code (so a description starting with `(`
    /// cannot be read as one), tags for the kind and the reference on comment lines, then the postings.
    private func journalTransaction(_ entry: LedgerExport.Entry) -> String {
        let code = export.currency.code
        let description = Escaping.journalText(entry.description, splitsPayee: format == .hledger)
        var out = "\(entry.date) * (\(entry.number))" + (description.isEmpty ? "" : " " + description) + "\n"
        out += "    ; kind: \(entry.kind.rawValue)\n"
        if let reference = entry.reference {
            out += "    ; reference: \(Escaping.journalText(reference))\n"
        }
        for posting in entry.postings {
            out += postingLine(indent: "    ", account: ExportAccountNames.journal(posting.account), amount: "\(amount(posting.amountMinor)) \(code)")
        }
        return out + "\n"
    }

    /// `DATE * "DESCRIPTION"` with the entry number, kind and reference as metadata, then the postings.
    private func beancountTransaction(_ entry: LedgerExport.Entry) -> String {
        let code = export.currency.code
        var out = "\(entry.date) * \(Escaping.beancountString(entry.description))\n"
        out += "  entry: \(entry.number)\n  kind: \"\(entry.kind.rawValue)\"\n"
        if let reference = entry.reference {
            out += "  reference: \(Escaping.beancountString(reference))\n"
        }
        for posting in entry.postings {
            out += postingLine(indent: "  ", account: ExportAccountNames.beancount(posting.account), amount: "\(amount(posting.amountMinor)) \(code)")
        }
        return out + "\n"
    }

    private func csvRows(_ entry: LedgerExport.Entry) -> String {
        var out = ""
        for posting in entry.postings {
            let cells: [Cell] = [.text(entry.date.description), .count(Int(entry.number)), .text(entry.kind.rawValue),
                                 .text(posting.account.description), .amount(posting.amountMinor), .text(entry.description),
                                 entry.reference.map { .text($0) } ?? .empty]
            out += cells.map { CSVRenderer.field($0, minorDigits: export.currency.minorDigits) }.joined(separator: ",") + CSVRenderer.lineEnd
        }
        return out
    }
}
