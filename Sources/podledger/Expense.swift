import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct ExpenseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expense",
        abstract: "Record one of a pod's shared costs, paid from the pod's bank; or reverse one to correct it.",
        discussion: """
            Closing a month pays the pod's expenses from the month's pool, then the reserve, and carries what \
            neither covers to the next month. An expense in a closed month needs a reopen first. A correction is a \
            reversal (--reverse REFERENCE), never an edit; give expenses a reference so they can be reversed.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pod that paid it.", valueName: "POD"))
    var pod: String

    @Option(help: ArgumentHelp("The day it was paid.", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("The amount, positive, e.g. 85.00.", valueName: "AMOUNT"))
    var amount: String?

    @Option(help: ArgumentHelp("What it paid for (members read it on their statements).", valueName: "TEXT"))
    var description: String?

    @Option(help: ArgumentHelp("The invoice's or bank's reference (makes recording it again a no-op, and lets you reverse it).", valueName: "REF"))
    var reference: String?

    @Option(help: ArgumentHelp("Reverse the pod's expense recorded under this reference instead.", valueName: "REF"))
    var reverse: String?

    func validate() throws {
        if reverse != nil {
            guard date == nil, amount == nil, description == nil, reference == nil else {
                throw ValidationError("--reverse takes only --pod: the reversal copies the expense it reverses")
            }
        } else {
            guard date != nil, amount != nil, description != nil else {
                throw ValidationError("an expense needs --date, --amount and --description (or --reverse REFERENCE to correct one)")
            }
        }
    }

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger()
            let digits = ledger.currency.minorDigits
            if let reverse {
                let (expense, outcome) = try ledger.reverseExpense(pod: try PodID(pod), reference: reverse)
                let shown = Money.format(expense.amountMinor, minorDigits: digits)
                print(outcome == .present
                    ? "already reversed: \(shown) of pod \(expense.pod) on \(expense.day) (reference \(reverse))"
                    : "reversed \(shown) of pod \(expense.pod) on \(expense.day): \(expense.description)")
                return
            }
            let expense = LedgerCore.Expense(
                pod: try PodID(pod), day: try Day(parsing: date!), amountMinor: try Money.parseMinor(amount!, minorDigits: digits),
                description: description!, reference: reference.flatMap { $0.isEmpty ? nil : $0 })
            let outcome = try ledger.recordExpense(expense)
            let shown = Money.format(expense.amountMinor, minorDigits: digits)
            print(outcome == .present
                ? "already recorded: \(shown) of pod \(expense.pod) on \(expense.day) (reference \(expense.reference ?? ""))"
                : "recorded \(shown) of pod \(expense.pod) on \(expense.day): \(expense.description)")
        }
    }
}
