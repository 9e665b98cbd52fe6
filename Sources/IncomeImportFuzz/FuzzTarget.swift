// The libFuzzer target for IncomeImport: CSV reading under the default layout and under each sample
// rules file, amount and date parsing, and rules files with a CSV. Everything goes through the public
// API (`ImportRules(parsing:file:)`, `IncomeFileReader.read`), so what is fuzzed is what `podledger
// import` runs. An input that makes the reader crash, hang, leak or break one of the checks below is
// a finding; libFuzzer reports it and saves the input.
//
// Input layout: the first byte picks a mode (its value modulo `Mode.allCases.count`), the rest is the
// mode's payload:
//
// | mode | payload |
// | --- | --- |
// | `defaultLayout` | a CSV file read with no rules (SPEC §2.2) |
// | `nzBank`, `euBank`, `usInvoices` | a CSV file read with that sample rules file from Samples/rules |
// | `amount` | byte 1 picks an amount format and currency, the rest is one amount cell |
// | `date` | byte 1 picks a date-format, the rest is one date cell |
// | `rulesAndCSV` | a rules file, a NUL byte, then a CSV file read with those rules |
// | `chunkBoundary` | byte 1 picks a shift, the rest are rows that start just before the reader's 64 KiB chunk boundary |
import IncomeImport
import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer's entry point. Built into both the normal and the fuzzing build; only the fuzzing build
/// (`make fuzz`) links libFuzzer, whose `main` calls it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FuzzTarget.run(bytes)
    return 0
}

enum FuzzTarget {
    enum Mode: UInt8, CaseIterable {
        case defaultLayout, nzBank, euBank, usInvoices, amount, date, rulesAndCSV, chunkBoundary
    }

    static let nzd = try! Currency(code: "NZD")
    static let jpy = try! Currency(code: "JPY")
    static let bhd = try! Currency(code: "BHD")

    /// Runs one input. Returns normally when the reader behaved (rows or an `IncomeImportError`);
    /// traps (a finding) when it did not.
    static func run(_ input: [UInt8]) {
        guard let first = input.first else { return }
        let payload = Array(input.dropFirst())
        switch Mode(rawValue: first % UInt8(Mode.allCases.count))! {
        case .defaultLayout: readCSV(payload, rules: nil, currency: nzd)
        case .nzBank: readCSV(payload, rules: SampleRules.shared.nzBank, currency: nzd, keepsCreditsOnly: true)
        case .euBank: readCSV(payload, rules: SampleRules.shared.euBank, currency: nzd, keepsCreditsOnly: true)
        case .usInvoices: readCSV(payload, rules: SampleRules.shared.usInvoices, currency: nzd)
        case .amount: amount(payload)
        case .date: date(payload)
        case .rulesAndCSV: rulesAndCSV(payload)
        case .chunkBoundary: readCSV(chunkBoundaryCSV(payload), rules: nil, currency: nzd)
        }
    }

    /// A header and a row padded so that the payload (after its shift byte) starts 1 to 32 bytes before
    /// the end of the reader's first 64 KiB chunk: line ends, quotes and fields split across two chunks.
    /// The payload ends the padded row itself (or extends its last field).
    static func chunkBoundaryCSV(_ payload: [UInt8]) -> [UInt8] {
        guard let shift = payload.first else { return [] }
        let head = Array("date,member,amount,memo\n2024-03-01,alice,1.00,".utf8)
        let padding = 64 * 1024 - 1 - Int(shift % 32) - head.count
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: padding) + payload.dropFirst()
    }

    // MARK: CSV files

    enum Outcome: Equatable {
        case rows([IncomeRow])
        case refused(IncomeImportError)
    }

    /// Reads `csv` and checks every row and every error against what the reader promises.
    @discardableResult
    static func readCSV(_ csv: [UInt8], rules: ImportRules?, currency: Currency, keepsCreditsOnly: Bool = false) -> Outcome {
        let path = ScratchFile.shared.replace(with: csv)
        defer { unlink(path) }
        var rows: [IncomeRow] = []
        var rowKeys = Set<String>()
        // Physical lines: each LF, CRLF or lone CR ends one.
        var lineCount = 1
        for (index, byte) in csv.enumerated() where byte == UInt8(ascii: "\r") || (byte == UInt8(ascii: "\n") && (index == 0 || csv[index - 1] != UInt8(ascii: "\r"))) {
            lineCount += 1
        }
        do {
            try IncomeFileReader(path: path, currency: currency, rules: rules).read { row in
                check(row, path: path, after: rows.last, lineCount: lineCount, keepsCreditsOnly: keepsCreditsOnly)
                if row.reference == nil {
                    precondition(rowKeys.insert(row.key).inserted, "two rows without a reference share the key \(row.key)")
                }
                rows.append(row)
            }
            return .rows(rows)
        } catch let error as IncomeImportError {
            let text = error.description
            if case .invalidRules = error {
                precondition(!text.isEmpty)
            } else {
                precondition(text.hasPrefix(path + ":"), "an error does not start with the file name: \(text)")
            }
            if case .unreadableFile = error { preconditionFailure("the scratch file could not be read: \(text)") }
            precondition(!text.unicodeScalars.contains(where: MessageText.isHidden), "a message shows a hidden character raw: \(MessageText.escaped(text))")
            return .refused(error)
        } catch {
            preconditionFailure("the reader threw something other than an IncomeImportError: \(error)")
        }
    }

    static func check(_ row: IncomeRow, path: String, after previous: IncomeRow?, lineCount: Int, keepsCreditsOnly: Bool) {
        precondition(row.file == path)
        precondition(row.line >= 1 && row.line <= lineCount, "row line \(row.line) outside 1...\(lineCount)")
        if let previous { precondition(row.line > previous.line, "rows out of order: line \(row.line) after \(previous.line)") }
        // A zero amount is a row (the importer skips and counts it), so no check on it here.
        if keepsCreditsOnly { precondition(row.amountMinor > 0, "keep credits kept \(row.amountMinor)") }
        precondition(row.day.year >= Limits.yearMin && row.day.year <= Limits.yearMax)
        precondition(row.description.count <= Limits.descriptionCharactersMax)
        precondition(!row.description.contains("\r\n"), "a CRLF survived in a description")
        precondition(row.description == trimmed(row.description), "the description is not trimmed")
        precondition(!row.description.unicodeScalars.contains { MessageText.isControl($0) && $0 != "\n" && $0 != "\r" },
                     "a control character was kept in a description")
        precondition(!(row.reference ?? "").unicodeScalars.contains(where: MessageText.isControl), "a control character was kept in a reference")
        let separator = "\u{1F}"
        if let reference = row.reference {
            precondition(!reference.isEmpty && reference.count <= Limits.referenceCharactersMax)
            precondition(row.key == "ref" + separator + row.member.raw + separator + reference)
        } else {
            let content = ["row", row.day.description, row.member.raw, String(row.amountMinor), row.description].joined(separator: separator)
            precondition(row.key.hasPrefix(content + separator), "key \(row.key) does not hold the row's content")
            let occurrence = row.key.dropFirst(content.count + 1)
            precondition(Int(occurrence).map { $0 >= 1 } == true, "bad occurrence in key \(row.key)")
        }
    }

    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return String(text[first...last])
    }

    // MARK: Amounts

    /// Amount formats to fuzz, as rules lines, with the currency they are read in.
    static let amountFormats: [(rules: String, currency: Currency)] = [
        ("", nzd),
        ("", jpy),
        ("", bhd),
        ("thousands-separator ,\nnegative parentheses\namount-symbols NZ$ $ NZD", nzd),
        ("decimal-mark ,\nthousands-separator .\nnegative trailing-minus\namount-symbols € NZD", nzd),
        ("decimal-mark ,\nthousands-separator space\nnegative parentheses trailing-minus", bhd),
        ("thousands-separator '\namount-symbols ¥ JPY", jpy),
        ("thousands-separator _\nnegative parentheses", nzd),
    ]

    /// One amount cell under one of `amountFormats`. Under the plain formats (the default layout's) the
    /// result must also equal that of a small reference parser written from docs/import-rules.md.
    static func amount(_ payload: [UInt8]) {
        guard let selector = payload.first else { return }
        let cell = Array(payload.dropFirst())
        let format = amountFormats[Int(selector) % amountFormats.count]
        let rulesText = "header no\ndate %1\nmember %2\namount %3\n" + format.rules
        let rules = try! ImportRules(parsing: rulesText, file: "amount.rules")
        let outcome = readCSV(Array("2024-03-15,alice,".utf8) + quoted(cell) + [UInt8(ascii: "\n")], rules: rules, currency: format.currency)

        guard format.rules.isEmpty, cell.count < 60_000, let text = String(validating: cell, as: UTF8.self) else { return }
        let expected = referenceAmount(text, minorDigits: format.currency.minorDigits)
        switch (expected, outcome) {
        case (.value(let value), .rows(let rows)):
            precondition(rows.count == 1 && rows[0].amountMinor == value, "'\(text)' read as \(rows.map(\.amountMinor)), expected \(value)")
        case (.zero, .rows(let rows)) where rows.count == 1 && rows[0].amountMinor == 0:
            break
        case (.empty, .refused(.emptyAmount)),
             (.control, .refused(.controlCharacter)), (.control, .refused(.lineBreakInField)):
            break
        case (.invalid, .refused(let error)):
            switch error {
            case .invalidAmount, .tooManyDecimals, .amountOverflow: break
            default: preconditionFailure("'\(text)' refused for another reason than its amount: \(error)")
            }
        default:
            preconditionFailure("amount '\(text)' (\(format.currency)): expected \(expected), got \(outcome)")
        }
    }

    enum ExpectedAmount: Equatable {
        case value(Int64)
        case zero
        case empty
        case invalid
        /// A control character, line breaks included: refused before the amount is read.
        case control
    }

    /// The default layout's amounts, from the docs: spaces around, one optional leading sign (`-`, `+`,
    /// U+2212), digits with at most one `.`, at most `minorDigits` decimals, at most 15 digits before the
    /// mark once leading zeros are dropped.
    static func referenceAmount(_ text: String, minorDigits: Int) -> ExpectedAmount {
        if text.unicodeScalars.contains(where: MessageText.isControl) { return .control }
        let spaces: Set<Unicode.Scalar> = [" ", "\t", "\u{00A0}", "\u{202F}", "\u{2009}"]
        var scalars = Array(text.unicodeScalars)[...]
        func trim() {
            while let first = scalars.first, spaces.contains(first) { scalars = scalars.dropFirst() }
            while let last = scalars.last, spaces.contains(last) { scalars = scalars.dropLast() }
        }
        trim()
        guard !scalars.isEmpty else { return .empty }
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" || first == "\u{2212}" {
            negative = first != "+"
            scalars = scalars.dropFirst()
            trim()
        }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count <= 2, !scalars.isEmpty, scalars != ["."] else { return .invalid }
        let integer = parts[0], fraction = parts.count == 2 ? parts[1] : []
        let isDigit: (Unicode.Scalar) -> Bool = { $0.isASCII && ("0"..."9").contains($0) }
        guard integer.allSatisfy(isDigit), fraction.allSatisfy(isDigit) else { return .invalid }
        guard fraction.count <= minorDigits else { return .invalid }
        let significant = integer.drop(while: { $0 == "0" })
        guard significant.count <= Limits.amountIntegerDigitsMax else { return .invalid }
        var value: Int64 = 0
        for scalar in significant + fraction { value = value * 10 + Int64(scalar.value - 48) }
        for _ in fraction.count..<minorDigits { value *= 10 }
        if value == 0 { return .zero }
        return .value(negative ? -value : value)
    }

    // MARK: Dates

    static let dateFormats = [
        "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d", "%-d %b %Y", "%B %-d, %Y",
        "%Y-%m-%d %H:%M:%S", "%-m/%-d/%Y", "%d-%b-%Y",
    ]

    /// One date cell under one of `dateFormats`. A date that reads must read the same after being written
    /// back in its format; and the fast path of the ISO format must agree with the general one.
    static func date(_ payload: [UInt8]) {
        guard let selector = payload.first else { return }
        let cell = Array(payload.dropFirst())
        let format = dateFormats[Int(selector) % dateFormats.count]
        guard let day = readDate(cell, format: format) else { return }

        let written = text(of: day, format: format)
        precondition(readDate(Array(written.utf8), format: format) == day, "\(day) written as '\(written)' in \(format) does not read back")

        // `%Y-%m-%d` takes a fast path; `%Y/%m/%d` the general parser. With '-' and '/' swapped they must agree.
        if format == "%Y-%m-%d", !cell.contains(UInt8(ascii: "/")) {
            let swapped = cell.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "/") : $0 }
            precondition(readDate(swapped, format: "%Y/%m/%d") == day, "%Y-%m-%d and %Y/%m/%d disagree")
        }
    }

    static func readDate(_ cell: [UInt8], format: String) -> Day? {
        let rules = try! ImportRules(parsing: "header no\ndate %1\ndate-format \(format)\nmember alice\namount %2\n", file: "date.rules")
        guard case .rows(let rows) = readCSV(quoted(cell) + Array(",1.00\n".utf8), rules: rules, currency: nzd),
              let row = rows.first else { return nil }
        return row.day
    }

    /// `day` in a date-format (times as 00).
    static func text(of day: Day, format: String) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        var out = ""
        var scalars = format.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "%" else { out.unicodeScalars.append(scalar); continue }
            var directive = scalars.next()!
            let unpadded = directive == "-"
            if unpadded { directive = scalars.next()! }
            switch directive {
            case "Y": out += padded(day.year, 4)
            case "m": out += unpadded ? String(day.month.month) : padded(day.month.month, 2)
            case "d": out += unpadded ? String(day.day) : padded(day.day, 2)
            case "b": out += String(months[day.month.month - 1].prefix(3))
            case "B": out += months[day.month.month - 1]
            case "H", "M", "S": out += "00"
            default: out.unicodeScalars.append(directive)
            }
        }
        return out
    }

    // MARK: Rules files

    /// A rules file, a NUL byte, a CSV file. Rules that parse are used to read the CSV.
    static func rulesAndCSV(_ payload: [UInt8]) {
        let split = payload.firstIndex(of: 0) ?? payload.endIndex
        guard let text = String(validating: payload[..<split], as: UTF8.self) else { return }
        let rules: ImportRules
        do {
            rules = try ImportRules(parsing: text, file: "fuzz.rules")
        } catch {
            precondition(error.description.hasPrefix("fuzz.rules"), "a rules error does not name the rules file: \(error)")
            precondition(!error.description.unicodeScalars.contains(where: MessageText.isHidden), "a rules message shows a hidden character raw: \(MessageText.escaped(error.description))")
            return
        }
        let csv = split < payload.endIndex ? Array(payload[(split + 1)...]) : []
        for currency in [nzd, jpy] {
            readCSV(csv, rules: rules, currency: currency)
        }
    }

    // MARK: Regression files

    /// The first file an input makes the target read, as a CSV and a rules text (nil: the default layout)
    /// and a currency, so that a crash can be kept as a plain regression file for `swift test`.
    static func regressionFiles(for input: [UInt8]) -> (csv: [UInt8], rules: String?, currency: Currency)? {
        guard let first = input.first else { return nil }
        let payload = Array(input.dropFirst())
        switch Mode(rawValue: first % UInt8(Mode.allCases.count))! {
        case .defaultLayout: return (payload, nil, nzd)
        case .nzBank: return (payload, SampleRules.shared.text["nz-bank-alice"]!, nzd)
        case .euBank: return (payload, SampleRules.shared.text["eu-bank-ben"]!, nzd)
        case .usInvoices: return (payload, SampleRules.shared.text["us-invoices-pod"]!, nzd)
        case .amount:
            guard let selector = payload.first else { return nil }
            let format = amountFormats[Int(selector) % amountFormats.count]
            return (Array("2024-03-15,alice,".utf8) + quoted(Array(payload.dropFirst())) + [UInt8(ascii: "\n")],
                    "header no\ndate %1\nmember %2\namount %3\n" + format.rules + "\n", format.currency)
        case .date:
            guard let selector = payload.first else { return nil }
            let format = dateFormats[Int(selector) % dateFormats.count]
            return (quoted(Array(payload.dropFirst())) + Array(",1.00\n".utf8),
                    "header no\ndate %1\ndate-format \(format)\nmember alice\namount %2\n", nzd)
        case .rulesAndCSV:
            let split = payload.firstIndex(of: 0) ?? payload.endIndex
            guard let text = String(validating: payload[..<split], as: UTF8.self) else { return nil }
            return (split < payload.endIndex ? Array(payload[(split + 1)...]) : [], text, nzd)
        case .chunkBoundary:
            return (chunkBoundaryCSV(payload), nil, nzd)
        }
    }

    // MARK: Helpers

    /// A whole (small) file, or nil when it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            bytes += buffer[0..<count]
            if count < buffer.count { return ferror(file) == 0 ? bytes : nil }
        }
    }

    /// A CSV field holding exactly `bytes`: quoted, each quote doubled.
    static func quoted(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}

/// The three sample rules files, read once from Samples/rules (under the working directory, or
/// `PODLEDGER_SAMPLES_RULES`, or beside this source file).
final class SampleRules: Sendable {
    static let shared = SampleRules()

    let nzBank: ImportRules
    let euBank: ImportRules
    let usInvoices: ImportRules
    /// Each file's text, by name without `.rules`.
    let text: [String: String]

    private init() {
        let directory = SampleRules.directory()
        var text: [String: String] = [:]
        func load(_ name: String) -> ImportRules {
            let path = directory + "/" + name + ".rules"
            do {
                let rules = try ImportRules(contentsOfFile: path)
                text[name] = String(decoding: FuzzTarget.readFile(path) ?? [], as: UTF8.self)
                return rules
            } catch {
                fatalError("cannot read the sample rules \(name).rules in \(directory): \(error)")
            }
        }
        nzBank = load("nz-bank-alice")
        euBank = load("eu-bank-ben")
        usInvoices = load("us-invoices-pod")
        self.text = text
    }

    private static func directory() -> String {
        if let path = getenv("PODLEDGER_SAMPLES_RULES") { return String(cString: path) }
        if access("Samples/rules/nz-bank-alice.rules", R_OK) == 0 { return "Samples/rules" }
        // Sources/IncomeImportFuzz/FuzzTarget.swift → the package root.
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/Samples/rules"
    }
}

/// One file per process, written for each input and removed once read: the reader takes a path. In
/// /dev/shm when there is one, so that fuzzing does not write to disk.
final class ScratchFile: Sendable {
    static let shared = ScratchFile()

    let path: String

    private init() {
        let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
        path = "\(directory)/podledger-fuzz-\(getpid()).csv"
    }

    func replace(with bytes: [UInt8]) -> String {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(descriptor >= 0, "cannot write \(path): \(String(cString: strerror(errno)))")
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            precondition(count > 0 || errno == EINTR, "cannot write \(path): \(String(cString: strerror(errno)))")
            if count > 0 { written += count }
        }
        return path
    }
}
