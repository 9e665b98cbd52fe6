import LedgerCore
import Smoothing

/// The index, the pods' and members' pages, the network's months and the downloads page.
extension Site {
    // MARK: Index

    func indexDocument(at path: String) -> Document {
        let open = input.months.filter { status($0.month) != "closed" }.map(\.month)
        var facts = [
            Fact(key: "months", label: "Months", value: firstMonth == lastMonth ? "\(firstMonth)" : "\(firstMonth) to \(lastMonth)"),
            Fact(key: "closed_through", label: "Closed through", value: input.closedThrough.map { "\(min($0, lastMonth))" } ?? "no month closed yet"),
            Fact(key: "currency", label: "Currency", value: currency.code),
            Fact(key: "pods", label: "Pods", value: "\(pods.count)"),
            Fact(key: "published", label: "Published", value: input.isPrivate ? "pod totals only" : "every statement"),
        ]
        facts += fingerprintFact(input.fingerprint)

        var sections: [Section] = []
        var about = "The books of the network: every pod's statement for every month from \(firstMonth) through \(lastMonth), "
            + "the network's own statement for each month, "
        about += input.isPrivate
            ? "and the agreement in plain words. This copy publishes each pod as a whole: no member's name, income, contribution, receipt, net or dues is on it."
            : "every member's history and dues, and the agreement in plain words."
        sections.append(Section(title: nil, blocks: [
            .paragraph(about),
            .links([link("How we share: the agreement in plain words, with one month worked through", to: .howWeShare, from: path),
                    link("Downloads: every statement as CSV and JSON" + (input.isPrivate ? "" : ", and the network file"), to: .downloads, from: path)]),
        ]))

        // Pods: each with its own page of months.
        let podRows: [[Cell]] = pods.enumerated().map { index, pod in
            let latest = pod.months[pod.months.count - 1]
            let statement = input.months[latest.month].pods[latest.pod]
            return [.text(pod.id.raw), .link(link(pod.name, to: .podIndex(index), from: path)),
                    .text(statement.policyPhrase(digits: digits)), .count(pod.months.count),
                    .link(link("\(statement.month)", to: .podMonth(month: latest.month, pod: latest.pod), from: path))]
        }
        sections.append(Section(title: "Pods", blocks: [.table(Table(
            columns: [Column(key: "pod", label: "Id", alignment: .left, formats: .csv), Column(key: "name", label: "Pod", alignment: .left),
                      Column(key: "policy", label: "Policy", alignment: .left), Column(key: "months", label: "Months", alignment: .right),
                      Column(key: "latest", label: "Latest", alignment: .right)],
            rows: podRows, totals: nil))]))

        // Months: the network's statement of each, and the reserve it ended with.
        let monthRows: [[Cell]] = input.months.enumerated().reversed().map { index, network in
            [.link(link("\(network.month)", to: .networkMonth(index), from: path)), .text(status(network.month)),
             .count(network.pods.count), .amount(network.fromPodsMinor), .amount(network.toPodsMinor), .amount(network.reserveClosingMinor)]
        }
        sections.append(Section(title: "Months", blocks: [
            .paragraph("Each month's network statement lists every pod's totals and links to its statement. Newest first."),
            .table(Table(
                columns: [Column(key: "month", label: "Month", alignment: .left), Column(key: "status", label: "Status", alignment: .left),
                          Column(key: "pods", label: "Pods", alignment: .right), Column(key: "from_pods", label: "Into the reserve", alignment: .right),
                          Column(key: "to_pods", label: "Support paid", alignment: .right),
                          Column(key: "reserve_closing", label: "Network reserve", alignment: .right)],
                rows: monthRows, totals: nil)),
        ]))

        // The network reserve over the last 12 months (the table above has every month).
        let shown = Array(input.months.suffix(PodHistory.monthsShown))
        sections.append(Section(title: "The network reserve over time", blocks: [
            .paragraph("What the network reserve held at the end of each month: pods pay into it a share of their surplus"
                + (input.settings.levy == .none ? "" : " and the levy") + ", and it supports pods whose pool and reserve cannot meet their members' needs."
                + (input.months.count > shown.count ? " The chart shows the last \(shown.count) months; the table above has every month." : "")),
            .chart(Chart(title: "Network reserve at the end of each month", style: .line, months: shown.map(\.month),
                         series: [ChartSeries(label: "Network reserve", style: "reserve", valuesMinor: shown.map { $0.reserveClosingMinor })],
                         reference: nil)),
        ]))

        if !input.isPrivate {
            var blocks: [Block] = []
            if !members.isEmpty {
                blocks.append(.table(Table(
                    columns: [Column(key: "member", label: "Id", alignment: .left, formats: .csv), Column(key: "name", label: "Member", alignment: .left),
                              Column(key: "pod", label: "Pod", alignment: .left), Column(key: "first", label: "From", alignment: .right),
                              Column(key: "last", label: "Through", alignment: .right)],
                    rows: members.enumerated().map { index, member in
                        let pod = member.months.last.map { podName($0.pod) } ?? ""
                        return [.text(member.member.raw), .link(link(member.name, to: .member(index), from: path)), .text(pod),
                                .text(member.months.first.map { "\($0.month)" } ?? ""), .text(member.months.last.map { "\($0.month)" } ?? "")]
                    },
                    totals: nil)))
            }
            if membersWithoutPage > 0 {
                blocks.append(.paragraph("\(membersWithoutPage) member\(membersWithoutPage == 1 ? " has" : "s have") no page here: a sickness fund "
                    + "they belong to keeps its members' health private, and their months would show who received a benefit."))
            }
            sections.append(Section(title: "Members", blocks: blocks))
        }
        return Document(
            title: "The network's books, \(firstMonth == lastMonth ? "\(firstMonth)" : "\(firstMonth) to \(lastMonth)")",
            facts: facts,
            notice: open.isEmpty ? nil : "PREVIEW — includes months not closed",
            noticeDetail: open.isEmpty ? nil : "Months from \(open[0]) on are open: their figures may change until they are closed.",
            sections: sections, minorDigits: digits, footer: footer)
    }

    func podName(_ pod: PodID) -> String {
        podIndexByID[pod].map { pods[$0].name } ?? pod.raw
    }

    // MARK: The network's months

    func networkMonthDocument(_ index: Int, at path: String) -> Document {
        let network = input.months[index]
        var document = network.document(podLink: { statement in
            self.podMonthFile(statement.pod, network.month).map { self.relative(self.path($0), from: path) } ?? ""
        })
        document.navigation = monthNavigation(index, at: path) { .networkMonth($0) }
        document.sections.append(Section(title: "On this site", blocks: [.links(
            network.pods.enumerated().map { podIndex, statement in
                link("\(statement.name): statement for \(network.month)", to: .podMonth(month: index, pod: podIndex), from: path)
            } + [link("This statement as CSV", to: .networkData(index, .csv), from: path),
                 link("This statement as JSON", to: .networkData(index, .json), from: path)])]))
        return document
    }

    /// Links to the month before and after, where the site has a page for them.
    func monthNavigation(_ index: Int, at path: String, _ file: (Int) -> File?) -> [Link] {
        var links: [Link] = []
        if index > 0, let previous = file(index - 1) { links.append(link("‹ \(input.months[index - 1].month)", to: previous, from: path)) }
        if index + 1 < input.months.count, let next = file(index + 1) { links.append(link("\(input.months[index + 1].month) ›", to: next, from: path)) }
        return links
    }

    // MARK: Pods

    func podIndexDocument(_ index: Int, at path: String) -> Document {
        let pod = pods[index]
        let statements = pod.months.map { input.months[$0.month].pods[$0.pod] }
        let latest = statements[statements.count - 1]
        let rows: [[Cell]] = zip(pod.months, statements).reversed().map { position, statement in
            [.link(link("\(statement.month)", to: .podMonth(month: position.month, pod: position.pod), from: path)),
             .text(status(statement.month)), .count(statement.members.count), .amount(statement.incomeMinor),
             .amount(statement.contributionsMinor), .amount(statement.receivedMinor), .amount(statement.reserveClosingMinor),
             .link(link("CSV", to: .podData(month: position.month, pod: position.pod, .csv), from: path)),
             .link(link("JSON", to: .podData(month: position.month, pod: position.pod, .json), from: path))]
        }
        let reserveLabel = latest.fund == nil ? "Reserve" : "Own accounts"
        var sections = [Section(title: "Months", blocks: [
            .paragraph("Every month of the pod, newest first: its members' totals and what its "
                + (latest.fund == nil ? "reserve" : "members' own accounts in the fund") + " held at the end of the month."),
            .table(Table(
                columns: [Column(key: "month", label: "Month", alignment: .left), Column(key: "status", label: "Status", alignment: .left),
                          Column(key: "members", label: "Members", alignment: .right), Column(key: "income", label: "Income", alignment: .right),
                          Column(key: "contributions", label: "Pooled", alignment: .right), Column(key: "received", label: "Received", alignment: .right),
                          Column(key: "reserve_closing", label: reserveLabel, alignment: .right),
                          Column(key: "csv", label: "CSV", alignment: .left), Column(key: "json", label: "JSON", alignment: .left)],
                rows: rows, totals: nil)),
        ])]
        let shown = Array(statements.suffix(PodHistory.monthsShown))
        if latest.fund == nil && (latest.policy != .equal || shown.contains { $0.reserveClosingMinor != 0 }), let first = shown.first?.month {
            let months = first.through(latest.month)
            let byMonth = Dictionary(uniqueKeysWithValues: shown.map { ($0.month, $0.reserveClosingMinor) })
            sections.append(Section(title: "The pod reserve over time", blocks: [.chart(Chart(
                title: "Pod reserve at the end of each month", style: .line, months: months,
                series: [ChartSeries(label: "Pod reserve", style: "reserve", valuesMinor: months.map { byMonth[$0] })],
                reference: latest.reserveTargetMinor > 0 ? ChartReference(label: "Target", valueMinor: latest.reserveTargetMinor) : nil))]))
        }
        if !input.isPrivate {
            var seen = Set<MemberID>()
            var links: [Link] = []
            for statement in statements.reversed() {
                for line in statement.members where seen.insert(line.member).inserted {
                    if let member = memberIndexByID[line.member] { links.append(link(line.name, to: .member(member), from: path)) }
                }
            }
            let without = seen.count - links.count
            var blocks: [Block] = links.isEmpty ? [] : [.links(links.sorted { $0.text < $1.text })]
            if without > 0 {
                blocks.append(.paragraph(latest.fund.map { !$0.terms.showsSickNames } ?? false
                    ? "The fund keeps its members' health private: its members have no page of their own here."
                    : "\(without) member\(without == 1 ? " has" : "s have") no page of their own here."))
            }
            sections.append(Section(title: "Members", blocks: blocks))
        }
        return Document(
            title: "\(pod.name) — every month",
            facts: [Fact(key: "pod", label: "Pod", value: pod.id.raw),
                    Fact(key: "policy", label: latest.fund == nil ? "Policy" : "Fund", value: latest.policyPhrase(digits: digits)),
                    Fact(key: "months", label: "Months", value: "\(statements[0].month) to \(latest.month)"),
                    Fact(key: "currency", label: "Currency", value: currency.code)],
            sections: sections, minorDigits: digits, footer: footer)
    }

    func podMonthDocument(month index: Int, pod podIndex: Int, at path: String) -> Document {
        let network = input.months[index]
        let statement = network.pods[podIndex]
        var document = statement.document(history: podHistory, disclosure: disclosure)
        let podPosition = podIndexByID[statement.pod]!
        document.navigation = [link(statement.name, to: .podIndex(podPosition), from: path),
                               link("Network, \(network.month)", to: .networkMonth(index), from: path)]
            + monthNavigation(index, at: path) { self.podMonthFile(statement.pod, self.input.months[$0].month) }
        var links = [link("This statement as CSV", to: .podData(month: index, pod: podIndex, .csv), from: path),
                     link("This statement as JSON", to: .podData(month: index, pod: podIndex, .json), from: path)]
        links += statement.members.compactMap { line in memberIndexByID[line.member].map { link("\(line.name): member page", to: .member($0), from: path) } }
        document.sections.append(Section(title: "On this site", blocks: [.links(links)]))
        return document
    }

    // MARK: Members

    func memberDocument(_ index: Int, at path: String) -> Document {
        let member = members[index]
        var document = member.document()
        var links = [link("This statement as CSV", to: .memberData(index, .csv), from: path),
                     link("This statement as JSON", to: .memberData(index, .json), from: path)]
        links += member.months.reversed().compactMap { line in
            podMonthFile(line.pod, line.month).map { link("\(podName(line.pod)), \(line.month)", to: $0, from: path) }
        }
        document.sections.append(Section(title: "On this site", blocks: [.links(links)]))
        return document
    }

    // MARK: Downloads

    func downloadsDocument(at path: String) -> Document {
        var sections = [Section(title: nil, blocks: [.paragraph(
            "Every statement of this site as CSV, for spreadsheets, and as JSON, for scripts: the same files as podledger statement "
                + "writes with --format csv and --format json. Amounts are plain numbers with the currency's \(digits) decimal"
                + (digits == 1 ? "" : "s") + "."
                + (input.isPrivate ? " This copy publishes pod totals only: the JSON leaves out each pod's members, the payments between "
                    + "members and the members' dues; the network file and the ledger's exports, which hold members' figures, are not published." : ""))])]
        if !input.isPrivate {
            if input.networkFile != nil {
                sections.append(Section(title: "The network file", blocks: [
                    .paragraph("The agreement as a network file (TOML), as explained on the how-we-share page."),
                    .links([link("network.toml", to: .networkFile, from: path)]),
                ]))
            }
            if !input.exports.isEmpty {
                sections.append(Section(title: "The ledger's exports", blocks: [.links(input.exports.enumerated().map { index, export in
                    link("\(export.name): \(export.description)", to: .export(index), from: path)
                })]))
            }
        }
        func dataColumns(_ first: [Column]) -> [Column] {
            first + [Column(key: "csv", label: "CSV", alignment: .left), Column(key: "json", label: "JSON", alignment: .left)]
        }
        sections.append(Section(title: "The network's statements", blocks: [.table(Table(
            columns: dataColumns([Column(key: "month", label: "Month", alignment: .left)]),
            rows: input.months.indices.reversed().map { index in
                [.text("\(input.months[index].month)"), .link(link("CSV", to: .networkData(index, .csv), from: path)),
                 .link(link("JSON", to: .networkData(index, .json), from: path))]
            },
            totals: nil))]))
        sections.append(Section(title: "The pods' statements", blocks: [.table(Table(
            columns: dataColumns([Column(key: "pod", label: "Pod", alignment: .left), Column(key: "month", label: "Month", alignment: .left)]),
            rows: pods.flatMap { pod in
                pod.months.reversed().map { position -> [Cell] in
                    [.text(pod.name), .text("\(input.months[position.month].month)"),
                     .link(link("CSV", to: .podData(month: position.month, pod: position.pod, .csv), from: path)),
                     .link(link("JSON", to: .podData(month: position.month, pod: position.pod, .json), from: path))]
                }
            },
            totals: nil))]))
        if !members.isEmpty {
            sections.append(Section(title: "The members' statements", blocks: [.table(Table(
                columns: dataColumns([Column(key: "member", label: "Member", alignment: .left)]),
                rows: members.indices.map { index in
                    [.text(members[index].name), .link(link("CSV", to: .memberData(index, .csv), from: path)),
                     .link(link("JSON", to: .memberData(index, .json), from: path))]
                },
                totals: nil))]))
        }
        return Document(title: "Downloads", facts: [Fact(key: "currency", label: "Currency", value: currency.code)],
                        sections: sections, minorDigits: digits, footer: footer)
    }
}
