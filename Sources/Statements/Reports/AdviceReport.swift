import LedgerCore
import Smoothing

/// `podledger advise`: the lowest pledge that would have met a pod's targets, its figures beside today's; or, when
/// no pledge does, the closest one.
public struct AdviceReport: Hashable, Sendable {
    public let outcome: Advice.Outcome
    public let currency: Currency
    public let podName: String
    /// The pod's policy over the range; nil when it changed within the range.
    public let policy: PolicyKind?

    public init(outcome: Advice.Outcome, currency: Currency, podName: String, policy: PolicyKind?) {
        self.outcome = outcome
        self.currency = currency
        self.podName = podName
        self.policy = policy
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }

    /// The advised candidate, else the closest: what the second column of figures shows (under the same CSV and
    /// JSON-stable keys, `..._advised`, with `found` telling which).
    var shown: Advice.Candidate? { outcome.advised ?? outcome.closest }
    var shownLabel: String { outcome.advised == nil ? "closest" : "advised" }

    static func percent(_ basisPoints: Int) -> String { Figures.percent(basisPoints) }

    /// `10–17.5%`, or `15%` when every member pledges the same.
    static func pledgeSpan(_ figures: Advice.Figures) -> String {
        let pledges = figures.members.map(\.pledgeBasisPoints)
        guard let low = pledges.min(), let high = pledges.max(), low != high else { return percent(pledges.first ?? 0) }
        return BasisPoints.format(low) + "–" + percent(high)
    }

    static func months(_ count: Int) -> String { count == 1 ? "1 month" : "\(count) months" }

    /// `a`, `a and b`, `a, b and c`.
    static func listed(_ parts: [String]) -> String {
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}

// MARK: Sentences

extension AdviceReport {
    /// What "below" means for this pod, as a verb phrase after "every member is".
    var belowWords: String {
        switch policy {
        case .floor: return "below the floor"
        case .average: return "short of their own average"
        case .sickness: return "short of their benefit"
        case .equal, nil: return "below the floor or short of their average"
        }
    }

    /// The targets as what a pledge does: "leaves no member below the floor in more than 1 month and …".
    var targetWords: String {
        let targets = outcome.targets
        var parts: [String] = []
        if let most = targets.maxMonthsBelow {
            parts.append("leaves no member \(belowWords) " + (most == 0 ? "in any month" : "in more than \(Self.months(most))"))
        }
        if let most = targets.maxSwingBasisPoints { parts.append("keeps the pod's swing at or under \(Figures.ratio(most))") }
        if targets.reserveNeverEmpty { parts.append("keeps the reserve above zero at the end of every month") }
        return Self.listed(parts)
    }

    /// What the closest candidate reaches, for the targets given.
    func reachWords(_ figures: Advice.Figures) -> String {
        let targets = outcome.targets
        var parts: [String] = []
        if targets.maxMonthsBelow != nil { parts.append("its worst-off member \(belowWords) in \(Self.months(figures.mostMonthsBelow))") }
        if targets.maxSwingBasisPoints != nil { parts.append("a swing of \(Figures.ratio(figures.swingBasisPoints))") }
        if targets.reserveNeverEmpty {
            parts.append(figures.monthsReserveEmpty == 0
                         ? "the reserve never empty" : "the reserve empty at the end of \(Self.months(figures.monthsReserveEmpty))")
        }
        return Self.listed(parts)
    }

    var span: String { StatsReport.span(outcome.months) }

    /// "; the closest is 40.5%, which meets 2 of the 3 targets, with …".
    func closestWords(_ closest: Advice.Candidate) -> String {
        let targets = outcome.targets
        let met = targets.count > 1 ? ", which meets \(closest.figures.targetsMet(targets)) of the \(targets.count) targets," : ","
        return "; the closest is \(Self.percent(closest.uniformBasisPoints))\(met) with \(reachWords(closest.figures))"
    }

    /// The answer first, in words.
    var sentences: [String] {
        let pod = outcome.pod.raw
        let these = outcome.targets.count == 1 ? "this target" : "these targets"
        let today = outcome.today.meets(outcome.targets) ? "Today's pledges meet \(these) too." : "Today's pledges do not meet \(these)."
        guard let advised = outcome.advised else {
            let lowering = outcome.perMember ? " With none to start from, no pledge is lowered member by member." : ""
            return ["Over \(span), no uniform pledge from 0% to 100% for \(pod) (today \(Self.pledgeSpan(outcome.today))) "
                    + "\(targetWords)\(outcome.closest.map(closestWords) ?? "")." + lowering]
        }
        var lines = ["Over \(span), the lowest uniform pledge for \(pod) that \(targetWords) is "
                     + "\(Self.percent(advised.uniformBasisPoints)) (today \(Self.pledgeSpan(outcome.today))). \(today)"]
        if outcome.perMember {
            let each = advised.figures.members.map { "\($0.member.raw) \(Self.percent($0.pledgeBasisPoints))" }
            lines.append("Lowering one member's pledge at a time by \(BasisPoints.format(Advice.stepBasisPoints)) points, in id order, "
                         + "while the targets hold: \(Self.listed(each)).")
        }
        return lines
    }
}

// MARK: Document and JSON

extension AdviceReport: DocumentRendering {
    func document() -> Document {
        var blocks = sentences.map(Block.paragraph)
        blocks.append(.table(membersTable))
        blocks.append(.table(figuresTable))
        return Document(title: nil, facts: facts, sections: [Section(title: nil, blocks: blocks)], minorDigits: currency.minorDigits)
    }

    /// For CSV only (the text says it in words).
    var facts: [Fact] {
        let targets = outcome.targets
        func fact(_ key: String, _ value: String) -> Fact { Fact(key: key, label: key, value: value, human: false) }
        return [
            fact("pod", outcome.pod.raw), fact("from", outcome.months.first?.description ?? ""),
            fact("through", outcome.months.last?.description ?? ""), fact("currency", currency.code),
            fact("max_months_below", targets.maxMonthsBelow.map(String.init) ?? ""),
            fact("max_swing_percent", targets.maxSwingBasisPoints.map(Figures.basisPoints) ?? ""),
            fact("reserve_never_empty", targets.reserveNeverEmpty ? "true" : "false"),
            fact("per_member", outcome.perMember ? "true" : "false"), fact("found", outcome.advised == nil ? "false" : "true"),
            fact("uniform_pledge_percent", outcome.advised.map { BasisPoints.format($0.uniformBasisPoints) } ?? ""),
            fact("closest_pledge_percent", outcome.closest.map { BasisPoints.format($0.uniformBasisPoints) } ?? ""),
        ]
    }

    /// Months below as a cell: "n/a" (empty in CSV) for a pod without floor or need.
    func belowCell(_ count: Int?, _ figures: Advice.Figures?) -> Cell {
        guard let figures, let count else { return .empty }
        return figures.hasNeed ? .count(count) : .label(key: "", text: "n/a")
    }

    var membersTable: Table {
        let other = shown?.figures
        let label = shownLabel
        // A pod without floor or need has no months below: CSV keeps the (empty) columns, people do not see them.
        let below: ColumnFormats = outcome.today.hasNeed ? .all : .csv
        return Table(
            columns: [
                Column(key: "member", label: "Member", alignment: .left),
                Column(key: "months", label: "Months", alignment: .right, formats: .wide),
                Column(key: "pledge_today", label: "Pledge today", alignment: .right),
                Column(key: "months_below_today", label: "Below today", alignment: .right, formats: below),
                Column(key: "pledge_advised", label: "Pledge \(label)", alignment: .right),
                Column(key: "months_below_advised", label: "Below \(label)", alignment: .right, formats: below),
            ],
            rows: outcome.today.members.map { member in
                let line = other?.members.first { $0.member == member.member }
                return [.text(member.member.raw), .count(member.months), .percent(basisPoints: member.pledgeBasisPoints),
                        belowCell(member.monthsBelow, outcome.today),
                        line.map { .percent(basisPoints: $0.pledgeBasisPoints) } ?? .empty, belowCell(line?.monthsBelow, other)]
            },
            totals: nil)
    }

    var figuresTable: Table {
        let targets = outcome.targets
        let today = outcome.today
        let other = shown?.figures
        let label = shownLabel
        var rows: [[Cell]] = []
        if today.hasNeed {
            rows.append([.label(key: "most_months_below", text: "Most months below (a member)"),
                         .text(targets.maxMonthsBelow.map { "at most \($0)" } ?? "—"),
                         .count(today.mostMonthsBelow), other.map { .count($0.mostMonthsBelow) } ?? .empty])
            rows.append([.label(key: "total_months_below", text: "Months below (all members)"), .text("—"),
                         .count(today.totalMonthsBelow), other.map { .count($0.totalMonthsBelow) } ?? .empty])
        }
        rows.append([.label(key: "swing_percent", text: "Swing of net income"),
                     .text(targets.maxSwingBasisPoints.map { "at most " + Figures.ratio($0) } ?? "—"),
                     .ratio(basisPoints: today.swingBasisPoints), other.map { .ratio(basisPoints: $0.swingBasisPoints) } ?? .empty])
        rows.append([.label(key: "lowest_reserve", text: "Lowest closing reserve"), .text(targets.reserveNeverEmpty ? "above 0" : "—"),
                     .amount(today.lowestReserveMinor), other.map { .amount($0.lowestReserveMinor) } ?? .empty])
        rows.append([.label(key: "months_reserve_empty", text: "Months ending with no reserve"), .text(targets.reserveNeverEmpty ? "none" : "—"),
                     .count(today.monthsReserveEmpty), other.map { .count($0.monthsReserveEmpty) } ?? .empty])
        return Table(
            columns: [
                Column(key: "figure", label: "Figure", alignment: .left),
                Column(key: "target", label: "Target", alignment: .right, formats: [.text, .markdown, .html]),
                Column(key: "today", label: "Today", alignment: .right),
                Column(key: "advised", label: label.prefix(1).uppercased() + label.dropFirst(), alignment: .right),
            ],
            rows: rows, totals: nil)
    }

    var json: JSON {
        let months = outcome.months
        var fields: [(String, JSON)] = [
            ("pod", .string(outcome.pod.raw)), ("name", .string(podName)),
            ("from", months.first.map { .string($0.description) } ?? .null),
            ("through", months.last.map { .string($0.description) } ?? .null),
            ("currency", .string(currency.code)), ("targets", targetsJSON),
            ("per_member", .bool(outcome.perMember)), ("found", .bool(outcome.advised != nil)),
        ]
        let uniform: JSON = outcome.advised.map { .string(BasisPoints.format($0.uniformBasisPoints)) } ?? .null
        let advised: JSON = outcome.advised.map { figuresJSON($0.figures) } ?? .null
        let closest: JSON = outcome.closest.map { candidate in
            .object([("uniform_pledge_percent", .string(BasisPoints.format(candidate.uniformBasisPoints))),
                     ("figures", figuresJSON(candidate.figures))])
        } ?? .null
        fields += [("uniform_pledge_percent", uniform), ("today", figuresJSON(outcome.today)), ("advised", advised), ("closest", closest)]
        return .object(fields)
    }

    var targetsJSON: JSON {
        let targets = outcome.targets
        let swingPercent: JSON = targets.maxSwingBasisPoints.map { .string(Figures.basisPoints($0)) } ?? .null
        let swingBasisPoints: JSON = targets.maxSwingBasisPoints.map { .integer(Int($0)) } ?? .null
        return .object([
            ("max_months_below", targets.maxMonthsBelow.map { .integer($0) } ?? .null),
            ("max_swing_percent", swingPercent), ("max_swing_bp", swingBasisPoints),
            ("reserve_never_empty", .bool(targets.reserveNeverEmpty)),
        ])
    }

    func figuresJSON(_ figures: Advice.Figures) -> JSON {
        let below: (Int) -> JSON = { figures.hasNeed ? .integer($0) : .null }
        return .object([
            ("meets_targets", .bool(figures.meets(outcome.targets))),
            ("targets_met", .integer(figures.targetsMet(outcome.targets))),
            ("members", .array(figures.members.map { member in
                .object([("member", .string(member.member.raw)), ("pledge_percent", .string(BasisPoints.format(member.pledgeBasisPoints))),
                         ("months", .integer(member.months)), ("months_below", below(member.monthsBelow))])
            })),
            ("most_months_below", below(figures.mostMonthsBelow)),
            ("total_months_below", below(figures.totalMonthsBelow)),
            ("cv_after_bp", figures.swingBasisPoints.map { .integer(Int($0)) } ?? .null),
            ("swing_after_percent", figures.swingBasisPoints.map { .string(Figures.basisPoints($0)) } ?? .null),
            ("lowest_reserve", .string(Figures.plain(figures.lowestReserveMinor, minorDigits: currency.minorDigits))),
            ("months_reserve_empty", .integer(figures.monthsReserveEmpty)),
        ])
    }
}
