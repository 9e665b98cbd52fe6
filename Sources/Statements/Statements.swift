import Smoothing

/// The formats a statement can be rendered in (`--format`).
public enum StatementFormat: String, CaseIterable, Sendable {
    case text, md, csv, json, html

    /// File extension for `--output-dir`.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .md: return "md"
        case .csv: return "csv"
        case .json: return "json"
        case .html: return "html"
        }
    }
}

extension PodStatement {
    /// Aligned plain text, at most 80 columns a line.
    public func renderText() -> String { TextRenderer.render(document()) }
    /// GitHub-flavoured Markdown with pipe tables.
    public func renderMarkdown() -> String { MarkdownRenderer.render(document()) }
    /// RFC 4180 CSV: a facts row, then the members, the pool and the settlement as separate tables.
    public func renderCSV() -> String { CSVRenderer.render(document()) }
    /// One POD object of SPEC §4.1 (with `month` and `currency`), pretty-printed.
    public func renderJSON() -> String { json.text }
    /// A self-contained HTML page. `history`: earlier months' results (any order; other pods and later
    /// months are ignored) for the charts of each member's income and net and of the pod reserve over
    /// the last 12 months; the statement's own figures stand for its month.
    public func renderHTML(history: [MonthResult] = []) -> String {
        HTMLRenderer.render(document(history: PodHistory(results: history)))
    }

    public func render(_ format: StatementFormat, history: [MonthResult] = []) -> String {
        switch format {
        case .text: return renderText()
        case .md: return renderMarkdown()
        case .csv: return renderCSV()
        case .json: return renderJSON()
        case .html: return renderHTML(history: history)
        }
    }
}

extension MemberStatement: StatementRendering {
    public func renderText() -> String { TextRenderer.render(document()) }
    public func renderMarkdown() -> String { MarkdownRenderer.render(document()) }
    /// RFC 4180 CSV: a facts row, then the months, the totals and (when given) the volatility figures.
    public func renderCSV() -> String { CSVRenderer.render(document()) }
    public func renderJSON() -> String { json.text }
    /// A self-contained HTML page with a chart of income and net over the last 12 months shown.
    public func renderHTML() -> String { HTMLRenderer.render(document()) }
}

extension NetworkStatement: StatementRendering {
    public func renderText() -> String { TextRenderer.render(document()) }
    public func renderMarkdown() -> String { MarkdownRenderer.render(document()) }
    /// RFC 4180 CSV: a facts row, then the pods and the network reserve as separate tables.
    public func renderCSV() -> String { CSVRenderer.render(document()) }
    /// `{"month", "currency", "pods": [POD...], "network": {...}}`: what `redistribute --format json` prints.
    public func renderJSON() -> String { json.text }
    public func renderHTML() -> String { HTMLRenderer.render(document()) }
}

/// A statement that renders the same way in each format (the pod statement also takes its charts' history).
public protocol StatementRendering {
    func renderText() -> String
    func renderMarkdown() -> String
    func renderCSV() -> String
    func renderJSON() -> String
    func renderHTML() -> String
}

extension StatementRendering {
    public func render(_ format: StatementFormat) -> String {
        switch format {
        case .text: return renderText()
        case .md: return renderMarkdown()
        case .csv: return renderCSV()
        case .json: return renderJSON()
        case .html: return renderHTML()
        }
    }
}
