/// GitHub-flavoured Markdown: headings, a fact list and pipe tables. Outside text is escaped so it
/// can neither break a table nor form links, emphasis or raw HTML.
enum MarkdownRenderer {
    static func render(_ document: Document) -> String {
        var out: [String] = document.title.map { ["# " + Escaping.markdown($0), ""] } ?? []
        if let notice = document.notice {
            out.append("> **" + Escaping.markdown(notice) + "**")
            if let detail = document.noticeDetail {
                out.append(">")
                out.append("> " + Escaping.markdown(detail))
            }
            out.append("")
        }
        for fact in document.facts where fact.human {
            out.append("- **" + Escaping.markdown(fact.label) + ":** " + Escaping.markdown(fact.value))
        }
        for section in document.sections {
            if let title = section.title {
                if !out.isEmpty { out.append("") }
                out.append("## " + Escaping.markdown(title))
            }
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    if !out.isEmpty { out.append("") }
                    out.append(Escaping.markdown(text))
                case .table(let table):
                    if !out.isEmpty { out.append("") }
                    out += render(table, minorDigits: document.minorDigits)
                case .links(let links):
                    if !out.isEmpty { out.append("") }
                    out += links.map { "- " + Escaping.markdown($0.text) }
                case .chart:
                    continue
                }
            }
        }
        if let footer = document.footer {
            out.append("")
            out.append(Escaping.markdown(footer))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func text(_ cell: Cell, minorDigits: Int) -> String {
        switch cell {
        case .text(let text): return Escaping.markdown(text)
        case .label(_, let text): return Escaping.markdown(text)
        case .link(let link): return Escaping.markdown(link.text)
        case .amount(let minor): return Figures.grouped(minor, minorDigits: minorDigits)
        case .percent(let basisPoints): return Figures.percent(basisPoints)
        case .ratio(let basisPoints): return Figures.ratio(basisPoints)
        case .count(let count): return String(count)
        case .empty: return ""
        }
    }

    static func render(_ table: Table, minorDigits: Int) -> [String] {
        let projected = table.projected(for: .markdown)
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |"
        }
        var lines = [
            line(projected.columns.map { Escaping.markdown($0.label) }),
            "|" + projected.columns.map { $0.alignment == .left ? " :--- " : " ---: " }.joined(separator: "|") + "|",
        ]
        lines += projected.rows.map { line($0.map { text($0, minorDigits: minorDigits) }) }
        if let totals = projected.totals {
            lines.append(line(totals.map { cell in
                let value = text(cell, minorDigits: minorDigits)
                return value.isEmpty ? "" : "**" + value + "**"
            }))
        }
        return lines
    }
}
