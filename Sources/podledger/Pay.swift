import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Pay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a payment between a member and their pod, two members of one pod, or a pod and the network.",
        discussion: """
            Parties are a member id (alice), a pod as pod:POD (pod:aurora) or network. A member pays their own pod \
            (and the pod pays them back); two members of one pod settle directly (the payer pays the pod and the \
            pod pays the payee); a pod pays the network and the network pays a pod. With --reference, recording \
            the same payment again adds nothing.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Who pays: a member id, pod:POD or network.", valueName: "PARTY"))
    var from: String

    @Option(help: ArgumentHelp("Who is paid: a member id, pod:POD or network.", valueName: "PARTY"))
    var to: String

    @Option(parsing: .unconditional, help: ArgumentHelp("The amount, positive, e.g. 120.00.", valueName: "AMOUNT"))
    var amount: String

    @Option(help: ArgumentHelp("The day the money moved.", valueName: "YYYY-MM-DD"))
    var date: String

    @Option(help: ArgumentHelp("The bank's or payer's reference (makes recording it again a no-op).", valueName: "REF"))
    var reference: String?

    @Option(help: ArgumentHelp("What the payment is for.", valueName: "TEXT"))
    var description: String?

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger()
            let payment = Payment(
                day: try Day(parsing: date), from: try PaymentParty(parsing: from), to: try PaymentParty(parsing: to),
                amountMinor: try Money.parseMinor(amount, minorDigits: ledger.currency.minorDigits),
                reference: reference.flatMap { $0.isEmpty ? nil : $0 }, description: description ?? "")
            let outcome = try ledger.pay(payment)
            let shown = Money.format(payment.amountMinor, minorDigits: ledger.currency.minorDigits)
            print(outcome == .present
                ? "already recorded: \(shown) from \(payment.from) to \(payment.to) on \(payment.day) (reference \(payment.reference ?? ""))"
                : "recorded \(shown) from \(payment.from) to \(payment.to) on \(payment.day)")
        }
    }
}

struct Dues: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What each member owes their pod and each pod the network, after the closed months and the payments.",
        discussion: "Positive owes, negative is owed; oldest unpaid is the closed month since which the party has owed without a break."
    )

    enum Format: String, FormatChoice { case text, md, csv, json }

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only this pod.", valueName: "POD"))
    var pod: String?

    @Option(help: "The output format.")
    var format: Format = .text

    func run() throws {
        try runReportingErrors {
            let pod = try self.pod.map { try PodID($0) }
            print(try global.openLedger(readOnly: true).dues(pod: pod).render(format.report), terminator: "")
        }
    }
}

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a pod's cash in the ledger with its bank balance on a day; exit 1 when they differ."
    )

    enum Format: String, FormatChoice { case text, json }

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pod.", valueName: "POD"))
    var pod: String

    @Option(parsing: .unconditional, help: ArgumentHelp("The balance the bank shows (negative when overdrawn, e.g. -45.00).", valueName: "AMOUNT"))
    var bankBalance: String

    @Option(help: ArgumentHelp("The day of the bank's balance (end of day).", valueName: "YYYY-MM-DD"))
    var date: String

    @Option(help: "The output format.")
    var format: Format = .text

    func run() throws {
        try runReportingErrors {
            let ledger = try global.openLedger(readOnly: true)
            let report = try ledger.reconcile(pod: try PodID(pod), bankBalanceMinor: try Money.parseMinor(bankBalance, minorDigits: ledger.currency.minorDigits),
                                              day: try Day(parsing: date))
            print(report.render(format.report), terminator: "")
            if !report.agrees { throw ExitCode(1) }
        }
    }
}
