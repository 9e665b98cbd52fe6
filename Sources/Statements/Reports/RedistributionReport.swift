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
    /// How much a text, Markdown or HTML rendering shows (JSON is always whole).
    public var detail: Detail

    public enum Detail: Hashable, Sendable {
        /// Every pod's members and flows.
        case full
        /// The network's totals in a few lines: for each month but the last when `--through` closes several,
        /// which would otherwise print every pod of every month (on 2,000 pods, 25 MB for two years).
        case summary
    }

    public init(result: MonthResult, settings: NetworkSettings, dryRun: Bool, membersWithoutIncome: [MemberID] = [], detail: Detail = .full) {
        self.statement = NetworkStatement(result: result, settings: settings, preview: dryRun)
        self.dryRun = dryRun
        self.membersWithoutIncome = membersWithoutIncome
        self.detail = detail
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }
}

extension RedistributionReport: DocumentRendering {
    func document() -> Document {
        let digits = statement.currency.minorDigits
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        var head: [Block] = [.paragraph("\(statement.month): \(dryRun ? "dry run, nothing written" : "closed").")]
        if detail == .summary {
            return Document(title: nil, sections: [Section(title: nil, blocks: [.paragraph(summary(money: money))])], minorDigits: digits)
        }
        if !membersWithoutIncome.isEmpty {
            head.append(.paragraph("No income rows for \(membersWithoutIncome.map(\.raw).joined(separator: ", ")) (active this month): "
                + "fine if they earned nothing, otherwise import their income before closing."))
        }
        var sections = [Section(title: nil, blocks: head)]
        for pod in statement.pods {
            if let fund = pod.fund {
                sections.append(fundSection(pod, fund, money: money, digits: digits))
                continue
            }
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
                    [.text(line.member.raw), .amount(line.incomeMinor), .percent(basisPoints: line.pledgeBasisPoints),
                     .amount(line.contributionMinor), .amount(line.receivedMinor), .amount(line.netMinor)]
                },
                totals: nil)
            let flows = "Pool \(money(pod.contributionsMinor)); reserve \(money(pod.reserveOpeningMinor)) → \(money(pod.reserveClosingMinor)) "
                + "(drawn \(money(pod.reserveDrawMinor)), added \(money(pod.reserveDepositMinor + pod.surplusToReserveMinor))); "
                + "to the network \(money(pod.toNetworkMinor)); from the network \(money(pod.fromNetworkMinor)); unmet \(money(pod.unmetMinor))."
            sections.append(Section(title: "\(pod.pod) — \(pod.name) (\(pod.policyPhrase(digits: digits)))", blocks: [.table(table), .paragraph(flows)]))
        }
        sections.append(Section(title: nil, blocks: [
            .paragraph("Network reserve \(money(statement.reserveOpeningMinor)) → \(money(statement.reserveClosingMinor))."),
        ]))
        return Document(title: nil, sections: sections, minorDigits: digits)
    }

    /// The month in one paragraph: what was pooled, paid and left unmet over all pods, the network's flows.
    private func summary(money: (Int64) -> String) -> String {
        let pods = statement.pods
        let members = pods.reduce(0) { $0 + $1.members.count }
        let received = pods.reduce(Int64(0)) { total, pod in pod.members.reduce(total) { $0 + $1.receivedMinor } }
        var text = "\(statement.month): \(dryRun ? "dry run, nothing written" : "closed"): \(pods.count) \(pods.count == 1 ? "pod" : "pods"), "
            + "\(members) \(members == 1 ? "member" : "members"); pooled \(money(pods.reduce(0) { $0 + $1.contributionsMinor })), "
            + "received by members \(money(received)), unmet \(money(pods.reduce(0) { $0 + $1.unmetMinor })); "
            + "pods to the network \(money(statement.fromPodsMinor)), network to the pods \(money(statement.toPodsMinor)); "
            + "network reserve \(money(statement.reserveOpeningMinor)) → \(money(statement.reserveClosingMinor))."
        if !membersWithoutIncome.isEmpty {
            let count = membersWithoutIncome.count
            text += " \(count) active \(count == 1 ? "member has" : "members have") no income rows."
        }
        return text
    }

    /// A sickness fund moves own accounts, not a pool: each member's deposit, gift, benefit, refund and account.
    private func fundSection(_ pod: PodStatement, _ fund: FundStatement, money: (Int64) -> String, digits: Int) -> Section {
        let table = Table(
            columns: [
                Column(key: "member", label: "Member", alignment: .left),
                Column(key: "deposit", label: "Deposit", alignment: .right),
                Column(key: "gift", label: "Gave", alignment: .right),
                Column(key: "benefit", label: "Benefit", alignment: .right),
                Column(key: "refund", label: "Refund", alignment: .right),
                Column(key: "account_closing", label: "Account", alignment: .right),
            ],
            rows: fund.lines.map { line in
                [.text(line.member.raw), .amount(line.depositMinor), .amount(line.fund.giftMinor), .amount(line.fund.benefitMinor),
                 .amount(line.fund.refundMinor), .amount(line.fund.accountClosingMinor)]
            },
            totals: nil)
        let flows = "Deposits \(money(fund.depositsMinor)); own accounts \(money(fund.accountsOpeningMinor)) → \(money(fund.accountsClosingMinor)); "
            + "given toward benefits \(money(fund.giftsMinor)); benefits paid \(money(fund.benefitsMinor)); refunds \(money(fund.refundsMinor)); "
            + "unmet \(money(fund.unmetMinor))."
        return Section(title: "\(pod.pod) — \(pod.name) (\(pod.policyPhrase(digits: digits)))", blocks: [.table(table), .paragraph(flows)])
    }

    /// The network statement's object, with `members_without_income`.
    var json: JSON {
        guard case .object(let fields) = statement.json else { return statement.json }
        return .object(fields + [("members_without_income", .array(membersWithoutIncome.map { .string($0.raw) }))])
    }
}
