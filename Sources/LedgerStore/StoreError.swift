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
    /// The path names something other than a regular file (a FIFO, a socket, a device).
    case notARegularFile(path: String, kind: String)
    /// A SQLite file that cannot be read whole: cut short, or pages damaged.
    case damaged(path: String, detail: String)
    /// SQLite cannot open the file or create its journal (missing folder, permissions, read-only file system).
    case cannotOpen(path: String, reason: String)
    /// A write was refused because the file or its folder is read-only.
    case readOnly(path: String)
    /// The disk holding the ledger is full.
    case diskFull(path: String)
    /// The operating system reported an I/O error on the ledger or its journal.
    case io(path: String, detail: String)
    /// The ledger was written by a newer PodLedger (its schema has migrations this build does not know).
    case newerFormat(path: String)
    /// The ledger's stored data cannot be read back (an invalid month, account or setting).
    case corrupt(path: String, detail: String)
    /// Another process holds the ledger's write lock for longer than the busy timeout.
    case busy(path: String)
    /// The same row key was imported before with different content. `stored` and `new` are `FILE:LINE`.
    case conflictingRow(key: String, stored: String, new: String, differences: String)
    /// A payment or an expense recorded before under the same key with other content. `stored` says where
    /// the first came from (`FILE:LINE`, or the entry a command recorded); `new` is `FILE:LINE` or nil for a command.
    case conflictingRecord(kind: String, key: String, stored: String, new: String?, differences: String)
    /// An income row that cannot be recorded (zero amount, overflow). `source` is `FILE:LINE`.
    case invalidRecord(source: String, reason: String)
    /// An entry given to `closeMonths` that cannot be posted there (wrong month or kind).
    case invalidEntry(month: Month, description: String, reason: String)
    /// The entries given for a month leave a pod's pool nonzero.
    case poolNotZero(month: Month, account: String, balanceMinor: Int64)
    /// Recording the row would take the ledger's volume past `Limits.volumeMinorMax`. `source` is `FILE:LINE`.
    case volumeExceeded(source: String, limitMinor: Int64, minorDigits: Int)
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
        case .notARegularFile(let path, let kind):
            return "\(path) is \(kind), not a ledger file; point --ledger at a file created by `podledger init`"
        case .damaged(let path, let detail):
            return "the ledger \(path) is damaged (\(detail)); nothing was changed: restore it from a backup, and run `podledger check --full` on the copy you restore"
        case .cannotOpen(let path, let reason):
            return "cannot open the ledger \(path): \(reason); check the path and its permissions, or point --ledger elsewhere"
        case .readOnly(let path):
            return "the ledger \(path) (or its folder) is read-only, so nothing can be recorded in it; reading commands still work, or copy it somewhere writable"
        case .diskFull(let path):
            return "the disk holding the ledger \(path) is full; nothing was changed: free some space and run the command again"
        case .io(let path, let detail):
            return "the operating system reported an error reading or writing the ledger \(path) (\(detail)); nothing was changed: check the disk (free space, permissions, health) and try again"
        case .newerFormat(let path):
            return "\(path) was written by a newer version of PodLedger; upgrade podledger to read it"
        case .corrupt(let path, let detail):
            return "the ledger \(path) holds unreadable data (\(detail)); run `podledger check` and restore it from a backup"
        case .busy(let path):
            return "the ledger \(path) is locked by another podledger process; try again when it has finished"
        case .conflictingRow(let key, let stored, let new, let differences):
            return "\(new): this row has \(StoreError.describeKey(key)) as the row imported from \(stored), but its \(differences); correct the file, or give the two payments different references"
        case .conflictingRecord(let kind, let key, let stored, let new, let differences):
            return (new.map { "\($0): this \(kind)" } ?? "this \(kind)") + " has \(StoreError.describeKey(key)) as the \(kind) \(stored), "
                + "but its \(differences); give it another reference if it is another \(kind), or correct it"
        case .invalidRecord(let source, let reason):
            return "\(source): \(reason)"
        case .invalidEntry(let month, let description, let reason):
            return "entry \(MessageText.quoted(description)) cannot be posted to close \(month): \(reason)"
        case .poolNotZero(let month, let account, let balance):
            return "the entries closing \(month) leave \(account) at \(balance) minor units instead of 0; the redistribution is wrong and was not posted"
        case .volumeExceeded(let source, let limit, let digits):
            return "\(source): this row would take the ledger's total volume (the sum of every amount imported, ignoring signs) past \(Money.format(limit, minorDigits: digits)), the most one ledger holds so that every total stays exact; check the amount, or start a new ledger for the amounts beyond it"
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
        if parts.count == 4, parts[0] == "pay" {
            return "the same reference \(MessageText.quoted(parts[3])) for a payment from \(parts[1]) to \(parts[2])"
        }
        if parts.count == 3, parts[0] == "exp" {
            return "the same reference \(MessageText.quoted(parts[2])) for an expense of pod \(parts[1])"
        }
        if parts.count > 2, parts[0] == "row" || parts[0] == "pay" || parts[0] == "exp" {
            return "the same content (" + MessageText.escaped(parts.dropFirst().joined(separator: ", ")) + ")"
        }
        return "the same key \(MessageText.quoted(parts.joined(separator: " ")))"
    }
}
