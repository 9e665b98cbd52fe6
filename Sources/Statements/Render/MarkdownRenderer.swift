/// GitHub-flavoured Markdown: headings, a fact list and pipe tables. Outside text is escaped so it
/// can neither break a table nor form links, emphasis or raw HTML.
enum MarkdownRenderer {
    static func render(_ document: Document) -> String {
        var out = Lines()
        if let title = document.title {
            out.line("# " + Escaping.markdown(title))
            out.line("")
        }
        if let notice = document.notice {
            out.line("> **" + Escaping.markdown(notice) + "**")
            if let detail = document.noticeDetail {
                out.line(">")
                out.line("> " + Escaping.markdown(detail))
            }
            out.line("")
        }
        for fact in document.facts where fact.human {
            out.line("- **" + Escaping.markdown(fact.label) + ":** " + Escaping.markdown(fact.value))
        }
        for section in document.sections {
            if let title = section.title {
                out.blankUnlessFirst()
                out.line("## " + Escaping.markdown(title))
            }
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    out.blankUnlessFirst()
                    out.line(Escaping.markdown(text))
                case .table(let table):
                    out.blankUnlessFirst()
                    render(table, minorDigits: document.minorDigits, into: &out)
                case .links(let links):
                    out.blankUnlessFirst()
                    for link in links { out.line("- " + Escaping.markdown(link.text)) }
                case .chart:
                    continue
                }
            }
        }
        if let footer = document.footer {
            out.line("")
            out.line(Escaping.markdown(footer))
        }
        return out.text
    }

    /// The page as it is written: each line ended by a newline (a page of no lines is one newline).
    struct Lines {
        private(set) var isEmpty = true
        private var buffer = ""

        mutating func line(_ text: String) {
            line { $0 += text }
        }

        /// A blank line between blocks, none before the first.
        mutating func blankUnlessFirst() {
            if !isEmpty { line("") }
        }

        /// A line written in pieces: `body` appends to the line, which is then ended.
        mutating func line(_ body: (inout String) -> Void) {
            body(&buffer)
            buffer += "\n"
            isEmpty = false
        }

        var text: String { isEmpty ? "\n" : buffer }
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

    /// A pipe table: each row written cell by cell into the page.
    static func render(_ table: Table, minorDigits: Int, into out: inout Lines) {
        let projected = table.projected(for: .markdown)
        func row(_ values: [String]) {
            out.line { line in
                line += "|"
                for value in values {
                    line += " "
                    line += value.isEmpty ? " " : value
                    line += " |"
                }
                if values.isEmpty { line += "  |" }
            }
        }
        row(projected.columns.map { Escaping.markdown($0.label) })
        out.line { line in
            line += "|"
            for column in projected.columns { line += column.alignment == .left ? " :--- |" : " ---: |" }
            if projected.columns.isEmpty { line += "|" }
        }
        for cells in projected.rows { row(cells.map { text($0, minorDigits: minorDigits) }) }
        if let totals = projected.totals {
            row(totals.map { cell in
                let value = text(cell, minorDigits: minorDigits)
                return value.isEmpty ? "" : "**" + value + "**"
            })
        }
    }
}
