import LedgerCore
import Smoothing

/// A monthly chart, drawn only in HTML (inline SVG). Values are minor units; nil is a month without a value.
struct Chart: Sendable {
    enum Style: Sendable {
        /// Side-by-side bars per month, one per series.
        case bars
        /// One line per series.
        case line
    }

    /// Plain text (may hold a name): escaped when drawn.
    var title: String
    var style: Style
    var months: [Month]
    var series: [ChartSeries]
    /// A dashed level to compare with (the floor, the reserve target).
    var reference: ChartReference?
}

struct ChartSeries: Sendable {
    var label: String
    /// One of the chart classes in the HTML style sheet: `gross`, `net`, `reserve`.
    var style: String
    var valuesMinor: [Int64?]
}

struct ChartReference: Sendable {
    var label: String
    var valueMinor: Int64
}

/// The months before pod statements, for their HTML charts: every pod's results by month, indexed once so
/// that each of a network's pod statements finds its own months without searching every month's pods.
public struct PodHistory: Sendable {
    static let monthsShown = 12
    private let monthsByPod: [PodID: [Month: PodResult]]

    /// `results`: earlier months' results, in any order (a month given twice counts as its last).
    public init(results: [MonthResult]) {
        var monthsByPod: [PodID: [Month: PodResult]] = [:]
        for result in results {
            for pod in result.pods { monthsByPod[pod.pod, default: [:]][result.month] = pod }
        }
        self.monthsByPod = monthsByPod
    }

    /// Each member's income and net over the last 12 months (up to the statement's month), and the pod
    /// reserve's path; the statement's own figures stand for its month. Without `membersShown`, only the
    /// reserve's path (nil when the pod does not use its reserve).
    func charts(for statement: PodStatement, membersShown: Bool = true) -> Section? {
        let byMonth = (monthsByPod[statement.pod] ?? [:]).filter { $0.key < statement.month }
        let earliestShown = Month(ordinal: statement.month.ordinal - (PodHistory.monthsShown - 1)) ?? statement.month
        let first = max(earliestShown, byMonth.keys.min() ?? statement.month)
        let months = first.through(statement.month)

        func memberValues(_ member: MemberID, _ value: (Int64, Int64) -> Int64) -> [Int64?] {
            months.map { month in
                if month == statement.month {
                    return statement.members.first { $0.member == member }.map { value($0.incomeMinor, $0.netMinor) }
                }
                return byMonth[month]?.members.first { $0.member == member }.map { value($0.incomeMinor, $0.netMinor) }
            }
        }
        let floor: ChartReference?
        if case .floor(let floorMinor) = statement.policy {
            floor = ChartReference(label: "Floor", valueMinor: floorMinor)
        } else {
            floor = nil
        }
        var blocks: [Block] = membersShown ? [.paragraph(
            "Income is what each member earned in the month; net is what they kept after contributing and receiving. "
                + (floor == nil ? "" : "The dashed line is the pod's floor. ")
                + "Hover over a bar for its figure, or open the figures under each chart.")]
            : [.paragraph("The pod reserve at the end of each month; open the figures under the chart for each month's amount.")]
        for line in statement.members where membersShown {
            blocks.append(.chart(Chart(
                title: line.name, style: .bars, months: months,
                series: [
                    ChartSeries(label: "Income", style: "gross", valuesMinor: memberValues(line.member) { income, _ in income }),
                    ChartSeries(label: "Net", style: "net", valuesMinor: memberValues(line.member) { _, net in net }),
                ],
                reference: floor)))
        }
        let reserve = months.map { month -> Int64? in
            month == statement.month ? statement.reserveClosingMinor : byMonth[month]?.reserveClosingMinor
        }
        let reserveUsed = statement.policy != .equal || reserve.contains { ($0 ?? 0) != 0 }
        if reserveUsed {
            blocks.append(.chart(Chart(
                title: "Pod reserve at the end of each month", style: .line, months: months,
                series: [ChartSeries(label: "Pod reserve", style: "reserve", valuesMinor: reserve)],
                reference: statement.reserveTargetMinor > 0
                    ? ChartReference(label: "Target", valueMinor: statement.reserveTargetMinor) : nil)))
        } else if !membersShown {
            return nil
        }
        let title = months.count == 1 ? "This month at a glance" : "The last \(months.count) months"
        return Section(title: title, blocks: blocks)
    }
}

extension MemberStatement {
    /// Income and net over the last 12 months shown.
    func grossNetChart() -> Chart? {
        let shown = months.suffix(PodHistory.monthsShown)
        guard let first = shown.first?.month, let last = shown.last?.month else { return nil }
        let range = first.through(last)
        // The pod's floor, when every month shown was in a floor pod with the same floor.
        let floors = Set(shown.map(\.floorMinor))
        func values(_ value: (MonthLine) -> Int64) -> [Int64?] {
            range.map { month in shown.first { $0.month == month }.map(value) }
        }
        return Chart(
            title: "\(name): income and net by month", style: .bars, months: range,
            series: [
                ChartSeries(label: "Income", style: "gross", valuesMinor: values(\.incomeMinor)),
                ChartSeries(label: "Net", style: "net", valuesMinor: values(\.netMinor)),
            ],
            reference: floors.count == 1 ? floors.first!.map { ChartReference(label: "Floor", valueMinor: $0) } : nil)
    }
}
