import LedgerCore

extension NetworkStatement {
    func document() -> Document { document(podLink: nil) }

    /// `podLink`: where each pod's name links to (a published site's pod page), from the pod's statement.
    func document(podLink: ((PodStatement) -> String)?) -> Document {
        let columns = [
            Column(key: "pod", label: "Id", alignment: .left, formats: .csv),
            Column(key: "name", label: "Pod", alignment: .left),
            Column(key: "policy", label: "Policy", alignment: .left, formats: .wide),
            Column(key: "members", label: "Members", alignment: .right, formats: .wide),
            Column(key: "income", label: "Income", alignment: .right),
            Column(key: "contributions", label: "Pooled", alignment: .right),
            Column(key: "received", label: "Received", alignment: .right, formats: .wide),
            Column(key: "reserve_opening", label: "Reserve at start", alignment: .right, formats: .wide),
            Column(key: "reserve_closing", label: "Reserve", alignment: .right),
            Column(key: "to_network", label: "To network", alignment: .right),
            Column(key: "from_network", label: "From network", alignment: .right),
            Column(key: "unmet", label: "Unmet", alignment: .right),
            Column(key: "network_outstanding", label: "Owes network", alignment: .right, formats: .wide),
        ]
        let rows: [[Cell]] = pods.map { pod in
            [.text(pod.pod.raw), podLink.map { .link(Link(text: pod.name, href: $0(pod))) } ?? .text(pod.name), .label(key: pod.policy.name, text: pod.policy.name), .count(pod.members.count),
             .amount(pod.incomeMinor), .amount(pod.contributionsMinor), .amount(pod.receivedMinor),
             .amount(pod.reserveOpeningMinor), .amount(pod.reserveClosingMinor), .amount(pod.toNetworkMinor),
             .amount(pod.fromNetworkMinor), .amount(pod.unmetMinor), pod.outstanding.map { .amount($0.network.outstandingMinor) } ?? .empty]
        }
        func sum(_ value: (PodStatement) -> Int64) -> Cell { .amount(pods.reduce(0) { $0 + value($1) }) }
        let totals: [Cell] = [
            .empty, .text("Total"), .empty, .count(pods.reduce(0) { $0 + $1.members.count }),
            sum(\.incomeMinor), sum(\.contributionsMinor), sum(\.receivedMinor), sum(\.reserveOpeningMinor),
            sum(\.reserveClosingMinor), sum(\.toNetworkMinor), sum(\.fromNetworkMinor), sum(\.unmetMinor),
            sum { $0.outstanding?.network.outstandingMinor ?? 0 },
        ]
        let reserve = Table(
            columns: [Column(key: "item", label: "Item", alignment: .left), Column(key: "amount", label: "Amount", alignment: .right)],
            rows: [
                [.label(key: "reserve_opening", text: "Network reserve at the start"), .amount(reserveOpeningMinor)],
                [.label(key: "from_pods", text: "Received from pods"), .amount(fromPodsMinor)],
                [.label(key: "to_pods", text: "Support paid to pods"), .amount(toPodsMinor)],
                [.label(key: "reserve_closing", text: "Network reserve at the end"), .amount(reserveClosingMinor)],
            ],
            totals: nil, showsHeaderInText: false)
        let share = Figures.percent(networkShareBasisPoints)
        return Document(
            title: "Network statement for \(month)",
            facts: [
                Fact(key: "month", label: "Month", value: month.description),
                Fact(key: "currency", label: "Currency", value: currency.code),
                Fact(key: "share_percent", label: "Network share", value: share, csvValue: BasisPoints.format(networkShareBasisPoints)),
                Fact(key: "status", label: "Status", value: preview ? "preview (open)" : "closed", csvValue: preview ? "preview" : "closed"),
            ] + (fingerprint.map { [Fact(key: "fingerprint", label: "Fingerprint", value: $0.description)] } ?? []),
            notice: preview ? PodStatement.previewNotice : nil,
            noticeDetail: preview ? PodStatement.previewDetail : nil,
            sections: [
                Section(title: "Pods", blocks: [
                    .paragraph("Each pod sends \(share) of its surplus to the network reserve; the network reserve covers "
                        + "needs that a pod's pool and reserve could not."),
                    .table(Table(columns: columns, rows: rows, totals: totals)),
                ]),
                Section(title: "Network reserve", blocks: [.table(reserve)]),
            ],
            minorDigits: currency.minorDigits,
            footer: "Amounts in \(currency.code). Made by PodLedger.")
    }
}
