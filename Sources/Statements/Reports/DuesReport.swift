import LedgerCore
import Smoothing

/// `podledger dues`: what each member owes their pod and each pod the network (SPEC §8), with the month since
/// which each has owed. Positive owes, negative is owed; the text says it in words.
public struct DuesReport: Hashable, Sendable {
    public let currency: Currency
    /// The last closed month counted; nil when none is closed.
    public let through: Month?
    public let pods: [Dues.PodDues]
    /// Display names by member id and by `pod:ID`.
    public let names: [String: String]

    public init(currency: Currency, through: Month?, pods: [Dues.PodDues], names: [String: String]) {
        self.currency = currency
        self.through = through
        self.pods = pods
        self.names = names
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }

    /// "owes the pod 120.00 since 2024-03", "is owed 40.00", "is settled".
    static func words(_ balance: Dues.Balance, toward: String, digits: Int) -> String {
        let outstanding = balance.outstandingMinor
        if outstanding > 0 {
            return "owes \(toward) \(Figures.grouped(outstanding, minorDigits: digits))" + (balance.oldestUnpaid.map { " since \($0)" } ?? "")
        }
        if outstanding < 0 { return "is owed \(Figures.grouped(-outstanding, minorDigits: digits))" }
        return "is settled"
    }
}

extension DuesReport: DocumentRendering {
    func document() -> Document {
        let digits = currency.minorDigits
        let columns = [
            Column(key: "pod", label: "Pod", alignment: .left, formats: .wide),
            Column(key: "party", label: "Party id", alignment: .left, formats: .csv),
            Column(key: "name", label: "Who", alignment: .left),
            Column(key: "due", label: "Due", alignment: .right),
            Column(key: "paid", label: "Paid", alignment: .right),
            Column(key: "outstanding", label: "Outstanding", alignment: .right),
            Column(key: "oldest_unpaid", label: "Since", alignment: .left),
            Column(key: "in_words", label: "In words", alignment: .left, formats: [.markdown, .html]),
        ]
        var sections: [Section] = [Section(title: nil, blocks: [.paragraph(
            "Dues \(through.map { "through \($0), the last closed month" } ?? "with no month closed yet"), in \(currency.code): "
                + "what each month's settlement asked of each member (due), what they paid net (paid) and what is left (outstanding: "
                + "positive owes, negative is owed), with the month since which they have owed.")])]
        for pod in pods {
            let podName = names["pod:" + pod.pod.raw] ?? pod.pod.raw
            var rows: [[Cell]] = pod.members.map { member in
                let name = names[member.member.raw] ?? member.member.raw
                return [.text(pod.pod.raw), .text(member.member.raw), .text(name), .amount(member.dues.dueMinor), .amount(member.dues.paidMinor),
                        .amount(member.dues.outstandingMinor), member.dues.oldestUnpaid.map { .text($0.description) } ?? .empty,
                        .text(name + " " + Self.words(member.dues, toward: "the pod", digits: digits))]
            }
            rows.append([.text(pod.pod.raw), .text("network"), .text("\(podName) → network"), .amount(pod.network.dueMinor),
                         .amount(pod.network.paidMinor), .amount(pod.network.outstandingMinor),
                         pod.network.oldestUnpaid.map { .text($0.description) } ?? .empty,
                         .text(podName + " " + Self.words(pod.network, toward: "the network", digits: digits))])
            let sentences = pod.members.filter { $0.dues.outstandingMinor != 0 }.map {
                (names[$0.member.raw] ?? $0.member.raw) + " " + Self.words($0.dues, toward: "the pod", digits: digits) + "."
            } + (pod.network.outstandingMinor != 0 ? [podName + " " + Self.words(pod.network, toward: "the network", digits: digits) + "."] : [])
            sections.append(Section(title: "\(pod.pod) — \(podName)", blocks: [
                .table(Table(columns: columns, rows: rows, totals: nil)),
                .paragraph(sentences.isEmpty ? "Everyone is settled." : sentences.joined(separator: " ")),
            ]))
        }
        return Document(title: nil, sections: sections, minorDigits: digits)
    }

    var json: JSON {
        let digits = currency.minorDigits
        func amount(_ minor: Int64) -> JSON { .string(Figures.plain(minor, minorDigits: digits)) }
        func balance(_ balance: Dues.Balance, _ extra: [(String, JSON)]) -> JSON {
            .object(extra + [("due", amount(balance.dueMinor)), ("paid", amount(balance.paidMinor)),
                             ("outstanding", amount(balance.outstandingMinor)),
                             ("oldest_unpaid", balance.oldestUnpaid.map { .string($0.description) } ?? .null)])
        }
        return .object([
            ("currency", .string(currency.code)),
            ("through", through.map { .string($0.description) } ?? .null),
            ("pods", .array(pods.map { pod in
                .object([
                    ("pod", .string(pod.pod.raw)),
                    ("members", .array(pod.members.map { balance($0.dues, [("member", .string($0.member.raw))]) })),
                    ("network", balance(pod.network, [])),
                ])
            })),
        ])
    }
}

/// `podledger reconcile`: the pod's cash in the ledger on a day beside the bank's balance.
public struct ReconcileReport: Hashable, Sendable {
    public let pod: PodID
    public let day: Day
    public let currency: Currency
    /// Payments in − payments out − expenses, dated up to `day`.
    public let ledgerMinor: Int64
    public let bankMinor: Int64

    public init(pod: PodID, day: Day, currency: Currency, ledgerMinor: Int64, bankMinor: Int64) {
        self.pod = pod
        self.day = day
        self.currency = currency
        self.ledgerMinor = ledgerMinor
        self.bankMinor = bankMinor
    }

    /// Bank minus ledger: positive, the bank holds more than the ledger knows of.
    public var differenceMinor: Int64 { bankMinor - ledgerMinor }
    public var agrees: Bool { differenceMinor == 0 }

    public func render(_ format: ReportFormat) -> String { rendered(format) }
}

extension ReconcileReport: DocumentRendering {
    func document() -> Document {
        let digits = currency.minorDigits
        let verdict = agrees
            ? "The ledger and the bank agree on \(day)."
            : "They differ: the bank holds \(Figures.grouped(abs(differenceMinor), minorDigits: digits)) "
                + (differenceMinor > 0 ? "more" : "less") + " than the ledger knows of. Look for a payment or an expense not "
                + "recorded (or recorded twice), or one dated on the wrong side of \(day)."
        let table = Table(
            columns: [Column(key: "item", label: "Item", alignment: .left), Column(key: "amount", label: "Amount", alignment: .right)],
            rows: [[.label(key: "ledger", text: "Cash in the ledger (pods:\(pod):bank)"), .amount(ledgerMinor)],
                   [.label(key: "bank", text: "Balance at the bank"), .amount(bankMinor)],
                   [.label(key: "difference", text: "Difference (bank − ledger)"), .amount(differenceMinor)]],
            totals: nil, showsHeaderInText: false)
        return Document(title: nil, sections: [Section(title: nil, blocks: [
            .paragraph("Pod \(pod), \(day), \(currency.code): payments in minus payments out minus expenses dated up to that day."),
            .table(table), .paragraph(verdict),
        ])], minorDigits: digits)
    }

    var json: JSON {
        let digits = currency.minorDigits
        return .object([
            ("pod", .string(pod.raw)), ("date", .string(day.description)), ("currency", .string(currency.code)),
            ("ledger", .string(Figures.plain(ledgerMinor, minorDigits: digits))), ("bank", .string(Figures.plain(bankMinor, minorDigits: digits))),
            ("difference", .string(Figures.plain(differenceMinor, minorDigits: digits))), ("agrees", .bool(agrees)),
        ])
    }
}
