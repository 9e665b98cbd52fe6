import LedgerCore
/// Making outside text (member and pod names, descriptions) safe for each output format.
///
/// Names come from a network file and descriptions from bank exports: they may hold terminal escape
/// sequences, markup or spreadsheet formulas. Every renderer passes them through one of these functions;
/// JSON keeps the text exactly (it is data) and escapes it as JSON.
public enum Escaping {
    /// Text safe to print on a terminal: escape sequences (CSI, OSC, and other `ESC x` pairs, also their
    /// C1 forms) and other control characters are removed, bidirectional overrides are removed, line breaks
    /// and tabs become spaces, runs of spaces collapse to one, and the ends are trimmed.
    public static func terminalText(_ text: String) -> String {
        if isTerminalSafe(text) { return text }
        return terminalTextScalars(text)
    }

    /// `terminalText` scalar by scalar.
    static func terminalTextScalars(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pendingSpace = false
        func emit(_ scalar: Unicode.Scalar) {
            if scalar == " " {
                pendingSpace = !out.isEmpty
                return
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:  // ESC: drop the whole sequence it starts
                guard let next = scalars.next() else { break }
                switch next {
                case "[": skipControlSequence(&scalars)
                case "]", "P", "X", "^", "_": skipControlString(&scalars)
                default: break  // two-character sequence (ESC c, ESC 7, …): both dropped
                }
            case 0x9B: skipControlSequence(&scalars)  // C1 CSI
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F: skipControlString(&scalars)  // C1 DCS, SOS, OSC, PM, APC
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: emit(" ")
            case 0x00...0x1F, 0x7F...0x9F: break
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: break  // bidi marks, embeddings, overrides, isolates
            default: emit(scalar)
            }
        }
        return String(out)
    }

    /// CSI: parameter and intermediate bytes up to and including the final byte (0x40–0x7E).
    private static func skipControlSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) { return }
            if !(0x20...0x3F).contains(scalar.value) { return }  // malformed: stop at the first byte that cannot belong
        }
    }

    /// OSC/DCS/…: everything up to BEL, ST (`ESC \`) or C1 ST.
    private static func skipControlString(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x07, 0x9C: return
            case 0x1B:
                _ = scalars.next()
                return
            default: continue
            }
        }
    }

    /// Terminal-safe text with every piece of Markdown (CommonMark and GFM) syntax neutralised, so the text
    /// can neither break a table nor form emphasis, code, links, autolinks, images or raw HTML:
    /// inline markers (backslash, backtick, `*`, `_`, `[`, `]`, `|`, `~`, `$`, `@`) and `<`, `>`, `&` (raw HTML and
    /// entities) are backslash-escaped, which a reader of the raw file reads past and a renderer removes,
    /// `://` and `www.` are broken so no autolink forms, and a leading block marker (`#`, `+`, `-`, `=`, `>`,
    /// `1.`, `1)`) is escaped in case the text starts a line.
    public static func markdown(_ text: String) -> String {
        let clean = terminalText(text)
        return clean.unicodeScalars.allSatisfy(standsAlone) ? markdownBytes(clean) : markdownCharacters(clean)
    }

    /// A scalar that is a Character of its own beside any ASCII character (never a combining mark, joiner,
    /// spacing mark or prepended sign): ASCII, and the Latin, Greek and Cyrillic letters, punctuation, currency,
    /// letterlike and mathematical signs of names and of PodLedger's own text (`é`, `—`, `−`). Text of these
    /// alone is escaped byte by byte; a test checks every one of them against Swift's own Characters.
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x7F, 0xA0...0x2FF, 0x370...0x482, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0, 0x2100...0x214F,
             0x2190...0x23FF:
            return true
        default:
            return false
        }
    }

    /// `markdown` of terminal-safe text, Character by Character.
    static func markdownCharacters(_ clean: String) -> String {
        var out = ""
        out.reserveCapacity(clean.utf8.count)
        let characters = Array(clean)
        for (index, character) in characters.enumerated() {
            // Each marker is one ASCII scalar alone, so a Character with a combining mark is none (its `asciiValue`
            // is nil; CR LF's is LF, no marker). Matching bytes: a switch over Character literals compared every
            // character with each of them (87,000 instructions for a 70-character title).
            switch character.asciiValue {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "$"), UInt8(ascii: "@"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "&"):
                out.append("\\")
            case UInt8(ascii: ":") where index + 2 < characters.count && characters[index + 1] == "/" && characters[index + 2] == "/":
                out.append("\\")
            case UInt8(ascii: ".") where index >= 3 && String(characters[(index - 3)..<index]).lowercased() == "www":
                out.append("\\")
            default:
                break
            }
            out.append(character)
        }
        if let first = out.first, "#+-=".contains(first) {
            out.insert("\\", at: out.startIndex)
        } else if let marker = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }), marker != out.startIndex,
                  out[marker] == "." || out[marker] == ")" {
            out.insert("\\", at: marker)
        }
        return out
    }

    /// `markdownCharacters` of text whose scalars all stand alone, byte by byte: every marker is an ASCII byte that
    /// is a Character of its own (`terminalText` left no CR LF), and no byte of another scalar is ASCII. Most names,
    /// labels and sentences.
    static func markdownBytes(_ clean: String) -> String {
        let bytes = Array(clean.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        func isW(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "w") || byte == UInt8(ascii: "W") }
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "$"), UInt8(ascii: "@"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "&"):
                out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: ":") where index + 2 < bytes.count && bytes[index + 1] == UInt8(ascii: "/") && bytes[index + 2] == UInt8(ascii: "/"):
                out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: ".") where index >= 3 && isW(bytes[index - 3]) && isW(bytes[index - 2]) && isW(bytes[index - 1]):
                out.append(UInt8(ascii: "\\"))
            default:
                break
            }
            out.append(byte)
        }
        if let first = out.first, first == UInt8(ascii: "#") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "=") {
            out.insert(UInt8(ascii: "\\"), at: 0)
        } else if let marker = out.firstIndex(where: { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), marker != 0,
                  out[marker] == UInt8(ascii: ".") || out[marker] == UInt8(ascii: ")") {
            out.insert(UInt8(ascii: "\\"), at: marker)
        }
        return out.count == bytes.count ? clean : String(decoding: out, as: UTF8.self)
    }

    /// Text that `terminalText` leaves as it is, found on its UTF-8 bytes without walking Unicode scalars: no C0
    /// control or DEL, no C1 control (C2 80–9F), no line or paragraph separator and no bidi control (E2 80 8E–8F,
    /// E2 80 A8–AE, E2 81 A6–A9), single spaces between words and none at either end. Most names, labels and
    /// descriptions, accented or not.
    static func isTerminalSafe(_ text: String) -> Bool { scan(text).terminalSafe }

    /// One pass over the UTF-8 bytes: `isTerminalSafe`, and, when it is, whether the text holds a character HTML
    /// writes as an entity (`&`, `<`, `>`, `"`, `'`).
    static func scan(_ text: String) -> (terminalSafe: Bool, htmlSpecial: Bool) {
        var text = text
        return text.withUTF8 { bytes in
            var previous = UInt8(ascii: " ")
            var beforePrevious: UInt8 = 0
            var htmlSpecial = false
            for byte in bytes {
                switch byte {
                case 0x20:
                    if previous == 0x20 { return (false, htmlSpecial) }
                case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                    htmlSpecial = true
                case 0x21...0x7E, 0xC2...0xF4:
                    break
                case 0x80...0xBF:
                    if previous == 0xC2 && byte <= 0x9F { return (false, htmlSpecial) }
                    if beforePrevious == 0xE2 && previous == 0x80 && (byte == 0x8E || byte == 0x8F || (0xA8...0xAE).contains(byte)) {
                        return (false, htmlSpecial)
                    }
                    if beforePrevious == 0xE2 && previous == 0x81 && (0xA6...0xA9).contains(byte) { return (false, htmlSpecial) }
                default:
                    return (false, htmlSpecial)
                }
                beforePrevious = previous
                previous = byte
            }
            return (previous != 0x20 || bytes.isEmpty, htmlSpecial)
        }
    }

    /// Text safe in HTML content and in quoted attribute values (also inside inline SVG): terminal-safe, with
    /// `&`, `<`, `>`, `"` and `'` as entities (ASCII bytes, so replaced byte by byte).
    public static func html(_ text: String) -> String {
        let (terminalSafe, htmlSpecial) = scan(text)
        if terminalSafe && !htmlSpecial { return text }
        let clean = terminalSafe ? text : terminalTextScalars(text)
        var out: [UInt8] = []
        out.reserveCapacity(clean.utf8.count + 16)
        for byte in clean.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A CSV text cell: terminal-safe (so no line breaks or escapes reach a spreadsheet), a leading `'`
    /// when it would start with `=`, `+`, `-`, `@`, TAB or CR (spreadsheet formula injection), then quoted
    /// per RFC 4180 when needed.
    public static func csvText(_ text: String) -> String {
        var clean = terminalText(text)
        if let first = clean.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            clean = "'" + clean
        }
        return csvQuoted(clean)
    }

    /// RFC 4180 quoting: a field holding `,`, `"`, CR or LF (or spaces at its ends) is wrapped in quotes
    /// with inner quotes doubled. Used as is for numbers, which must stay plain.
    public static func csvQuoted(_ field: String) -> String {
        // Scalar by scalar: a combining mark after `"` or `,` would hide it inside one Character.
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in field.unicodeScalars {
            if scalar == "\"" { out.append("\"") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }

    /// Text for one line of an hledger or Ledger journal (a transaction's description, a comment): terminal-safe
    /// (so one line, no control characters, single spaces, trimmed) with every `;` written as `；` (U+FF1B),
    /// since a `;` after spaces starts a comment in both tools (in hledger's descriptions, wherever it is). With
    /// `splitsPayee` (hledger's descriptions) `|` becomes `｜` (U+FF5C) too: hledger reads `PAYEE | NOTE` and
    /// would take the text before the bar for the payee.
    public static func journalText(_ text: String, splitsPayee: Bool = false) -> String {
        // Scalar by scalar: a combining mark after `;` would hide it inside one Character.
        var out = String.UnicodeScalarView()
        for scalar in terminalText(text).unicodeScalars {
            switch scalar {
            case ";": out.append("\u{FF1B}")
            case "|" where splitsPayee: out.append("\u{FF5C}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// A Beancount string literal, quotes included: terminal-safe text with `\` and `"` backslash-escaped.
    public static func beancountString(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in terminalText(text).unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.append("\\") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }

    /// A JSON string literal, quotes included. The text is kept exactly; `"`, `\`, every control
    /// character (C0, DEL, C1), U+2028/U+2029 and the bidirectional controls are written as escapes, so the
    /// output is valid JSON and valid JS, and reading it raw on a terminal cannot be tricked.
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
