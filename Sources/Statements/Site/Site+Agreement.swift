import LedgerCore
import Smoothing

/// "How we share": the agreement in plain words from the network's settings, one month worked through with
/// the network's own figures, and the network file to download. The words are the statements' own
/// (`PolicyText`, `PodStatement.policyExplanation`, the costs and pool sections), so the page says what the
/// statements say.
extension Site {
    func agreementDocument(at path: String) -> Document {
        let settings = input.settings
        var sections: [Section] = [Section(title: nil, blocks: [.paragraph(
            "This is the agreement the network's pods keep, in plain words. It is generated from the network's settings as the ledger "
                + "records them for \(lastMonth) (in effect from \(input.settingsEffectiveFrom)); every month's statement follows from it "
                + "and from what the members earned.")])]

        // The network as a whole.
        let share = Figures.percent(settings.shareBasisPoints)
        var network = [settings.shareBasisPoints == 0
            ? "Pods keep all of their surplus: none of it goes to the network reserve."
            : "Each pod sends \(share) of its surplus (what is left once every member's need is met and the pod's reserve is at its target) "
                + "to the network reserve. The network reserve supports pods whose pool and reserve cannot meet their members' needs."]
        if settings.levy != .none {
            network.append("Every pod pays the network a levy of \(PolicyText.levy(settings.levy, minorDigits: digits)) unless its own terms below "
                + "say otherwise. The levy and a pod's shared costs are paid before anyone is: from the contributions first, then the pod's "
                + "reserve, and what neither covers is carried to the next month.")
        }
        sections.append(Section(title: "The network", blocks: [.paragraph(network.joined(separator: " "))]))

        // Each pod of the settings in effect, in the words of its latest statement.
        let membersByPod = Dictionary(grouping: settings.members, by: \.pod)
        for pod in settings.pods {
            sections.append(podAgreementSection(pod, members: membersByPod[pod.id] ?? []))
        }

        sections.append(workedExampleSection(at: path))

        if input.isPrivate {
            sections.append(Section(title: "The network file", blocks: [.paragraph(
                "The network file is not published with pod totals only: it holds each member's pledge terms.")]))
        } else if input.networkFile != nil {
            sections.append(Section(title: "The network file", blocks: [
                .paragraph("The agreement above as a network file. It is written from the settings the ledger recorded for \(lastMonth), "
                    + "so it is exactly what the statements were computed with (the comments of the file first given are not kept). "
                    + "To start books of your own with the same agreement, edit the pods and members and run "
                    + "podledger init --network network.toml."),
                .links([link("network.toml", to: .networkFile, from: path)]),
            ]))
        }
        return Document(
            title: "How we share",
            facts: [Fact(key: "agreement", label: "Agreement of", value: "\(lastMonth)"),
                    Fact(key: "effective_from", label: "In effect from", value: "\(input.settingsEffectiveFrom)"),
                    Fact(key: "pods", label: "Pods", value: "\(settings.pods.count)"),
                    Fact(key: "currency", label: "Currency", value: currency.code)],
            sections: sections, minorDigits: digits, footer: footer)
    }

    /// The latest statement of `pod` among the months published.
    func latestStatement(of pod: PodID) -> PodStatement? {
        podIndexByID[pod].map { index in
            let last = pods[index].months[pods[index].months.count - 1]
            return input.months[last.month].pods[last.pod]
        }
    }

    /// `members`: the pod's members in the settings, sorted by id.
    func podAgreementSection(_ pod: PodSettings, members: [MemberSettings]) -> Section {
        var blocks: [Block] = []
        let phrase = PolicyText.phrase(pod.policy, minorDigits: digits)
        if let statement = latestStatement(of: pod.id), statement.policy == pod.policy {
            blocks.append(.paragraph(statement.policyExplanation(digits: digits)
                + (statement.month < lastMonth ? " (In the words of its statement for \(statement.month), its last month published.)" : "")))
            if let terms = statement.agreementTerms(digits: digits, membersShown: !input.isPrivate) { blocks.append(.paragraph(terms)) }
        } else {
            blocks.append(.paragraph("Policy: \(phrase). No member of the pod was active under it in the months published."))
        }
        if pod.policy.sicknessTerms != nil {
            if input.isPrivate {
                blocks.append(.paragraph("The fund has \(members.count) member\(members.count == 1 ? "" : "s"), each with a benefit level and the deposit that goes with it; "
                    + "the levels are not published with pod totals only."))
            } else {
                blocks.append(.table(Table(
                    columns: [Column(key: "member", label: "Id", alignment: .left, formats: .csv), Column(key: "name", label: "Member", alignment: .left),
                              Column(key: "benefit", label: "Benefit when sick", alignment: .right), Column(key: "deposit", label: "Deposit", alignment: .right),
                              Column(key: "span", label: "Months", alignment: .left)],
                    rows: members.map { member in
                        [.text(member.id.raw), .text(member.name), .amount(member.sickness?.benefitMinor ?? 0), .amount(member.sickness?.depositMinor ?? 0),
                         .text(PolicyText.span(member))]
                    },
                    totals: nil)))
            }
        } else if input.isPrivate {
            let pledges = members.map(\.pledgeBasisPoints)
            if let low = pledges.min(), let high = pledges.max() {
                let range = low == high ? Figures.percent(low) : "from \(Figures.percent(low)) to \(Figures.percent(high))"
                let terms = members.contains { $0.hurdleMinor > 0 || $0.capMinor != nil || $0.floorMinor != nil }
                blocks.append(.paragraph("The pod has \(members.count) member\(members.count == 1 ? "" : "s"), pledging \(range) of their income"
                    + (terms ? "; some pledge only above a hurdle or up to a cap, or have a floor of their own, which are not published with pod totals only." : ".")))
            }
        } else {
            let ownFloors = members.contains { $0.floorMinor != nil }
            blocks.append(.paragraph(members.contains { $0.hurdleMinor > 0 || $0.capMinor != nil }
                ? "Each member pledges a share of their income: above a hurdle, when they have one (income below it pledges nothing), "
                    + "and at most a cap a month, when they have one."
                : "Each member pledges a share of their income."))
            blocks.append(.table(Table(
                columns: [Column(key: "member", label: "Id", alignment: .left, formats: .csv), Column(key: "name", label: "Member", alignment: .left),
                          Column(key: "pledge", label: "Pledge", alignment: .left)]
                    + (ownFloors ? [Column(key: "floor", label: "Own floor", alignment: .right)] : [])
                    + [Column(key: "span", label: "Months", alignment: .left)],
                rows: members.map { member in
                    [.text(member.id.raw), .text(member.name), .text(PolicyText.pledge(member, minorDigits: digits))]
                        + (ownFloors ? [member.floorMinor.map(Cell.amount) ?? .empty] : [])
                        + [.text(PolicyText.span(member))]
                },
                totals: nil)))
        }
        return Section(title: "\(pod.name) — \(phrase)", blocks: blocks)
    }

    // MARK: One month worked through

    /// The pod whose latest closed month shows the most (the most paid to members, then the lowest id; a
    /// sickness fund only when no other pod is published), and that month.
    func workedExample() -> PodStatement? {
        let closed = input.months.filter { status($0.month) == "closed" }
        guard let month = closed.last ?? input.months.last else { return nil }
        let candidates = month.pods.filter { $0.fund == nil }
        let pool = candidates.isEmpty ? month.pods : candidates
        return pool.max { lhs, rhs in
            lhs.receivedMinor != rhs.receivedMinor ? lhs.receivedMinor < rhs.receivedMinor : lhs.pod > rhs.pod
        }
    }

    func workedExampleSection(at path: String) -> Section {
        guard let statement = workedExample() else {
            return Section(title: "One month worked through", blocks: [.paragraph("No pod had an active member in the months published.")])
        }
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        let position = podIndexByID[statement.pod]!
        let monthIndex = input.months.firstIndex { $0.month == statement.month }!
        let podIndex = input.months[monthIndex].pods.firstIndex { $0.pod == statement.pod }!
        var blocks: [Block] = [.paragraph(
            "\(statement.name) in \(statement.month)" + (statement.preview ? " (a preview: the month is not closed yet)" : ", the latest month closed")
                + ", step by step with its own figures. "
                + (input.isPrivate ? "This copy shows the pod's totals only." : "Every figure is on the pod's statement for the month.")),
            .links([link("\(statement.name): statement for \(statement.month)", to: .podMonth(month: monthIndex, pod: podIndex), from: path),
                    link("\(statement.name): every month", to: .podIndex(position), from: path)]),
        ]
        if let fund = statement.fund {
            // A fund's month: deposits in, gifts to the sick and benefits out (names only where the fund allows it).
            blocks.append(.paragraph("1. Every member deposited their fixed amount: \(money(fund.depositsMinor)) in all, into their own accounts in the fund."))
            blocks.append(.paragraph("2. Members who were sick past the waiting time received a benefit, given by the others from their own accounts "
                + "in proportion to their own benefit levels: \(money(fund.giftsMinor)) given, \(money(fund.benefitsMinor)) paid in benefits"
                + (fund.unmetMinor > 0 ? ", \(money(fund.unmetMinor)) unmet" : "") + "."))
            blocks.append(.paragraph("3. Accounts over their cap, and those of members who left, went back to their members: \(money(fund.refundsMinor)). "
                + "The own accounts went from \(money(fund.accountsOpeningMinor)) to \(money(fund.accountsClosingMinor))."))
            return Section(title: "One month worked through", blocks: blocks)
        }

        // 1. Contributions.
        var step1 = "1. Each member pledges a share of their income. Together the members earned \(money(statement.incomeMinor)) "
            + "and put \(money(statement.contributionsMinor)) into the pod's pool."
        if input.isPrivate {
            blocks.append(.paragraph(step1))
        } else {
            step1 += " Member by member:"
            blocks.append(.paragraph(step1))
            blocks.append(.table(Table(
                columns: [Column(key: "name", label: "Member", alignment: .left), Column(key: "income", label: "Income", alignment: .right),
                          Column(key: "pledge", label: "Pledge", alignment: .left), Column(key: "contribution", label: "Contributed", alignment: .right)],
                rows: statement.members.map { line in
                    var pledge = Figures.percent(line.pledgeBasisPoints)
                    if line.hurdleMinor > 0 { pledge += " above \(money(line.hurdleMinor))" }
                    if let cap = line.capMinor { pledge += ", at most \(money(cap))" }
                    return [.text(line.name), .amount(line.incomeMinor), .text(pledge), .amount(line.contributionMinor)]
                },
                totals: [.text("Together"), .amount(statement.incomeMinor), .empty, .amount(statement.contributionsMinor)])))
        }

        // 2. Costs and levy, when the month had any.
        var step = 2
        if let costs = statement.costsSection(digits: digits) {
            blocks.append(.paragraph("\(step). Shared costs and the levy come first."))
            blocks += costs.blocks.filter { if case .paragraph = $0 { true } else { false } }
            step += 1
        }

        // 3. Needs.
        let needs = statement.members.reduce(0) { $0 + $1.needMinor }
        switch statement.policy {
        case .floor, .average:
            let rule = statement.policy.floorMinor != nil
                ? "A member who keeps less than the floor after contributing needs the difference"
                : "A member who keeps less than the average of their own recent months needs the difference"
            var text = "\(step). \(rule). This month the needs came to \(money(needs))."
            if !input.isPrivate && needs > 0 { text += " Member by member, what they kept after contributing and what they needed:" }
            blocks.append(.paragraph(text))
            if !input.isPrivate && needs > 0 {
                blocks.append(.table(Table(
                    columns: [Column(key: "name", label: "Member", alignment: .left), Column(key: "kept", label: "Kept", alignment: .right),
                              Column(key: "need", label: "Need", alignment: .right)],
                    rows: statement.members.map { [.text($0.name), .amount($0.incomeMinor - $0.contributionMinor), .amount($0.needMinor)] },
                    totals: [.text("Together"), .empty, .amount(needs)])))
            }
        case .equal:
            blocks.append(.paragraph("\(step). An equal pod has no needs to meet: the pool is shared equally."))
        case .sickness:
            break
        }
        step += 1

        // 4. The pool, the reserve and the network.
        var flows = "\(step). The pool paid the members \(money(statement.members.reduce(0) { $0 + $1.receivedFromPodMinor }))"
        if statement.reserveDrawMinor > 0 { flows += ", \(money(statement.reserveDrawMinor)) of it drawn from the pod reserve" }
        flows += "; the network reserve paid \(money(statement.fromNetworkMinor))"
        flows += statement.unmetMinor > 0 ? ", and \(money(statement.unmetMinor)) of need was left unmet." : "."
        if statement.toNetworkMinor > 0 || statement.reserveDepositMinor > 0 || statement.surplusToReserveMinor > 0 {
            flows += " Of what was left, \(money(statement.reserveDepositMinor + statement.surplusToReserveMinor)) went into the pod reserve and "
                + "\(money(statement.toNetworkMinor)) to the network reserve; the rest is \(PolicyText.surplus(statement.surplus))."
        }
        flows += " The pod reserve went from \(money(statement.reserveOpeningMinor)) to \(money(statement.reserveClosingMinor)). The pool, in full:"
        blocks.append(.paragraph(flows))
        blocks += statement.poolSection().blocks
        step += 1

        // 5. What each member kept.
        if input.isPrivate {
            blocks.append(.paragraph("\(step). Together the members received \(money(statement.receivedMinor)) and kept \(money(statement.netMinor)) "
                + "(income − contributed + received)."))
        } else {
            blocks.append(.paragraph("\(step). What each member kept: net = income − contributed + received."))
            blocks.append(.table(Table(
                columns: [Column(key: "name", label: "Member", alignment: .left), Column(key: "income", label: "Income", alignment: .right),
                          Column(key: "contribution", label: "Contributed", alignment: .right), Column(key: "received", label: "Received", alignment: .right),
                          Column(key: "net", label: "Net", alignment: .right)],
                rows: statement.members.map { [.text($0.name), .amount($0.incomeMinor), .amount($0.contributionMinor), .amount($0.receivedMinor), .amount($0.netMinor)] },
                totals: [.text("Together"), .amount(statement.incomeMinor), .amount(statement.contributionsMinor), .amount(statement.receivedMinor),
                         .amount(statement.netMinor)])))
            step += 1
            // 6. Who pays whom.
            let settlement = statement.settlementSection()
            blocks.append(.paragraph("\(step). Settling the month: each payment is exact, and together they give every member their net."))
            blocks += settlement.blocks.filter { if case .table = $0 { true } else { false } }
            if !settlement.blocks.contains(where: { if case .table = $0 { true } else { false } }) {
                blocks += settlement.blocks
            }
        }
        return Section(title: "One month worked through", blocks: blocks)
    }
}
