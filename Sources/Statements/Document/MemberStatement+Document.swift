import LedgerCore

extension MemberStatement {
    func document() -> Document {
        let digits = currency.minorDigits
        let pods = months.reduce(into: [PodID]()) { pods, line in if !pods.contains(line.pod) { pods.append(line.pod) } }
        var sections = [monthsSection(), totalsSection()]
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
            ],
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

    private func volatilitySection(_ figures: VolatilityFigures, digits: Int) -> Section {
        let columns = [
            Column(key: "measure", label: "Per month", alignment: .left),
            Column(key: "gross", label: "Income", alignment: .right),
            Column(key: "net", label: "Net", alignment: .right),
        ]
        let rows: [[Cell]] = [
            [.label(key: "mean", text: "Average"), .amount(figures.gross.meanMinor), .amount(figures.net.meanMinor)],
            [.label(key: "standard_deviation", text: "Typical swing (std. dev.)"),
             .amount(figures.gross.standardDeviationMinor), .amount(figures.net.standardDeviationMinor)],
            [.label(key: "lowest", text: "Lowest month"), .amount(figures.gross.lowestMinor), .amount(figures.net.lowestMinor)],
            [.label(key: "highest", text: "Highest month"), .amount(figures.gross.highestMinor), .amount(figures.net.highestMinor)],
        ]
        let gross = Figures.grouped(figures.gross.standardDeviationMinor, minorDigits: digits)
        let net = Figures.grouped(figures.net.standardDeviationMinor, minorDigits: digits)
        var sentence = "Over \(figures.monthsCount) month\(figures.monthsCount == 1 ? "" : "s"), your income swung by about "
            + "\(gross) a month before the pod and \(net) after it"
        if let reduction = figures.swingReductionPercent {
            sentence += reduction >= 0 ? ": \(reduction)% steadier." : ": \(-reduction)% less steady."
        } else {
            sentence += "."
        }
        return Section(title: "How steady your income was",
                       blocks: [.paragraph(sentence), .table(Table(columns: columns, rows: rows, totals: nil))])
    }
}
