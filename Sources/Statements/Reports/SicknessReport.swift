import LedgerCore

/// `podledger sickness list`: the periods of sickness recorded in the network's sickness funds, with the months
/// in which each brings a benefit (after the waiting months, up to the limit).
public struct SicknessReport: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public let period: SicknessPeriod
        public let name: String
        public let pod: PodID
        /// The first month with a benefit; nil when the period ends within the waiting months.
        public let benefitFrom: Month?
        /// The last month with a benefit: the limit, or the period's end; nil while it is open-ended and within the limit.
        public let benefitThrough: Month?

        public init(period: SicknessPeriod, name: String, pod: PodID, terms: SicknessTerms) {
            self.period = period
            self.name = name
            self.pod = pod
            let start = Month(ordinal: period.from.ordinal + terms.waitingMonths)
            let limit = start.flatMap { Month(ordinal: $0.ordinal + terms.maxBenefitMonths - 1) }
            if let start, period.through.map({ start <= $0 }) ?? true {
                benefitFrom = start
                benefitThrough = [limit, period.through].compactMap { $0 }.min()
            } else {
                benefitFrom = nil
                benefitThrough = nil
            }
        }
    }

    /// By member, then start.
    public let lines: [Line]

    public init(lines: [Line]) {
        self.lines = lines
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }
}

extension SicknessReport: DocumentRendering {
    func document() -> Document {
        guard !lines.isEmpty else {
            return Document(title: nil, sections: [Section(title: nil, blocks: [.paragraph("No sickness is recorded.")])], minorDigits: 0)
        }
        let table = Table(
            columns: [
                Column(key: "pod", label: "Fund", alignment: .left), Column(key: "member", label: "Member", alignment: .left, formats: .csv),
                Column(key: "name", label: "Name", alignment: .left), Column(key: "from", label: "Sick from", alignment: .left),
                Column(key: "through", label: "Through", alignment: .left), Column(key: "benefit_from", label: "Benefit from", alignment: .left),
                Column(key: "benefit_through", label: "Benefit through", alignment: .left),
            ],
            rows: lines.map { line in
                [.text(line.pod.raw), .text(line.period.member.raw), .text(line.name), .text(line.period.from.description),
                 .text(line.period.through?.description ?? "still sick"), .text(line.benefitFrom?.description ?? "none"),
                 .text(line.benefitThrough?.description ?? (line.benefitFrom == nil ? "" : "ongoing"))]
            },
            totals: nil)
        return Document(title: nil, sections: [Section(title: nil, blocks: [
            .paragraph("Sickness recorded in the network's sickness funds, with the months it brings a benefit (after the waiting "
                + "months, up to the fund's limit). Statements name the sick only where a fund allows it."),
            .table(table),
        ])], minorDigits: 0)
    }

    var json: JSON {
        .object([("periods", .array(lines.map { line in
            .object([
                ("pod", .string(line.pod.raw)), ("member", .string(line.period.member.raw)), ("name", .string(line.name)),
                ("from", .string(line.period.from.description)), ("through", line.period.through.map { .string($0.description) } ?? .null),
                ("benefit_from", line.benefitFrom.map { .string($0.description) } ?? .null),
                ("benefit_through", line.benefitThrough.map { .string($0.description) } ?? .null),
            ])
        }))])
    }
}
