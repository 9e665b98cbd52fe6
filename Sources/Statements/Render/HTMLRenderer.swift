/// One self-contained HTML page: inline CSS and inline SVG, no scripts, nothing fetched (a
/// Content-Security-Policy says so too). Every piece of outside text is escaped, in content and attributes.
enum HTMLRenderer {
    static let styleSheet = """
        :root{--ink:#1b1f24;--muted:#56606b;--line:#d9dee5;--head:#f0f3f7;--gross:#9db4d3;--net:#1f4e79;\
        --reserve:#2e7d32;--ref:#b3261e;--neg:#b3261e;--warn:#8a4b00;--warn-bg:#fff4e0}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:#f4f5f7}
        main{max-width:1060px;margin:0 auto;padding:24px 20px 32px;background:#fff}
        h1{font-size:1.45rem;line-height:1.25;margin:0 0 .5rem}
        h2{font-size:1.1rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
        p{max-width:46rem}
        .preview{border:2px solid var(--warn);background:var(--warn-bg);color:var(--warn);padding:.6rem 1rem;margin:1rem 0;border-radius:6px}
        .preview strong{display:block;font-size:1.1rem;letter-spacing:.02em}
        dl.facts{display:flex;flex-wrap:wrap;gap:.2rem 1.5rem;margin:0;color:var(--muted)}
        dl.facts div{display:flex;gap:.35rem}
        dl.facts dt{font-weight:600}
        dl.facts dd{margin:0}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.93rem;font-variant-numeric:tabular-nums}
        th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;overflow-wrap:anywhere}
        thead th{background:var(--head);font-weight:600;vertical-align:bottom}
        tbody td:first-child{min-width:7.5em}
        td.num{text-align:right;white-space:nowrap}
        th.num{text-align:right}
        td.neg{color:var(--neg)}
        tfoot td{font-weight:700;border-top:2px solid var(--ink);border-bottom:none}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(430px,100%),1fr));gap:1rem;margin-top:.75rem}
        figure{margin:0;padding:.6rem .75rem;border:1px solid var(--line);border-radius:6px}
        figcaption{font-weight:600;margin-bottom:.25rem;overflow-wrap:anywhere}
        svg{display:block;width:100%;height:auto}
        svg .grid{stroke:var(--line);stroke-width:1}
        svg .axis{stroke:#8a939e;stroke-width:1}
        svg .gross{fill:var(--gross)}
        svg .net{fill:var(--net)}
        svg .reserve{fill:none;stroke:var(--reserve);stroke-width:2}
        svg .reserve-dot{fill:var(--reserve)}
        svg .ref{stroke:var(--ref);stroke-width:1;stroke-dasharray:5 4}
        svg text{font-size:14px;fill:var(--muted)}
        .legend{font-size:.85rem;color:var(--muted);margin:.3rem 0 0}
        .key{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .9em;vertical-align:-.05em}
        .key:first-child{margin-left:0}
        .key.gross{background:var(--gross)}
        .key.net{background:var(--net)}
        .key.reserve{background:var(--reserve)}
        .key.ref{height:0;border-top:2px dashed var(--ref);vertical-align:.25em}
        details{font-size:.85rem;margin-top:.3rem}
        details table{width:auto}
        footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
        @media (max-width:640px){main{padding:16px 12px 24px}h1{font-size:1.25rem}\
        table.stack thead{display:none}table.stack,table.stack tbody,table.stack tfoot{display:block}\
        table.stack tr{display:block;padding:.35rem 0;border-bottom:1px solid var(--line)}\
        table.stack td{display:flex;justify-content:space-between;gap:1rem;border:none;padding:.1rem 0;text-align:right;min-width:0}\
        table.stack td::before{content:attr(data-label);font-weight:600;color:var(--muted);text-align:left}\
        table.stack td:empty{display:none}table.stack tfoot tr{border-top:2px solid var(--ink)}\
        tbody td:first-child{min-width:0}td.num{white-space:normal}}
        @media print{body{background:#fff}main{max-width:none;padding:0}.preview{color:#000}}
        """

    /// Added to the style sheet of a page that links to others (a published site's pages): the statements
    /// printed by `statement` stay exactly as they were.
    static let siteStyleSheet = """
        a{color:var(--net);overflow-wrap:anywhere}
        nav.site{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0 0 1rem;padding-bottom:.5rem;border-bottom:1px solid var(--line);font-size:.9rem}
        ul.links{margin:.5rem 0;padding-left:1.2rem}
        ul.links li{margin:.15rem 0;overflow-wrap:anywhere}
        p,dd,h1,h2,li{overflow-wrap:anywhere}
        @media (max-width:640px){table.stack td::before{flex:none}}
        """

    static func render(_ document: Document) -> String {
        var chartNumber = 0
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="generator" content="PodLedger">

            """
        let title = document.title ?? "PodLedger"
        out += "<title>" + (document.notice == nil ? "" : "PREVIEW — ") + Escaping.html(title) + "</title>\n"
        out += "<style>\n" + styleSheet + (document.hasLinks ? "\n" + siteStyleSheet : "") + "\n</style>\n</head>\n<body>\n<main>\n<header>\n"
        if !document.navigation.isEmpty {
            out += "<nav class=\"site\">" + document.navigation.map(anchor).joined() + "</nav>\n"
        }
        out += "<h1>" + Escaping.html(title) + "</h1>\n"
        if let notice = document.notice {
            out += "<div class=\"preview\" role=\"note\"><strong>" + Escaping.html(notice) + "</strong>"
            if let detail = document.noticeDetail { out += Escaping.html(detail) }
            out += "</div>\n"
        }
        out += "<dl class=\"facts\">\n"
        for fact in document.facts where fact.human {
            out += "<div><dt>" + Escaping.html(fact.label) + "</dt><dd>" + Escaping.html(fact.value) + "</dd></div>\n"
        }
        out += "</dl>\n</header>\n"
        for section in document.sections {
            out += "<section>\n" + (section.title.map { "<h2>" + Escaping.html($0) + "</h2>\n" } ?? "")
            var inCharts = false
            for block in section.blocks {
                if case .chart = block {
                    if !inCharts { out += "<div class=\"charts\">\n" }
                    inCharts = true
                } else if inCharts {
                    out += "</div>\n"
                    inCharts = false
                }
                switch block {
                case .paragraph(let text):
                    out += "<p>" + Escaping.html(text) + "</p>\n"
                case .table(let table):
                    render(table, minorDigits: document.minorDigits, into: &out)
                case .links(let links):
                    out += "<ul class=\"links\">\n" + links.map { "<li>" + anchor($0) + "</li>\n" }.joined() + "</ul>\n"
                case .chart(let chart):
                    chartNumber += 1
                    figure(chart, number: chartNumber, minorDigits: document.minorDigits, into: &out)
                }
            }
            if inCharts { out += "</div>\n" }
            out += "</section>\n"
        }
        out += (document.footer.map { "<footer><p>" + Escaping.html($0) + "</p></footer>\n" } ?? "") + "</main>\n</body>\n</html>\n"
        return out
    }

    /// A table cell, appended to `out`; `label` (its column's) is shown beside it when a narrow screen stacks the
    /// table's rows. Cells are most of a page, so they are written in place rather than joined from pieces.
    static func cell(_ cell: Cell, minorDigits: Int, label: String? = nil, into out: inout String) {
        out += "<td"
        if let label {
            out += " data-label=\""
            out += Escaping.html(label)
            out += "\""
        }
        switch cell {
        case .text(let text), .label(_, let text):
            out += ">"
            out += Escaping.html(text)
        case .link(let link):
            out += ">"
            anchor(link, into: &out)
        case .amount(let minor):
            out += minor < 0 ? " class=\"num neg\">" : " class=\"num\">"
            out += Figures.grouped(minor, minorDigits: minorDigits)
        case .percent(let basisPoints):
            out += " class=\"num\">"
            out += Figures.percent(basisPoints)
        case .ratio(let basisPoints):
            out += " class=\"num\">"
            out += Figures.ratio(basisPoints)
        case .count(let count):
            out += " class=\"num\">"
            out += String(count)
        case .empty:
            out += ">"
        }
        out += "</td>"
    }

    /// `<a href="…">text</a>`; both escaped (the href is made from ids, but is escaped all the same).
    static func anchor(_ link: Link) -> String {
        var out = ""
        anchor(link, into: &out)
        return out
    }

    static func anchor(_ link: Link, into out: inout String) {
        out += "<a href=\""
        out += Escaping.html(link.href)
        out += "\">"
        out += Escaping.html(link.text)
        out += "</a>"
    }

    static func render(_ table: Table, minorDigits: Int, into out: inout String) {
        let projected = table.projected(for: .html)
        // Tables of more than two columns stack their rows on a narrow screen (each cell with its column's name).
        out += projected.columns.count > 2 ? "<div class=\"scroll\"><table class=\"stack\">\n<thead><tr>" : "<div class=\"scroll\"><table>\n<thead><tr>"
        for column in projected.columns {
            out += column.alignment == .right ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">"
            out += Escaping.html(column.label)
            out += "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in projected.rows {
            out += "<tr>"
            for (column, value) in zip(projected.columns, row) {
                // Text in a column of figures (a month among amounts) lines up with the figures.
                switch (column.alignment, value) {
                case (.right, .text(let text)), (.right, .label(_, let text)):
                    out += "<td data-label=\""
                    out += Escaping.html(column.label)
                    out += "\" class=\"num\">"
                    out += Escaping.html(text)
                    out += "</td>"
                default:
                    cell(value, minorDigits: minorDigits, label: column.label, into: &out)
                }
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n"
        if let totals = projected.totals {
            out += "<tfoot><tr>"
            for (column, value) in zip(projected.columns, totals) { cell(value, minorDigits: minorDigits, label: column.label, into: &out) }
            out += "</tr></tfoot>\n"
        }
        out += "</table></div>\n"
    }

    static func figure(_ chart: Chart, number: Int, minorDigits: Int, into out: inout String) {
        out += "<figure>\n<figcaption>"
        out += Escaping.html(chart.title)
        out += "</figcaption>\n"
        SVGChart.render(chart, number: number, minorDigits: minorDigits, into: &out)
        out += "\n<p class=\"legend\">"
        for series in chart.series {
            out += "<span class=\"key \(series.style)\"></span>"
            out += Escaping.html(series.label)
        }
        if let reference = chart.reference {
            out += "<span class=\"key ref\"></span>"
            out += Escaping.html(reference.label + " " + Figures.grouped(reference.valueMinor, minorDigits: minorDigits))
        }
        out += "</p>\n<details><summary>Figures</summary>\n<table>\n<thead><tr><th scope=\"col\">Month</th>"
        for series in chart.series {
            out += "<th scope=\"col\" class=\"num\">"
            out += Escaping.html(series.label)
            out += "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for (index, month) in chart.months.enumerated() {
            out += "<tr><td>"
            out += month.description
            out += "</td>"
            for series in chart.series {
                if index < series.valuesMinor.count, let value = series.valuesMinor[index] {
                    cell(.amount(value), minorDigits: minorDigits, into: &out)
                } else {
                    out += "<td class=\"num\">—</td>"
                }
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n</details>\n</figure>\n"
    }
}
