import IncomeImport
import LedgerCore
import LedgerStore
import Statements

extension Ledger {
    /// Records one of a pod's expenses (`podledger expense`), in one transaction with the network and the
    /// closed months it is checked against. With a reference, recording it again adds nothing (and another
    /// expense under the same reference is refused); without one, recording it twice records two.
    @discardableResult
    public func recordExpense(_ expense: Expense) throws -> RecordOutcome {
        try writing { snapshot in
            try snapshot.check(expense)
            let key: String
            if let reference = expense.reference {
                key = ExpenseKey.reference(pod: expense.pod, reference: reference)
            } else {
                let content = ExpenseKey.content(expense)
                key = ExpenseKey.row(content: content, occurrence: try snapshot.transaction.nextOccurrence(of: content))
            }
            let outcome = try snapshot.transaction.record(try Ledger.entry(expense, reversal: false), key: key, reference: expense.reference, source: nil)
            if outcome == .inClosedMonth { throw PodLedgerError.monthClosed(expense.day.month) }
            return outcome
        }
    }

    /// Reverses the expense recorded under `reference` for `pod`: a correction is a reversing record, never an
    /// edit, dated on the expense's own day (so its month must be open). Reversing it again adds nothing.
    /// Returns the expense reversed and whether this call recorded the reversal.
    public func reverseExpense(pod: PodID, reference: String) throws -> (expense: Expense, outcome: RecordOutcome) {
        try writing { snapshot in
            let key = ExpenseKey.reference(pod: pod, reference: reference)
            guard let stored = try snapshot.transaction.recorded(key: key), stored.entry.kind == .expense,
                  let amount = stored.entry.postings.first(where: { $0.account == .expenses(pod) })?.amountMinor, let day = stored.entry.day else {
                throw PodLedgerError.noSuchExpense(pod: pod.raw, reference: reference)
            }
            let expense = Expense(pod: pod, day: day, amountMinor: amount, description: stored.entry.description, reference: reference)
            let outcome = try snapshot.transaction.record(try Ledger.entry(expense, reversal: true), key: ExpenseKey.reversal(of: key),
                                                          reference: reference, source: nil)
            if outcome == .inClosedMonth { throw PodLedgerError.monthClosed(day.month) }
            return (expense, outcome)
        }
    }

    /// Imports every expense of every file, or nothing (SPEC §6 with the rules of §2.2): each row's pod must be in
    /// the network in its month and the month open; a row already recorded (same key, same content) is counted
    /// as already present wherever it falls.
    public func importExpenses(files: [String], rulesFile: String? = nil, dryRun: Bool = false) throws -> ImportReport {
        let rules = try rulesFile.map { file in try ImportRules(parsing: try Ledger.readText(file), file: file, kind: .expenses) }
            ?? .defaultExpenses
        return try writing(commit: !dryRun) { snapshot in
            var counts: [Month: (added: Int, present: Int)] = [:]
            var inClosedMonths: [(source: String, month: Month)] = []
            var rowCount = 0
            let currency = currency
            try RowPipeline.read(files: files, reading: { file, emit in
                try IncomeFileReader(path: file, currency: currency, rules: rules, occurrenceSpill: Ledger.occurrenceSpill).readExpenses(emit)
            }) { row in
                rowCount += 1
                guard rowCount <= Limits.importRowsMax else { throw PodLedgerError.tooManyRows(limit: Limits.importRowsMax) }
                do {
                    try snapshot.check(row.expense)
                } catch PodLedgerError.invalidExpense(_, let reason) {
                    throw PodLedgerError.row(file: row.file, line: row.line, message: reason)
                }
                let month = row.expense.day.month
                switch try snapshot.transaction.record(try Ledger.entry(row.expense, reversal: false), key: row.key,
                                                       reference: row.expense.reference, source: SourceLine(file: row.file, line: row.line)) {
                case .added: counts[month, default: (0, 0)].added += 1
                case .present: counts[month, default: (0, 0)].present += 1
                case .inClosedMonth: inClosedMonths.append(("\(row.file):\(row.line)", month))
                }
            }
            if !inClosedMonths.isEmpty {
                throw PodLedgerError.newRowsInClosedMonths(count: inClosedMonths.count, first: inClosedMonths[0].source,
                                                           months: Set(inClosedMonths.map(\.month)).sorted())
            }
            return ImportReport(dryRun: dryRun, months: counts.map { month, count in
                ImportReport.MonthCount(month: month, newRows: count.added, presentRows: count.present)
            }, noun: "expense")
        }
    }

    /// The entry that records an expense (or its reversal): the pod's expenses account against its bank.
    static func entry(_ expense: Expense, reversal: Bool) throws -> Entry {
        try Entry(kind: .expense, month: expense.day.month, day: expense.day,
                  description: reversal ? "reversal: \(expense.description)" : expense.description,
                  postings: expense.postings(reversal: reversal))
    }
}

extension Snapshot {
    /// Refuses an expense of a pod the network does not have in its month, dated before the network's first
    /// month, not positive or without a description.
    func check(_ expense: Expense) throws {
        let timeline = try timeline()
        let month = expense.day.month
        guard month >= timeline.firstMonth else {
            throw PodLedgerError.invalidExpense(expense, reason: "\(expense.day) is before the network's first month \(timeline.firstMonth); fix the date")
        }
        guard let pod = timeline.settings(for: month).pod(expense.pod) else {
            throw PodLedgerError.invalidExpense(expense, reason: "the network has no pod \(MessageText.quoted(expense.pod.raw)) in \(month); "
                + "use a pod id from the network file (`podledger network show` lists them)")
        }
        // A fund's month pays no shared costs (SPEC §7): an expense would never be paid, nor shown to its members.
        guard pod.policy.sicknessTerms == nil else {
            throw PodLedgerError.invalidExpense(expense, reason: "pod \(MessageText.quoted(expense.pod.raw)) is a sickness fund in \(month), and a fund "
                + "has no shared costs: its deposits go to the members' own accounts and only pay benefits; pay the fund's running costs outside the ledger")
        }
        guard expense.amountMinor > 0 else {
            throw PodLedgerError.invalidExpense(expense, reason: "the amount must be positive; to correct an expense, reverse it (`podledger expense --pod POD --reverse REFERENCE`)")
        }
        guard !expense.description.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PodLedgerError.invalidExpense(expense, reason: "an expense needs a description: say what it paid for (members read it on their statements)")
        }
    }
}
