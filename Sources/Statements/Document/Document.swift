import LedgerCore

/// A statement or a report laid out once, format-neutral: every renderer (text, Markdown, CSV, HTML) walks
/// the same document, so the formats cannot disagree about a figure. JSON is written separately from the
/// models, because its field names are a contract.
///
/// A statement has a title, facts and a footer; a command's report (`balance`, `import`, …) may have none
/// of them, and is then just its sections, as a command's output should be.
struct Document: Sendable {
    /// Plain text, possibly holding a pod or member name: each renderer escapes it. Nil: no heading.
    var title: String?
    var facts: [Fact]
    /// Shown prominently above everything else (the preview mark).
    var notice: String?
    /// A sentence under the notice.
    var noticeDetail: String?
    var sections: [Section]
    var minorDigits: Int
    /// What the statement is about, for the footer ("Amounts in NZD."); nil for none.
    var footer: String?
    /// Links to the other pages of a published site, above the title; only drawn in HTML.
    var navigation: [Link] = []

    init(title: String?, facts: [Fact] = [], notice: String? = nil, noticeDetail: String? = nil, sections: [Section],
         minorDigits: Int, footer: String? = nil) {
        self.title = title
        self.facts = facts
        self.notice = notice
        self.noticeDetail = noticeDetail
        self.sections = sections
        self.minorDigits = minorDigits
        self.footer = footer
    }

    /// Whether the document links to other pages (a page of a published site).
    var hasLinks: Bool {
        !navigation.isEmpty || sections.contains { section in
            section.blocks.contains { block in
                switch block {
                case .links: return true
                case .table(let table): return table.rows.contains { $0.contains { if case .link = $0 { true } else { false } } }
                case .paragraph, .chart: return false
                }
            }
        }
    }
}

/// A link between the pages of a published site: `href` is a relative path made from ids and months
/// (never from names), so the site works from `file://` and on any static host.
struct Link: Hashable, Sendable {
    /// Plain text, possibly holding a name: escaped by each renderer.
    var text: String
    var href: String
}

struct Fact: Sendable {
    /// Column name in CSV.
    var key: String
    var label: String
    /// For people (text, Markdown, HTML).
    var value: String
    /// For CSV; `value` when nil.
    var csvValue: String?
    /// Shown in text, Markdown and HTML (the title may already say it).
    var human: Bool

    init(key: String, label: String, value: String, csvValue: String? = nil, human: Bool = true) {
        self.key = key
        self.label = label
        self.value = value
        self.csvValue = csvValue
        self.human = human
    }
}

struct Section: Sendable {
    /// Nil: the blocks follow the previous section without a heading.
    var title: String?
    var blocks: [Block]
}

enum Block: Sendable {
    /// Plain text; escaped by each renderer.
    case paragraph(String)
    case table(Table)
    /// Only drawn in HTML.
    case chart(Chart)
    /// A list of links (a published site's pages and downloads); text, Markdown and CSV show the texts only.
    case links([Link])
}

struct Table: Sendable {
    var columns: [Column]
    var rows: [[Cell]]
    /// Shown below a rule in text, Markdown and HTML; left out of CSV, whose rows must all be alike.
    var totals: [Cell]?
    /// Text only: a two-column list of figures reads better without a header.
    var showsHeaderInText: Bool = true
    /// Text only: fixed column widths (cells cut to fit), for a table printed a chunk of rows at a time.
    var textWidths: [Int]? = nil
}

struct Column: Sendable {
    enum Alignment: Sendable { case left, right }

    /// Header in CSV (a stable, script-friendly name).
    var key: String
    /// Header for people.
    var label: String
    var alignment: Alignment
    var formats: ColumnFormats = .all
}

struct ColumnFormats: OptionSet, Sendable {
    let rawValue: Int
    static let text = ColumnFormats(rawValue: 1)
    static let markdown = ColumnFormats(rawValue: 2)
    static let html = ColumnFormats(rawValue: 4)
    static let csv = ColumnFormats(rawValue: 8)
    static let all: ColumnFormats = [.text, .markdown, .html, .csv]
    /// Detail that would not fit 80 columns.
    static let wide: ColumnFormats = [.markdown, .html, .csv]
}

enum Cell: Sendable {
    /// Outside or composed text: escaped per format; in CSV neutralised against formulas.
    case text(String)
    /// Minor units, written with the document's minor digits.
    case amount(Int64)
    case percent(basisPoints: Int)
    /// A ratio in basis points that may be beyond 100% or unknown (a coefficient of variation):
    /// `22.86%` for people, `22.86` in CSV; nil is "n/a" for people and an empty field in CSV.
    case ratio(basisPoints: Int64?)
    case count(Int)
    /// A row label: `key` in CSV (stable for scripts), `text` for people.
    case label(key: String, text: String)
    /// A link to another page of a published site: its text everywhere but in HTML.
    case link(Link)
    case empty
}

extension Table {
    /// The columns (and each row's cells) a format shows.
    func projected(for format: ColumnFormats) -> (columns: [Column], rows: [[Cell]], totals: [Cell]?) {
        let keep = columns.indices.filter { columns[$0].formats.contains(format) }
        return (keep.map { columns[$0] }, rows.map { row in keep.map { row[$0] } }, totals.map { row in keep.map { row[$0] } })
    }
}

/// Human and machine spellings of amounts and percents.
enum Figures {
    /// `-1234.50`: exactly the currency's digits, no grouping (CSV, JSON).
    static func plain(_ amountMinor: Int64, minorDigits: Int) -> String {
        Money.format(amountMinor, minorDigits: minorDigits)
    }

    /// `-1,234.50`: grouped for reading (text, Markdown, HTML).
    static func grouped(_ amountMinor: Int64, minorDigits: Int) -> String {
        Money.format(amountMinor, minorDigits: minorDigits, grouping: true)
    }

    static func percent(_ basisPoints: Int) -> String {
        BasisPoints.format(basisPoints) + "%"
    }

    /// `2286` as `22.86`, `1500` as `15`: the shortest exact form of `BasisPoints.format`, for any Int64.
    static func basisPoints(_ value: Int64) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + "\(whole).\(fraction / 10)" }
        return sign + "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// A ratio for people, always with two decimals so a column of them lines up: `22.86%`, `56.70%`; `n/a`
    /// when it cannot be measured.
    static func ratio(_ basisPoints: Int64?) -> String {
        guard let basisPoints else { return "n/a" }
        let fraction = basisPoints.magnitude % 100
        return (basisPoints < 0 ? "-" : "") + "\(basisPoints.magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// `a * b / c` rounded toward zero, without overflow for any Int64 inputs with `c > 0`
    /// (falls back to clamping when the quotient itself does not fit).
    static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        precondition(c > 0, "mulDiv by \(c)")
        let product = a.multipliedFullWidth(by: b)
        let negative = product.high < 0
        // |product| as an unsigned 128-bit value
        var high = UInt64(bitPattern: product.high)
        var low = product.low
        if negative {
            low = ~low &+ 1
            high = ~high &+ (low == 0 ? 1 : 0)
        }
        let divisor = UInt64(c)
        guard high < divisor else { return negative ? Int64.min : Int64.max }
        let (quotient, _) = divisor.dividingFullWidth((high, low))
        guard quotient <= UInt64(Int64.max) else { return negative ? Int64.min : Int64.max }
        return negative ? -Int64(quotient) : Int64(quotient)
    }
}
