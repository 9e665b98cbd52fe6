import Foundation
import LedgerCore
import Smoothing
import Testing
@testable import Statements

/// Names that try to break out of every format: markup, formulas, terminal escapes, line breaks.
@Suite struct HostileTextTests {
    static let script = "<script>alert(1)</script>"
    static let attribute = "\"><img src=x onerror=alert(1)>"
    static let formula = "=HYPERLINK(\"http://x\")"
    static let atFormula = "@SUM(A1)"
    static let quotes = "Quote \"me\", 'please'"
    static let lineBreaks = "Line\nbreak\r\nname"
    static let ansi = "\u{1B}[31mRed\u{1B}[0m alert"
    static let tab = "\t+tab start"
    static let markup = "-minus | pipe *bold* _it_ [link](http://x) `code` ![img](x) www.example.com"
    static let osc = "\u{1B}]8;;http://evil\u{07}click\u{1B}]8;;\u{07} here"
    static let wide = String(repeating: "陈伟", count: 30)
    static let long = String(repeating: "Very long name ", count: 20) + "\u{202E}reversed"

    static var names: Fixtures.Names {
        var names = Fixtures.Names()
        names.aurora = script
        names.kauri = formula
        names.tui = ansi + "\n| pipe"
        names.members = [
            "alice": attribute, "ben": atFormula, "mere": quotes, "chen": lineBreaks, "hemi": tab,
            "priya": markup, "ana": osc, "kiri": wide, "tama": long,
        ]
        return names
    }

    static var allNames: [String] { [names.aurora, names.kauri, names.tui] + names.members.values.sorted() }

    static func outputs(_ format: ReportFormat) -> [String] {
        let settings = Fixtures.settings(names: names)
        var outputs = ["aurora", "kauri", "tui"].map { pod in
            PodStatement(pod: Fixtures.pod(pod), in: Fixtures.marchResult, settings: settings, preview: pod == "kauri")!
                .render(format, history: Fixtures.history)
        }
        outputs.append(Fixtures.aliceStatement(settings: settings).render(format))
        outputs.append(Fixtures.networkStatement(settings: settings).render(format))
        return outputs
    }

    /// No C0/C1 control character other than LF, no DEL, no bidi override.
    static func expectNoControls(_ text: String, allowing allowed: Set<UInt32> = [0x0A], sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = text.unicodeScalars.filter { scalar in
            !allowed.contains(scalar.value)
                && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                    || (0x2066...0x2069).contains(scalar.value))
        }
        #expect(bad.isEmpty, "control characters: \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test func textIsCleanAndFits80Columns() {
        for output in Self.outputs(.text) {
            Self.expectNoControls(output)
            #expect(!output.contains("[31m") && !output.contains("]8;;") && !output.contains("http://evil"))
            for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(DisplayWidth.of(String(line)) <= 80, "too wide: \(line)")
                #expect(line.count <= 80)
            }
        }
        let aurora = Self.outputs(.text)[0]
        #expect(aurora.contains("<script>alert(1)</script>"), "text shows names as they are, only without controls")
        #expect(aurora.contains("Line break name") == false)  // chen is in kauri
        #expect(Self.outputs(.text)[1].contains("Line break name"))
    }

    @Test func markdownCannotFormMarkupOrBreakTables() {
        for output in Self.outputs(.md) {
            Self.expectNoControls(output)
            #expect(!output.contains("http://"), "no autolink")
            #expect(!output.contains("www.example"), "no autolink")
            let lines = output.split(separator: "\n").map(String.init)
            // Every `[`, `*`, `_`, backtick and `<` (raw HTML) from a name is escaped.
            for line in lines {
                let characters = Array(line)
                for (index, character) in characters.enumerated() where "[`_<".contains(character) {
                    #expect(index > 0 && characters[index - 1] == "\\", "unescaped \(character) in: \(line)")
                }
            }
            // Every row of a table has as many cell separators as its header.
            var expected: Int?
            for line in lines {
                guard line.hasPrefix("|") else {
                    expected = nil
                    continue
                }
                let pipes = Self.unescapedPipes(line)
                if let expected {
                    #expect(pipes == expected, "table row broken: \(line)")
                } else {
                    expected = pipes
                }
            }
        }
    }

    static func unescapedPipes(_ line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                count += 1
            }
        }
        return count
    }

    @Test func csvIsRectangularAndFormulaSafe() throws {
        let amount = try Regex("^-?[0-9]+(\\.[0-9]+)?$")
        for output in Self.outputs(.csv) {
            Self.expectNoControls(output, allowing: [0x0A, 0x0D])
            let records = try CSV.parse(output)
            var width: Int?
            for record in records {
                if record == [""] {  // section separator
                    width = nil
                    continue
                }
                if let width { #expect(record.count == width, "record \(record)") } else { width = record.count }
                for field in record {
                    guard let first = field.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { continue }
                    #expect(field.wholeMatch(of: amount) != nil, "formula-like cell: \(field)")
                }
            }
        }
        let fields = try Self.outputs(.csv).flatMap { try CSV.parse($0) }.flatMap { $0 }
        #expect(fields.contains("'=HYPERLINK(\"http://x\")"))
        #expect(fields.contains("'@SUM(A1)"))
        #expect(fields.contains("'+tab start"))
        #expect(fields.contains("Quote \"me\", 'please'"))
        #expect(fields.contains("Line break name"))
        #expect(fields.contains("Red alert | pipe"))
        #expect(fields.contains("click here"))
        #expect(fields.contains("-12.50") == false)
        #expect(fields.contains("2020.00"), "amounts stay plain numbers")
    }

    @Test func jsonKeepsNamesExactlyAndStaysValid() throws {
        var seen = Set<String>()
        for output in Self.outputs(.json) {
            Self.expectNoControls(output)
            let object = try JSONSerialization.jsonObject(with: Data(output.utf8))
            Self.collectStrings(object, into: &seen)
        }
        for name in Self.allNames {
            #expect(seen.contains(name), "name round-trips: \(name.debugDescription)")
        }
    }

    static func collectStrings(_ value: Any, into strings: inout Set<String>) {
        if let string = value as? String {
            strings.insert(string)
        } else if let array = value as? [Any] {
            for item in array { collectStrings(item, into: &strings) }
        } else if let object = value as? [String: Any] {
            for item in object.values { collectStrings(item, into: &strings) }
        }
    }

    static let allowedTags: Set<String> = [
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "div", "strong", "dl",
        "dt", "dd", "section", "p", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "svg",
        "line", "text", "rect", "polyline", "circle", "span", "details", "summary", "footer",
    ]

    @Test func htmlEscapesEverywhere() {
        for output in Self.outputs(.html) {
            Self.expectNoControls(output)
            #expect(!output.contains("<script") && !output.contains("<img") && !output.contains(Self.attribute))
            #expect(!output.contains("onerror=alert(1)>"))
            // Every tag in the page is one the renderer writes.
            var rest = Substring(output)
            while let open = rest.firstIndex(of: "<") {
                let after = rest[rest.index(after: open)...]
                let name = after.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber || $0 == "!" }
                #expect(Self.allowedTags.contains(String(name)), "unexpected tag <\(name)")
                rest = after
            }
        }
        let aurora = Self.outputs(.html)[0]
        #expect(aurora.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; — pod statement for 2024-03</h1>"))
        #expect(aurora.contains("<td data-label=\"Member\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td>"))
        #expect(aurora.contains("<td data-label=\"Member\">Quote &quot;me&quot;, &#39;please&#39;</td>"))
        #expect(aurora.contains("<title id=\"chart-1-title\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</title>"),
                "names are escaped inside SVG too")
    }
}

/// A strict RFC 4180 reader for the tests.
enum CSV {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var atFieldStart = true
        var characters = Array(text.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            if inQuotes {
                if scalar == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append("\"")
                        characters.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard atFieldStart else { throw Malformed() }
                inQuotes = true
                atFieldStart = false
            case ",":
                record.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                guard characters.popFirst() == "\n" else { throw Malformed() }
                record.append(field)
                records.append(record)
                record = []
                field = ""
                atFieldStart = true
            case "\n":
                throw Malformed()  // bare LF: the renderer writes CRLF
            default:
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        guard !inQuotes, record.isEmpty, field.isEmpty else { throw Malformed() }
        return records
    }
}
