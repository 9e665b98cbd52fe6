import LedgerCore
import LedgerStore
import Statements

extension Ledger {
    /// `podledger export` (SPEC §9) in `format`, from one snapshot of the ledger, handed to `append` a piece at a time
    /// (`ExportRenderer`): the ledger is never held in memory.
    public func export(through month: Month?, format: ExportFormat, append: (String) throws -> Void) throws {
        try store.read { try export(in: $0, through: month, format: format, append: append) }
    }

    /// The export rendered from `transaction`: the header, then each entry of the months up to `through` (nil: all).
    func export(in transaction: LedgerTransaction, through month: Month?, format: ExportFormat, append: (String) throws -> Void) throws {
        var renderer: ExportRenderer?
        try export(in: transaction, through: month, header: { export in
            renderer = ExportRenderer(format: format, export: export)
            try append(renderer!.header())
        }, entry: { try append(renderer!.render($0)) })
    }

    /// What precedes the entries (the currency and every account with the day of its first posting), then every
    /// entry of the months up to `through` by date, then entry number, one at a time.
    private func export(in transaction: LedgerTransaction, through month: Month?, header: (LedgerExport) throws -> Void,
                        entry: (LedgerExport.Entry) throws -> Void) throws {
        let accounts = try transaction.firstUse(through: month)
        try header(LedgerExport(currency: currency, through: month,
                                accounts: accounts.map { LedgerExport.OpenedAccount(account: $0.account, firstUsed: $0.date) }))
        try transaction.forEachEntryByDate(through: month) { numbered in
            try entry(LedgerExport.Entry(number: numbered.id, kind: numbered.entry.kind, date: numbered.date,
                                         description: numbered.entry.description, reference: numbered.reference,
                                         postings: numbered.entry.postings))
        }
    }

    /// The whole export of the months through `through` in `format`, as one text (for the published site).
    func exportText(in transaction: LedgerTransaction, through month: Month?, format: ExportFormat) throws -> String {
        var text = ""
        try export(in: transaction, through: month, format: format) { text += $0 }
        return text
    }

    /// Writes the export file at `path` from text made a piece at a time by `body`, so that it appears whole or
    /// not at all (SPEC §10; `AtomicDirectory.writeFile(to:streaming:)`).
    public static func writeExport(to path: String, streaming body: (_ append: (String) throws -> Void) throws -> Void) throws {
        do {
            try AtomicDirectory.writeFile(to: path, streaming: body)
        } catch PodLedgerError.cannotWrite(let path, let reason) {
            throw PodLedgerError.cannotWriteExport(path: path, reason: reason)
        }
    }
}
