import LedgerCore

/// What a network file is measured against before toml++ parses it.
///
/// toml++ recurses on nesting, when it parses and again when it walks and frees the tree: a file of
/// 50,000 dotted key parts (`[a.a.a…]`) overflowed the stack (exit 139), and `[[[` at the start of a line
/// tripped an assertion (exit 134; undefined behaviour in a release build). It caps arrays and inline
/// tables at 256 levels itself, but not dotted keys, headers, or the sum of all three. So one linear pass
/// over the bytes, skipping strings and comments, refuses a file that nests too deep, a header that does
/// not start with a name, and raw control characters (which TOML forbids, and a NUL would end the text
/// toml++ is given, silently dropping the rest of the file). A `\u0000` escape is refused too: TOMLKit
/// reads toml++'s strings as C strings, so `"auro\u0000ra"` would silently become `"auro"`.
extension NetworkFile {
    enum Problem: Equatable {
        case tooDeep(line: Int)
        case headerWithoutName(line: Int, found: Unicode.Scalar)
        case controlCharacter(line: Int, character: Int, scalar: Unicode.Scalar)
        case nulEscape(line: Int, character: Int)
    }

    static let tooLargeMessage =
        "the file is larger than \(Limits.networkFileBytesMax >> 20) MiB, the most a network file may hold; check that it is the right file"

    /// Refuses a text in which `firstProblem` finds a problem.
    static func checkLimits(_ text: String, file: String) throws(PodLedgerError) {
        var copy = text
        guard let problem = copy.withUTF8({ firstProblem(in: $0) }) else { return }
        switch problem {
        case .tooDeep(let line):
            throw .networkFile(file: "\(file):\(line)", message:
                "arrays, tables and dotted keys nest more than \(Limits.networkFileNestingMax) levels deep here; "
                + "a network file needs 5 at most (the values of [[pod.member]] tables), so remove the extra nesting")
        case .headerWithoutName(let line, let found):
            throw .networkFile(file: "\(file):\(line)", message:
                "a table header is [name] or [[name]], as in [network] or [[pod]]; this one has \(MessageText.quoted(String(found))) where the name should start")
        case .controlCharacter(let line, let character, let scalar):
            throw .networkFile(file: "\(file):\(line)", message:
                "the file holds the control character \(MessageText.codePoint(scalar)) at character \(character) of the line; a network file is plain text, so delete it")
        case .nulEscape(let line, let character):
            throw .networkFile(file: "\(file):\(line)", message:
                "the string escape at character \(character) of the line is a NUL (U+0000), which would cut the string short; delete it")
        }
    }

    private enum Mode {
        case normal, comment, header
        case basicString, literalString, multilineBasicString, multilineLiteralString
    }

    /// The first problem in a TOML text, in one pass that stops there.
    ///
    /// Nesting is counted as toml++ would build it, or more: each part of a table header counts 2 (it may
    /// be an array of tables and a table in it), each part of a dotted key 1, each array or inline table 1
    /// plus the dotted key before it. A dot in a value (`1.5`) counts too, which overstates by one at most.
    ///
    /// Only the bytes in `specialBytes` are looked at closely; the rest (letters, digits, most of any
    /// string) are passed over: a debug build scans a 50 MB file in about 0.15 s (11 s when every byte
    /// went through the switch).
    static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        guard let base = bytes.baseAddress else { return nil }
        return specialBytes.withUnsafeBufferPointer { special -> Problem? in
            var scanner = LimitsScanner(bytes: bytes, base: base)
            return scanner.firstProblem(isSpecial: special.baseAddress!)
        }
    }

    /// `firstProblem`'s pass: where it is, what it is inside, and how deep the nesting is so far. Each
    /// `scan…` method reads the byte at `index` in its mode, moves `index` on, and returns a problem it finds.
    private struct LimitsScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let base: UnsafePointer<UInt8>
        var index = 0
        var mode = Mode.normal
        /// What a string returns to when it closes: a quoted key in a header stays in the header.
        var afterString = Mode.normal
        var line = 1
        var lineStart = 0
        var atLineStart = true
        var headerDepth = 0
        var headerDots = 0
        /// Each open `[` or `{` in a value adds 1 plus the dots of the key before it.
        var open: [Int] = []
        var openDepth = 0
        var dots = 0

        init(bytes: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
            self.bytes = bytes
            self.base = base
        }

        mutating func firstProblem(isSpecial: UnsafePointer<Bool>) -> Problem? {
            let count = bytes.count
            while index < count {
                let byte = base[index]
                guard isSpecial[Int(byte)] else {
                    atLineStart = false
                    index += 1
                    continue
                }
                if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
                    return .controlCharacter(line: line, character: characterNumber(bytes, lineStart, index), scalar: Unicode.Scalar(byte))
                }
                if byte == 0x0A {  // LF
                    endLine()
                    continue
                }
                let problem: Problem?
                switch mode {
                case .normal: problem = scanKeysAndValues(byte)
                case .header: problem = scanHeader(byte)
                case .comment: problem = scanComment()
                case .basicString: problem = scanBasicString(byte)
                case .literalString: problem = scanLiteralString(byte)
                case .multilineBasicString, .multilineLiteralString: problem = scanMultilineString(byte)
                }
                if let problem { return problem }
            }
            return nil
        }

        /// An LF, counted in every mode.
        private mutating func endLine() {
            line += 1
            lineStart = index + 1
            switch mode {
            case .multilineBasicString, .multilineLiteralString:
                break
            default:
                // A comment ends here; a one-line string or header left open is toml++'s error to report.
                mode = .normal
                atLineStart = true
                if open.isEmpty { dots = 0 }
            }
            index += 1
        }

        /// Outside headers, strings and comments: keys and values, and where a string, comment or header starts.
        private mutating func scanKeysAndValues(_ byte: UInt8) -> Problem? {
            switch byte {
            case 0x20, 0x09, 0x0D:  // space, tab, CR
                index += 1
                return nil
            case 0x23:  // #
                mode = .comment
            case 0x22, 0x27:  // " '
                afterString = .normal
                index = startString(bytes, at: index, &mode)
                atLineStart = false
                return nil
            case 0x5B where atLineStart && open.isEmpty:  // [ starting a table header
                return startHeader()
            case 0x5B, 0x7B, 0x5D, 0x7D, 0x2C, 0x2E:  // [ { ] } , .
                if let problem = countNesting(byte) { return problem }
            default:
                break
            }
            atLineStart = false
            index += 1
            return nil
        }

        /// A value's brackets and braces, and the dots of the keys before them. Does not move `index`.
        private mutating func countNesting(_ byte: UInt8) -> Problem? {
            let depthMax = Limits.networkFileNestingMax
            switch byte {
            case 0x5B, 0x7B:  // [ {
                open.append(dots + 1)
                openDepth += dots + 1
                dots = 0
                if headerDepth + openDepth > depthMax { return .tooDeep(line: line) }
            case 0x5D, 0x7D:  // ] }
                if let last = open.popLast() { openDepth -= last }
                dots = 0
            case 0x2C:  // ,
                dots = 0
            case 0x2E:  // .
                dots += 1
                if headerDepth + openDepth + dots > depthMax { return .tooDeep(line: line) }
            default:
                break
            }
            return nil
        }

        /// The `[` or `[[` of a table header, whose name must start at once, after spaces (toml++ asserts it does).
        private mutating func startHeader() -> Problem? {
            let count = bytes.count
            var next = index + 1
            if next < count, base[next] == 0x5B { next += 1 }
            while next < count, base[next] == 0x20 || base[next] == 0x09 { next += 1 }
            if next < count, !startsName(base[next]) {
                return .headerWithoutName(line: line, found: Unicode.Scalar(base[next]))
            }
            mode = .header
            headerDots = 0
            headerDepth = 2
            atLineStart = false
            index = next
            return nil
        }

        /// Inside a table header: its dotted name, up to the `]` that ends it.
        private mutating func scanHeader(_ byte: UInt8) -> Problem? {
            switch byte {
            case 0x22, 0x27:  // " '
                afterString = .header
                index = startString(bytes, at: index, &mode)
                return nil
            case 0x2E:  // .
                headerDots += 1
                headerDepth = 2 * (headerDots + 1)
                if headerDepth > Limits.networkFileNestingMax { return .tooDeep(line: line) }
            case 0x5D:  // ]
                // The second `]` of `[[name]]` is read in normal mode, where it closes nothing.
                mode = .normal
            default:
                break
            }
            index += 1
            return nil
        }

        /// A comment runs to the line end, where `endLine` ends it.
        private mutating func scanComment() -> Problem? {
            index += 1
            return nil
        }

        private mutating func scanBasicString(_ byte: UInt8) -> Problem? {
            if byte == 0x5C { return skipEscape() }  // backslash
            if byte == 0x22 { mode = afterString }
            index += 1
            return nil
        }

        private mutating func scanLiteralString(_ byte: UInt8) -> Problem? {
            if byte == 0x27 { mode = afterString }
            index += 1
            return nil
        }

        private mutating func scanMultilineString(_ byte: UInt8) -> Problem? {
            let isBasic = mode == .multilineBasicString
            if isBasic, byte == 0x5C { return skipEscape() }
            let delimiter: UInt8 = isBasic ? 0x22 : 0x27
            guard byte == delimiter else {
                index += 1
                return nil
            }
            // Three to five delimiters close the string (up to two of them are its last characters).
            let count = bytes.count
            var run = 0
            while index < count, base[index] == delimiter {
                run += 1
                index += 1
            }
            if run >= 3 { mode = afterString }
            return nil
        }

        /// The backslash of an escape in a basic string: a NUL escape is refused, any other escaped byte is
        /// skipped, unless it is the line end (counted by `endLine`; invalid TOML anyway).
        private mutating func skipEscape() -> Problem? {
            if isNULEscape(bytes, at: index) { return .nulEscape(line: line, character: characterNumber(bytes, lineStart, index)) }
            index += index + 1 < bytes.count && base[index + 1] != 0x0A ? 2 : 1
            return nil
        }
    }

    /// Bytes that may change the scanner's state in some mode: controls (line ends, tab and CR included),
    /// space, DEL, quotes, `#`, brackets and braces, `,`, `.` and backslash.
    private static let specialBytes: [Bool] = (0...255).map { byte in
        byte < 0x21 || byte == 0x7F || [0x22, 0x23, 0x27, 0x2C, 0x2E, 0x5B, 0x5C, 0x5D, 0x7B, 0x7D].contains(byte)
    }

    /// The 1-based character (not byte) position of `index` in the line that starts at `lineStart`.
    private static func characterNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ index: Int) -> Int {
        bytes[lineStart..<index].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }

    /// `\u0000` or `\U00000000` at `index` (a backslash in a basic string).
    private static func isNULEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 1 < bytes.count else { return false }
        let digits: Int
        switch bytes[index + 1] {
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: return false
        }
        guard index + 1 + digits < bytes.count else { return false }
        return bytes[(index + 2)...(index + 1 + digits)].allSatisfy { $0 == UInt8(ascii: "0") }
    }

    /// Enters the string that starts at `index` (one quote, or three for a multi-line string); returns
    /// the index after its opening delimiter.
    private static func startString(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ mode: inout Mode) -> Int {
        let quote = bytes[index]
        let isTriple = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
        if quote == UInt8(ascii: "\"") {
            mode = isTriple ? .multilineBasicString : .basicString
        } else {
            mode = isTriple ? .multilineLiteralString : .literalString
        }
        return index + (isTriple ? 3 : 1)
    }

    /// A bare key character or a quote: what a key may start with. `]` (an empty header) is toml++'s to report.
    private static func startsName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }
}
