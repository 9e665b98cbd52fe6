import LedgerCore

/// Why an income file or an import rules file was refused.
///
/// Each description reads `FILE:LINE: what is wrong; how to fix it` (`FILE: ...` for a problem with the
/// whole file), where FILE is the path as given and LINE the 1-based physical line where the record starts.
public enum IncomeImportError: Error, Sendable, Equatable, CustomStringConvertible {
    // The file as a whole
    case unreadableFile(file: String, reason: String)
    case emptyFile(file: String, skippedLines: Int, hasHeader: Bool)

    // CSV structure
    /// `usedAt` is the rules line that names the column, nil in a default layout, which needs `layoutColumns`.
    case missingColumn(file: String, line: Int, column: String, usedAt: String?, header: [String], layoutColumns: String)
    case duplicateColumn(file: String, line: Int, column: String)
    case columnOutOfRange(file: String, line: Int, position: Int, fields: Int, usedAt: String)
    case raggedRow(file: String, line: Int, fields: Int, expected: Int, hasHeader: Bool, separator: UInt8)
    case strayQuote(file: String, line: Int, field: Int, quote: UInt8)
    case unterminatedQuote(file: String, line: Int, quote: UInt8)
    case fieldTooLong(file: String, line: Int, field: Int, bytesMax: Int)
    case tooManyFields(file: String, line: Int, fieldsMax: Int)
    case undecodableText(file: String, line: Int, field: Int, column: String?, byteOffset: Int, byte: UInt8, encoding: TextEncoding)
    /// A control character (C0 other than tab, DEL, C1) in a field; `character` is its 1-based position in
    /// `text`, the field's decoded text. `column` is nil in the header.
    case controlCharacter(file: String, line: Int, field: Int, column: String?, scalar: Unicode.Scalar, character: Int, text: String)
    /// A line break inside a quoted field that is not read as (part of) the description.
    case lineBreakInField(file: String, line: Int, field: Int, column: String, text: String)

    // Values
    case invalidDate(file: String, line: Int, text: String, pattern: String, example: String, formatAt: String?)
    case invalidAmount(file: String, line: Int, column: String, text: String, reason: String, example: String, rulesFile: String?)
    case emptyAmount(file: String, line: Int, column: String)
    case tooManyDecimals(file: String, line: Int, text: String, currency: String, allowed: Int)
    case amountOverflow(file: String, line: Int, text: String, integerDigitsMax: Int)
    case creditAndDebit(file: String, line: Int, credit: String, debit: String)
    case noAmount(file: String, line: Int, credit: String, debit: String)
    case otherCurrency(file: String, line: Int, found: String, expected: String)
    case invalidMember(file: String, line: Int, text: String)
    case textTooLong(file: String, line: Int, field: String, characters: Int, charactersMax: Int)
    /// A payment cell that is neither a name the rules map nor a party id.
    case unknownParty(file: String, line: Int, column: String, text: String, rulesFile: String?)
    /// A payment whose file names payer and payee has a zero or negative amount.
    case paymentNotPositive(file: String, line: Int, amount: String)
    case expenseNotPositive(file: String, line: Int, amount: String)
    case expenseWithoutDescription(file: String, line: Int)
    case invalidPod(file: String, line: Int, text: String)
    /// The temporary file that counts identical rows of a very large file could not be written.
    case occurrenceSpill(file: String, line: Int, reason: String)

    // Rules files
    case invalidRules(file: String, line: Int?, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let file, let reason):
            return "\(file): cannot read the file: \(reason); check the path and its permissions"
        case .emptyFile(let file, let skippedLines, let hasHeader):
            if skippedLines > 0 {
                return "\(file): the file has no rows after the \(skippedLines) line\(skippedLines == 1 ? "" : "s") the rules skip; check that it is the right file and the rules' skip line"
            }
            return hasHeader
                ? "\(file): the file is empty; an income CSV starts with a header row such as date,member,amount,description,reference"
                : "\(file): the file is empty; check that it is the right file"

        case .missingColumn(let file, let line, let column, let usedAt, let header, let layoutColumns):
            guard let usedAt else {
                let named = header.prefix(8).map { MessageText.quoted($0) }.joined(separator: ", ") + (header.count > 8 ? ", …" : "")
                let start = "\(file):\(line): missing column \(MessageText.quoted(column)); the default layout needs columns \(layoutColumns)"
                // One field holding another separator: the file is not comma-separated.
                let separators: [(character: Character, name: String, rule: String)] = [(";", "';'", ";"), ("\t", "tabs", "tab"), ("|", "'|'", "|")]
                if header.count == 1, let separator = separators.first(where: { header[0].contains($0.character) }) {
                    return start + ", but the header is the one field \(named): the file seems separated by \(separator.name), not ','; "
                        + "describe its layout in an import rules file (given with --rules, holding `separator \(separator.rule)`; see docs/import-rules.md)"
                }
                return start + ", and the header names \(named); rename the columns, or describe this layout (a bank export?) in an import rules file (given with --rules; see docs/import-rules.md)"
            }
            return "\(file):\(line): missing column \(MessageText.quoted(column)) (used at \(usedAt)); the header names \(header.map { MessageText.quoted($0) }.joined(separator: ", ")), so fix the name in the rules or use the column's position, as in %3"
        case .duplicateColumn(let file, let line, let column):
            return "\(file):\(line): the header names column \(MessageText.quoted(column)) more than once; rename or remove one of them"
        case .columnOutOfRange(let file, let line, let position, let fields, let usedAt):
            return "\(file):\(line): the rules use column %\(position) (at \(usedAt)) but the row has only \(fields) field\(fields == 1 ? "" : "s"); check the separator and the column positions in the rules"
        case .raggedRow(let file, let line, let fields, let expected, let hasHeader, let separator):
            return "\(file):\(line): the row has \(fields) field\(fields == 1 ? "" : "s") but the \(hasHeader ? "header" : "first row") has \(expected); give every row the same number of fields, and enclose in quotes any field that contains \(Self.show(separator))"
        case .strayQuote(let file, let line, let field, let quote):
            let q = Self.literal(quote)
            return "\(file):\(line): stray quote (\(q)) in field \(field); enclose the whole field in quotes and double each quote inside it, as in \(q)say \(q)\(q)hi\(q)\(q)\(q)"
        case .unterminatedQuote(let file, let line, let quote):
            let q = Self.literal(quote)
            return "\(file):\(line): the quoted field that starts on this line has no closing quote (\(q)); add the closing quote, and double each quote inside the field (\(q)\(q))"
        case .fieldTooLong(let file, let line, let field, let bytesMax):
            return "\(file):\(line): field \(field) is longer than \(bytesMax) bytes; shorten it, or look for a quote that is never closed"
        case .tooManyFields(let file, let line, let fieldsMax):
            return "\(file):\(line): the row has more than \(fieldsMax) fields; check that the separator is right"
        case .undecodableText(let file, let line, let field, let column, let byteOffset, let byte, let encoding):
            let place = "byte offset \(byteOffset) of field \(field)" + (column.map { " (\(MessageText.escaped($0)))" } ?? "")
            switch encoding {
            case .utf8:
                return "\(file):\(line): invalid UTF-8 at \(place); save the file as UTF-8, or name its encoding in an import rules file (e.g. encoding windows-1252)"
            case .iso8859_1 where (0x80...0x9F).contains(byte), .iso8859_15 where (0x80...0x9F).contains(byte):
                return "\(file):\(line): byte \(Self.hex(byte)) at \(place) is a control code, not text, in \(encoding); the file is probably windows-1252, so set 'encoding windows-1252' in the rules"
            default:
                return "\(file):\(line): byte \(Self.hex(byte)) at \(place) is not a character in \(encoding); check the file's encoding and the rules' encoding line"
            }
        case .controlCharacter(let file, let line, let field, let column, let scalar, let character, let text):
            let place = column.map { "field \(field) (\(MessageText.escaped($0)))" } ?? "field \(field) of the header"
            return "\(file):\(line): \(place) holds the control character \(MessageText.codePoint(scalar)) at character \(character): "
                + "\(MessageText.quoted(text)); control characters are not text, so delete it from the file (only a tab may appear "
                + "in a field, and a line break only in a quoted description)"
        case .lineBreakInField(let file, let line, let field, let column, let text):
            return "\(file):\(line): field \(field) (\(MessageText.escaped(column))) holds a line break inside its quotes: "
                + "\(MessageText.quoted(text)); only a description may span lines, so put this field on one line in the file"

        case .invalidDate(let file, let line, let text, let pattern, let example, let formatAt):
            return "\(file):\(line): invalid date \(MessageText.quoted(text)): write it as \(pattern), e.g. \(example), with a real calendar day"
                + (formatAt.map { " (date-format at \($0))" } ?? "")
        case .invalidAmount(let file, let line, let column, let text, let reason, let example, let rulesFile):
            return "\(file):\(line): invalid amount \(MessageText.quoted(text)) in column \(MessageText.quoted(column)): \(reason); write amounts like \(example) or -\(example)"
                + (rulesFile.map { " as set in \($0)" } ?? ", or describe the file's format in an import rules file")
        case .emptyAmount(let file, let line, let column):
            return "\(file):\(line): the amount in column \(MessageText.quoted(column)) is empty; every row needs an amount"
        case .tooManyDecimals(let file, let line, let text, let currency, let allowed):
            return "\(file):\(line): amount \(MessageText.quoted(text)) has more decimals than \(currency) allows (\(allowed)); round it in the source file"
        case .amountOverflow(let file, let line, let text, let integerDigitsMax):
            return "\(file):\(line): amount \(MessageText.quoted(text)) is too large to record exactly; amounts have at most \(integerDigitsMax) digits before the decimal mark"
        case .creditAndDebit(let file, let line, let credit, let debit):
            return "\(file):\(line): the row has both a credit \(MessageText.quoted(credit)) and a debit \(MessageText.quoted(debit)); a row must be one or the other, so fix the export"
        case .noAmount(let file, let line, let credit, let debit):
            return "\(file):\(line): neither column \(MessageText.quoted(credit)) nor column \(MessageText.quoted(debit)) holds an amount; every row needs one of them"
        case .otherCurrency(let file, let line, let found, let expected):
            return "\(file):\(line): currency \(MessageText.quoted(found)) is not the network's currency \(expected); convert the amount to \(expected) before importing, or remove the row"
        case .invalidMember(let file, let line, let text):
            if text.isEmpty {
                return "\(file):\(line): the member is empty; every row needs the id of a member of the network"
            }
            return "\(file):\(line): invalid member id \(MessageText.quoted(text)): use the member's id from the network file (lowercase letters, digits and '-', e.g. alice)"
        case .textTooLong(let file, let line, let field, let characters, let charactersMax):
            return "\(file):\(line): the \(field) is \(characters) characters long, more than the \(charactersMax) allowed; shorten it"
        case .unknownParty(let file, let line, let column, let text, let rulesFile):
            if text.isEmpty {
                return "\(file):\(line): column \(MessageText.quoted(column)) is empty; every payment needs its parties"
            }
            guard let rulesFile else {
                return "\(file):\(line): \(MessageText.quoted(text)) in column \(MessageText.quoted(column)) is not a party: write a member id (alice), pod:POD (pod:aurora) or network"
            }
            // A name holding a quote is written unquoted: the party is the line's last word.
            let written = text.contains("\"") ? text : "\"\(text)\""
            return "\(file):\(line): the bank's name \(MessageText.quoted(text)) in column \(MessageText.quoted(column)) is not mapped to a party; "
                + "add a line to \(rulesFile) with the member's id, as in: name \(written) MEMBER-ID (or pod:POD, or network)"
        case .paymentNotPositive(let file, let line, let amount):
            return "\(file):\(line): the payment's amount is \(amount); it must be positive, money going from 'from' to 'to' (for money the other way, swap them)"
        case .expenseNotPositive(let file, let line, let amount):
            return "\(file):\(line): the expense's amount is \(amount); an expense is a positive amount the pod paid (to correct one, reverse it with `podledger expense --pod POD --reverse REFERENCE`)"
        case .expenseWithoutDescription(let file, let line):
            return "\(file):\(line): the expense has no description; say what it paid for (members read it on their statements)"
        case .invalidPod(let file, let line, let text):
            if text.isEmpty { return "\(file):\(line): the pod is empty; every expense needs the id of the pod that paid it" }
            return "\(file):\(line): invalid pod id \(MessageText.quoted(text)): use the pod's id from the network file (lowercase letters, digits and '-', e.g. aurora)"
        case .occurrenceSpill(let file, let line, let reason):
            return "\(file):\(line): cannot count this file's identical rows in a temporary file (\(reason)); free some space where temporary files go (the folder in TMPDIR, else /var/tmp), or give the rows references, and import again"

        case .invalidRules(let file, let line, let reason):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
        }
    }

    private static func literal(_ byte: UInt8) -> String {
        String(decoding: [byte], as: UTF8.self)
    }

    private static func show(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\t"): return "a tab"
        case UInt8(ascii: " "): return "a space"
        default: return "'\(literal(byte))'"
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
