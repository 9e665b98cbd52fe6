/// Text from outside (a file, a flag) as an error message shows it.
///
/// A message is one line read on a terminal, so what a terminal would act on or hide is written as a
/// visible escape: control characters (a NUL, an ESC starting a colour or title sequence, a line break),
/// the bidirectional controls that reorder the rest of the line, zero-width and other invisible
/// characters, and spaces other than U+0020. Everything else, accents and emoji included, is kept.
public enum MessageText {
    /// `'text'`, escaped, cut after `charactersMax` characters (with `…` after the closing quote).
    public static func quoted(_ text: some StringProtocol, charactersMax: Int = 120) -> String {
        var shown = Substring(text)
        var cut = false
        if shown.utf8.count > charactersMax, let end = shown.index(shown.startIndex, offsetBy: charactersMax, limitedBy: shown.endIndex),
           end < shown.endIndex {
            shown = shown[..<end]
            cut = true
        }
        return "'" + escaped(shown) + "'" + (cut ? "…" : "")
    }

    /// The text with every character that `isHidden` written as `\t`, `\n`, `\r` or `\u{1B}`.
    public static func escaped(_ text: some StringProtocol) -> String {
        // The usual case: printable ASCII needs nothing.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard isHidden(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Whether a message shows `scalar` escaped: a control or format character, a line or paragraph
    /// separator, a private-use or unassigned code point, a default-ignorable one (zero-width joiners,
    /// variation selectors, Hangul fillers), or a space other than U+0020.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return true
        default:
            return scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.isWhitespace
        }
    }

    /// A control character that is refused in text from outside: C0 controls (U+0000–U+001F) other than
    /// tab, DEL (U+007F) and C1 controls (U+0080–U+009F). Line breaks are controls too; each reader
    /// decides where they may appear.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// The first scalar of `text` for which `refused` holds, with its 1-based position in characters.
    public static func first(
        in text: String, where refused: (Unicode.Scalar) -> Bool
    ) -> (scalar: Unicode.Scalar, character: Int)? {
        guard let index = text.unicodeScalars.firstIndex(where: refused) else { return nil }
        // Counted in characters, as an editor counts columns (a CR LF pair is one).
        let character = text[..<index].count + 1
        return (text.unicodeScalars[index], character)
    }

    /// `U+001B (ESC)`: a code point and, for a control character, its name.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        switch scalar.value {
        case 0..<0x20: return code + " (" + controlNames[Int(scalar.value)] + ")"
        case 0x7F: return code + " (DEL)"
        case 0x80...0x9F: return code + " (C1 control)"
        default: return code
        }
    }

    private static let controlNames = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
        "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
    ]
}
