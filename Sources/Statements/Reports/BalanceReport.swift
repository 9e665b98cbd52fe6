import LedgerCore

/// `podledger balance`: every account with a nonzero balance, from the postings, and their total (zero:
/// the ledger balances). Debits are positive, credits negative, as in hledger.
public struct BalanceReport: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public let account: Account
        public let balanceMinor: Int64

        public init(account: Account, balanceMinor: Int64) {
            self.account = account
            self.balanceMinor = balanceMinor
        }
    }

    public let currency: Currency
    /// Balances at the end of this month; nil: over every entry.
    public let through: Month?
    /// Sorted by account name.
    public let lines: [Line]

    public init(currency: Currency, through: Month?, lines: [Line]) {
        self.currency = currency
        self.through = through
        self.lines = lines.sorted { $0.account < $1.account }
    }

    /// The sum of every balance: zero in a ledger that balances.
    public var totalMinor: Int64 { lines.reduce(0) { $0 + $1.balanceMinor } }

    public func render(_ format: ReportFormat) -> String { rendered(format) }
}

extension BalanceReport: DocumentRendering {
    func document() -> Document {
        let table = Table(
            columns: [Column(key: "account", label: "Account", alignment: .left),
                      Column(key: "balance", label: "Balance", alignment: .right)],
            rows: lines.map { [.text($0.account.description), .amount($0.balanceMinor)] },
            totals: [.text("Total"), .amount(totalMinor)])
        let scope = through.map { "at the end of \($0)" } ?? "over every entry"
        return Document(title: nil, sections: [
            Section(title: nil, blocks: [.paragraph("Balances in \(currency.code) \(scope); debits positive, credits negative."), .table(table)]),
        ], minorDigits: currency.minorDigits)
    }

    var json: JSON {
        let digits = currency.minorDigits
        return .object([
            ("currency", .string(currency.code)),
            ("through", through.map { .string($0.description) } ?? .null),
            ("accounts", .array(lines.map { line in
                .object([("account", .string(line.account.description)),
                         ("balance", .string(Figures.plain(line.balanceMinor, minorDigits: digits)))])
            })),
            ("total", .string(Figures.plain(totalMinor, minorDigits: digits))),
        ])
    }
}
