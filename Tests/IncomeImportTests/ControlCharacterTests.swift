import Foundation
import LedgerCore
import Testing

@testable import IncomeImport

/// Control characters in CSV fields (issue 9, item 4): a NUL in a reference used to be imported and then
/// fail `podledger check`; in a description it was stored and read back cut at the NUL; in a member id it
/// was printed raw in the error message. Every field is now refused with `FILE:LINE`, the column and the
/// character shown escaped, whatever the layout.
@Suite("Control characters in fields")
struct ControlCharacterTests {
    static let rulesLayout = """
        separator ;
        date %Datum
        date-format %d.%m.%Y
        member %Wer
        amount %Betrag
        decimal-mark ,
        description %Text %Notiz
        reference %Ref
        """

    /// The message reading `csv` in the default layout fails with, the scratch file's path shown as FILE.
    static func defaultLayoutError(_ csv: String) -> String? {
        do {
            let directory = try TemporaryDirectory()
            let path = try directory.write("income.csv", csv)
            return importError(path)?.replacingOccurrences(of: path, with: "FILE")
        } catch {
            return "could not write the file: \(error)"
        }
    }

    static func controlMessage(field: Int, column: String, code: String, at position: Int, shown: String) -> String {
        "FILE:2: field \(field) (\(column)) holds the control character \(code) at character \(position): \(shown); "
            + "control characters are not text, so delete it from the file (only a tab may appear in a field, and a "
            + "line break only in a quoted description)"
    }

    /// Whether `text` holds a character a terminal would act on instead of showing.
    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    // MARK: NUL in the default layout and in a rules layout

    @Test(arguments: [
        (4, "description", "2024-03-01,alice,12.50,abc\u{0}def,R1", "'abc\\u{0}def'", 4),
        (5, "reference", "2024-03-01,alice,12.50,Logo,R\u{0}X", "'R\\u{0}X'", 2),
        (2, "member", "2024-03-01,al\u{0}ice,12.50,Logo,R1", "'al\\u{0}ice'", 3),
    ])
    func aNULInTheDefaultLayoutIsRefused(field: Int, column: String, row: String, shown: String, position: Int) {
        let message = Self.defaultLayoutError("date,member,amount,description,reference\n\(row)\n")
        #expect(message == Self.controlMessage(field: field, column: column, code: "U+0000 (NUL)", at: position, shown: shown))
        #expect(message.map(Self.hasRawControl) == false)
    }

    @Test(arguments: [
        (4, "Text", "01.03.2024;alice;12,50;ab\u{0}c;design;R1", "'ab\\u{0}c'", 3),
        (6, "Ref", "01.03.2024;alice;12,50;Logo;design;\u{0}R1", "'\\u{0}R1'", 1),
        (2, "Wer", "01.03.2024;alice\u{0};12,50;Logo;design;R1", "'alice\\u{0}'", 6),
    ])
    func aNULInARulesLayoutIsRefused(field: Int, column: String, row: String, shown: String, position: Int) {
        let message = errorWithRules(Self.rulesLayout, "Datum;Wer;Betrag;Text;Notiz;Ref\n\(row)\n")
        #expect(message == Self.controlMessage(field: field, column: column, code: "U+0000 (NUL)", at: position, shown: shown))
    }

    @Test func aNULInAOneMemberFileWithoutAHeaderIsRefused() {
        let rules = "header no\nseparator ;\ndate %1\ndate-format %d.%m.%Y\nmember alice\namount %2\ndecimal-mark ,\ndescription %3\n"
        let message = errorWithRules(rules, "01.03.2024;5,00;tip\n02.03.2024;12,50;Lo\u{0}go\n")
        #expect(message?.hasPrefix("FILE:2: field 3 (%3) holds the control character U+0000 (NUL) at character 3: 'Lo\\u{0}go';") == true,
                "\(message ?? "no error")")
    }

    // MARK: Which characters

    /// C0 controls other than tab, DEL, and C1 controls (as UTF-8) are refused, quoted or not.
    @Test(arguments: [
        ("\u{1}", "U+0001 (SOH)"), ("\u{7}", "U+0007 (BEL)"), ("\u{8}", "U+0008 (BS)"), ("\u{B}", "U+000B (VT)"),
        ("\u{C}", "U+000C (FF)"), ("\u{1B}", "U+001B (ESC)"), ("\u{1F}", "U+001F (US)"), ("\u{7F}", "U+007F (DEL)"),
        ("\u{80}", "U+0080 (C1 control)"), ("\u{85}", "U+0085 (C1 control)"), ("\u{9B}", "U+009B (C1 control)"),
        ("\u{9F}", "U+009F (C1 control)"),
    ])
    func controlCharactersAreRefused(character: String, code: String) {
        for quoted in [false, true] {
            let field = quoted ? "\"a\(character)b\"" : "a\(character)b"
            let message = Self.defaultLayoutError("date,member,amount,description\n2024-03-01,alice,1.00,\(field)\n")
            #expect(message?.hasPrefix("FILE:2: field 4 (description) holds the control character \(code) at character 2: 'a\\u{") == true,
                    "\(message ?? "no error")")
            #expect(message.map(Self.hasRawControl) == false)
        }
    }

    @Test func anEscapeSequenceInADescriptionIsShownEscapedNotSentToTheTerminal() {
        let message = Self.defaultLayoutError("date,member,amount,description\n2024-03-01,alice,1.00,\u{1B}[2J\u{1B}[31mPaid\n")
        #expect(message == Self.controlMessage(field: 4, column: "description", code: "U+001B (ESC)", at: 1,
                                               shown: "'\\u{1B}[2J\\u{1B}[31mPaid'"))
    }

    @Test func aTabInAFieldIsKept() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("tab.csv", "date,member,amount,description,reference\n2024-03-01,alice,1.00,a\tb,R\t1\n")
        let read = try rows(path)
        #expect(read.map(\.description) == ["a\tb"])
        #expect(read.map(\.reference) == ["R\t1"])
    }

    /// windows-1252 bytes 0x80-0x9F are printable characters (€, …, Œ), not C1 controls; 0x1B is ESC in any encoding.
    @Test func theCheckIsOnCharactersNotBytes() throws {
        let rules = "encoding windows-1252\ndate %date\nmember %member\namount %amount\ndescription %description\n"
        let header = Array("date,member,amount,description\n".utf8)
        let good = header + Array("2024-03-01,alice,1.00,Caf".utf8) + [0xE9, 0x20, 0x85, 0x20, 0x80, 0x0A]
        #expect(try rowsWithRules(rules, good).map(\.description) == ["Café … €"])
        let bad = header + Array("2024-03-01,alice,1.00,Caf".utf8) + [0xE9, 0x1B, 0x0A]
        #expect(errorWithRules(rules, bad)?.hasPrefix("FILE:2: field 4 (description) holds the control character U+001B (ESC) at character 5: 'Café\\u{1B}'") == true)
    }

    // MARK: Where

    @Test func aColumnTheLayoutDoesNotReadIsCheckedToo() {
        let message = Self.defaultLayoutError("date,member,amount,memo\n2024-03-01,alice,1.00,x\u{0}\n")
        #expect(message == Self.controlMessage(field: 4, column: "memo", code: "U+0000 (NUL)", at: 2, shown: "'x\\u{0}'"))
    }

    @Test func theHeaderIsCheckedToo() {
        let message = Self.defaultLayoutError("date,member,amount,descr\u{1B}iption\n2024-03-01,alice,1.00,x\n")
        #expect(message == "FILE:1: field 4 of the header holds the control character U+001B (ESC) at character 6: 'descr\\u{1B}iption'; "
            + "control characters are not text, so delete it from the file (only a tab may appear in a field, and a line break only in a quoted description)")
    }

    @Test func aRulesFileWithAControlCharacterIsRefused() {
        #expect(rulesError("date %1\nmember alice\namount %2\ndescription Paid %3\u{1B}[0m\n")
            == "test.rules:4: the line holds the control character U+001B (ESC) at character 20: 'description Paid %3\\u{1B}[0m'; a rules file is plain text, so delete it")
    }

    // MARK: Line breaks inside quoted fields

    /// A description may span lines (bank memos do); every other value the layout reads is one line.
    @Test func aLineBreakInsideAQuotedDescriptionIsKept() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("lines.csv", "date,member,amount,description,memo\n2024-03-01,alice,1.00,\"first\r\nsecond\",\"a\nb\"\n")
        #expect(try rows(path).map(\.description) == ["first\nsecond"])
    }

    @Test(arguments: [
        (5, "reference", "2024-03-01,alice,1.00,Logo,\"R1\nR2\"", "'R1\\nR2'"),
        (2, "member", "2024-03-01,\"alice\n\",1.00,Logo,R1", "'alice\\n'"),
        (1, "date", "\"2024-03-01\r\n\",alice,1.00,Logo,R1", "'2024-03-01\\r\\n'"),
        (3, "amount", "2024-03-01,alice,\"1\r.00\",Logo,R1", "'1\\r.00'"),
    ])
    func aLineBreakInsideAnyOtherQuotedFieldIsRefused(field: Int, column: String, row: String, shown: String) {
        let message = Self.defaultLayoutError("date,member,amount,description,reference\n\(row)\n")
        #expect(message == "FILE:2: field \(field) (\(column)) holds a line break inside its quotes: \(shown); "
            + "only a description may span lines, so put this field on one line in the file")
    }

    @Test func aLineBreakInAColumnOnlyTheDescriptionTemplateUsesIsKept() throws {
        let read = try rowsWithRules(Self.rulesLayout, "Datum;Wer;Betrag;Text;Notiz;Ref\n01.03.2024;alice;12,50;\"Logo\nfor\";design;R1\n")
        #expect(read.map(\.description) == ["Logo\nfor design"])
        let refused = errorWithRules(Self.rulesLayout, "Datum;Wer;Betrag;Text;Notiz;Ref\n01.03.2024;alice;12,50;Logo;design;\"R\n1\"\n")
        #expect(refused?.hasPrefix("FILE:2: field 6 (Ref) holds a line break inside its quotes: 'R\\n1';") == true)
    }

    // MARK: Other messages show outside text escaped

    @Test func invisibleCharactersInAnEchoedValueAreShownEscaped() {
        // A right-to-left override would reverse the rest of the line on a terminal; a zero-width space hides.
        let date = Self.defaultLayoutError("date,member,amount\n2024-03-01\u{202E}x,alice,1.00\n")
        #expect(date == "FILE:2: invalid date '2024-03-01\\u{202E}x': write it as YYYY-MM-DD, e.g. 2024-03-15, with a real calendar day")
        let member = Self.defaultLayoutError("date,member,amount\n2024-03-01,ali\u{200B}ce,1.00\n")
        #expect(member?.hasPrefix("FILE:2: invalid member id 'ali\\u{200B}ce':") == true, "\(member ?? "no error")")
        let currency = Self.defaultLayoutError("date,member,amount,currency\n2024-03-01,alice,1.00,NZ\u{2066}D\n")
        #expect(currency?.hasPrefix("FILE:2: currency 'NZ\\u{2066}D' is not the network's currency NZD;") == true, "\(currency ?? "no error")")
    }
}
