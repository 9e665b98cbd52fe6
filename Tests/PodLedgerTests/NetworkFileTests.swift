import Foundation
import LedgerCore
import PodLedger
import Testing

/// The network file reader's limits (issue 9, item 5) and its handling of control characters (item 4).
///
/// toml++ recursed on deep nesting and crashed (a stack overflow at 50,000 dotted key parts; an assertion
/// on `[[[`); the file is now measured before toml++ sees it.
@Suite struct NetworkFileTests {
    static let network = """
        currency = "NZD"

        [[pod]]
        id = "aurora"
        name = "Aurora Collective"
        policy = "equal"

        [[pod.member]]
        id = "alice"
        name = "Alice Ngata"
        pledge_percent = "15"
        joined = "2024-01"

        """

    /// The message `text` is refused with; nil when it reads.
    static func error(_ text: String, file: String = "net.toml") -> String? {
        do {
            _ = try NetworkFile.parse(text, file: file)
            return nil
        } catch {
            return error.description
        }
    }

    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    static let depthMessage = "arrays, tables and dotted keys nest more than \(Limits.networkFileNestingMax) levels deep here; "
        + "a network file needs 5 at most (the values of [[pod.member]] tables), so remove the extra nesting"

    // MARK: Nesting

    @Test func theLimitIsSmallButRoomyForARealNetwork() {
        #expect(Limits.networkFileNestingMax >= 16 && Limits.networkFileNestingMax <= 64)
        #expect(Self.error(Self.network) == nil)
    }

    /// One line nesting `levels` deep in each way TOML can nest.
    static func deepLine(_ kind: String, levels: Int) -> String {
        let parts = Array(repeating: "a", count: levels).joined(separator: ".")
        switch kind {
        case "arrays": return "a = " + String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        case "arrays never closed": return "a = " + String(repeating: "[", count: levels)
        case "inline tables": return "a = " + String(repeating: "{b = ", count: levels) + "1" + String(repeating: "}", count: levels)
        case "a dotted table header": return "[" + parts + "]"
        case "an array of tables header": return "[[" + parts + "]]"
        case "a dotted key": return parts + " = 1"
        case "a dotted key in an inline table": return "x = {" + parts + " = 1}"
        default: return ""
        }
    }

    /// 200,000 levels of each kind of nesting: a clear error naming the line, never a crash.
    @Test(arguments: [
        "arrays", "arrays never closed", "inline tables", "a dotted table header", "an array of tables header",
        "a dotted key", "a dotted key in an inline table",
    ])
    func deepNestingIsRefusedBeforeParsing(kind: String) {
        let line = Self.deepLine(kind, levels: 200_000)
        #expect(!line.isEmpty)
        #expect(Self.error("currency = \"NZD\"\n" + line + "\n", file: "deep.toml") == "deep.toml:2: " + Self.depthMessage, "\(kind)")
    }

    /// `[[[` at the start of a line is not a table header; toml++ asserted on it, and overflowed its stack
    /// once there were 200,000.
    @Test func bracketsAtTheStartOfALineAreRefused() {
        let line = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(Self.error("currency = \"NZD\"\n" + line + "\n", file: "deep.toml")
            == "deep.toml:2: a table header is [name] or [[name]], as in [network] or [[pod]]; this one has '[' where the name should start")
    }

    /// Each kind alone stays under the limit; together they are what toml++ would build, and over it.
    @Test func nestingOfEveryKindAddsUp() {
        let inner = "{b.c.d.e = [" + String(repeating: "[", count: 3)
        let text = "currency = \"NZD\"\n[x.y.z]\nk.l.m = [\n" + String(repeating: inner, count: 4) + "\n"
        #expect(Self.error(text, file: "deep.toml") == "deep.toml:4: " + Self.depthMessage)
        let shallow = "currency = \"NZD\"\n[x.y.z]\nk.l.m = [\n" + String(repeating: inner, count: 1) + "\n"
        #expect(Self.error(shallow, file: "deep.toml")?.contains("levels deep") == false)
    }

    @Test(arguments: ["[[[a]]]", "[[ [a]]]", "[=]", "[.a]", "[\n", "[[\t[a]]]"])
    func aTableHeaderThatDoesNotStartWithANameIsRefused(header: String) {
        let message = Self.error("currency = \"NZD\"\n" + header + "\n")
        #expect(message?.hasPrefix("net.toml:2: a table header is [name] or [[name]], as in [network] or [[pod]]; this one has ") == true,
                "\(message ?? "no error")")
    }

    /// Brackets in strings (of every kind) and comments are not nesting.
    @Test func bracketsInStringsAndCommentsAreNotCounted() throws {
        let brackets = String(repeating: "[{", count: 40)
        var text = Self.network
        text = text.replacingOccurrences(of: "name = \"Aurora Collective\"", with: """
            name = "\\"\(brackets)" # \(String(repeating: "[", count: 1_000))
            """)
        text = text.replacingOccurrences(of: "name = \"Alice Ngata\"", with: """
            name = \"\"\"\\
                 \(brackets)\"\"\"\"
            """)
        text += "# " + String(repeating: "{", count: 1_000) + "\n"
        text += "[[pod]]\nid = 'kauri'\nname = '''\n\(brackets)\\'''\npolicy = \"equal\"\n"
        text += "[[pod.member]]\nid = \"bob\"\nname = 'B[ob'\npledge_percent = \"10\"\njoined = \"2024-01\"\n"
        let settings = try NetworkFile.parse(text, file: "net.toml")
        #expect(settings.pods.map(\.name) == ["\"" + brackets, brackets + "\\"])
        #expect(settings.members.map(\.name) == [brackets + "\"", "B[ob"])
    }

    // MARK: Size

    @Test func aFileOverTheSizeLimitIsRefusedBeforeParsing() throws {
        #expect(Limits.networkFileBytesMax >= 16 << 20)
        let text = String(repeating: "#", count: Limits.networkFileBytesMax + 1)
        #expect(Self.error(text, file: "big.toml") == "big.toml: the file is larger than \(Limits.networkFileBytesMax >> 20) MiB, the most a network file may hold; check that it is the right file")
    }

    @Test func aFileOverTheSizeLimitIsNotReadAtAll() throws {
        // A sparse file: it takes no room on disk, and is refused by its size before any byte is read.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-network-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.toml").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(Self.network.utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(Limits.networkFileBytesMax + 1))
        try handle.close()
        #expect(throws: PodLedgerError.networkFile(file: path, message: "the file is larger than \(Limits.networkFileBytesMax >> 20) MiB, the most a network file may hold; check that it is the right file")) {
            try Ledger.readNetworkFile(path)
        }
    }

    // MARK: Control characters

    @Test func aControlCharacterInANameIsRefusedAndShownEscaped() {
        let pod = Self.network.replacingOccurrences(of: "Aurora Collective", with: "Aurora\\u001B[31m")
        #expect(Self.error(pod) == "net.toml: pod 'aurora': the name holds the control character U+001B (ESC) at character 7: 'Aurora\\u{1B}[31m'; names are printed on statements, so remove it")
        let member = Self.network.replacingOccurrences(of: "Alice Ngata", with: "Alice\\u0085Ngata")
        #expect(Self.error(member) == "net.toml: member 'alice': the name holds the control character U+0085 (C1 control) at character 6: 'Alice\\u{85}Ngata'; names are printed on statements, so remove it")
        let tab = Self.network.replacingOccurrences(of: "Alice Ngata", with: "Alice\\tNgata")
        #expect(Self.error(tab)?.contains("U+0009 (HT)") == true)
    }

    @Test func textFromTheFileIsShownEscapedInEveryMessage() {
        let cases = [
            Self.network.replacingOccurrences(of: "id = \"aurora\"", with: "id = \"auro\\u0000ra\""),
            Self.network.replacingOccurrences(of: "id = \"alice\"", with: "id = \"ali\\u001Bce\""),
            Self.network.replacingOccurrences(of: "policy = \"equal\"", with: "policy = \"eq\\u001Bual\""),
            Self.network.replacingOccurrences(of: "joined = \"2024-01\"", with: "joined = \"2024-01\\u0007\""),
            Self.network.replacingOccurrences(of: "pledge_percent = \"15\"", with: "pledge_percent = \"1\\u00855\""),
            Self.network.replacingOccurrences(of: "currency = \"NZD\"", with: "currency = \"NZ\\u0000D\""),
            Self.network + "\"x\\u001B[2J\" = 1\n",
            Self.network.replacingOccurrences(of: "Alice Ngata", with: "Alice \u{1B}[31m Ngata"),
        ]
        for text in cases {
            let message = Self.error(text)
            #expect(message != nil)
            #expect(message.map(Self.hasRawControl) == false, "\(message ?? "")")
        }
        #expect(Self.error(cases[1]) == "net.toml: pod 'aurora' member number 1: invalid member id 'ali\\u{1B}ce': use lowercase letters, digits and '-', starting with a letter or digit")
    }

    /// TOMLKit reads toml++'s strings as C strings: `"auro\u0000ra"` was read as the valid id `auro`, and a
    /// raw NUL byte ended the file there, dropping every pod and member after it without a word.
    @Test func aNULIsRefusedWhereverItIs() throws {
        let escaped = Self.network.replacingOccurrences(of: "id = \"aurora\"", with: "id = \"auro\\u0000ra\"")
        #expect(Self.error(escaped) == "net.toml:4: the string escape at character 11 of the line is a NUL (U+0000), which would cut the string short; delete it")
        let long = Self.network.replacingOccurrences(of: "Alice Ngata", with: "Alice \\U00000000")
        #expect(Self.error(long)?.hasPrefix("net.toml:10: the string escape at character 15 of the line is a NUL") == true)
        let escapedBackslash = Self.network.replacingOccurrences(of: "Alice Ngata", with: "Alice \\\\u0000")
        #expect(try NetworkFile.parse(escapedBackslash, file: "net.toml").members.map(\.name) == ["Alice \\u0000"])
        let raw = Self.network.replacingOccurrences(of: "policy = \"equal\"", with: "policy = \"equal\"\u{0}")
            + "\n[[pod]]\nid = \"kauri\"\npolicy = \"equal\"\n"
        #expect(Self.error(raw) == "net.toml:6: the file holds the control character U+0000 (NUL) at character 17 of the line; a network file is plain text, so delete it")
        let escape = Self.network + "# \u{1B}[2J\n"
        #expect(Self.error(escape) == "net.toml:13: the file holds the control character U+001B (ESC) at character 3 of the line; a network file is plain text, so delete it")
    }
}
