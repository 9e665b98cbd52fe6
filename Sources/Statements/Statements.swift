import Smoothing

/// The formats a statement or a report can be rendered in (`--format`). Each command accepts the ones that
/// make sense for it; every one of them is rendered here, from the same document.
public enum ReportFormat: String, CaseIterable, Sendable {
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

/// A value that lays itself out once as a `Document` for text, Markdown, CSV and HTML, and as `JSON`,
/// whose field names are a contract. Every statement and report of PodLedger is one.
protocol DocumentRendering {
    func document() -> Document
    var json: JSON { get }
}

extension DocumentRendering {
    /// The one path from a model to its output in any format.
    func rendered(_ format: ReportFormat) -> String {
        switch format {
        case .text: return TextRenderer.render(document())
        case .md: return MarkdownRenderer.render(document())
        case .csv: return CSVRenderer.render(document())
        case .json: return json.text
        case .html: return HTMLRenderer.render(document())
        }
    }
}

extension PodStatement: DocumentRendering {
    func document() -> Document { document(history: nil) }

    /// The statement in `format`. `history`: earlier months' results (any order; other pods and later months
    /// are ignored) for the HTML page's charts of each member's income and net and of the pod reserve over
    /// the last 12 months; the statement's own figures stand for its month.
    public func render(_ format: ReportFormat, history: [MonthResult] = []) -> String {
        // Only HTML draws the charts: no other format indexes the history.
        format == .html ? render(format, history: PodHistory(results: history)) : rendered(format)
    }

    /// The same, with the history indexed once for many statements (`statement --all`).
    public func render(_ format: ReportFormat, history: PodHistory) -> String {
        guard format == .html else { return rendered(format) }
        return HTMLRenderer.render(document(history: history))
    }
}

extension MemberStatement: DocumentRendering {
    public func render(_ format: ReportFormat) -> String { rendered(format) }
}

extension NetworkStatement: DocumentRendering {
    /// `{"month", "currency", "pods": [POD...], "network": {...}}` in JSON: what `redistribute --format json` prints.
    public func render(_ format: ReportFormat) -> String { rendered(format) }
}
