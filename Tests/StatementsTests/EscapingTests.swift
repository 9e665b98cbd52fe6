import Testing
@testable import Statements

@Suite struct EscapingTests {
    @Test(arguments: [
        ("\u{1B}[31mRed\u{1B}[0m", "Red"),
        ("\u{1B}[1;38;5;196mBold\u{1B}[m!", "Bold!"),
        ("\u{1B}]8;;http://x\u{07}link\u{1B}]8;;\u{1B}\\", "link"),
        ("\u{1B}]0;title\u{07}after", "after"),
        ("\u{9B}31mC1 CSI", "C1 CSI"),
        ("a\u{1B}cb", "ab"),
        ("line\nbreak\r\nand\ttab", "line break and tab"),
        ("  padded   spaces  ", "padded spaces"),
        ("bell\u{07}null\u{00}del\u{7F}", "bellnulldel"),
        ("\u{202E}reversed\u{2066}isolate\u{2069}", "reversedisolate"),
        ("Mere Rāwiri", "Mere Rāwiri"),
        ("陈伟", "陈伟"),
        ("trailing escape \u{1B}", "trailing escape"),
    ])
    func terminalText(input: String, expected: String) {
        #expect(Escaping.terminalText(input) == expected)
    }

    /// Text the byte check calls terminal-safe is what the scalar path leaves unchanged, and the other way round, on
    /// strings of every scalar `terminalText` treats specially and their UTF-8 neighbours (a fixed pseudo-random
    /// sequence, so a failure replays).
    @Test func terminalSafeByteCheckAgreesWithTheScalarPath() {
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\t", "\n", "\r", "\u{0B}", "\u{1B}", "[", "]", "m", "\u{07}", "\u{00}", "\u{7F}",
                                          "\u{80}", "\u{85}", "\u{9B}", "\u{9F}", "\u{A0}", "\u{C0}", "ā", "—", "\u{2027}", "\u{2028}", "\u{2029}",
                                          "\u{200D}", "\u{200E}", "\u{200F}", "\u{2029}", "\u{202A}", "\u{202E}", "\u{202F}", "\u{2065}",
                                          "\u{2066}", "\u{2069}", "\u{206A}", "陈", "\u{1F600}"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var safe = 0
        for _ in 0..<20_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<next(8) { scalars.append(alphabet[next(alphabet.count)]) }
            let text = String(scalars)
            let unchanged = Escaping.terminalTextScalars(text) == text
            #expect(Escaping.isTerminalSafe(text) == unchanged, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if unchanged { safe += 1 }
        }
        #expect(safe > 1_000 && safe < 19_000)
    }

    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        ("Tom & Jerry's", "Tom &amp; Jerry&#39;s"),
        ("\u{1B}[31mRed", "Red"),
        ("Mere Rāwiri <mere@x.nz> — \"ōrite\"", "Mere Rāwiri &lt;mere@x.nz&gt; — &quot;ōrite&quot;"),
    ])
    func html(input: String, expected: String) {
        #expect(Escaping.html(input) == expected)
    }

    @Test(arguments: [
        ("a | b", "a \\| b"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("[x](http://y)", "\\[x\\](http\\://y)"),
        ("![img](x)", "!\\[img\\](x)"),
        ("<b>", "\\<b\\>"),
        // Escaped for Markdown, not HTML: a reader of the raw file sees "Te Reo \& Tikanga", not "&amp;".
        ("Te Reo & Tikanga", "Te Reo \\& Tikanga"),
        ("&amp;", "\\&amp;"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1986. A year", "1986\\. A year"),
        ("see www.example.com", "see www\\.example.com"),
        ("@SUM(A1)", "\\@SUM(A1)"),
        ("Kiri O'Donnell", "Kiri O'Donnell"),
        ("2024-03", "2024-03"),
    ])
    func markdown(input: String, expected: String) {
        #expect(Escaping.markdown(input) == expected)
    }

    /// The byte path gives what the Character path gives, on strings made of every character either treats
    /// specially, letters and dashes that stand alone, and combining marks and joiners that do not (so text with
    /// them takes the Character path); a fixed pseudo-random sequence, so a failure replays.
    @Test func markdownBytePathAgreesWithTheCharacterPath() {
        let alphabet = Array("\\`*_[]|~$@<>&:/.)#+-=0123456789wWa (é—−Ŵ\u{301}\u{200D}\u{0903}\u{0600}").flatMap(\.unicodeScalars)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<next(12) { scalars.append(alphabet[next(alphabet.count)]) }
            let text = Escaping.terminalText(String(scalars))
            #expect(Escaping.markdown(text) == Escaping.markdownCharacters(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if text.unicodeScalars.allSatisfy(Escaping.standsAlone) {
                #expect(Escaping.markdownBytes(text) == Escaping.markdownCharacters(text), "\(text)")
            }
        }
    }

    /// Every scalar `standsAlone` names is a Character of its own beside each ASCII character the escaping treats
    /// specially, before it and after it, by Swift's own rules for Characters.
    @Test func scalarsThatStandAloneNeverJoinAMarker() {
        let ascii = Array("\\`*_[]|~$@<>&:/.)#+-=0w a").flatMap(\.unicodeScalars)
        var checked = 0
        for value in UInt32(0x80)...0x2FFF {
            guard let scalar = Unicode.Scalar(value), Escaping.standsAlone(scalar) else { continue }
            for marker in ascii {
                var after = String.UnicodeScalarView(), before = String.UnicodeScalarView()
                after.append(marker); after.append(scalar)
                before.append(scalar); before.append(marker)
                #expect(String(after).count == 2 && String(before).count == 2, "U+\(String(value, radix: 16))")
            }
            checked += 1
        }
        #expect(checked > 1_500)
        #expect(!Escaping.standsAlone("\u{301}") && !Escaping.standsAlone("\u{200D}") && !Escaping.standsAlone("\u{0600}"))
    }

    /// Text with non-ASCII characters takes the Character path: a marker with a combining mark is one Character
    /// and stays as it is; markers next to accented letters and dashes are escaped as in ASCII text.
    @Test(arguments: [
        ("Aroha — pod statement, 2025-12", "Aroha — pod statement, 2025-12"),
        ("net = income − contributed", "net = income − contributed"),
        ("é*b_c — [x](y) | z", "é\\*b\\_c — \\[x\\](y) \\| z"),
        ("*\u{301}a — b", "*\u{301}a — b"),
        ("_\u{301}x_ — <y> & `z` ~ $ @", "_\u{301}x\\_ — \\<y\\> \\& \\`z\\` \\~ \\$ \\@"),
        ("— see https://x.nz or WwW.x.nz", "— see https\\://x.nz or WwW\\.x.nz"),
        ("#1 — top", "\\#1 — top"),
        ("12) — listed", "12\\) — listed"),
    ])
    func markdownOfNonASCIIText(_ text: String, _ expected: String) {
        #expect(Escaping.markdown(text) == expected)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("=1+1", "'=1+1"),
        ("+64 21 555", "'+64 21 555"),
        ("-minus", "'-minus"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "Tab"),
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("a, b", "\"a, b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "line break"),
        ("\u{1B}[31m=red", "'=red"),
    ])
    func csvText(input: String, expected: String) {
        #expect(Escaping.csvText(input) == expected)
    }

    @Test(arguments: [
        ("plain", "\"plain\""),
        ("quote \" backslash \\", "\"quote \\\" backslash \\\\\""),
        ("line\nbreak\ttab\r", "\"line\\nbreak\\ttab\\r\""),
        ("\u{1B}[31m", "\"\\u001b[31m\""),
        ("\u{7F}\u{85}\u{2028}\u{202E}", "\"\\u007f\\u0085\\u2028\\u202e\""),
        ("Tūī 陈伟", "\"Tūī 陈伟\""),
    ])
    func jsonString(input: String, expected: String) {
        #expect(Escaping.jsonString(input) == expected)
    }

    @Test func displayWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("a\tb\r\nc\u{7F}") == 3, "controls take no column, in ASCII text as in any")
        #expect(DisplayWidth.of("a\tb\r\nc\u{7F}é") == 4)
        #expect(DisplayWidth.of("Rāwiri") == 6)
        #expect(DisplayWidth.of("Ra\u{0304}wiri") == 6, "combining macron takes no column")
        #expect(DisplayWidth.of("陈伟") == 4)
        #expect(DisplayWidth.of("👩🏽‍💻") == 2)
        #expect(DisplayWidth.truncate("Aurora Collective", to: 10) == "Aurora Co…")
        #expect(DisplayWidth.truncate("陈伟陈伟", to: 5) == "陈伟…")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
    }

    @Test func figures() {
        #expect(Figures.grouped(0, minorDigits: 2) == "0.00")
        #expect(Figures.grouped(-35_000, minorDigits: 2) == "-350.00")
        #expect(Figures.grouped(1_800_000, minorDigits: 2) == "18,000.00")
        #expect(Figures.grouped(123_456_789, minorDigits: 0) == "123,456,789")
        #expect(Figures.grouped(-1_234_567, minorDigits: 3) == "-1,234.567")
        #expect(Figures.grouped(Int64.min, minorDigits: 2) == "-92,233,720,368,547,758.08")
        #expect(Figures.plain(-1250, minorDigits: 2) == "-12.50")
        #expect(Figures.percent(1250) == "12.5%")
        #expect(Figures.mulDiv(7, 3, 2) == 10)
        #expect(Figures.mulDiv(-7, 3, 2) == -10)
        #expect(Figures.mulDiv(Int64.max, Int64.max, Int64.max) == Int64.max)
        #expect(Figures.mulDiv(Int64.max, 2, 1) == Int64.max, "clamped, not trapped")
    }
}
