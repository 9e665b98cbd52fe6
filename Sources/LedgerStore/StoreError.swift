import LedgerCore

/// Errors raised by the ledger file: each description is one sentence saying what is wrong,
/// where (path, row, month, entry) and how to fix it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `create` found a file (or a leftover `-wal`/`-shm` journal) at the path.
    case ledgerExists(path: String)
    /// `open` found no file at the path.
    case ledgerMissing(path: String)
    /// The file is not a SQLite database written by PodLedger.
    case notALedger(path: String)
    /// The ledger was written by a newer PodLedger (its schema has migrations this build does not know).
    case newerFormat(path: String)
    /// The ledger's stored data cannot be read back (an invalid month, account or setting).
    case corrupt(path: String, detail: String)
    /// Another process holds the ledger's write lock for longer than the busy timeout.
    case busy(path: String)
    /// A network file in another currency than the ledger's.
    case currencyMismatch(ledger: String, network: String)
    /// The same row key was imported before with different content. `stored` and `new` are `FILE:LINE`.
    case conflictingRow(key: String, stored: String, new: String, differences: String)
    /// An income row dated in a closed month. `source` is `FILE:LINE`.
    case incomeInClosedMonth(source: String, day: Day)
    /// An income row that cannot be recorded (zero amount, overflow). `source` is `FILE:LINE`.
    case invalidRecord(source: String, reason: String)
    /// A network version effective in (or before) a closed month.
    case networkChangeInClosedMonth(effective: Month, lastClosed: Month)
    /// `closeMonths` got a month that is not the one after the last closed month.
    case monthNotNext(expected: Month, got: Month)
    /// `reopen` got a month that is not closed.
    case monthNotClosed(Month)
    /// An entry given to `closeMonths` that cannot be posted there (wrong month or kind).
    case invalidEntry(month: Month, description: String, reason: String)
    /// The entries given for a month leave a pod's pool nonzero.
    case poolNotZero(month: Month, account: String, balanceMinor: Int64)
    /// A sum would leave the Int64 range of minor units.
    case amountOverflow(String)
    /// Any other SQLite error, with SQLite's message.
    case database(String)

    public var description: String {
        switch self {
        case .ledgerExists(let path):
            return "a ledger (or its journal) already exists at \(path); choose another path with --ledger, or remove it if you really mean to start over"
        case .ledgerMissing(let path):
            return "no ledger at \(path); create one with `podledger init`, or point --ledger (or PODLEDGER_LEDGER) at an existing ledger"
        case .notALedger(let path):
            return "\(path) is not a PodLedger ledger; point --ledger at a file created by `podledger init`"
        case .newerFormat(let path):
            return "\(path) was written by a newer version of PodLedger; upgrade podledger to read it"
        case .corrupt(let path, let detail):
            return "the ledger \(path) holds unreadable data (\(detail)); run `podledger check` and restore it from a backup"
        case .busy(let path):
            return "the ledger \(path) is locked by another podledger process; try again when it has finished"
        case .currencyMismatch(let ledger, let network):
            return "the network is in \(network) but the ledger is in \(ledger); set currency = \"\(ledger)\" in the network file, or use a ledger created with --currency \(network)"
        case .conflictingRow(let key, let stored, let new, let differences):
            return "\(new): this row has \(StoreError.describeKey(key)) as the row imported from \(stored), but its \(differences); correct the file, or give the two payments different references"
        case .incomeInClosedMonth(let source, let day):
            return "\(source): income dated \(day) falls in closed month \(day.month); reopen it with `podledger reopen --month \(day.month)` first, or date the row in an open month"
        case .invalidRecord(let source, let reason):
            return "\(source): \(reason)"
        case .networkChangeInClosedMonth(let effective, let lastClosed):
            return "cannot change the network from \(effective): months through \(lastClosed) are closed; apply it --from \(lastClosed.next) or later, or reopen \(effective) first"
        case .monthNotNext(let expected, let got):
            if got < expected {
                return "month \(got) is already closed (months through \(expected.previous) are); reopen it first with `podledger reopen --month \(got)`"
            }
            return "cannot close \(got) before \(expected): months close in order; close \(expected) first"
        case .monthNotClosed(let month):
            return "month \(month) is not closed, so there is nothing to reopen; `podledger redistribute --month \(month)` closes it"
        case .invalidEntry(let month, let description, let reason):
            return "entry \(MessageText.quoted(description)) cannot be posted to close \(month): \(reason)"
        case .poolNotZero(let month, let account, let balance):
            return "the entries closing \(month) leave \(account) at \(balance) minor units instead of 0; the redistribution is wrong and was not posted"
        case .amountOverflow(let what):
            return "\(what) is too large to record in 64-bit minor units; check the amounts involved"
        case .database(let message):
            return "ledger database error: \(message)"
        }
    }

    /// A row key in words: its parts are joined by U+001F, which must never reach a terminal.
    static func describeKey(_ key: String) -> String {
        let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts[0] == "ref" {
            return "the same reference \(MessageText.quoted(parts[2])) for member \(MessageText.quoted(parts[1]))"
        }
        if parts.count > 2, parts[0] == "row" {
            return "the same content (" + MessageText.escaped(parts.dropFirst().joined(separator: ", ")) + ")"
        }
        return "the same key \(MessageText.quoted(parts.joined(separator: " ")))"
    }
}
