import LedgerCore
import Testing

/// How error messages show text from outside (issue 9, item 4).
@Suite struct MessageTextTests {
    @Test func printableTextIsKeptAsItIs() {
        for text in ["alice", "Café sign — Māori text", "Ōtaki 🎨 ‘quotes’ \\ back\\slash", "עברית and العربية", ""] {
            #expect(MessageText.escaped(text) == text)
            #expect(MessageText.quoted(text) == "'\(text)'")
        }
    }

    @Test(arguments: [
        ("a\u{0}b", "a\\u{0}b"), ("\u{1B}[31mred\u{1B}[0m", "\\u{1B}[31mred\\u{1B}[0m"), ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
        ("del\u{7F}", "del\\u{7F}"), ("c1\u{85}\u{9B}", "c1\\u{85}\\u{9B}"),
        // Bidirectional controls reorder what follows them on the line.
        ("invoice\u{202E}fdp.exe", "invoice\\u{202E}fdp.exe"), ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"), ("\u{200F}", "\\u{200F}"),
        // Invisible: zero-width space and joiner, BOM, soft hyphen, word joiner, a tag, Hangul filler.
        ("ali\u{200B}ce", "ali\\u{200B}ce"), ("a\u{200D}b", "a\\u{200D}b"), ("\u{FEFF}x", "\\u{FEFF}x"), ("a\u{AD}b", "a\\u{AD}b"),
        ("a\u{2060}b", "a\\u{2060}b"), ("\u{E0041}", "\\u{E0041}"), ("\u{3164}", "\\u{3164}"),
        // Spaces that look like U+0020, and line and paragraph separators.
        ("1\u{A0}234", "1\\u{A0}234"), ("1\u{202F}234", "1\\u{202F}234"), ("a\u{2028}b\u{2029}", "a\\u{2028}b\\u{2029}"),
        // Private use and unassigned code points show nothing reliable.
        ("\u{E000}", "\\u{E000}"), ("\u{0378}", "\\u{378}"),
    ])
    func hiddenCharactersAreEscaped(text: String, shown: String) {
        #expect(MessageText.escaped(text) == shown)
        #expect(MessageText.quoted(text) == "'\(shown)'")
    }

    @Test func longTextIsCutAfterTheLimitWithAnEllipsisOutsideTheQuotes() {
        let text = String(repeating: "é", count: 130)
        #expect(MessageText.quoted(text) == "'" + String(repeating: "é", count: 120) + "'…")
        #expect(MessageText.quoted(text, charactersMax: 130) == "'\(text)'")
        #expect(MessageText.quoted(String(repeating: "x", count: 120)) == "'" + String(repeating: "x", count: 120) + "'")
    }

    @Test func escapingTwiceChangesNothing() {
        let once = MessageText.escaped("a\u{0}\u{1B}\u{202E}\n")
        #expect(MessageText.escaped(once) == once)
    }

    @Test func controlCharactersAreC0ButTabDELAndC1() {
        let controls = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter(MessageText.isControl).map(\.value)
        #expect(controls == Array(0...0x08) + Array(0x0A...0x1F) + Array(0x7F...0x9F))
    }

    @Test func codePointsNameControlCharacters() {
        #expect(MessageText.codePoint("\u{0}") == "U+0000 (NUL)")
        #expect(MessageText.codePoint("\u{1B}") == "U+001B (ESC)")
        #expect(MessageText.codePoint("\u{7F}") == "U+007F (DEL)")
        #expect(MessageText.codePoint("\u{9B}") == "U+009B (C1 control)")
        #expect(MessageText.codePoint("\u{200B}") == "U+200B")
        #expect(MessageText.codePoint("\u{1F600}") == "U+1F600")
    }

    @Test func theFirstRefusedCharacterIsFoundWithItsPositionInCharacters() {
        let found = MessageText.first(in: "e\u{301}\r\nx\u{0}", where: MessageText.isControl)
        // é (e + combining accent) is one character, CR LF another: the CR is character 2.
        #expect(found?.scalar == "\r")
        #expect(found?.character == 2)
        #expect(MessageText.first(in: "tab\tonly", where: MessageText.isControl) == nil)
    }

    @Test func errorsOfLedgerCoreShowTheTextEscaped() {
        #expect(LedgerCoreError.invalidID(kind: "pod", "a\u{0}b").description
            == "invalid pod id 'a\\u{0}b': use lowercase letters, digits and '-', starting with a letter or digit")
        #expect(LedgerCoreError.unknownCurrency("NZ\u{1B}D").description.hasPrefix("unknown currency 'NZ\\u{1B}D':"))
        #expect(LedgerCoreError.invalidMonth("2024-01\u{7}").description.hasPrefix("invalid month '2024-01\\u{7}':"))
    }
}
