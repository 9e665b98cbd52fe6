import LedgerCore
import Smoothing

extension PodStatement {
    static let previewNotice = "PREVIEW — month not closed"
    static let previewDetail = "These figures may change until the month is closed."

    /// The statement laid out; `disclosure` `.podTotals` leaves out every member (the same document otherwise:
    /// the statement already names nobody as sick unless the fund allows it).
    func document(history: PodHistory? = nil, disclosure: Disclosure = .full) -> Document {
        let digits = currency.minorDigits
        let membersShown = disclosure.showsMembers
        var sections: [Section]
        if let fund {
            sections = fundSections(fund, digits: digits, membersShown: membersShown)
        } else {
            sections = [membersShown ? membersSection(digits: digits) : podTotalsSection(digits: digits)]
            if let costs = costsSection(digits: digits) { sections.append(costs) }
            sections.append(poolSection())
            if let history, let charts = history.charts(for: self, membersShown: membersShown) {
                sections.append(charts)
            }
        }
        if !membersShown {
            // Who pays whom is between members: only what the pod owes the network is the pod's own.
            if let outstanding { sections.append(networkOutstandingSection(outstanding, digits: digits)) }
        } else if fund.map({ $0.terms.showsSickNames }) ?? true {
            // Who pays whom names who receives a benefit: a fund that keeps the sick private leaves it to member statements.
            sections.append(settlementSection())
            if let outstanding { sections.append(outstandingSection(outstanding, digits: digits)) }
        }
        return Document(
            title: "\(name) — pod statement for \(month)",
            facts: [
                Fact(key: "pod", label: "Pod", value: pod.raw),
                Fact(key: "name", label: "Name", value: name, human: false),
                Fact(key: "month", label: "Month", value: month.description),
                Fact(key: "currency", label: "Currency", value: currency.code),
                Fact(key: "policy", label: fund == nil ? "Policy" : "Fund", value: policyPhrase(digits: digits), csvValue: policy.name),
                Fact(key: "status", label: "Status", value: preview ? "preview (open)" : revised ? "closed (revised: reopened and closed again)" : "closed",
                     csvValue: preview ? "preview" : revised ? "revised" : "closed"),
            ] + (fingerprint.map { [Fact(key: "fingerprint", label: "Fingerprint", value: $0.description)] } ?? []),
            notice: preview ? PodStatement.previewNotice : nil,
            noticeDetail: preview ? PodStatement.previewDetail : nil,
            sections: sections,
            minorDigits: digits,
            footer: "Amounts in \(currency.code). Net = income − contributed + received. Made by PodLedger.")
    }

    func policyPhrase(digits: Int) -> String { PolicyText.phrase(policy, minorDigits: digits) }

    /// How the month was shared, in words, so a member can check the figures by hand.
    func policyExplanation(digits: Int) -> String {
        let share = Figures.percent(networkShareBasisPoints)
        let reserve = "then from the pod reserve (target \(Figures.grouped(reserveTargetMinor, minorDigits: digits)))"
        let rest = networkShareBasisPoints == 0
            ? "Anything left first tops the reserve up to its target; the surplus beyond is \(PolicyText.surplus(surplus))."
            : "Anything left first tops the reserve up to its target; of the surplus beyond, \(share) goes to the network "
                + "and the rest is \(PolicyText.surplus(surplus))."
        switch policy {
        case .floor(let floorMinor):
            return "Floor policy: every member should keep at least \(Figures.grouped(floorMinor, minorDigits: digits)) a month "
                + "after contributing. Shortfalls are paid from this month's contributions first, \(reserve), then by the "
                + "network. " + rest
        case .average(let window):
            return "Average policy: every member is topped up to the average of their own net income over their last "
                + "\(window) closed month\(window == 1 ? "" : "s"). Top-ups are paid from this month's contributions first, "
                + "\(reserve), then by the network. " + rest
        case .sickness(let terms):
            return PolicyText.sicknessRules(terms)
        case .equal:
            let pool = levy == .none && costs.expensesDueMinor == 0 ? "the contributions" : "what is left of the contributions after costs and levy"
            return "Equal policy: " + (networkShareBasisPoints == 0 ? "" : "\(share) of \(pool) goes to the network and the rest is ")
                + (networkShareBasisPoints == 0 ? "\(pool) is " : "") + "shared equally among "
                + "the \(members.count) member\(members.count == 1 ? "" : "s"). "
                + (levy == .none ? "The pod reserve is not used." : "The pod reserve is used only for costs and levy the contributions cannot pay.")
        }
    }

    /// A sickness fund's month: the rules, the fund's totals, who is sick (named only where the fund allows it),
    /// how long the own accounts would last, and each member's level (and account, where names are shown).
    private func fundSections(_ fund: FundStatement, digits: Int, membersShown: Bool = true) -> [Section] {
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        let totals = Table(
            columns: [Column(key: "item", label: "Item", alignment: .left), Column(key: "amount", label: "Amount", alignment: .right)],
            rows: [
                ("accounts_opening", "Own accounts at the start", fund.accountsOpeningMinor), ("deposits", "Deposits", fund.depositsMinor),
                ("gifts", "Given toward benefits", fund.giftsMinor), ("benefits", "Benefits paid", fund.benefitsMinor),
                ("refunds", "Refunds (over the cap, or leaving)", fund.refundsMinor), ("accounts_closing", "Own accounts at the end", fund.accountsClosingMinor),
                ("unmet", "Benefit still unmet", fund.unmetMinor),
            ].map { [.label(key: $0.0, text: $0.1), .amount($0.2)] },
            totals: nil, showsHeaderInText: false)
        var sentences = [Self.sickSentence(fund, money: money, namesShown: membersShown && fund.terms.showsSickNames)]
        if fund.unmetMinor > 0 {
            sentences.append("The donors' accounts could not cover every benefit: \(money(fund.unmetMinor)) is unmet, and each benefit was cut in proportion to its level.")
        }
        if let months = fund.capacityMonths {
            let basis = fund.recipients.isEmpty ? "one average benefit (\(money(fund.capacityBasisMinor)) a month)" : "this month's benefits (\(money(fund.capacityBasisMinor)) a month)"
            sentences.append("The own accounts hold \(money(fund.accountsClosingMinor)): "
                + (months == 0 ? "not enough for one month of \(basis)." : "enough for \(months) month\(months == 1 ? "" : "s") of \(basis)."))
        }
        let fundSection = Section(title: "The fund", blocks: [.paragraph(policyExplanation(digits: digits)), .paragraph(sentences.joined(separator: " ")), .table(totals)])
        guard membersShown else {
            return [fundSection, Section(title: "Members", blocks: [.paragraph(
                "The fund has \(fund.lines.count) member\(fund.lines.count == 1 ? "" : "s"). Only the fund's totals are published: "
                    + "each member's level, deposit and own account are on their own member statement.")])]
        }
        let shown = fund.terms.showsSickNames
        let columns = [
            Column(key: "member", label: "Id", alignment: .left, formats: .csv), Column(key: "name", label: "Member", alignment: .left),
            Column(key: "benefit_level", label: "Level", alignment: .right), Column(key: "deposit", label: "Deposit", alignment: .right),
        ] + (shown ? [
            Column(key: "account_opening", label: "At start", alignment: .right, formats: .wide), Column(key: "gift", label: "Gave", alignment: .right),
            Column(key: "benefit", label: "Benefit", alignment: .right), Column(key: "refund", label: "Refund", alignment: .right, formats: .wide),
            Column(key: "account_closing", label: "Account", alignment: .right),
        ] : [])
        let rows: [[Cell]] = fund.lines.map { line in
            [.text(line.member.raw), .text(line.name), .amount(line.benefitLevelMinor), .amount(line.depositMinor)]
                + (shown ? [.amount(line.fund.accountOpeningMinor), .amount(line.fund.giftMinor), .amount(line.fund.benefitMinor),
                            .amount(line.fund.refundMinor), .amount(line.fund.accountClosingMinor)] : [])
        }
        var memberBlocks: [Block] = [.table(Table(columns: columns, rows: rows, totals: nil))]
        if !shown {
            memberBlocks.append(.paragraph("This fund keeps its members' health private: each member's own account, what they gave and "
                + "any benefit they received are on their own member statement."))
        }
        return [fundSection, Section(title: "Members", blocks: memberBlocks)]
    }

    /// Who is sick this month: by name where the fund allows it (`namesShown`), else by count.
    private static func sickSentence(_ fund: FundStatement, money: (Int64) -> String, namesShown: Bool) -> String {
        let sick = fund.sick
        guard !sick.isEmpty else { return "Nobody is sick this month." }
        guard namesShown else {
            let receiving = fund.recipients.count
            let members = "\(sick.count) member\(sick.count == 1 ? " is" : "s are") sick this month"
            if receiving == sick.count {
                return members + (sick.count == 1 ? " and receives a benefit." : sick.count == 2 ? ", and both receive a benefit." : ", and all \(sick.count) receive a benefit.")
            }
            if receiving == 0 {
                return members + (sick.count == 1 ? " and is" : "; none is") + " receiving a benefit (not yet, or no longer)."
            }
            return members + ": \(receiving) receiv\(receiving == 1 ? "es" : "e") a benefit, \(sick.count - receiving) "
                + "\(sick.count - receiving == 1 ? "is" : "are") not yet or no longer receiving one."
        }
        return "Sick this month: " + sick.map { line in
            var text = "\(line.name) (since \(line.sickFrom.map(String.init(describing:)) ?? "?")"
            if let month = line.benefitMonth, let left = line.benefitMonthsLeft {
                text += "; benefit \(money(line.fund.benefitMinor)), month \(month) of \(fund.terms.maxBenefitMonths), \(left) more at most"
            } else if let starts = line.benefitStarts {
                text += "; waiting: the benefit starts in \(starts)"
            } else if line.endsWithinWaiting {
                text += "; within the waiting time, no benefit"
            } else {
                text += "; the benefit limit is reached"
            }
            return text + ")"
        }.joined(separator: ", ") + "."
    }

    /// Own floors, reserve tiers and the levy, in words; nil when the pod uses none of them. Without
    /// `membersShown`, own floors are only counted.
    func agreementTerms(digits: Int, membersShown: Bool = true) -> String? {
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        var sentences: [String] = []
        let own = members.compactMap { line in ownFloors[line.member].map { "\(line.name) \(money($0))" } }
        if !own.isEmpty {
            sentences.append(membersShown ? "Own floors: " + own.joined(separator: ", ") + "."
                : "\(own.count) member\(own.count == 1 ? " has an own floor" : "s have own floors") instead of the pod's.")
        }
        if !tiers.isEmpty {
            let target = policy.floorMinor != nil ? "floor" : "average target"
            let first = tiers[0]
            sentences.append("Reserve tiers: every member's \(target) rises by \(money(first.floorBonusMinor)) when the reserve starts the month "
                + "at \(money(first.reserveAtLeastMinor)) or more" + tiers.dropFirst().map {
                    ", by \(money($0.floorBonusMinor)) from \(money($0.reserveAtLeastMinor))"
                }.joined() + ".")
        }
        if levy != .none {
            sentences.append("The network's levy is \(PolicyText.levy(levy, minorDigits: digits)); it and the pod's shared costs are paid "
                + "before anyone is: from the contributions first, then the reserve, and what neither covers is carried to the next month.")
        }
        return sentences.isEmpty ? nil : sentences.joined(separator: " ")
    }

    /// Expenses, levy and the tier bonus of the month, in words, with one line per expense recorded; nil when
    /// the month had none of them.
    func costsSection(digits: Int) -> Section? {
        guard costs.expensesDueMinor != 0 || costs.levyDueMinor != 0 || costs.tierBonusMinor != 0 || !expenseLines.isEmpty || !tiers.isEmpty else {
            return nil
        }
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        func paid(_ fromPool: Int64, _ fromReserve: Int64, carried: Int64) -> String {
            var parts: [String] = []
            if fromPool > 0 { parts.append("\(money(fromPool)) from the contributions") }
            if fromReserve > 0 { parts.append("\(money(fromReserve)) from the reserve") }
            let paidText = parts.isEmpty ? "nothing could be paid" : "paid " + parts.joined(separator: " and ")
            return paidText + (carried > 0 ? "; \(money(carried)) is carried to next month." : ".")
        }
        var sentences: [String] = []
        if costs.expensesDueMinor > 0 {
            let carriedIn = costs.expensesDueMinor - expenseLines.reduce(0) { $0 + $1.amountMinor }
            let carriedText = expenseLines.isEmpty ? " (all carried from earlier months)" : " (\(money(carriedIn)) carried from earlier months)"
            sentences.append("Shared costs due: \(money(costs.expensesDueMinor))" + (carriedIn > 0 ? carriedText : "") + "; "
                + paid(costs.expensesFromPoolMinor, costs.expensesFromReserveMinor, carried: costs.expensesCarriedMinor))
        }
        if costs.levyDueMinor > 0 {
            sentences.append("Levy to the network: \(money(costs.levyDueMinor))"
                + (costs.levyCarriedInMinor > 0 ? " (\(money(costs.levyCarriedInMinor)) carried from earlier months)" : "") + "; "
                + paid(costs.levyFromPoolMinor, costs.levyFromReserveMinor, carried: costs.levyCarriedMinor))
        }
        if let tier = tiers.last(where: { $0.reserveAtLeastMinor <= reserveOpeningMinor }) {
            sentences.append("The reserve started the month at \(money(reserveOpeningMinor)), reaching the tier from \(money(tier.reserveAtLeastMinor)): "
                + "every member's \(policy.floorMinor != nil ? "floor" : "target") rose by \(money(tier.floorBonusMinor)).")
        } else if let first = tiers.first {
            sentences.append("The reserve started the month at \(money(reserveOpeningMinor)), below the first tier (\(money(first.reserveAtLeastMinor))): no rise.")
        }
        var blocks: [Block] = [.paragraph(sentences.joined(separator: " "))]
        if !expenseLines.isEmpty {
            blocks.append(.table(Table(
                columns: [Column(key: "date", label: "Date", alignment: .left), Column(key: "description", label: "Expense", alignment: .left),
                          Column(key: "reference", label: "Reference", alignment: .left), Column(key: "amount", label: "Amount", alignment: .right)],
                rows: expenseLines.sorted { $0.day < $1.day }.map { [.text($0.day.description), .text($0.description), .text($0.reference ?? ""), .amount($0.amountMinor)] },
                totals: [.text("Total"), .empty, .empty, .amount(expenseLines.reduce(0) { $0 + $1.amountMinor })])))
        }
        return Section(title: "Shared costs and levy", blocks: blocks)
    }

    /// Hurdles and caps explain contributions that are not simply income × pledge.
    func pledgeTerms(digits: Int) -> String? {
        let terms = members.compactMap { line -> String? in
            guard line.hurdleMinor > 0 || line.capMinor != nil else { return nil }
            var text = "\(line.name) pledges \(Figures.percent(line.pledgeBasisPoints)) of income"
            if line.hurdleMinor > 0 { text += " above \(Figures.grouped(line.hurdleMinor, minorDigits: digits))" }
            if let cap = line.capMinor { text += ", at most \(Figures.grouped(cap, minorDigits: digits)) a month" }
            return text
        }
        guard !terms.isEmpty else { return nil }
        return "Pledge terms: " + terms.joined(separator: "; ") + "."
    }

    private func membersSection(digits: Int) -> Section {
        let columns = [
            Column(key: "member", label: "Id", alignment: .left, formats: .csv),
            Column(key: "name", label: "Member", alignment: .left),
            Column(key: "income", label: "Income", alignment: .right),
            Column(key: "pledge_percent", label: "Pledge", alignment: .right),
            Column(key: "hurdle", label: "Hurdle", alignment: .right, formats: .csv),
            Column(key: "cap", label: "Cap", alignment: .right, formats: .csv),
            Column(key: "contribution", label: "Contributed", alignment: .right),
            Column(key: "need", label: "Need", alignment: .right, formats: .wide),
            Column(key: "received_from_pod", label: "From pod", alignment: .right, formats: .wide),
            Column(key: "received_from_network", label: "From network", alignment: .right, formats: .wide),
            Column(key: "received", label: "Received", alignment: .right),
            Column(key: "net", label: "Net", alignment: .right),
            Column(key: "unmet", label: "Unmet", alignment: .right, formats: .wide),
        ]
        let rows: [[Cell]] = members.map { line in
            [.text(line.member.raw), .text(line.name), .amount(line.incomeMinor), .percent(basisPoints: line.pledgeBasisPoints),
             .amount(line.hurdleMinor), line.capMinor.map(Cell.amount) ?? .empty, .amount(line.contributionMinor),
             .amount(line.needMinor), .amount(line.receivedFromPodMinor), .amount(line.receivedFromNetworkMinor),
             .amount(line.receivedMinor), .amount(line.netMinor), .amount(line.unmetMinor)]
        }
        let totals: [Cell] = [
            .empty, .text("Total"), .amount(incomeMinor), .empty, .empty, .empty, .amount(contributionsMinor),
            .amount(members.reduce(0) { $0 + $1.needMinor }), .amount(members.reduce(0) { $0 + $1.receivedFromPodMinor }),
            .amount(members.reduce(0) { $0 + $1.receivedFromNetworkMinor }), .amount(receivedMinor), .amount(netMinor),
            .amount(members.reduce(0) { $0 + $1.unmetMinor }),
        ]
        var blocks: [Block] = [.paragraph(policyExplanation(digits: digits))]
        if let terms = agreementTerms(digits: digits) { blocks.append(.paragraph(terms)) }
        if let terms = pledgeTerms(digits: digits) { blocks.append(.paragraph(terms)) }
        blocks.append(.table(Table(columns: columns, rows: rows, totals: totals)))
        if unmetMinor > 0 {
            blocks.append(.paragraph("Still unmet: \(Figures.grouped(unmetMinor, minorDigits: currency.minorDigits)). "
                + "The pool, the pod reserve and the network reserve could not cover every need this month."))
        }
        return Section(title: "Members", blocks: blocks)
    }

    /// The pod as a whole, for a site that publishes pod-level figures only: the rules in words and the
    /// pod's totals, no member.
    private func podTotalsSection(digits: Int) -> Section {
        var blocks: [Block] = [.paragraph(policyExplanation(digits: digits))]
        if let terms = agreementTerms(digits: digits, membersShown: false) { blocks.append(.paragraph(terms)) }
        blocks.append(.table(Table(
            columns: [Column(key: "item", label: "Item", alignment: .left), Column(key: "amount", label: "Amount", alignment: .right)],
            rows: [
                [.label(key: "members", text: "Members"), .count(members.count)],
                [.label(key: "income", text: "Income of the members together"), .amount(incomeMinor)],
                [.label(key: "contributions", text: "Contributed together"), .amount(contributionsMinor)],
                [.label(key: "received", text: "Received together"), .amount(receivedMinor)],
                [.label(key: "net", text: "Net together"), .amount(netMinor)],
                [.label(key: "unmet", text: "Need still unmet"), .amount(unmetMinor)],
            ],
            totals: nil, showsHeaderInText: false)))
        blocks.append(.paragraph("Only the pod's totals are published: each member's income, contribution, receipts, net and dues are theirs."))
        return Section(title: "The pod", blocks: blocks)
    }

    /// What the pod still owes the network (or is owed), for a site that publishes pod-level figures only.
    private func networkOutstandingSection(_ outstanding: Outstanding, digits: Int) -> Section {
        let network = outstanding.network
        let sentence = PolicyText.counting(closedThrough: outstanding.closedThrough, asOf: outstanding.asOf) + ": "
            + (network.outstandingMinor == 0 ? "the pod and the network are settled."
                : "the pod " + DuesReport.words(network, toward: "the network", digits: digits) + ".")
        return Section(title: "Still outstanding toward the network", blocks: [
            .paragraph(sentence),
            .table(Table(
                columns: [Column(key: "item", label: "Item", alignment: .left), Column(key: "amount", label: "Amount", alignment: .right)],
                rows: [
                    [.label(key: "due", text: "Due"), .amount(network.dueMinor)],
                    [.label(key: "paid", text: "Paid"), .amount(network.paidMinor)],
                    [.label(key: "outstanding", text: "Outstanding"), .amount(network.outstandingMinor)],
                ],
                totals: nil, showsHeaderInText: false)),
        ])
    }

    func poolSection() -> Section {
        var items: [(String, String, Int64)] = [
            ("contributions", "Contributions into the pool", contributionsMinor),
        ]
        let costsLabel = costs.levyMinor == 0 ? "Shared costs" : costs.expensesMinor == 0 ? "Levy" : "Shared costs and levy"
        if costs.fromPoolMinor != 0 { items.append(("costs_from_pool", "\(costsLabel) paid from the pool", costs.fromPoolMinor)) }
        items.append(("reserve_opening", "Pod reserve at the start", reserveOpeningMinor))
        if costs.fromReserveMinor != 0 { items.append(("costs_from_reserve", "\(costsLabel) paid from the reserve", costs.fromReserveMinor)) }
        items += [
            ("reserve_draw", "Drawn from the reserve", reserveDrawMinor),
            ("reserve_deposit", "Added to the reserve", reserveDepositMinor),
        ]
        if surplus == .reserve || surplusToReserveMinor != 0 {
            items.append(("surplus_to_reserve", "Surplus kept in the reserve", surplusToReserveMinor))
        }
        items += [
            ("reserve_closing", "Pod reserve at the end", reserveClosingMinor),
            ("to_network", "Sent to the network reserve", toNetworkMinor),
            ("from_network", "Support from the network", fromNetworkMinor),
            ("unmet", "Need still unmet", unmetMinor),
        ]
        let table = Table(
            columns: [Column(key: "item", label: "Item", alignment: .left), Column(key: "amount", label: "Amount", alignment: .right)],
            rows: items.map { [.label(key: $0.0, text: $0.1), .amount($0.2)] },
            totals: nil, showsHeaderInText: false)
        return Section(title: "Pool, reserve and network", blocks: [.table(table)])
    }

    /// Who still owes what once the payments are counted, in words and as tables, and the fewest transfers
    /// that settle it all.
    private func outstandingSection(_ outstanding: Outstanding, digits: Int) -> Section {
        let sentences = outstanding.members.filter { $0.dues.outstandingMinor != 0 }.map {
            $0.name + " " + DuesReport.words($0.dues, toward: "the pod", digits: digits) + "."
        } + (outstanding.network.outstandingMinor != 0 ? ["The pod " + DuesReport.words(outstanding.network, toward: "the network", digits: digits) + "."] : [])
        var blocks: [Block] = [.paragraph(PolicyText.counting(closedThrough: outstanding.closedThrough, asOf: outstanding.asOf) + ": "
            + (sentences.isEmpty ? "everyone is settled." : sentences.joined(separator: " ")))]
        let columns = [
            Column(key: "party", label: "Id", alignment: .left, formats: .csv),
            Column(key: "name", label: "Who", alignment: .left),
            Column(key: "due", label: "Due", alignment: .right, formats: .wide),
            Column(key: "paid", label: "Paid", alignment: .right, formats: .wide),
            Column(key: "outstanding", label: "Outstanding", alignment: .right),
            Column(key: "oldest_unpaid", label: "Since", alignment: .left),
        ]
        func row(_ id: String, _ name: String, _ dues: Dues.Balance) -> [Cell] {
            [.text(id), .text(name), .amount(dues.dueMinor), .amount(dues.paidMinor), .amount(dues.outstandingMinor),
             dues.oldestUnpaid.map { .text($0.description) } ?? .empty]
        }
        blocks.append(.table(Table(columns: columns,
                                   rows: outstanding.members.map { row($0.member.raw, $0.name, $0.dues) }
                                       + [row("network", "The pod, toward the network", outstanding.network)],
                                   totals: nil)))
        if !outstanding.transfers.isEmpty {
            blocks.append(.paragraph("To settle everything still outstanding, these payments are made:"))
            blocks.append(.table(transfersTable(outstanding.transfers)))
        }
        return Section(title: "Still outstanding", blocks: blocks)
    }

    /// Who pays whom: the month's settlement, or the transfers that settle what is still outstanding.
    func transfersTable(_ transfers: [Transfer]) -> Table {
        Table(
            columns: [
                Column(key: "from", label: "From id", alignment: .left, formats: .csv),
                Column(key: "from_name", label: "From", alignment: .left),
                Column(key: "to", label: "To id", alignment: .left, formats: .csv),
                Column(key: "to_name", label: "To", alignment: .left),
                Column(key: "amount", label: "Amount", alignment: .right),
            ],
            rows: transfers.map {
                [.text($0.from.id), .text(displayName(of: $0.from)), .text($0.to.id), .text(displayName(of: $0.to)), .amount($0.amountMinor)]
            },
            totals: nil)
    }

    func settlementSection() -> Section {
        guard !settlement.isEmpty else {
            return Section(title: "Settlement", blocks: [.paragraph("Nothing to settle: nobody pays or receives anything this month.")])
        }
        let table = transfersTable(settlement)
        return Section(title: "Settlement", blocks: [
            .paragraph("To settle the month, these payments are made. Each one is exact; together they give every member "
                + "their net position and move the reserves as shown above."),
            .table(table),
        ])
    }
}
