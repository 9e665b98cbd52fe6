import LedgerCore

/// Errors of the library's use cases: each names the file and line, member or month involved and what to do.
public enum PodLedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A problem with one row of an income file.
    case row(file: String, line: Int, message: String)
    /// A problem with a network file.
    case networkFile(file: String, message: String)
    case noNetwork
    case currencyMismatch(file: String, fileCurrency: String, ledgerCurrency: String)
    case changeInClosedMonth(effective: Month, lastClosed: Month, first: Month)
    case monthClosed(Month)
    case monthNotNext(requested: Month, next: Month)
    case monthNotClosed(Month, lastClosed: Month?)
    case nothingToClose(through: Month, lastClosed: Month)
    case beforeFirstMonth(Month, first: Month)
    case unknownPod(String)
    case unknownMember(String)
    case unknownAccount(String, closest: [String])
    case fileUnreadable(file: String, reason: String)
    case tooManyRows(limit: Int)
    /// New income rows dated in closed months (rows already in the ledger are not counted).
    case newRowsInClosedMonths(count: Int, first: String, months: [Month])
    /// The settlement of a closed month moves an account by a different amount than the ledger's postings do.
    case settlementDisagrees(month: Month, account: String, ledgerMinor: Int64, settlementMinor: Int64, minorDigits: Int)
    case podInactive(pod: String, month: Month)
    case emptyRange(from: Month, through: Month)
    case cannotWrite(path: String, reason: String)
    /// `export -o FILE` could not write its file (`cannotWrite`, said of an export).
    case cannotWriteExport(path: String, reason: String)
    case monthsNotClosed(through: Month, lastClosed: Month?)
    case simulationStartsAfterOpenMonth(from: Month, next: Month)
    case simulation(month: Month, reason: String)
    /// A payment that cannot be recorded: parties that may not pay each other, an unknown party, no amount.
    case invalidPayment(Payment, reason: String)
    case invalidExpense(Expense, reason: String)
    /// A period of sickness that cannot be recorded or ended.
    case sickness(String)
    /// `expense --reverse` names no expense recorded for the pod under that reference.
    case noSuchExpense(pod: String, reference: String)
    /// `redistribute --strict`: active members with no income row in the month.
    case membersWithoutIncome(month: Month, members: [String])
    /// A new network version leaves out a member who is active in the settings in effect.
    case memberRemoved(member: String, file: String, effective: Month)
    /// Imported income of a month whose member is not active in it (under the settings effective from `settingsFrom`).
    /// `lastMonth`: the last month with income of that member.
    case incomeWithoutMember(member: String, month: Month, lastMonth: Month, settingsFrom: Month)
    case ledgerDisagrees(month: Month, member: String, ledgerMinor: Int64, computedMinor: Int64)
    /// The ledger holds figures no close could have posted (it was altered by hand).
    case ledgerUncomputable(month: Month?, reason: String)
    /// `publish` without `--through` on a ledger with no closed month.
    case nothingToPublish(first: Month)
    /// `publish` into a folder that holds something other than a site it wrote.
    case notASiteFolder(path: String)

    public var description: String {
        switch self {
        case .row(let file, let line, let message):
            return "\(file):\(line): \(message)"
        case .networkFile(let file, let message):
            return "\(file): \(message)"
        case .noNetwork:
            return "the ledger has no network yet; record one with `podledger network apply FILE`"
        case .currencyMismatch(let file, let fileCurrency, let ledgerCurrency):
            return "\(file): currency \(fileCurrency) differs from the ledger's \(ledgerCurrency); a ledger holds one currency"
        case .changeInClosedMonth(let effective, let lastClosed, let first):
            // Reopening can only start at a month the network has; a change dated before it starts there.
            let reopen = max(effective, first)
            let before = effective < first ? " (before the network's first month \(first))" : ""
            return "a change effective \(effective)\(before) would alter closed months (closed through \(lastClosed)); "
                + "apply it --from \(lastClosed.next), or reopen the months first with `podledger reopen --month \(reopen)`, "
                + "apply it, and close them again"
        case .monthClosed(let month):
            return "month \(month) is already closed; to change it run `podledger reopen --month \(month)` first"
        case .monthNotNext(let requested, let next):
            return "month \(requested) cannot be closed yet: months close in order and the next open month is \(next); use `podledger redistribute --through \(requested)`"
        case .monthNotClosed(let month, let lastClosed):
            let closed = lastClosed.map { "months are closed through \($0)" } ?? "no month is closed yet"
            return "month \(month) is not closed (\(closed)), so there is nothing to reopen"
        case .nothingToClose(let through, let lastClosed):
            return "every month through \(through) is already closed (closed through \(lastClosed))"
        case .beforeFirstMonth(let month, let first):
            return "month \(month) is before the network's first month \(first)"
        case .unknownPod(let pod):
            return "unknown pod \(MessageText.quoted(pod)); `podledger network show` lists the pods"
        case .unknownMember(let member):
            return "unknown member \(MessageText.quoted(member)); `podledger network show` lists the members"
        case .unknownAccount(let account, let closest):
            let hint = closest.isEmpty ? "the ledger has no accounts yet" : "did you mean " + closest.joined(separator: ", ") + "?"
            return "the ledger has no account \(account); \(hint) (`podledger balance` lists the accounts)"
        case .fileUnreadable(let file, let reason):
            return "\(file): cannot read the file: \(reason)"
        case .ledgerDisagrees(let month, let member, let ledgerMinor, let computedMinor):
            return "the ledger holds a net of \(ledgerMinor) minor units for member \(MessageText.quoted(member)) in \(month) but the calculator gives \(computedMinor); run `podledger check`, and reopen \(month) if income was changed"
        case .invalidPayment(let payment, let reason):
            return "cannot record a payment from \(payment.from) to \(payment.to) on \(payment.day): \(reason); nothing was recorded"
        case .invalidExpense(let expense, let reason):
            return "cannot record an expense of pod \(expense.pod) on \(expense.day): \(reason); nothing was recorded"
        case .sickness(let reason):
            return "\(reason); nothing was recorded"
        case .noSuchExpense(let pod, let reference):
            return "pod \(pod) has no expense recorded under reference \(MessageText.quoted(reference)); `podledger register --account expenses:\(pod)` lists its expenses"
        case .membersWithoutIncome(let month, let members):
            return "\(month): no income rows for \(members.joined(separator: ", ")), active in \(month); import their income first, "
                + "or, if they earned nothing, close without --strict (nothing was closed)"
        case .memberRemoved(let member, let file, let effective):
            return "\(file): member \(MessageText.quoted(member)) is active in the settings in effect for \(effective) but missing from this file; "
                + "did you mean `left = \"\(effective.previous)\"` (their last month) in their [[pod.member]] table? A member who leaves keeps "
                + "their history that way; give --allow-removal to drop them from \(effective) on"
        case .incomeWithoutMember(let member, let month, let lastMonth, let settingsFrom):
            return "member \(MessageText.quoted(member)) has income imported in \(month) but is not active in \(month) under the network "
                + "settings effective from \(settingsFrom), so closing the month would leave that income out; keep them active "
                + (lastMonth == month ? "in \(month)" : "from \(month) through \(lastMonth), the last month with their income,")
                + " (their joined and left months), or apply the change from a later month"
        case .ledgerUncomputable(let month, let reason):
            return "\(month.map { "\($0): " } ?? "")\(reason), which no close could have posted: the ledger was altered; run `podledger check` and restore it from a backup"
        case .monthsNotClosed(let through, let lastClosed):
            return "figures cover closed months only, and \(through) is open (\(lastClosed.map { "closed through \($0)" } ?? "no month is closed")); close it with `podledger redistribute --through \(through)` or use `podledger simulate`"
        case .simulationStartsAfterOpenMonth(let from, let next):
            return "a simulation must start at a closed month or at the first open one (\(next)), not \(from): the months before it need closing balances"
        case .simulation(let month, let reason):
            return "cannot simulate \(month): \(reason)"
        case .settlementDisagrees(let month, let account, let ledgerMinor, let settlementMinor, let digits):
            return "the settlement of \(month) moves \(account) by \(Money.format(settlementMinor, minorDigits: digits)) "
                + "but the ledger's postings move it by \(Money.format(ledgerMinor, minorDigits: digits)); no statement is "
                + "printed for a month that does not match its ledger: run `podledger check`, and reopen \(month) if the "
                + "ledger was changed"
        case .podInactive(let pod, let month):
            return "pod \(MessageText.quoted(pod)) has no active member in \(month), so it has no statement for that month"
        case .emptyRange(let from, let through):
            return "--from \(from) is after --through \(through); give the earlier month first"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write a statement there: \(reason)"
        case .cannotWriteExport(let path, let reason):
            return "\(path): cannot write the export there: \(reason)"
        case .newRowsInClosedMonths(let count, let first, let months):
            let list = months.map(\.description).joined(separator: ", ")
            let rows = count == 1 ? "1 new row is" : "\(count) new rows are"
            let closed = months.count == 1 ? "closed month \(list)" : "closed months \(list)"
            return "\(first): \(rows) dated in \(closed) (rows already in the ledger are fine); nothing was imported: "
                + "reopen with `podledger reopen --month \(months[0])`, import again and close the months again, or remove those rows"
        case .nothingToPublish(let first):
            return "no month is closed yet, so there is nothing to publish; close months with `podledger redistribute --through MONTH`, "
                + "or give --through \(first) or later to publish previews"
        case .notASiteFolder(let path):
            return "\(path): publishing replaces the whole folder, and it holds files that are not a site published by podledger; "
                + "publish into a new or empty folder"
        case .tooManyRows(let limit):
            return "the import has more than \(limit) rows; split it into several imports"
        }
    }
}
