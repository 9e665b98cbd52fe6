import LedgerCore

extension ImportRules {
    /// A rules file's `directive value` lines, by directive, and the readers that turn each directive into
    /// a setting. A reader returns nil when its directive is absent, so the rules keep their default.
    struct Settings {
        private var lines: [String: (value: String, line: Int)] = [:]
        /// The lines of repeatable directives (`name`), in order.
        private var repeated: [String: [(value: String, line: Int)]] = [:]
        /// The rules file, or "default rules", for messages.
        private let rulesName: String

        /// Collects the `directive value` lines: known directives (or hledger's aliases), each at most
        /// once, each with a value but `skip`.
        init(text: String, rulesName: String) throws(IncomeImportError) {
            self.rulesName = rulesName
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
                let (directive, value) = Self.directiveAndValue(trimmed)
                let canonical = ImportRules.directiveAliases[directive] ?? directive
                guard ImportRules.directives.contains(canonical) else {
                    let suggestion = Self.closestDirective(to: directive).map { "; did you mean \(MessageText.quoted($0))?" }
                        ?? "; known directives are \(ImportRules.directives.joined(separator: ", "))"
                    throw failure(lineNumber, "unknown directive \(MessageText.quoted(directive))\(suggestion)")
                }
                if value.isEmpty && canonical != "skip" {
                    throw failure(lineNumber, "'\(canonical)' needs a value")
                }
                if ImportRules.repeatableDirectives.contains(canonical) {
                    repeated[canonical, default: []].append((value, lineNumber))
                    continue
                }
                if let earlier = lines[canonical] {
                    throw failure(lineNumber, "'\(canonical)' is already set at line \(earlier.line); keep only one")
                }
                lines[canonical] = (value, lineNumber)
            }
        }

        /// The line that sets `directive`, if one does.
        func line(of directive: String) -> Int? {
            lines[directive]?.line
        }

        private func failure(_ line: Int?, _ reason: String) -> IncomeImportError {
            .invalidRules(file: rulesName, line: line, reason: reason)
        }

        // MARK: `fields`

        /// Reads `fields`: the names it gives columns by position (nil for `_` or a blank), and, for each
        /// column named after a field the file does not set itself, that field (`amount` → `amount %amount`).
        mutating func assignColumnsNamedInFields() throws(IncomeImportError) -> [String?]? {
            guard let (value, line) = lines["fields"] else { return nil }
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
            for case let name? in names {
                let field = ImportRules.directiveAliases[name.lowercased()] ?? name.lowercased()
                if ImportRules.assignableFields.contains(field), lines[field] == nil {
                    lines[field] = ("%{\(name)}", line)
                }
            }
            return names
        }

        // MARK: The layout of the bytes

        func encoding() throws(IncomeImportError) -> TextEncoding? {
            guard let (value, line) = lines["encoding"] else { return nil }
            guard let encoding = TextEncoding.named(value) else {
                throw failure(line, "unknown encoding \(MessageText.quoted(value)); use utf-8, windows-1252, iso-8859-1 or iso-8859-15")
            }
            return encoding
        }

        /// `separator` and `quote`, which must differ, also from the default they leave alone.
        func dialect(overriding defaultDialect: CSVDialect) throws(IncomeImportError) -> CSVDialect {
            var dialect = defaultDialect
            if let (value, line) = lines["separator"] {
                guard let separator = Self.singleByte(value, allowsBlank: true) else {
                    throw failure(line, "the separator must be one ASCII punctuation character, as in 'separator ;', or TAB or SPACE")
                }
                dialect.separator = separator
            }
            if let (value, line) = lines["quote"] {
                guard let quote = Self.singleByte(value, allowsBlank: false) else {
                    throw failure(line, "the quote must be one ASCII punctuation character, as in 'quote \"' or \"quote '\"")
                }
                dialect.quote = quote
                if dialect.quote == dialect.separator {
                    throw failure(line, "the quote character must differ from the separator")
                }
            } else if dialect.separator == dialect.quote {
                throw failure(lines["separator"]?.line, "the separator must differ from the quote character '\"'")
            }
            return dialect
        }

        /// `skip` alone skips one line.
        func skipLines() throws(IncomeImportError) -> Int? {
            guard let (value, line) = lines["skip"] else { return nil }
            guard let count = value.isEmpty ? 1 : Int(value), (0...1_000).contains(count) else {
                throw failure(line, "'skip' takes a number of lines from 0 to 1000, as in 'skip 3'")
            }
            return count
        }

        func hasHeader() throws(IncomeImportError) -> Bool? {
            guard let (value, line) = lines["header"] else { return nil }
            switch value.lowercased() {
            case "yes", "true": return true
            case "no", "false": return false
            default: throw failure(line, "'header' is yes or no")
            }
        }

        // MARK: Which columns hold what

        func dateColumn() throws(IncomeImportError) -> ColumnReference {
            guard let date = try column("date", example: "Date") else {
                throw failure(nil, "no 'date' line; say which column holds the date, as in 'date %1' or 'date %Date'")
            }
            return date
        }

        func dateFormat() throws(IncomeImportError) -> (format: DateFormat, line: Int)? {
            guard let (value, line) = lines["date-format"] else { return nil }
            do { return (try DateFormat(value), line) } catch { throw failure(line, "invalid date-format \(MessageText.quoted(value)): \(error.reason)") }
        }

        /// Whose the rows are: for income, `member`; for payments, `from` and `to`, or `account` and
        /// `counterparty`. A directive of the other kind is refused, so a rules file is never read half-way.
        func who(for kind: Kind) throws(IncomeImportError) -> WhoSource {
            let directivesByKind: [(kind: Kind, directives: [String], command: String)] = [
                (.income, ["member"], "`podledger import`"),
                (.payments, ["from", "to", "account", "counterparty", "name"], "`podledger import --payments`"),
                (.expenses, ["pod"], "`podledger import --expenses`"),
            ]
            for other in directivesByKind where other.kind != kind {
                guard let directive = other.directives.first(where: { lines[$0] != nil || repeated[$0] != nil }) else { continue }
                let line = lines[directive]?.line ?? repeated[directive]?.first?.line
                throw failure(line, "'\(directive)' describes \(Self.noun(other.kind)), but these rules are read for \(Self.noun(kind)); "
                    + "import \(Self.noun(other.kind)) files with \(other.command), or \(Self.need(kind))")
            }
            switch kind {
            case .income: return .member(try member())
            case .payments: return try parties()
            case .expenses: return .pod(try podSource())
            }
        }

        private static func noun(_ kind: Kind) -> String {
            switch kind {
            case .income: return "income"
            case .payments: return "payments"
            case .expenses: return "expenses"
            }
        }

        /// What rules of `kind` need, as the end of a sentence.
        private static func need(_ kind: Kind) -> String {
            switch kind {
            case .income: return "give income rules a 'member' line"
            case .payments: return "name the payer and payee with 'from' and 'to', or, for a pod's bank export, the account with 'account pod:POD' and the other party with 'counterparty %Column'"
            case .expenses: return "give expense rules a 'pod' line ('pod %Pod', or 'pod aurora' for one pod's list)"
            }
        }

        /// A column (`pod %Pod`) or, for one pod's list or export, its id (`pod aurora`).
        private func podSource() throws(IncomeImportError) -> PodSource {
            guard let (value, line) = lines["pod"] else {
                throw failure(nil, "no 'pod' line; name the pod column ('pod %Pod') or, for one pod's list, give its id ('pod aurora')")
            }
            if value.hasPrefix("%") { return .column(try column("pod", example: "Pod")!) }
            do { return .fixed(try PodID(value)) } catch {
                throw failure(line, "'pod' must be a column, as in 'pod %Pod', or a pod id, as in 'pod aurora'; \(MessageText.quoted(value)) is not a valid pod id")
            }
        }

        /// A column (`member %Member`) or, for one member's own bank file, their id (`member alice`).
        private func member() throws(IncomeImportError) -> MemberSource {
            guard let (memberValue, memberLine) = lines["member"] else {
                throw failure(nil, "no 'member' line; name the member column ('member %Member') or, for one member's own bank file, give their id ('member alice')")
            }
            if memberValue.hasPrefix("%") {
                return .column(try column("member", example: "Member")!)
            }
            do { return .fixed(try MemberID(memberValue)) } catch {
                throw failure(memberLine, "'member' must be a column, as in 'member %Member', or a member id, as in 'member alice'; \(MessageText.quoted(memberValue)) is not a valid member id (lowercase letters, digits and '-')")
            }
        }

        /// `from` and `to`, or `account` and `counterparty`, not both pairs.
        private func parties() throws(IncomeImportError) -> WhoSource {
            let hasPair = lines["from"] != nil || lines["to"] != nil
            let hasAccount = lines["account"] != nil || lines["counterparty"] != nil
            if hasPair && hasAccount {
                throw failure(lines["account"]?.line ?? lines["counterparty"]?.line, "use either 'from' and 'to' (who pays whom, in columns or fixed) or 'account' and 'counterparty' (one account's export, the direction from the amount), not both")
            }
            if hasAccount {
                guard let (value, line) = lines["account"] else {
                    throw failure(lines["counterparty"]?.line, "'counterparty' needs an 'account' line: the party whose export this is, as in 'account pod:aurora'")
                }
                guard let counterparty = try column("counterparty", example: "Payee") else {
                    throw failure(line, "'account' needs a 'counterparty' line: the column naming the other party, as in 'counterparty %Payee'")
                }
                guard !value.hasPrefix("%") else {
                    throw failure(line, "'account' is the party whose export this is, as in 'account pod:aurora', not a column")
                }
                return .account(try party(value, line: line, directive: "account"), counterparty: counterparty)
            }
            guard let from = try partySource("from"), let to = try partySource("to") else {
                throw failure(lines["from"]?.line ?? lines["to"]?.line, "payment rules say who pays whom: 'from' and 'to', each a column ('from %Payer') or a party ('to pod:aurora'); or, for one account's export, 'account pod:POD' and 'counterparty %Column'")
            }
            return .parties(from: from, to: to)
        }

        private func partySource(_ directive: String) throws(IncomeImportError) -> PartySource? {
            guard let (value, line) = lines[directive] else { return nil }
            if value.hasPrefix("%") { return .column(try column(directive, example: directive == "from" ? "Payer" : "Payee")!) }
            return .fixed(try party(value, line: line, directive: directive))
        }

        private func party(_ text: String, line: Int, directive: String) throws(IncomeImportError) -> PaymentParty {
            do { return try PaymentParty(parsing: text) } catch {
                throw failure(line, "'\(directive)' \(MessageText.quoted(text)) is not a party: write a member id (alice), pod:POD (pod:aurora) or network")
            }
        }

        /// The `name "BANK'S NAME" PARTY` lines, by normalized name. The name may be written without quotes
        /// when the party is the last word: `name ANA LIMA ana`.
        func partyNames() throws(IncomeImportError) -> [String: PaymentParty] {
            var names: [String: (party: PaymentParty, line: Int)] = [:]
            for (value, line) in repeated["name"] ?? [] {
                let (name, partyText) = try Self.nameAndParty(value, line: line, failure: failure)
                let party = try self.party(partyText, line: line, directive: "name")
                let key = PartyNames.normalized(name)
                guard !key.isEmpty else { throw failure(line, "'name' needs the bank's name before the party, as in 'name \"ANA LIMA\" ana'") }
                if let earlier = names[key], earlier.party != party {
                    throw failure(line, "the name \(MessageText.quoted(name)) is already mapped to \(earlier.party) at line \(earlier.line); a name maps to one party")
                }
                names[key] = (party, line)
            }
            return names.mapValues(\.party)
        }

        private static func nameAndParty(
            _ value: String, line: Int, failure: (Int?, String) -> IncomeImportError
        ) throws(IncomeImportError) -> (name: String, party: String) {
            if value.hasPrefix("\"") {
                let rest = value.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else {
                    throw failure(line, "the name's closing quote is missing: write 'name \"ANA LIMA\" ana'")
                }
                let party = rest[rest.index(after: close)...].trimmingSpaces
                guard !party.isEmpty else { throw failure(line, "'name' needs the party after the bank's name, as in 'name \"ANA LIMA\" ana'") }
                return (String(rest[..<close]), party)
            }
            guard let space = value.lastIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw failure(line, "'name' maps a bank's name to a party: 'name \"ANA LIMA\" ana'")
            }
            return (value[..<space].trimmingSpaces, value[value.index(after: space)...].trimmingSpaces)
        }

        /// One signed `amount` column, or `credit` and `debit` columns (one of them at least), not both kinds.
        func amount() throws(IncomeImportError) -> AmountSource {
            let amountColumn = try column("amount", example: "Amount")
            let credit = try column("credit", example: "Credit")
            let debit = try column("debit", example: "Debit")
            switch (amountColumn, credit ?? debit) {
            case (let amount?, nil):
                return .signed(amount)
            case (nil, _?):
                return .creditDebit(credit: credit, debit: debit)
            case (_?, _?):
                throw failure(lines["amount"]?.line, "use either 'amount' (one signed column) or 'credit' and 'debit' (money in and out), not both")
            case (nil, nil):
                throw failure(nil, "no 'amount' line; say which column holds the amount ('amount %3'), or which hold money in and out ('credit %4' and 'debit %5')")
            }
        }

        /// A column (`currency %Currency`) or a code for the whole file (`currency NZD`).
        func currency() throws(IncomeImportError) -> CurrencySource? {
            guard let (value, line) = lines["currency"] else { return nil }
            if value.hasPrefix("%") {
                return .column(try column("currency", example: "Currency")!)
            }
            do { return .fixed(code: try Currency(code: value).code, rulesLine: line) } catch {
                throw failure(line, error.description)
            }
        }

        func template(_ key: String) throws(IncomeImportError) -> Template? {
            guard let (value, line) = lines[key] else { return nil }
            do { return try Template(parsing: value, rulesLine: line) } catch { throw failure(line, "\(key): \(error.reason)") }
        }

        /// The column `key` names; a template of anything but one column is refused.
        private func column(_ key: String, example: String) throws(IncomeImportError) -> ColumnReference? {
            guard let (value, line) = lines[key] else { return nil }
            let template: Template
            do { template = try Template(parsing: value, rulesLine: line) } catch { throw failure(line, "\(key): \(error.reason)") }
            guard let column = template.singleColumn else {
                throw failure(line, "'\(key)' must name exactly one column, as in '\(key) %3' or '\(key) %\(example)'")
            }
            return column
        }

        // MARK: How amounts are written

        /// `decimal-mark`, `thousands-separator`, `negative` and `amount-symbols`, in that order: the
        /// separator and the symbols are checked against the decimal mark.
        func amountFormat(overriding defaultFormat: AmountFormat) throws(IncomeImportError) -> AmountFormat {
            var format = defaultFormat
            try readDecimalMark(into: &format)
            try readThousandsSeparator(into: &format)
            try readNegativeForms(into: &format)
            try readAmountSymbols(into: &format)
            return format
        }

        private func readDecimalMark(into format: inout AmountFormat) throws(IncomeImportError) {
            guard let (value, line) = lines["decimal-mark"] else { return }
            switch value {
            case ".": format.decimalMark = "."
            case ",": format.decimalMark = ","
            default: throw failure(line, "the decimal mark is '.' or ','")
            }
        }

        private func readThousandsSeparator(into format: inout AmountFormat) throws(IncomeImportError) {
            guard let (value, line) = lines["thousands-separator"] else { return }
            switch value.lowercased() {
            case "none": format.thousandsSeparator = .none
            case "space": format.thousandsSeparator = .space
            case ",", ".", "'", "_": format.thousandsSeparator = .character(value.unicodeScalars.first!)
            default: throw failure(line, "the thousands separator is none, ',', '.', \"'\", '_' or space (which matches U+0020, U+00A0, U+202F and U+2009)")
            }
            if case .character(format.decimalMark) = format.thousandsSeparator {
                throw failure(line, "the thousands separator must differ from the decimal mark '\(format.decimalMark)'")
            }
        }

        private func readNegativeForms(into format: inout AmountFormat) throws(IncomeImportError) {
            guard let (value, line) = lines["negative"] else { return }
            for word in value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
                switch word.lowercased() {
                case "minus": break
                case "parentheses": format.allowsParentheses = true
                case "trailing-minus": format.allowsTrailingMinus = true
                default: throw failure(line, "unknown negative form \(MessageText.quoted(word)); use minus (-12.00, always accepted), parentheses ((12.00)) or trailing-minus (12.00-)")
                }
            }
        }

        /// Longest first, so `NZ$` is peeled off before `$`.
        private func readAmountSymbols(into format: inout AmountFormat) throws(IncomeImportError) {
            guard let (value, line) = lines["amount-symbols"] else { return }
            let symbols = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            for symbol in symbols {
                let forbidden: Set<Unicode.Scalar> = ["-", "+", "(", ")", "\u{2212}", format.decimalMark]
                guard !symbol.unicodeScalars.contains(where: { forbidden.contains($0) || ("0"..."9").contains($0) }) else {
                    throw failure(line, "amount symbol \(MessageText.quoted(symbol)) must not contain digits, signs, parentheses or the decimal mark")
                }
            }
            format.symbols = symbols.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
        }

        func keepsCreditsOnly() throws(IncomeImportError) -> Bool? {
            guard let (value, line) = lines["keep"] else { return nil }
            switch value.lowercased() {
            case "all": return false
            case "credits": return true
            default: throw failure(line, "'keep' is all (every row) or credits (only money in, for a mixed account export)")
            }
        }

        // MARK: Column names

        /// Refuses a column named neither on the `fields` line nor, when there is no `fields` line, by a header row.
        func checkNamesResolve(_ columns: [ColumnReference], fieldNames: [String?]?, hasHeader: Bool) throws(IncomeImportError) {
            for column in columns {
                guard case .name(let name) = column.target else { continue }
                if let fieldNames {
                    guard fieldNames.contains(where: { $0?.lowercased() == name.lowercased() }) else {
                        throw failure(column.rulesLine, "column \(MessageText.quoted(name)) is not named on the 'fields' line (line \(lines["fields"]!.line)); add it there or use its position, as in %3")
                    }
                } else if !hasHeader {
                    throw failure(column.rulesLine, "column \(MessageText.quoted(name)) is named but 'header no' says the file has no header row; use its position, as in %3, or name the columns with a 'fields' line")
                }
            }
        }

        // MARK: Helpers

        /// A trimmed line's directive, lowercased, and the rest of the line, trimmed.
        private static func directiveAndValue(_ trimmed: String) -> (directive: String, value: String) {
            guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                return (trimmed.lowercased(), "")
            }
            return (trimmed[..<space].lowercased(), trimmed[space...].trimmingSpaces)
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
            let candidates = ImportRules.directives + ImportRules.directiveAliases.keys.sorted()
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
}
