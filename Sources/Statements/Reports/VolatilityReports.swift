import LedgerCore
import Smoothing

/// `podledger stats`: how steady income was before (gross) and after (net) smoothing, per pod (over its
/// member-months) and per member, over a range of closed months.
public struct StatsReport: Hashable, Sendable {
    public let report: VolatilityReport
    public let currency: Currency

    public init(report: VolatilityReport, currency: Currency) {
        self.report = report
        self.currency = currency
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }

    static func span(_ months: [Month]) -> String {
        guard let first = months.first, let last = months.last else { return "no months" }
        return first == last ? first.description : "\(first)..\(last)"
    }

    /// One row per pod, then its members; `(pod, member or nil, figures)`.
    static func rows(_ report: VolatilityReport) -> [(pod: PodID, member: MemberID?, figures: VolatilityFigures)] {
        report.pods.flatMap { pod in [(pod.pod, nil, pod.figures)] + pod.members.map { (pod.pod, $0.member, $0.figures) } }
    }

    static func figuresJSON(_ figures: VolatilityFigures, digits: Int) -> JSON {
        func amount(_ minor: Int64) -> JSON { .string(Figures.plain(minor, minorDigits: digits)) }
        func worst(_ month: WorstMonth) -> JSON {
            .object([("month", .string(month.month.description)), ("member", .string(month.member.raw)), ("amount", amount(month.amountMinor))])
        }
        func basisPoints(_ value: Int64?) -> JSON { value.map { .integer(Int($0)) } ?? .null }
        return .object([
            ("months", .integer(figures.monthsCount)),
            ("mean_income", amount(figures.meanIncomeMinor)), ("mean_net", amount(figures.meanNetMinor)),
            ("cv_before_bp", basisPoints(figures.coefficientOfVariationBeforeBasisPoints)),
            ("cv_after_bp", basisPoints(figures.coefficientOfVariationAfterBasisPoints)),
            // The same as percent strings, as member statements give them.
            ("swing_before_percent", figures.coefficientOfVariationBeforeBasisPoints.map { .string(Figures.basisPoints($0)) } ?? .null),
            ("swing_after_percent", figures.coefficientOfVariationAfterBasisPoints.map { .string(Figures.basisPoints($0)) } ?? .null),
            ("months_below_floor_before", .integer(figures.monthsBelowFloorBefore)),
            ("months_below_floor_after", .integer(figures.monthsBelowFloorAfter)),
            ("worst_before", worst(figures.worstMonthBefore)), ("worst_after", worst(figures.worstMonthAfter)),
        ])
    }

    static func reportJSON(_ report: VolatilityReport, currency: Currency) -> JSON {
        .object([
            ("from", report.months.first.map { .string($0.description) } ?? .null),
            ("through", report.months.last.map { .string($0.description) } ?? .null),
            ("currency", .string(currency.code)),
            ("pods", .array(report.pods.map { pod in
                .object([
                    ("pod", .string(pod.pod.raw)),
                    ("figures", figuresJSON(pod.figures, digits: currency.minorDigits)),
                    ("members", .array(pod.members.map { member in
                        .object([("member", .string(member.member.raw)), ("figures", figuresJSON(member.figures, digits: currency.minorDigits))])
                    })),
                ])
            })),
        ])
    }
}

extension StatsReport: DocumentRendering {
    func document() -> Document {
        // Text pairs each before and after figure in one column, so the table fits 80 columns.
        let table = Table(
            columns: [
                Column(key: "pod", label: "Pod", alignment: .left), Column(key: "member", label: "Member", alignment: .left),
                Column(key: "months", label: "Months", alignment: .right, formats: .wide),
                Column(key: "mean_income", label: "Mean gross", alignment: .right), Column(key: "mean_net", label: "Mean net", alignment: .right),
                Column(key: "swing", label: "Swing", alignment: .right, formats: .text),
                Column(key: "swing_before_percent", label: "Swing before", alignment: .right, formats: .wide),
                Column(key: "swing_after_percent", label: "Swing after", alignment: .right, formats: .wide),
                Column(key: "below", label: "Below", alignment: .right, formats: .text),
                Column(key: "months_below_floor_before", label: "Below before", alignment: .right, formats: .wide),
                Column(key: "months_below_floor_after", label: "Below after", alignment: .right, formats: .wide),
                Column(key: "worst_income", label: "Worst gross", alignment: .right, formats: .wide),
                Column(key: "worst_net", label: "Worst net", alignment: .right),
            ],
            rows: Self.rows(report).map { row in
                let figures = row.figures
                let before = figures.coefficientOfVariationBeforeBasisPoints
                let after = figures.coefficientOfVariationAfterBasisPoints
                return [.text(row.pod.raw), .text(row.member?.raw ?? "(all)"), .count(figures.monthsCount),
                        .amount(figures.meanIncomeMinor), .amount(figures.meanNetMinor),
                        .text(Figures.ratio(before) + " → " + Figures.ratio(after)),
                        .ratio(basisPoints: before), .ratio(basisPoints: after),
                        .text("\(figures.monthsBelowFloorBefore) → \(figures.monthsBelowFloorAfter)"),
                        .count(figures.monthsBelowFloorBefore), .count(figures.monthsBelowFloorAfter),
                        .amount(figures.worstMonthBefore.amountMinor), .amount(figures.worstMonthAfter.amountMinor)]
            },
            totals: nil)
        return Document(title: nil, sections: [Section(title: nil, blocks: [
            .paragraph("Volatility \(Self.span(report.months)), \(currency.code): before smoothing is gross income, after is net income. "
                + "A pod's row counts its member-months. Swing is the coefficient of variation of monthly income; below counts "
                + "months under the pod's floor (under zero in average and equal pods)."),
            .table(table),
        ])], minorDigits: currency.minorDigits)
    }

    var json: JSON { Self.reportJSON(report, currency: currency) }
}

/// `podledger simulate`: the recorded income replayed under other rules, beside the rules in effect.
public struct SimulationReport: Hashable, Sendable {
    public let currency: Currency
    /// What the simulated rules change, in the last month of the range.
    public let changes: [NetworkChange]
    public let actual: VolatilityReport
    public let simulated: VolatilityReport

    public init(currency: Currency, changes: [NetworkChange], actual: VolatilityReport, simulated: VolatilityReport) {
        self.currency = currency
        self.changes = changes
        self.actual = actual
        self.simulated = simulated
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }
}

extension SimulationReport: DocumentRendering {
    func document() -> Document {
        let changeLines = changes.map { ChangeText.describe($0, minorDigits: currency.minorDigits) }
        let rules: Block = changes.isEmpty
            ? .paragraph("Rules: no change (the replay equals the rules in effect).")
            : .table(Table(columns: [Column(key: "rule_change", label: "Rules changed", alignment: .left)],
                           rows: changeLines.map { [.text($0)] }, totals: nil))
        func pair(_ now: String, _ simulated: String?) -> Cell { .text(now + " → " + (simulated ?? "—")) }
        let table = Table(
            columns: [
                Column(key: "pod", label: "Pod", alignment: .left), Column(key: "member", label: "Member", alignment: .left),
                Column(key: "swing_gross_percent", label: "Swing gross", alignment: .right),
                Column(key: "swing_net", label: "Swing net now → sim", alignment: .right, formats: .text),
                Column(key: "swing_net_now_percent", label: "Swing net now", alignment: .right, formats: .wide),
                Column(key: "swing_net_simulated_percent", label: "Swing net sim", alignment: .right, formats: .wide),
                Column(key: "below", label: "Below", alignment: .right, formats: .text),
                Column(key: "below_now", label: "Below now", alignment: .right, formats: .wide),
                Column(key: "below_simulated", label: "Below sim", alignment: .right, formats: .wide),
                Column(key: "worst", label: "Worst net", alignment: .right, formats: .text),
                Column(key: "worst_now", label: "Worst now", alignment: .right, formats: .wide),
                Column(key: "worst_simulated", label: "Worst sim", alignment: .right, formats: .wide),
            ],
            rows: StatsReport.rows(actual).map { row in
                let simulatedPod = simulated.pod(row.pod)
                let other = row.member.map { member in simulatedPod?.members.first { $0.member == member }?.figures } ?? simulatedPod?.figures
                let digits = currency.minorDigits
                return [.text(row.pod.raw), .text(row.member?.raw ?? "(all)"),
                        .ratio(basisPoints: row.figures.coefficientOfVariationBeforeBasisPoints),
                        pair(Figures.ratio(row.figures.coefficientOfVariationAfterBasisPoints), other.map { Figures.ratio($0.coefficientOfVariationAfterBasisPoints) }),
                        .ratio(basisPoints: row.figures.coefficientOfVariationAfterBasisPoints),
                        .ratio(basisPoints: other?.coefficientOfVariationAfterBasisPoints),
                        pair(String(row.figures.monthsBelowFloorAfter), other.map { String($0.monthsBelowFloorAfter) }),
                        .count(row.figures.monthsBelowFloorAfter), other.map { .count($0.monthsBelowFloorAfter) } ?? .empty,
                        pair(Figures.grouped(row.figures.worstMonthAfter.amountMinor, minorDigits: digits),
                             other.map { Figures.grouped($0.worstMonthAfter.amountMinor, minorDigits: digits) }),
                        .amount(row.figures.worstMonthAfter.amountMinor), other.map { .amount($0.worstMonthAfter.amountMinor) } ?? .empty]
            },
            totals: nil)
        return Document(title: nil, sections: [Section(title: nil, blocks: [
            .paragraph("Simulation \(StatsReport.span(actual.months)): the recorded income replayed under other rules; nothing written."),
            rules, .table(table),
        ])], minorDigits: currency.minorDigits)
    }

    var json: JSON {
        .object([
            ("from", actual.months.first.map { .string($0.description) } ?? .null),
            ("through", actual.months.last.map { .string($0.description) } ?? .null),
            ("currency", .string(currency.code)),
            ("rule_changes", .array(changes.map { .string(ChangeText.describe($0, minorDigits: currency.minorDigits)) })),
            ("actual", StatsReport.reportJSON(actual, currency: currency)),
            ("simulated", StatsReport.reportJSON(simulated, currency: currency)),
        ])
    }
}
