import LedgerCore
import Smoothing

/// What `podledger redistribute` prints for one month: each pod's members and how its pool, reserve and
/// network flows moved, in a few lines; its JSON is the network statement's (SPEC §4.1).
public struct RedistributionReport: Hashable, Sendable {
    public let statement: NetworkStatement
    /// A dry run: nothing was written.
    public let dryRun: Bool
    /// Active members with no income row in the month.
    public let membersWithoutIncome: [MemberID]

    public init(result: MonthResult, settings: NetworkSettings, dryRun: Bool, membersWithoutIncome: [MemberID] = []) {
        self.statement = NetworkStatement(result: result, settings: settings, preview: dryRun)
        self.dryRun = dryRun
        self.membersWithoutIncome = membersWithoutIncome
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }
}

extension RedistributionReport: DocumentRendering {
    func document() -> Document {
        let digits = statement.currency.minorDigits
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        var head: [Block] = [.paragraph("\(statement.month): \(dryRun ? "dry run, nothing written" : "closed").")]
        if !membersWithoutIncome.isEmpty {
            head.append(.paragraph("No income rows for \(membersWithoutIncome.map(\.raw).joined(separator: ", ")) (active this month): "
                + "fine if they earned nothing, otherwise import their income before closing."))
        }
        var sections = [Section(title: nil, blocks: head)]
        for pod in statement.pods {
            let table = Table(
                columns: [
                    Column(key: "member", label: "Member", alignment: .left),
                    Column(key: "income", label: "Income", alignment: .right),
                    Column(key: "pledge_percent", label: "Pledge", alignment: .right),
                    Column(key: "contribution", label: "Contributed", alignment: .right),
                    Column(key: "received", label: "Received", alignment: .right),
                    Column(key: "net", label: "Net", alignment: .right),
                ],
                rows: pod.members.map { line in
                    // A sickness fund's members deposit a fixed amount: they pledge nothing.
                    [.text(line.member.raw), .amount(line.incomeMinor), pod.fund == nil ? .percent(basisPoints: line.pledgeBasisPoints) : .text("—"),
                     .amount(line.contributionMinor), .amount(line.receivedMinor), .amount(line.netMinor)]
                },
                totals: nil)
            let flows = pod.fund.map { fund in
                "Deposits \(money(fund.depositsMinor)); own accounts \(money(fund.accountsOpeningMinor)) → \(money(fund.accountsClosingMinor)) "
                    + "(given toward benefits \(money(fund.giftsMinor)), refunded \(money(fund.refundsMinor))); "
                    + "benefits paid \(money(fund.benefitsMinor)); unmet \(money(fund.unmetMinor))."
            } ?? "Pool \(money(pod.contributionsMinor)); reserve \(money(pod.reserveOpeningMinor)) → \(money(pod.reserveClosingMinor)) "
                + "(drawn \(money(pod.reserveDrawMinor)), added \(money(pod.reserveDepositMinor + pod.surplusToReserveMinor))); "
                + "to the network \(money(pod.toNetworkMinor)); from the network \(money(pod.fromNetworkMinor)); unmet \(money(pod.unmetMinor))."
            sections.append(Section(title: "\(pod.pod) — \(pod.name) (\(pod.policyPhrase(digits: digits)))", blocks: [.table(table), .paragraph(flows)]))
        }
        sections.append(Section(title: nil, blocks: [
            .paragraph("Network reserve \(money(statement.reserveOpeningMinor)) → \(money(statement.reserveClosingMinor))."),
        ]))
        return Document(title: nil, sections: sections, minorDigits: digits)
    }

    /// The network statement's object, with `members_without_income`.
    var json: JSON {
        guard case .object(let fields) = statement.json else { return statement.json }
        return .object(fields + [("members_without_income", .array(membersWithoutIncome.map { .string($0.raw) }))])
    }
}
