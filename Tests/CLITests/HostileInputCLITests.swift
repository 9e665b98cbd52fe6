import Foundation
import Testing

/// Inputs built to break the tool (issue 9, items 4 and 5): each is refused with exit 1 and one clear
/// line on stderr, never a crash, never a raw control character on the terminal, and the ledger is unchanged.
@Suite(.serialized) struct HostileInputCLITests {
    static func hasRawControl(_ text: String) -> Bool {
        // The line ends the message; nothing else may be a control character.
        text.dropLast().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// 200,000 levels of nesting used to overflow toml++'s stack (exit 139) or trip its assertions (exit 134).
    @Test(arguments: [
        "a = " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000),
        "a = " + String(repeating: "{b = ", count: 200_000) + "1" + String(repeating: "}", count: 200_000),
        "[" + Array(repeating: "a", count: 200_000).joined(separator: ".") + "]",
        Array(repeating: "a", count: 200_000).joined(separator: ".") + " = 1",
    ])
    func aDeeplyNestedNetworkFileIsRefusedByInit(line: String) throws {
        let cli = try CLI()
        _ = try cli.write("deep.toml", "currency = \"NZD\"\n" + line + "\n")
        let result = try cli.run(["init", "--network", "deep.toml"])
        #expect(result.status == 1, "\(result.stderr.prefix(500))")
        #expect(result.stdout == "")
        #expect(result.stderr == "podledger: error: deep.toml:2: arrays, tables and dotted keys nest more than 32 levels deep here; "
            + "a network file needs 5 at most (the values of [[pod.member]] tables), so remove the extra nesting\n")
        #expect(!FileManager.default.fileExists(atPath: cli.ledger))
    }

    @Test func aDeeplyNestedNetworkFileIsRefusedByNetworkApplyAndChangesNothing() throws {
        let cli = try CLI.withNetwork()
        let before = try cli.dump()
        _ = try cli.write("deep.toml", "currency = \"NZD\"\n\n[[pod]]\n" + String(repeating: "[", count: 200_000) + "\n")
        let result = try cli.run(["network", "apply", "deep.toml"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("podledger: error: deep.toml:4: a table header is [name] or [[name]]"), "\(result.stderr.prefix(500))")
        #expect(try cli.dump() == before)
    }

    @Test func aNULInAReferenceIsRefusedSoCheckStillPasses() throws {
        let cli = try CLI.withNetwork()
        let before = try cli.dump()
        _ = try cli.write("nul.csv", "date,member,amount,description,reference\n2024-01-05,alice,10.00,abc\u{0}def,R\u{0}X\n")
        let result = try cli.run(["import", "nul.csv"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("podledger: error: nul.csv:2: field 4 (description) holds the control character U+0000 (NUL) at character 4: 'abc\\u{0}def';"))
        #expect(!Self.hasRawControl(result.stderr))
        #expect(try cli.dump() == before)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test func aNULUnderARulesFileIsRefusedToo() throws {
        let cli = try CLI.withNetwork()
        _ = try cli.write("bank.rules", "separator ;\ndate %Datum\ndate-format %d.%m.%Y\nmember alice\namount %Betrag\ndecimal-mark ,\nreference %Ref\n")
        _ = try cli.write("bank.csv", "Datum;Betrag;Ref\n05.01.2024;10,00;TX-1\n06.01.2024;12,00;TX\u{0}-2\n")
        let result = try cli.run(["import", "--rules", "bank.rules", "bank.csv"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("podledger: error: bank.csv:3: field 3 (Ref) holds the control character U+0000 (NUL) at character 3: 'TX\\u{0}-2';"))
    }

    @Test func aNetworkFileNameWithAnEscapeSequenceIsRefusedAndShownEscaped() throws {
        let cli = try CLI()
        let text = try String(contentsOf: CLI.golden.appendingPathComponent("network.toml"), encoding: .utf8)
            .replacingOccurrences(of: "Alice Ngata", with: "Alice \\u001B]0;owned\\u0007Ngata")
        _ = try cli.write("net.toml", text)
        let result = try cli.run(["init", "--network", "net.toml"])
        #expect(result.status == 1)
        #expect(result.stderr == "podledger: error: net.toml: member 'alice': the name holds the control character U+001B (ESC) at character 7: "
            + "'Alice \\u{1B}]0;owned\\u{7}Ngata'; names are printed on statements, so remove it\n")
        #expect(!Self.hasRawControl(result.stderr))
    }

    /// The path is the user's own, but it is outside text too: a terminal escape in a file name is shown escaped.
    @Test func aFileNameWithAControlCharacterIsShownEscaped() throws {
        let cli = try CLI.withNetwork()
        let result = try cli.run(["import", "no\u{1B}[2Jfile.csv"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no\\u{1B}[2Jfile.csv"), "\(result.stderr)")
        #expect(!Self.hasRawControl(result.stderr))
    }
}
