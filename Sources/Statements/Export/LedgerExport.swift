import LedgerCore

/// The formats `podledger export` writes (SPEC §9): a journal for hledger, one for Ledger, a Beancount file, and
/// CSV with one row per posting for spreadsheets.
public enum ExportFormat: String, CaseIterable, Sendable {
    case hledger, ledger, beancount, csv

    /// The file extension each tool expects by habit.
    public var fileExtension: String {
        switch self {
        case .hledger: return "journal"
        case .ledger: return "ledger"
        case .beancount: return "beancount"
        case .csv: return "csv"
        }
    }

    /// What the file is, as the published site's downloads page says it.
    public var siteDescription: String {
        switch self {
        case .hledger: return "every entry as an hledger journal (hledger -f export.journal balance)"
        case .ledger: return "every entry as a Ledger journal (ledger -f export.ledger balance)"
        case .beancount: return "every entry for Beancount (bean-check export.beancount)"
        case .csv: return "every posting, one row each, for spreadsheets"
        }
    }
}

/// What `podledger export` writes, less the entries: the ledger's currency, the last month exported and every
/// account posted to with the date of its first posting. The entries follow one at a time (`Entry`), by date
/// then entry number, so that an export of a large ledger is never held in memory; `ExportRenderer` turns the
/// header and each entry into the chosen format.
public struct LedgerExport: Hashable, Sendable {
    /// One entry of the ledger, with the postings as they were posted: debits positive, credits negative.
    public struct Entry: Hashable, Sendable {
        /// The entry's number in the ledger (`podledger register` shows it), in the order entries were recorded.
        public let number: Int64
        public let kind: EntryKind
        /// The entry's day; a month's redistribution and the reversals of a reopen are dated on the month's last day.
        public let date: Day
        public let description: String
        /// The reference an income row, a payment or an expense was recorded with.
        public let reference: String?
        public let postings: [Posting]

        public init(number: Int64, kind: EntryKind, date: Day, description: String, reference: String?, postings: [Posting]) {
            self.number = number
            self.kind = kind
            self.date = date
            self.description = description
            self.reference = reference
            self.postings = postings
        }
    }

    /// An account and the date of the first entry that posts to it (Beancount opens it on that day).
    public struct OpenedAccount: Hashable, Sendable {
        public let account: Account
        public let firstUsed: Day

        public init(account: Account, firstUsed: Day) {
            self.account = account
            self.firstUsed = firstUsed
        }
    }

    public let currency: Currency
    /// The last month whose entries are exported; nil: every entry.
    public let through: Month?
    /// Sorted by account name.
    public let accounts: [OpenedAccount]

    public init(currency: Currency, through: Month?, accounts: [OpenedAccount]) {
        self.currency = currency
        self.through = through
        self.accounts = accounts.sorted { $0.account < $1.account }
    }
}
