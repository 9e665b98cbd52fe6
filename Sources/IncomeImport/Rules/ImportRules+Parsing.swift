import LedgerCore

/// The rules file format: one `directive value` per line; blank lines and lines starting with `#` or `;`
/// are ignored; each directive at most once, in any order. See `docs/import-rules.md`.
extension ImportRules {
    static let directives: [String] = [
        "encoding", "separator", "quote", "skip", "header", "fields",
        "date", "date-format", "member", "amount", "credit", "debit", "keep", "currency",
        "description", "reference", "decimal-mark", "thousands-separator", "negative", "amount-symbols",
    ]

    /// hledger's names for the same settings.
    static let directiveAliases = ["amount-in": "credit", "amount-out": "debit"]

    /// Fields that `fields` assigns when it names a column after them, as hledger's `fields` does.
    static let assignableFields = ["date", "member", "amount", "credit", "debit", "currency", "description", "reference"]

    init(text: String, file: String?) throws(IncomeImportError) {
        let rulesName = file ?? "default rules"
        func failure(_ line: Int?, _ reason: String) -> IncomeImportError {
            .invalidRules(file: rulesName, line: line, reason: reason)
        }

        // 1. Collect `directive value` lines.
        var settings: [String: (value: String, line: Int)] = [:]
        var lineNumber = 0
        // Lines end at LF, CRLF or CR, as an editor counts them; other controls (VT, FF, NEL) are refused.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            var line = rawLine[...]
            if lineNumber == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }
            if let (scalar, character) = MessageText.first(in: String(line), where: MessageText.isControl) {
                throw failure(lineNumber, "the line holds the control character \(MessageText.codePoint(scalar)) at character \(character): \(MessageText.quoted(line)); a rules file is plain text, so delete it")
            }
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let directive: String
            let value: String
            if let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) {
                directive = trimmed[..<space].lowercased()
                value = trimmed[space...].trimmingSpaces
            } else {
                directive = trimmed.lowercased()
                value = ""
            }
            let canonical = Self.directiveAliases[directive] ?? directive
            guard Self.directives.contains(canonical) else {
                let suggestion = Self.closestDirective(to: directive).map { "; did you mean \(MessageText.quoted($0))?" }
                    ?? "; known directives are \(Self.directives.joined(separator: ", "))"
                throw failure(lineNumber, "unknown directive \(MessageText.quoted(directive))\(suggestion)")
            }
            if let earlier = settings[canonical] {
                throw failure(lineNumber, "'\(canonical)' is already set at line \(earlier.line); keep only one")
            }
            if value.isEmpty && canonical != "skip" {
                throw failure(lineNumber, "'\(canonical)' needs a value")
            }
            settings[canonical] = (value, lineNumber)
        }

        // 2. `fields` names columns by position and, like hledger, assigns those named after a field.
        var fieldNames: [String?]?
        if let (value, line) = settings["fields"] {
            let names = value.split(separator: ",", omittingEmptySubsequences: false).map { part -> String? in
                let name = part.trimmingSpaces
                return name.isEmpty || name == "_" ? nil : name
            }
            guard names.count <= Limits.fieldsPerRowMax else {
                throw failure(line, "'fields' names more than \(Limits.fieldsPerRowMax) columns")
            }
            var seen = Set<String>()
            for case let name? in names where !seen.insert(name.lowercased()).inserted {
                throw failure(line, "'fields' names \(MessageText.quoted(name)) twice; give each column its own name, or _ for a column to ignore")
            }
            fieldNames = names
            for case let name? in names {
                let field = Self.directiveAliases[name.lowercased()] ?? name.lowercased()
                if Self.assignableFields.contains(field), settings[field] == nil {
                    settings[field] = ("%{\(name)}", line)
                }
            }
        }

        func column(_ key: String, example: String) throws(IncomeImportError) -> ColumnReference? {
            guard let (value, line) = settings[key] else { return nil }
            let template: Template
            do { template = try Template(parsing: value, rulesLine: line) } catch { throw failure(line, "\(key): \(error.reason)") }
            guard let column = template.singleColumn else {
                throw failure(line, "'\(key)' must name exactly one column, as in '\(key) %3' or '\(key) %\(example)'")
            }
            return column
        }

        func template(_ key: String) throws(IncomeImportError) -> Template? {
            guard let (value, line) = settings[key] else { return nil }
            do { return try Template(parsing: value, rulesLine: line) } catch { throw failure(line, "\(key): \(error.reason)") }
        }

        // 3. The layout of the bytes.
        self.file = file
        if let (value, line) = settings["encoding"] {
            guard let encoding = TextEncoding.named(value) else {
                throw failure(line, "unknown encoding \(MessageText.quoted(value)); use utf-8, windows-1252, iso-8859-1 or iso-8859-15")
            }
            self.encoding = encoding
        }
        if let (value, line) = settings["separator"] {
            guard let separator = Self.singleByte(value, allowsBlank: true) else {
                throw failure(line, "the separator must be one ASCII punctuation character, as in 'separator ;', or TAB or SPACE")
            }
            dialect.separator = separator
        }
        if let (value, line) = settings["quote"] {
            guard let quote = Self.singleByte(value, allowsBlank: false) else {
                throw failure(line, "the quote must be one ASCII punctuation character, as in 'quote \"' or \"quote '\"")
            }
            dialect.quote = quote
            if dialect.quote == dialect.separator {
                throw failure(line, "the quote character must differ from the separator")
            }
        } else if dialect.separator == dialect.quote {
            throw failure(settings["separator"]?.line, "the separator must differ from the quote character '\"'")
        }
        if let (value, line) = settings["skip"] {
            guard let count = value.isEmpty ? 1 : Int(value), (0...1_000).contains(count) else {
                throw failure(line, "'skip' takes a number of lines from 0 to 1000, as in 'skip 3'")
            }
            skipLines = count
        }
        if let (value, line) = settings["header"] {
            switch value.lowercased() {
            case "yes", "true": hasHeader = true
            case "no", "false": hasHeader = false
            default: throw failure(line, "'header' is yes or no")
            }
        }
        self.fieldNames = fieldNames

        // 4. Which columns hold what.
        guard let date = try column("date", example: "Date") else {
            throw failure(nil, "no 'date' line; say which column holds the date, as in 'date %1' or 'date %Date'")
        }
        self.date = date
        if let (value, line) = settings["date-format"] {
            do { dateFormat = try DateFormat(value) } catch { throw failure(line, "invalid date-format \(MessageText.quoted(value)): \(error.reason)") }
            dateFormatLine = line
        }

        guard let (memberValue, memberLine) = settings["member"] else {
            throw failure(nil, "no 'member' line; name the member column ('member %Member') or, for one member's own bank file, give their id ('member alice')")
        }
        if memberValue.hasPrefix("%") {
            member = .column(try column("member", example: "Member")!)
        } else {
            do { member = .fixed(try MemberID(memberValue)) } catch {
                throw failure(memberLine, "'member' must be a column, as in 'member %Member', or a member id, as in 'member alice'; \(MessageText.quoted(memberValue)) is not a valid member id (lowercase letters, digits and '-')")
            }
        }

        let amountColumn = try column("amount", example: "Amount")
        let credit = try column("credit", example: "Credit")
        let debit = try column("debit", example: "Debit")
        switch (amountColumn, credit ?? debit) {
        case (let amount?, nil):
            self.amount = .signed(amount)
        case (nil, _?):
            self.amount = .creditDebit(credit: credit, debit: debit)
        case (_?, _?):
            throw failure(settings["amount"]?.line, "use either 'amount' (one signed column) or 'credit' and 'debit' (money in and out), not both")
        case (nil, nil):
            throw failure(nil, "no 'amount' line; say which column holds the amount ('amount %3'), or which hold money in and out ('credit %4' and 'debit %5')")
        }

        if let (value, line) = settings["currency"] {
            if value.hasPrefix("%") {
                currency = .column(try column("currency", example: "Currency")!)
            } else {
                do { currency = .fixed(code: try Currency(code: value).code, rulesLine: line) } catch {
                    throw failure(line, error.description)
                }
            }
        }
        description = try template("description")
        reference = try template("reference")

        // 5. How amounts are written.
        if let (value, line) = settings["decimal-mark"] {
            switch value {
            case ".": amountFormat.decimalMark = "."
            case ",": amountFormat.decimalMark = ","
            default: throw failure(line, "the decimal mark is '.' or ','")
            }
        }
        if let (value, line) = settings["thousands-separator"] {
            switch value.lowercased() {
            case "none": amountFormat.thousandsSeparator = .none
            case "space": amountFormat.thousandsSeparator = .space
            case ",", ".", "'", "_": amountFormat.thousandsSeparator = .character(value.unicodeScalars.first!)
            default: throw failure(line, "the thousands separator is none, ',', '.', \"'\", '_' or space (which matches U+0020, U+00A0, U+202F and U+2009)")
            }
            if case .character(amountFormat.decimalMark) = amountFormat.thousandsSeparator {
                throw failure(line, "the thousands separator must differ from the decimal mark '\(amountFormat.decimalMark)'")
            }
        }
        if let (value, line) = settings["negative"] {
            for word in value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
                switch word.lowercased() {
                case "minus": break
                case "parentheses": amountFormat.allowsParentheses = true
                case "trailing-minus": amountFormat.allowsTrailingMinus = true
                default: throw failure(line, "unknown negative form \(MessageText.quoted(word)); use minus (-12.00, always accepted), parentheses ((12.00)) or trailing-minus (12.00-)")
                }
            }
        }
        if let (value, line) = settings["amount-symbols"] {
            let symbols = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            for symbol in symbols {
                let forbidden: Set<Unicode.Scalar> = ["-", "+", "(", ")", "\u{2212}", amountFormat.decimalMark]
                guard !symbol.unicodeScalars.contains(where: { forbidden.contains($0) || ("0"..."9").contains($0) }) else {
                    throw failure(line, "amount symbol \(MessageText.quoted(symbol)) must not contain digits, signs, parentheses or the decimal mark")
                }
            }
            amountFormat.symbols = symbols.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
            amountSymbolsLine = line
        }
        if let (value, line) = settings["keep"] {
            switch value.lowercased() {
            case "all": keepsCreditsOnly = false
            case "credits": keepsCreditsOnly = true
            default: throw failure(line, "'keep' is all (every row) or credits (only money in, for a mixed account export)")
            }
        }

        // 6. Names must be resolvable: from `fields`, or else from a header row.
        for column in columnReferences {
            guard case .name(let name) = column.target else { continue }
            if let fieldNames {
                guard fieldNames.contains(where: { $0?.lowercased() == name.lowercased() }) else {
                    throw failure(column.rulesLine, "column \(MessageText.quoted(name)) is not named on the 'fields' line (line \(settings["fields"]!.line)); add it there or use its position, as in %3")
                }
            } else if !hasHeader {
                throw failure(column.rulesLine, "column \(MessageText.quoted(name)) is named but 'header no' says the file has no header row; use its position, as in %3, or name the columns with a 'fields' line")
            }
        }
    }

    /// Every column the rules read.
    var columnReferences: [ColumnReference] {
        var columns = [date]
        if case .column(let column) = member { columns.append(column) }
        switch amount {
        case .signed(let column): columns.append(column)
        case .creditDebit(let credit, let debit): columns += [credit, debit].compactMap { $0 }
        }
        if case .column(let column) = currency { columns.append(column) }
        columns += description?.columns ?? []
        columns += reference?.columns ?? []
        return columns
    }

    /// One ASCII punctuation byte, or a name for one: TAB, SPACE, COMMA, SEMICOLON, PIPE.
    private static func singleByte(_ value: String, allowsBlank: Bool) -> UInt8? {
        switch value.lowercased() {
        case "tab", "\\t": return allowsBlank ? UInt8(ascii: "\t") : nil
        case "space": return allowsBlank ? UInt8(ascii: " ") : nil
        case "comma": return UInt8(ascii: ",")
        case "semicolon": return UInt8(ascii: ";")
        case "pipe": return UInt8(ascii: "|")
        default:
            guard value.utf8.count == 1, let byte = value.utf8.first, (0x21..<0x7F).contains(byte) else { return nil }
            let scalar = Unicode.Scalar(byte)
            return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) ? nil : byte
        }
    }

    /// The known directive closest to a misspelt one, if it is close (at most 2 edits).
    private static func closestDirective(to word: String) -> String? {
        let candidates = directives + directiveAliases.keys.sorted()
        let scored = candidates.map { ($0, editDistance(Array(word), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
