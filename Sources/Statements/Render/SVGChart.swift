import LedgerCore

/// Inline SVG for a `Chart`, in integer pixels: every coordinate is computed with integer arithmetic
/// (128-bit intermediate products), so the picture is exact and the same on every machine.
enum SVGChart {
    static let width = 600
    static let height = 210
    static let left = 96
    static let right = 12
    static let top = 24
    static let bottom = 36
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static var plotWidth: Int { width - left - right }
    static var plotHeight: Int { height - top - bottom }

    /// The chart as an inline SVG picture, appended to `svg`. `number` makes the ids in one document unique; no
    /// outside text ever reaches an id.
    static func render(_ chart: Chart, number: Int, minorDigits: Int, into svg: inout String) {
        let plot = Plot(chart, minorDigits: minorDigits)
        let titleID = "chart-\(number)-title"
        svg += "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" "
        svg += "aria-labelledby=\"\(titleID)\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"\(titleID)\">"
        svg += Escaping.html(chart.title)
        svg += "</title>\n"
        plot.drawScale(into: &svg)
        plot.drawMonthLabels(into: &svg)
        switch chart.style {
        case .bars: plot.drawBars(into: &svg)
        case .line: plot.drawLines(into: &svg)
        }
        plot.drawReference(into: &svg)
        svg += "</svg>"
    }

    /// A chart fitted to the picture: the vertical scale its values need and the width of a month.
    private struct Plot {
        let chart: Chart
        let minorDigits: Int
        /// Top and bottom of the scale, in minor units halved `scaleShift` times.
        let high: Int64
        let low: Int64
        let scaleShift: Int64
        /// Width of one month's slot.
        let slot: Int

        init(_ chart: Chart, minorDigits: Int) {
            self.chart = chart
            self.minorDigits = minorDigits
            var values = chart.series.flatMap { $0.valuesMinor.compactMap { $0 } }
            if let reference = chart.reference { values.append(reference.valueMinor) }
            // The scale ends at round figures (6,000.00 rather than 5,929.66), so its labels read at a glance.
            var high = niceCeiling(max(0, values.max() ?? 0))
            let lowest = min(0, values.min() ?? 0)
            var low = lowest == .min ? lowest : -niceCeiling(-lowest)
            // Halve everything in the (absurd) case where the range does not fit an Int64.
            var scaleShift: Int64 = 0
            while high.subtractingReportingOverflow(low).overflow {
                high /= 2
                low /= 2
                scaleShift += 1
            }
            if high == low { high = low + 1 }
            self.high = high
            self.low = low
            self.scaleShift = scaleShift
            slot = plotWidth / max(1, chart.months.count)
        }

        func y(_ valueMinor: Int64) -> Int {
            var value = valueMinor
            for _ in 0..<scaleShift { value /= 2 }
            value = min(high, max(low, value))
            return top + Int(Figures.mulDiv(high - value, Int64(plotHeight), high - low))
        }

        /// The middle of month `index`'s slot.
        func centerX(month index: Int) -> Int { left + index * slot + slot / 2 }

        func money(_ minor: Int64) -> String { Figures.grouped(minor, minorDigits: minorDigits) }

        func monthLabel(_ month: Month) -> String { monthNames[month.month - 1] + " " + String(month.year) }

        /// Axis: zero, and the top and bottom of the scale when they are far enough from zero to be read.
        func drawScale(into svg: inout String) {
            let zero = y(0)
            let bottomY = top + plotHeight
            let labelGap = 14
            svg += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(top)\" x2=\"\(width - right)\" y2=\"\(top)\"/>\n"
            if zero - top >= labelGap {
                svg += "<text x=\"\(left - 6)\" y=\"\(top + 4)\" text-anchor=\"end\">\(Escaping.html(money(high << scaleShift)))</text>\n"
            }
            // A middle line, halfway between zero and the top, when there is room for its label.
            let middle = high / 2
            let middleY = top + Int(Figures.mulDiv(high - middle, Int64(plotHeight), high - low))
            if middle > 0 && zero - middleY >= labelGap && middleY - top >= labelGap {
                svg += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(middleY)\" x2=\"\(width - right)\" y2=\"\(middleY)\"/>\n"
                svg += "<text x=\"\(left - 6)\" y=\"\(middleY + 4)\" text-anchor=\"end\">\(Escaping.html(money(middle << scaleShift)))</text>\n"
            }
            if low < 0 {
                svg += "<line class=\"grid\" x1=\"\(left)\" y1=\"\(bottomY)\" x2=\"\(width - right)\" y2=\"\(bottomY)\"/>\n"
                if bottomY - zero >= labelGap {
                    svg += "<text x=\"\(left - 6)\" y=\"\(bottomY + 4)\" text-anchor=\"end\">\(Escaping.html(money(low << scaleShift)))</text>\n"
                }
            }
            svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(zero)\" x2=\"\(width - right)\" y2=\"\(zero)\"/>\n"
            svg += "<text x=\"\(left - 6)\" y=\"\(zero + 4)\" text-anchor=\"end\">\(Escaping.html(money(0)))</text>\n"
        }

        /// Month labels, with the year under the first month and under each January.
        func drawMonthLabels(into svg: inout String) {
            for (index, month) in chart.months.enumerated() {
                let x = centerX(month: index)
                svg += "<text x=\"\(x)\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\">\(monthNames[month.month - 1])</text>\n"
                if index == 0 || month.month == 1 {
                    svg += "<text x=\"\(x)\" y=\"\(height - bottom + 30)\" text-anchor=\"middle\">\(month.year)</text>\n"
                }
            }
        }

        /// Side by side in each month's slot, from zero; a value too small to see still gets a pixel.
        func drawBars(into svg: inout String) {
            let zero = y(0)
            let seriesCount = max(1, chart.series.count)
            let barWidth = max(1, slot * 3 / 4 / seriesCount)
            for (index, month) in chart.months.enumerated() {
                let groupLeft = left + index * slot + (slot - barWidth * seriesCount) / 2
                for (seriesIndex, series) in chart.series.enumerated() {
                    guard index < series.valuesMinor.count, let value = series.valuesMinor[index] else { continue }
                    let valueY = y(value)
                    let barTop = min(valueY, zero)
                    let barHeight = max(abs(valueY - zero), value == 0 ? 0 : 1)
                    let x = groupLeft + seriesIndex * barWidth
                    svg += "<rect class=\"\(series.style)\" x=\"\(x)\" y=\"\(barTop)\" width=\"\(barWidth)\" height=\"\(barHeight)\"><title>"
                    svg += Escaping.html(monthLabel(month) + " — " + series.label + ": " + money(value))
                    svg += "</title></rect>\n"
                }
            }
        }

        /// One polyline per run of months with values (a month without one breaks the line), and a dot per
        /// value, drawn after every line so no line covers a dot.
        func drawLines(into svg: inout String) {
            var dots = ""
            for series in chart.series {
                var run: [String] = []
                func flush() {
                    if run.count > 1 { svg += "<polyline class=\"\(series.style)\" points=\"\(run.joined(separator: " "))\"/>\n" }
                    run = []
                }
                for (index, month) in chart.months.enumerated() {
                    guard index < series.valuesMinor.count, let value = series.valuesMinor[index] else {
                        flush()
                        continue
                    }
                    let x = centerX(month: index)
                    run.append("\(x),\(y(value))")
                    dots += "<circle class=\"\(series.style)-dot\" cx=\"\(x)\" cy=\"\(y(value))\" r=\"3\"><title>"
                    dots += Escaping.html(monthLabel(month) + " — " + series.label + ": " + money(value))
                    dots += "</title></circle>\n"
                }
                flush()
            }
            svg += dots
        }

        /// The reference line is named in the legend under the chart, where it cannot cover a bar.
        func drawReference(into svg: inout String) {
            guard let reference = chart.reference else { return }
            let referenceY = y(reference.valueMinor)
            svg += "<line class=\"ref\" x1=\"\(left)\" y1=\"\(referenceY)\" x2=\"\(width - right)\" y2=\"\(referenceY)\">"
                + "<title>\(Escaping.html("\(reference.label) \(money(reference.valueMinor))"))</title></line>\n"
        }
    }

    /// The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × a power of ten (in minor units) that is at least
    /// `value`; `value` itself when that would overflow. Zero stays zero.
    static func niceCeiling(_ value: Int64) -> Int64 {
        guard value > 0 else { return 0 }
        var power: Int64 = 1
        while power <= value / 10 { power *= 10 }
        for tenths: Int64 in [10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100] {
            let (scaled, overflow) = power.multipliedReportingOverflow(by: tenths)
            if overflow { return value }
            let candidate = scaled / 10
            if candidate >= value && scaled % 10 == 0 { return candidate }
        }
        return value
    }
}
