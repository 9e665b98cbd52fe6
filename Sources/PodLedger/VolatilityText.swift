import LedgerCore
import Smoothing

/// `stats` and `simulate` reports: volatility before (gross) and after (net) smoothing, per pod and member.
public enum VolatilityText {
    /// A coefficient of variation in basis points as a percent, `—` when undefined (mean ≤ 0).
    static func swing(_ basisPoints: Int64?) -> String {
        guard let basisPoints else { return "—" }
        guard basisPoints < Int64(Int.max / 2) else { return "huge" }
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    static func span(_ months: [Month]) -> String {
        guard let first = months.first, let last = months.last else { return "no months" }
        return first == last ? first.description : "\(first)..\(last)"
    }

    public static func stats(_ report: VolatilityReport, currency: Currency) -> String {
        let digits = currency.minorDigits
        func money(_ minor: Int64) -> String { Money.format(minor, minorDigits: digits) }
        var out = "Volatility \(span(report.months)), \(currency.code): before = gross income, after = net income\n"
        out += "(pods count member-months; swing = coefficient of variation; below = months under the pod floor)\n\n"
        let header = Column.left("", 14) + Column.right("months", 7) + Column.right("mean gross", 12) + Column.right("mean net", 12)
            + Column.right("swing", 9) + Column.right("-> after", 9) + Column.right("below", 8)
            + Column.right("worst gross", 13) + Column.right("worst net", 12)
        out += header + "\n"
        func row(_ name: String, _ figures: VolatilityFigures) -> String {
            Column.left(name, 14) + Column.right(String(figures.monthsCount), 7)
                + Column.right(money(figures.meanIncomeMinor), 12) + Column.right(money(figures.meanNetMinor), 12)
                + Column.right(swing(figures.coefficientOfVariationBeforeBasisPoints), 9)
                + Column.right(swing(figures.coefficientOfVariationAfterBasisPoints), 9)
                + Column.right("\(figures.monthsBelowFloorBefore)->\(figures.monthsBelowFloorAfter)", 8)
                + Column.right(money(figures.worstMonthBefore.amountMinor), 13)
                + Column.right(money(figures.worstMonthAfter.amountMinor), 12) + "\n"
        }
        for pod in report.pods {
            out += row(pod.pod.raw, pod.figures)
            for member in pod.members { out += row("  " + member.member.raw, member.figures) }
        }
        return out
    }

    public static func statsJSON(_ report: VolatilityReport, currency: Currency) -> String {
        JSONText.object([
            ("from", report.months.first.map { JSONText.quote($0.description) } ?? "null"),
            ("through", report.months.last.map { JSONText.quote($0.description) } ?? "null"),
            ("currency", JSONText.quote(currency.code)),
            ("pods", JSONText.array(report.pods.map { pod in
                JSONText.object([
                    ("pod", JSONText.quote(pod.pod.raw)),
                    ("figures", figuresJSON(pod.figures, currency: currency)),
                    ("members", JSONText.array(pod.members.map { member in
                        JSONText.object([("member", JSONText.quote(member.member.raw)),
                                         ("figures", figuresJSON(member.figures, currency: currency))])
                    })),
                ])
            })),
        ]) + "\n"
    }

    static func figuresJSON(_ figures: VolatilityFigures, currency: Currency) -> String {
        let digits = currency.minorDigits
        func money(_ minor: Int64) -> String { JSONText.quote(Money.format(minor, minorDigits: digits)) }
        func worst(_ month: WorstMonth) -> String {
            JSONText.object([("month", JSONText.quote(month.month.description)), ("member", JSONText.quote(month.member.raw)),
                             ("amount", money(month.amountMinor))])
        }
        return JSONText.object([
            ("months", String(figures.monthsCount)),
            ("mean_income", money(figures.meanIncomeMinor)), ("mean_net", money(figures.meanNetMinor)),
            ("cv_before_bp", figures.coefficientOfVariationBeforeBasisPoints.map { String($0) } ?? "null"),
            ("cv_after_bp", figures.coefficientOfVariationAfterBasisPoints.map { String($0) } ?? "null"),
            ("months_below_floor_before", String(figures.monthsBelowFloorBefore)),
            ("months_below_floor_after", String(figures.monthsBelowFloorAfter)),
            ("worst_before", worst(figures.worstMonthBefore)), ("worst_after", worst(figures.worstMonthAfter)),
        ])
    }

    /// The rules that differ between the settings in effect and the simulated ones, one line each.
    static func ruleChanges(_ actual: NetworkSettings, _ simulated: NetworkSettings) -> [String] {
        let digits = actual.currency.minorDigits
        func money(_ minor: Int64) -> String { Money.format(minor, minorDigits: digits) }
        func policy(_ policy: Policy) -> String {
            switch policy {
            case .floor(let floor): return "floor \(money(floor))"
            case .average(let window): return "average over \(window) months"
            case .equal: return "equal"
            }
        }
        var lines: [String] = []
        if actual.shareBasisPoints != simulated.shareBasisPoints {
            lines.append("network share: \(BasisPoints.format(actual.shareBasisPoints))% -> \(BasisPoints.format(simulated.shareBasisPoints))%")
        }
        for (old, new) in zip(actual.pods, simulated.pods) {
            if old.policy != new.policy { lines.append("\(old.id) policy: \(policy(old.policy)) -> \(policy(new.policy))") }
            if old.reserveTargetMinor != new.reserveTargetMinor {
                lines.append("\(old.id) reserve target: \(money(old.reserveTargetMinor)) -> \(money(new.reserveTargetMinor))")
            }
            if old.surplus != new.surplus { lines.append("\(old.id) surplus: \(old.surplus.rawValue) -> \(new.surplus.rawValue)") }
        }
        for (old, new) in zip(actual.members, simulated.members) where old.pledgeBasisPoints != new.pledgeBasisPoints {
            lines.append("\(old.id) pledge: \(BasisPoints.format(old.pledgeBasisPoints))% -> \(BasisPoints.format(new.pledgeBasisPoints))%")
        }
        return lines
    }

    public static func simulation(_ comparison: SimulationComparison, currency: Currency) -> String {
        let digits = currency.minorDigits
        func money(_ minor: Int64) -> String { Money.format(minor, minorDigits: digits) }
        var out = "Simulation \(span(comparison.months)): the recorded income replayed under other rules; nothing written\n"
        let changes = ruleChanges(comparison.actualSettings, comparison.simulatedSettings)
        out += changes.isEmpty ? "rules: no change (the replay equals the rules in effect)\n" : "rules:\n" + changes.map { "  \($0)\n" }.joined()
        out += "\n" + Column.left("", 14) + Column.right("swing gross", 12) + Column.right("net now", 10) + Column.right("net sim", 10)
            + Column.right("below now", 10) + Column.right("below sim", 10) + Column.right("worst now", 12) + Column.right("worst sim", 12) + "\n"
        func row(_ name: String, _ actual: VolatilityFigures, _ simulated: VolatilityFigures?) -> String {
            Column.left(name, 14) + Column.right(swing(actual.coefficientOfVariationBeforeBasisPoints), 12)
                + Column.right(swing(actual.coefficientOfVariationAfterBasisPoints), 10)
                + Column.right(simulated.map { swing($0.coefficientOfVariationAfterBasisPoints) } ?? "—", 10)
                + Column.right(String(actual.monthsBelowFloorAfter), 10)
                + Column.right(simulated.map { String($0.monthsBelowFloorAfter) } ?? "—", 10)
                + Column.right(money(actual.worstMonthAfter.amountMinor), 12)
                + Column.right(simulated.map { money($0.worstMonthAfter.amountMinor) } ?? "—", 12) + "\n"
        }
        for pod in comparison.actual.pods {
            let simulatedPod = comparison.simulated.pod(pod.pod)
            out += row(pod.pod.raw, pod.figures, simulatedPod?.figures)
            for member in pod.members {
                out += row("  " + member.member.raw, member.figures,
                           simulatedPod?.members.first { $0.member == member.member }?.figures)
            }
        }
        return out
    }

    public static func simulationJSON(_ comparison: SimulationComparison, currency: Currency) -> String {
        JSONText.object([
            ("from", comparison.months.first.map { JSONText.quote($0.description) } ?? "null"),
            ("through", comparison.months.last.map { JSONText.quote($0.description) } ?? "null"),
            ("currency", JSONText.quote(currency.code)),
            ("rule_changes", JSONText.array(ruleChanges(comparison.actualSettings, comparison.simulatedSettings).map(JSONText.quote))),
            ("actual", statsJSON(comparison.actual, currency: currency).trimmingSuffixNewline),
            ("simulated", statsJSON(comparison.simulated, currency: currency).trimmingSuffixNewline),
        ]) + "\n"
    }
}

extension String {
    var trimmingSuffixNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
