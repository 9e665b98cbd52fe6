import LedgerCore
import Smoothing

extension MemberStatement {
    func document() -> Document {
        let digits = currency.minorDigits
        let pods = months.reduce(into: [PodID]()) { pods, line in if !pods.contains(line.pod) { pods.append(line.pod) } }
        var sections = [monthsSection(), totalsSection()]
        if let fund { sections.append(fundSection(fund, digits: digits)) }
        if let settlement { sections.append(settlementSection(settlement, digits: digits)) }
        if let outstanding {
            sections.append(Section(title: "Still outstanding", blocks: [.paragraph(
                PolicyText.counting(closedThrough: outstanding.closedThrough, asOf: outstanding.asOf) + ", \(name) "
                    + DuesReport.words(outstanding.dues, toward: fund == nil ? "the pod" : "the fund", digits: digits) + " (due \(Figures.grouped(outstanding.dues.dueMinor, minorDigits: digits)), "
                    + "paid \(Figures.grouped(outstanding.dues.paidMinor, minorDigits: digits))).")]))
        }
        if let volatility { sections.append(volatilitySection(volatility, digits: digits)) }
        return Document(
            title: "\(name) — member statement, \(from) to \(through)",
            facts: [
                Fact(key: "member", label: "Member", value: member.raw),
                Fact(key: "name", label: "Name", value: name, human: false),
                Fact(key: "pod", label: pods.count == 1 ? "Pod" : "Pods", value: pods.map(\.raw).joined(separator: ", ")),
                Fact(key: "from", label: "From", value: from.description),
                Fact(key: "through", label: "Through", value: through.description),
                Fact(key: "currency", label: "Currency", value: currency.code),
                Fact(key: "status", label: "Status", value: hasPreviewMonths ? "includes open months" : "closed",
                     csvValue: hasPreviewMonths ? "preview" : "closed"),
            ] + (fingerprint.map { [Fact(key: "fingerprint", label: "Fingerprint", value: $0.description)] } ?? []),
            notice: hasPreviewMonths ? PodStatement.previewNotice : nil,
            noticeDetail: hasPreviewMonths ? "Months marked * are open: their figures may change until they are closed." : nil,
            sections: sections,
            minorDigits: digits,
            footer: "Amounts in \(currency.code). Net = income − contributed + received. Made by PodLedger.")
    }

    private func monthsSection() -> Section {
        let columns = [
            Column(key: "month", label: "Month", alignment: .left),
            Column(key: "status", label: "Status", alignment: .left, formats: .csv),
            Column(key: "pod", label: "Pod", alignment: .left, formats: .wide),
            Column(key: "income", label: "Income", alignment: .right),
            Column(key: "contribution", label: "Contributed", alignment: .right),
            Column(key: "received_from_pod", label: "From pod", alignment: .right, formats: .wide),
            Column(key: "received_from_network", label: "From network", alignment: .right, formats: .wide),
            Column(key: "received", label: "Received", alignment: .right),
            Column(key: "net", label: "Net", alignment: .right),
        ]
        let rows: [[Cell]] = months.map { line in
            [.label(key: line.month.description, text: line.month.description + (line.preview ? " *" : "")),
             .text(line.preview ? "preview" : "closed"), .text(line.pod.raw),
             .amount(line.incomeMinor), .amount(line.contributionMinor), .amount(line.receivedFromPodMinor),
             .amount(line.receivedFromNetworkMinor), .amount(line.receivedMinor), .amount(line.netMinor)]
        }
        let all = totals
        let totalsRow: [Cell] = [
            .text("Total"), .empty, .empty, .amount(all.incomeMinor), .amount(all.contributionMinor),
            .amount(months.reduce(0) { $0 + $1.receivedFromPodMinor }), .amount(months.reduce(0) { $0 + $1.receivedFromNetworkMinor }),
            .amount(all.receivedMinor), .amount(all.netMinor),
        ]
        var blocks: [Block] = months.isEmpty
            ? [.paragraph("No month in this range: the member was not active in it.")]
            : [.table(Table(columns: columns, rows: rows, totals: totalsRow))]
        if let chart = grossNetChart() { blocks.append(.chart(chart)) }
        return Section(title: "Month by month", blocks: blocks)
    }

    private func totalsSection() -> Section {
        let columns = [
            Column(key: "period", label: "Period", alignment: .left),
            Column(key: "months", label: "Months", alignment: .right),
            Column(key: "income", label: "Income", alignment: .right),
            Column(key: "contribution", label: "Contributed", alignment: .right),
            Column(key: "received", label: "Received", alignment: .right),
            Column(key: "net", label: "Net", alignment: .right),
        ]
        func row(_ key: String, _ label: String, _ totals: Totals) -> [Cell] {
            [.label(key: key, text: label), .count(totals.monthsCount), .amount(totals.incomeMinor),
             .amount(totals.contributionMinor), .amount(totals.receivedMinor), .amount(totals.netMinor)]
        }
        return Section(title: "Totals", blocks: [.table(Table(
            columns: columns,
            rows: [row("year_to_date", "Year to date \(through.year)", yearToDate), row("all_months", "All months shown", totals)],
            totals: nil))])
    }

    /// What the member pays or receives, and to or from whom, in plain words, then as a table.
    /// The member's own account in their sickness fund: what went in, what they gave and to whom, their benefit.
    private func fundSection(_ fund: FundMonth, digits: Int) -> Section {
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        let line = fund.line.fund
        var sentences = ["In \(fund.month) \(name) deposited \(money(fund.line.depositMinor)); the own account went from "
            + "\(money(line.accountOpeningMinor)) to \(money(line.accountClosingMinor))."]
        if line.giftMinor > 0 {
            let whom = fund.recipientNames.map { $0.joined(separator: ", ") } ?? "names kept private by the fund"
            sentences.append("\(name) gave \(money(line.giftMinor)) toward the benefits of \(fund.recipientCount) sick member\(fund.recipientCount == 1 ? "" : "s") (\(whom)).")
        }
        if line.sick, let from = fund.line.sickFrom {
            if let month = fund.line.benefitMonth, let left = fund.line.benefitMonthsLeft {
                sentences.append("\(name) is sick since \(from) and received a benefit of \(money(line.benefitMinor))"
                    + (line.benefitMinor < fund.line.benefitLevelMinor ? " of \(money(fund.line.benefitLevelMinor)) (the fund was short)" : "")
                    + ": month \(month) of at most \(fund.terms.maxBenefitMonths), \(left) more at most.")
            } else if let starts = fund.line.benefitStarts {
                sentences.append("\(name) is sick since \(from): the benefit of \(money(fund.line.benefitLevelMinor)) starts in \(starts), after the waiting time.")
            } else if fund.line.endsWithinWaiting {
                sentences.append("\(name) is sick from \(from) through \(fund.line.sickThrough.map(String.init(describing:)) ?? "?") as recorded: "
                    + "the period ends within the waiting time, so it brings no benefit.")
            } else {
                sentences.append("\(name) is sick since \(from) and has had the \(fund.terms.maxBenefitMonths) months of benefit a period of sickness brings.")
            }
        }
        if line.refundMinor > 0 {
            sentences.append("\(money(line.refundMinor)) came back from the account"
                + (line.accountClosingMinor == 0 ? ", all of it: \(name) leaves the fund." : ": it held more than \(fund.terms.accountCapMonths) deposits."))
        }
        return Section(title: "Own account in the fund", blocks: [.paragraph(sentences.joined(separator: " "))])
    }

    private func settlementSection(_ settlement: MonthSettlement, digits: Int) -> Section {
        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: digits) }
        func list(_ lines: [MonthSettlement.Line], _ preposition: String) -> String {
            let parts = lines.map { "\(money($0.amountMinor)) \(preposition) \($0.inSentence)" }
            return parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
        func total(_ lines: [MonthSettlement.Line]) -> Int64 { lines.reduce(0) { $0 + $1.amountMinor } }
        let when = "In \(settlement.month)\(settlement.preview ? " (not closed yet)" : "")"
        var sentences: [String] = []
        if !settlement.pays.isEmpty {
            sentences.append(settlement.pays.count == 1 ? "\(when) \(name) pays \(list(settlement.pays, "to"))."
                : "\(when) \(name) pays \(money(total(settlement.pays))): \(list(settlement.pays, "to")).")
        }
        if !settlement.receives.isEmpty {
            let start = settlement.pays.isEmpty ? "\(when) \(name) receives" : "\(name) also receives"
            sentences.append(settlement.receives.count == 1 ? "\(start) \(list(settlement.receives, "from"))."
                : "\(start) \(money(total(settlement.receives))): \(list(settlement.receives, "from")).")
        }
        if sentences.isEmpty { sentences.append("\(when) \(name) neither pays nor receives anything: their contribution and what they received cancel out.") }
        let rows: [[Cell]] = settlement.pays.map { [.label(key: "pays", text: "Pays to"), .text($0.party.id), .text($0.name), .amount($0.amountMinor)] }
            + settlement.receives.map { [.label(key: "receives", text: "Receives from"), .text($0.party.id), .text($0.name), .amount($0.amountMinor)] }
        var blocks: [Block] = [.paragraph(sentences.joined(separator: " "))]
        if !rows.isEmpty {
            blocks.append(.table(Table(columns: [
                Column(key: "direction", label: "", alignment: .left),
                Column(key: "party", label: "Party id", alignment: .left, formats: .csv),
                Column(key: "party_name", label: "Party", alignment: .left),
                Column(key: "amount", label: "Amount", alignment: .right),
            ], rows: rows, totals: nil)))
        }
        return Section(title: "Settling \(settlement.month)", blocks: blocks)
    }

    /// Smoothing's volatility figures, before the pod (gross income) and after it (net income).
    private func volatilitySection(_ figures: Smoothing.VolatilityFigures, digits: Int) -> Section {
        let money = { (minor: Int64) in Figures.grouped(minor, minorDigits: digits) }
        let belowLabel: String
        switch volatilityThreshold {
        case .floor(let floorMinor): belowLabel = "Months below the floor of \(money(floorMinor))"
        case .zero: belowLabel = "Months below zero"
        case .mixed: belowLabel = "Months below the floor (zero outside floor pods)"
        }
        let count = figures.monthsCount
        var sentence = "Over \(count) closed month\(count == 1 ? "" : "s")"
        switch (figures.coefficientOfVariationBeforeBasisPoints, figures.coefficientOfVariationAfterBasisPoints) {
        case (let before?, let after?):
            let verdict = after < before ? "the pod made it steadier" : after > before ? "it swung more after the pod" : "it swung as much after the pod"
            sentence += ", your income swung \(Figures.ratio(before)) around its average before the pod and "
                + "\(Figures.ratio(after)) after it: \(verdict)."
        default:
            sentence += ", the swing cannot be measured: it needs an average above zero."
        }
        let columns = [
            Column(key: "measure", label: "Per month", alignment: .left),
            Column(key: "before", label: "Before the pod", alignment: .right),
            Column(key: "after", label: "After the pod", alignment: .right),
        ]
        let rows: [[Cell]] = [
            [.label(key: "average", text: "Average"), .amount(figures.meanIncomeMinor), .amount(figures.meanNetMinor)],
            [.label(key: "swing", text: "Swing"), .ratio(basisPoints: figures.coefficientOfVariationBeforeBasisPoints),
             .ratio(basisPoints: figures.coefficientOfVariationAfterBasisPoints)],
            [.label(key: "months_below_floor", text: belowLabel), .count(figures.monthsBelowFloorBefore),
             .count(figures.monthsBelowFloorAfter)],
            [.label(key: "worst_month", text: "Worst month"), .text(figures.worstMonthBefore.month.description),
             .text(figures.worstMonthAfter.month.description)],
            [.label(key: "worst_month_amount", text: "Worst month's amount"), .amount(figures.worstMonthBefore.amountMinor),
             .amount(figures.worstMonthAfter.amountMinor)],
        ]
        return Section(title: "How steady your income was", blocks: [
            .paragraph(sentence),
            .table(Table(columns: columns, rows: rows, totals: nil)),
            .paragraph("Before the pod is your income; after the pod is your net. The swing is how far a typical month "
                + "strays from the average, as a share of the average (the coefficient of variation): the smaller, the steadier."),
        ])
    }
}
