/// Plain text for a terminal: aligned columns, at most 80 columns per line whatever the names,
/// outside text stripped of control characters and escape sequences.
enum TextRenderer {
    static let lineWidthMax = 80
    static let columnGap = 2
    /// A name column is not squeezed below this; past it, a table is printed as one block per row.
    static let textColumnWidthMin = 10

    static func render(_ document: Document) -> String {
        var lines: [String] = []
        if let heading = document.title {
            let title = DisplayWidth.truncate(Escaping.terminalText(heading), to: lineWidthMax)
            lines.append(title)
            lines.append(String(repeating: "=", count: DisplayWidth.of(title)))
        }
        if let notice = document.notice {
            lines += box(notice)
            if let detail = document.noticeDetail { lines += wrap(Escaping.terminalText(detail)) }
            lines.append("")
        }
        lines += pack(document.facts.filter(\.human).map { "\($0.label): \(Escaping.terminalText($0.value))" }, separator: "   ")
        for section in document.sections {
            if !lines.isEmpty { lines.append("") }
            if let heading = section.title {
                let title = DisplayWidth.truncate(Escaping.terminalText(heading), to: lineWidthMax)
                lines.append(title)
                lines.append(String(repeating: "-", count: DisplayWidth.of(title)))
            }
            var first = true
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    if !first { lines.append("") }
                    lines += wrap(Escaping.terminalText(text))
                case .table(let table):
                    if !first { lines.append("") }
                    lines += render(table, minorDigits: document.minorDigits)
                case .links(let links):
                    if !first { lines.append("") }
                    lines += links.flatMap { wrap("- " + Escaping.terminalText($0.text)) }
                case .chart:
                    continue
                }
                first = false
            }
        }
        if let footer = document.footer {
            lines.append("")
            lines += wrap(Escaping.terminalText(footer))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func box(_ text: String) -> [String] {
        let inner = DisplayWidth.truncate(Escaping.terminalText(text), to: lineWidthMax - 4)
        let rule = "+" + String(repeating: "-", count: DisplayWidth.of(inner) + 2) + "+"
        return [rule, "| " + inner + " |", rule]
    }

    /// Words filled into lines of at most 80 columns; a word longer than a line is cut into pieces.
    static func wrap(_ text: String, width: Int = lineWidthMax) -> [String] {
        var pieces: [String] = []
        for word in text.split(separator: " ") {
            var rest = String(word)
            while DisplayWidth.of(rest) > width {
                var head = ""
                var used = 0
                var index = rest.startIndex
                while index < rest.endIndex, used + DisplayWidth.of(rest[index]) <= width {
                    used += DisplayWidth.of(rest[index])
                    head.append(rest[index])
                    index = rest.index(after: index)
                }
                if head.isEmpty {  // a character wider than the line: cannot happen at 80 columns
                    index = rest.index(after: rest.startIndex)
                    head = String(rest[..<index])
                }
                pieces.append(head)
                rest = String(rest[index...])
            }
            if !rest.isEmpty { pieces.append(rest) }
        }
        return pack(pieces, separator: " ", width: width)
    }

    /// Units (each at most `width` wide) packed into lines, never split.
    static func pack(_ units: [String], separator: String, width: Int = lineWidthMax) -> [String] {
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        let separatorWidth = DisplayWidth.of(separator)
        for unit in units.map({ DisplayWidth.truncate($0, to: width) }) {
            let unitWidth = DisplayWidth.of(unit)
            if current.isEmpty {
                current = unit
                currentWidth = unitWidth
            } else if currentWidth + separatorWidth + unitWidth <= width {
                current += separator + unit
                currentWidth += separatorWidth + unitWidth
            } else {
                lines.append(current)
                current = unit
                currentWidth = unitWidth
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func text(_ cell: Cell, minorDigits: Int) -> String {
        switch cell {
        case .text(let text): return Escaping.terminalText(text)
        case .label(_, let text): return Escaping.terminalText(text)
        case .link(let link): return Escaping.terminalText(link.text)
        case .amount(let minor): return Figures.grouped(minor, minorDigits: minorDigits)
        case .percent(let basisPoints): return Figures.percent(basisPoints)
        case .ratio(let basisPoints): return Figures.ratio(basisPoints)
        case .count(let count): return String(count)
        case .empty: return ""
        }
    }

    static func render(_ table: Table, minorDigits: Int) -> [String] {
        let projected = table.projected(for: .text)
        let columns = projected.columns
        let rows = projected.rows.map { $0.map { text($0, minorDigits: minorDigits) } }
        let totals = projected.totals.map { $0.map { text($0, minorDigits: minorDigits) } }
        let showsHeader = table.showsHeaderInText
        guard !columns.isEmpty else { return [] }
        // A list of sentences (one column of text) is wrapped, never cut.
        if columns.count == 1 && columns[0].alignment == .left && table.textWidths == nil {
            let wrapped = rows.flatMap { wrap($0[0]) }
            guard showsHeader else { return wrapped }
            let width = min(lineWidthMax, max(DisplayWidth.of(columns[0].label), wrapped.map(DisplayWidth.of).max() ?? 0))
            return [DisplayWidth.truncate(columns[0].label, to: lineWidthMax), String(repeating: "-", count: width)] + wrapped
        }

        var widths = table.textWidths ?? columns.indices.map { index in
            var width = showsHeader ? DisplayWidth.of(columns[index].label) : 0
            for row in rows + (totals.map { [$0] } ?? []) { width = max(width, DisplayWidth.of(row[index])) }
            return width
        }
        let gaps = columnGap * (columns.count - 1)
        // Squeeze the left-aligned (text) columns one column at a time, always the widest, so long names
        // share the room fairly, until the table fits (fixed widths are kept as given).
        var excess = table.textWidths == nil ? widths.reduce(gaps, +) - lineWidthMax : 0
        while excess > 0 {
            let squeezable = columns.indices.filter { columns[$0].alignment == .left && widths[$0] > textColumnWidthMin }
            guard let widest = squeezable.max(by: { widths[$0] < widths[$1] || (widths[$0] == widths[$1] && $0 > $1) }) else { break }
            widths[widest] -= 1
            excess -= 1
        }
        if excess > 0 {
            return stacked(columns: columns, rows: rows, totals: totals)
        }

        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                // Text is cut to its column; a figure never is (a fixed-width column may be too narrow for it).
                parts.append(columns[index].alignment == .left
                    ? DisplayWidth.padRight(DisplayWidth.truncate(cell, to: widths[index]), to: widths[index])
                    : DisplayWidth.padLeft(cell, to: widths[index]))
            }
            var joined = parts.joined(separator: String(repeating: " ", count: columnGap))
            while joined.last == " " { joined.removeLast() }
            return joined
        }
        var lines: [String] = []
        if showsHeader { lines.append(line(columns.map(\.label))) }
        let totalWidth = widths.reduce(gaps, +)
        if showsHeader { lines.append(String(repeating: "-", count: totalWidth)) }
        lines += rows.map(line)
        if let totals {
            lines.append(String(repeating: "-", count: totalWidth))
            lines.append(line(totals))
        }
        return lines
    }

    /// When even squeezed columns do not fit: the first cell as a heading, then one line per figure.
    static func stacked(columns: [Column], rows: [[String]], totals: [String]?) -> [String] {
        let labelWidth = min(30, columns.dropFirst().map { DisplayWidth.of($0.label) }.max() ?? 0)
        var lines: [String] = []
        for (number, row) in (rows + (totals.map { [$0] } ?? [])).enumerated() {
            if number > 0 { lines.append("") }
            lines.append(DisplayWidth.truncate(row[0], to: lineWidthMax))
            for index in columns.indices.dropFirst() where !row[index].isEmpty {
                let label = DisplayWidth.padRight(DisplayWidth.truncate(columns[index].label, to: labelWidth), to: labelWidth)
                let valueWidth = lineWidthMax - 2 - labelWidth - columnGap
                let value = DisplayWidth.padLeft(DisplayWidth.truncate(row[index], to: valueWidth), to: valueWidth)
                lines.append("  " + label + String(repeating: " ", count: columnGap) + value)
            }
        }
        return lines
    }
}
