import LedgerCore

/// Turns CSV records into income or payment rows under one set of rules, once the first record (the
/// header, or the first data row when there is none) has fixed which field is which.
struct RowBuilder {
    enum Member {
        case column(Int)
        case fixed(MemberID)
    }

    enum Party {
        case column(Int)
        case fixed(PaymentParty)
    }

    enum Who {
        case member(Member)
        case parties(from: Party, to: Party)
        case account(PaymentParty, counterparty: Int)
        case pod(PodRef)
    }

    enum PodRef {
        case column(Int)
        case fixed(PodID)
    }

    enum Amount {
        case signed(Int)
        case creditDebit(credit: Int?, debit: Int?)
    }

    enum Piece {
        case literal(String)
        /// nil: an optional column the header does not name.
        case column(Int?)
    }

    let file: String
    let rules: ImportRules
    let currency: Currency
    /// Field count of the first record; every row must have as many.
    let expectedFields: Int
    /// How each field is shown in messages: its header name, its `fields` name, or `%N`.
    let columnNames: [String]
    let date: Int
    let who: Who
    let amount: Amount
    let currencyColumn: Int?
    let description: [Piece]
    let reference: [Piece]?
    /// Templates that join several columns drop the space an empty column leaves: `%Payee %Memo`.
    let joinsDescription: Bool
    let joinsReference: Bool
    /// Fields read as one-line values (date, member, amounts, currency, reference): a line break inside
    /// their quotes is refused. Description columns, and columns the rules do not read, may span lines.
    let isOneLineField: [Bool]
    var occurrences: OccurrenceCounter

    init(firstRecord record: CSVRecord, rules: ImportRules, currency: Currency, file: String,
         occurrences: OccurrenceCounter = OccurrenceCounter()) throws(IncomeImportError) {
        self.occurrences = occurrences
        self.file = file
        self.rules = rules
        self.currency = currency
        expectedFields = record.count
        let header = try rules.hasHeader ? Self.headerNames(of: record, encoding: rules.encoding, file: file) : []
        columnNames = Self.columnNames(count: record.count, fieldNames: rules.fieldNames, header: header)

        let columns = ColumnResolver(rules: rules, file: file, line: record.line, fieldCount: record.count, header: header)
        date = try columns.requiredIndex(of: rules.date)
        who = try columns.who(rules.who)
        amount = try columns.amount(rules.amount)
        if case .column(let column) = rules.currency {
            currencyColumn = try columns.index(of: column)
        } else {
            currencyColumn = nil
        }
        description = try columns.pieces(of: rules.description) ?? []
        reference = try columns.pieces(of: rules.reference)
        joinsDescription = (rules.description?.pieces.count ?? 0) > 1
        joinsReference = (rules.reference?.pieces.count ?? 0) > 1
        isOneLineField = Self.oneLineFields(count: record.count, date: date, who: who, amount: amount,
                                            currencyColumn: currencyColumn, reference: reference)
    }

    /// The header row's names, trimmed; a header may not hold undecodable bytes or control characters.
    private static func headerNames(of record: CSVRecord, encoding: TextEncoding, file: String) throws(IncomeImportError) -> [String] {
        var header: [String] = []
        for field in 0..<record.count {
            let name: String
            do {
                name = try encoding.decode(record[field])
            } catch {
                throw .undecodableText(file: file, line: record.line, field: field + 1, column: nil,
                                       byteOffset: error.byteOffset, byte: error.byte, encoding: encoding)
            }
            try checkControls(name, file: file, line: record.line, field: field + 1, column: nil, isOneLine: false)
            header.append(name.trimmingSpaces)
        }
        return header
    }

    /// Each field's name for messages: its `fields` name, else its header name, else `%N`.
    private static func columnNames(count: Int, fieldNames: [String?]?, header: [String]) -> [String] {
        (0..<count).map { index in
            if let names = fieldNames, index < names.count, let name = names[index] { return name }
            if index < header.count, !header[index].isEmpty { return header[index] }
            return "%\(index + 1)"
        }
    }

    /// Which fields are read as one-line values; see `isOneLineField`.
    private static func oneLineFields(
        count: Int, date: Int, who: Who, amount: Amount, currencyColumn: Int?, reference: [Piece]?
    ) -> [Bool] {
        var oneLine = [Bool](repeating: false, count: count)
        oneLine[date] = true
        switch who {
        case .member(.column(let column)), .account(_, let column), .pod(.column(let column)): oneLine[column] = true
        case .member(.fixed), .pod(.fixed): break
        case .parties(let from, let to):
            for case .column(let column) in [from, to] { oneLine[column] = true }
        }
        switch amount {
        case .signed(let column):
            oneLine[column] = true
        case .creditDebit(let credit, let debit):
            if let credit { oneLine[credit] = true }
            if let debit { oneLine[debit] = true }
        }
        if let currencyColumn { oneLine[currencyColumn] = true }
        for case .column(let column?) in reference ?? [] { oneLine[column] = true }
        return oneLine
    }

    /// What every row has, whatever it records: its fields, amount and day.
    struct Head {
        let values: [String]
        let amountMinor: Int64
        let day: Day
    }

    /// The income row for a data record, or nil when the rules skip it (`keep credits` and money out).
    mutating func row(from record: CSVRecord) throws(IncomeImportError) -> IncomeRow? {
        guard let head = try head(of: record), case .member(let member) = who else { return nil }
        let line = record.line
        let memberID = try readMember(member, from: head.values, line: line)
        let (descriptionText, referenceText) = try tail(of: head.values, line: line)
        let key = try nextKey(day: head.day, member: memberID, amountMinor: head.amountMinor, description: descriptionText,
                              reference: referenceText, line: line)
        return IncomeRow(file: file, line: line, day: head.day, member: memberID, amountMinor: head.amountMinor,
                         description: descriptionText, reference: referenceText, key: key)
    }

    /// The payment row for a data record, or nil when the rules skip it. Under `from` and `to` the amount
    /// must be positive; under `account` its sign is the direction, and a zero amount is left to the importer.
    mutating func paymentRow(from record: CSVRecord) throws(IncomeImportError) -> PaymentRow? {
        guard let head = try head(of: record) else { return nil }
        let line = record.line
        let from: PaymentParty, to: PaymentParty
        switch who {
        case .member, .pod:
            return nil
        case .parties(let payer, let payee):
            guard head.amountMinor > 0 else {
                throw .paymentNotPositive(file: file, line: line, amount: Money.format(head.amountMinor, minorDigits: currency.minorDigits))
            }
            from = try readParty(payer, from: head.values, line: line)
            to = try readParty(payee, from: head.values, line: line)
        case .account(let account, let counterparty):
            let other = try readParty(.column(counterparty), from: head.values, line: line)
            (from, to) = head.amountMinor < 0 ? (account, other) : (other, account)
        }
        let (descriptionText, referenceText) = try tail(of: head.values, line: line)
        let payment = Payment(day: head.day, from: from, to: to, amountMinor: abs(head.amountMinor),
                              reference: referenceText, description: descriptionText)
        let key: String
        if let referenceText {
            key = PaymentKey.reference(from: from, to: to, reference: referenceText)
        } else {
            let content = PaymentKey.content(payment)
            key = PaymentKey.row(content: content, occurrence: try occurrence(of: content, line: line))
        }
        return PaymentRow(file: file, line: line, payment: payment, key: key)
    }

    /// The expense row for a data record, or nil when the rules skip it. The amount must be positive; read from
    /// `credit` and `debit` columns, money out (a debit) is the expense.
    mutating func expenseRow(from record: CSVRecord) throws(IncomeImportError) -> ExpenseRow? {
        guard let head = try head(of: record), case .pod(let podRef) = who else { return nil }
        let line = record.line
        let amountMinor: Int64
        if case .creditDebit = amount { amountMinor = -head.amountMinor } else { amountMinor = head.amountMinor }
        guard amountMinor > 0 else {
            throw .expenseNotPositive(file: file, line: line, amount: Money.format(amountMinor, minorDigits: currency.minorDigits))
        }
        let pod: PodID
        switch podRef {
        case .fixed(let id):
            pod = id
        case .column(let column):
            let text = head.values[column].trimmingSpaces
            do { pod = try PodID(text) } catch { throw .invalidPod(file: file, line: line, text: text) }
        }
        let (descriptionText, referenceText) = try tail(of: head.values, line: line)
        guard !descriptionText.isEmpty else { throw .expenseWithoutDescription(file: file, line: line) }
        let expense = Expense(pod: pod, day: head.day, amountMinor: amountMinor, description: descriptionText, reference: referenceText)
        let key: String
        if let referenceText {
            key = ExpenseKey.reference(pod: pod, reference: referenceText)
        } else {
            let content = ExpenseKey.content(expense)
            key = ExpenseKey.row(content: content, occurrence: try occurrence(of: content, line: line))
        }
        return ExpenseRow(file: file, line: line, expense: expense, key: key)
    }

    /// The fields, amount and day of a data record, or nil when the rules skip it.
    @inline(__always)
    private func head(of record: CSVRecord) throws(IncomeImportError) -> Head? {
        let line = record.line
        let values = try decodedFields(of: record)
        // The amount comes first: under `keep credits` it decides whether the row is kept at all.
        guard let amountMinor = try readAmount(from: values, line: line) else { return nil }
        if rules.keepsCreditsOnly && amountMinor <= 0 { return nil }
        // A zero amount is read like any row (its date and member are checked) and left to the importer,
        // which skips it and counts it: banks and hledger both write such rows.
        return Head(values: values, amountMinor: amountMinor, day: try readDay(from: values, line: line))
    }

    /// The currency check, description and reference, read after whose the row is.
    @inline(__always)
    private func tail(of values: [String], line: Int) throws(IncomeImportError) -> (description: String, reference: String?) {
        try checkCurrency(in: values, line: line)
        return (try readDescription(from: values, line: line), try readReference(from: values, line: line))
    }

    /// Every field as text, once the record is known to have the header's field count.
    @inline(__always)
    private func decodedFields(of record: CSVRecord) throws(IncomeImportError) -> [String] {
        let line = record.line
        guard record.count == expectedFields else {
            throw .raggedRow(file: file, line: line, fields: record.count, expected: expectedFields,
                             hasHeader: rules.hasHeader, separator: rules.dialect.separator)
        }
        var values: [String] = []
        values.reserveCapacity(record.count)
        for field in 0..<record.count {
            let value: String
            do {
                value = try rules.encoding.decode(record[field])
            } catch {
                throw .undecodableText(file: file, line: line, field: field + 1, column: columnNames[field],
                                       byteOffset: error.byteOffset, byte: error.byte, encoding: rules.encoding)
            }
            try Self.checkControls(value, file: file, line: line, field: field + 1, column: columnNames[field],
                                   isOneLine: isOneLineField[field])
            values.append(value)
        }
        return values
    }

    /// The amount in minor units, or nil when `keep credits` skips a row with neither credit nor debit.
    @inline(__always)
    private func readAmount(from values: [String], line: Int) throws(IncomeImportError) -> Int64? {
        switch amount {
        case .signed(let column):
            guard let value = try parseAmount(values[column], column: column, line: line) else {
                throw .emptyAmount(file: file, line: line, column: columnNames[column])
            }
            return value
        case .creditDebit(let creditColumn, let debitColumn):
            return try readCreditDebit(from: values, creditColumn: creditColumn, debitColumn: debitColumn, line: line)
        }
    }

    /// Credit, or debit as a negative amount; a row may fill one of them, or both when one is zero.
    @inline(__always)
    private func readCreditDebit(
        from values: [String], creditColumn: Int?, debitColumn: Int?, line: Int
    ) throws(IncomeImportError) -> Int64? {
        var credit: Int64?
        var debit: Int64?
        if let creditColumn { credit = try parseAmount(values[creditColumn], column: creditColumn, line: line) }
        // Money out is negative whether the bank writes it as 45.00 or -45.00.
        if let debitColumn { debit = try parseAmount(values[debitColumn], column: debitColumn, line: line).map { -abs($0) } }
        switch (credit, debit) {
        case (let credit?, nil): return credit
        case (nil, let debit?): return debit
        case (let credit?, let debit?) where credit == 0 || debit == 0: return credit == 0 ? debit : credit
        case (_?, _?):
            throw .creditAndDebit(file: file, line: line, credit: values[creditColumn!].trimmingSpaces,
                                  debit: values[debitColumn!].trimmingSpaces)
        case (nil, nil):
            if rules.keepsCreditsOnly { return nil }
            if let creditColumn, let debitColumn {
                throw .noAmount(file: file, line: line, credit: columnNames[creditColumn], debit: columnNames[debitColumn])
            }
            throw .emptyAmount(file: file, line: line, column: columnNames[creditColumn ?? debitColumn!])
        }
    }

    @inline(__always)
    private func readDay(from values: [String], line: Int) throws(IncomeImportError) -> Day {
        let dateText = values[date].trimmingSpaces
        do {
            return try rules.dateFormat.parse(dateText)
        } catch {
            // Not `dateFormatLine.map(rules.location)`: that closure would copy the rules for every row.
            var formatAt: String?
            if !rules.isDefault, let formatLine = rules.dateFormatLine { formatAt = rules.location(formatLine) }
            throw .invalidDate(file: file, line: line, text: dateText, pattern: rules.dateFormat.pattern,
                               example: rules.dateFormat.example, formatAt: formatAt)
        }
    }

    @inline(__always)
    private func readMember(_ member: Member, from values: [String], line: Int) throws(IncomeImportError) -> MemberID {
        switch member {
        case .fixed(let id):
            return id
        case .column(let column):
            let text = values[column].trimmingSpaces
            do { return try MemberID(text) } catch { throw .invalidMember(file: file, line: line, text: text) }
        }
    }

    /// A party: fixed by the rules, or a cell holding a name the `name` lines map, or else a party id.
    private func readParty(_ party: Party, from values: [String], line: Int) throws(IncomeImportError) -> PaymentParty {
        switch party {
        case .fixed(let party):
            return party
        case .column(let column):
            let text = values[column].trimmingSpaces
            if !rules.partyNames.isEmpty, let mapped = rules.partyNames[PartyNames.normalized(text)] { return mapped }
            if let party = try? PaymentParty(parsing: text) { return party }
            throw .unknownParty(file: file, line: line, column: columnNames[column], text: text, rulesFile: rules.file)
        }
    }

    /// An empty currency cell is the network's currency; any other code is refused.
    @inline(__always)
    private func checkCurrency(in values: [String], line: Int) throws(IncomeImportError) {
        guard let currencyColumn else { return }
        let code = values[currencyColumn].trimmingSpaces
        if !code.isEmpty && code.uppercased() != currency.code {
            throw .otherCurrency(file: file, line: line, found: code, expected: currency.code)
        }
    }

    @inline(__always)
    private func readDescription(from values: [String], line: Int) throws(IncomeImportError) -> String {
        let descriptionText = render(description, values, joining: joinsDescription)
        if descriptionText.count > Limits.descriptionCharactersMax {
            throw .textTooLong(file: file, line: line, field: "description", characters: descriptionText.count,
                               charactersMax: Limits.descriptionCharactersMax)
        }
        return descriptionText
    }

    /// nil when the rules read no reference or it is empty.
    @inline(__always)
    private func readReference(from values: [String], line: Int) throws(IncomeImportError) -> String? {
        var referenceText = reference.map { render($0, values, joining: joinsReference) }
        if referenceText?.isEmpty == true { referenceText = nil }
        if let referenceText, referenceText.count > Limits.referenceCharactersMax {
            throw .textTooLong(file: file, line: line, field: "reference", characters: referenceText.count,
                               charactersMax: Limits.referenceCharactersMax)
        }
        return referenceText
    }

    /// The row's idempotency key: its reference when it has one, else its content and how many identical
    /// rows came before it in the file.
    @inline(__always)
    private mutating func nextKey(
        day: Day, member memberID: MemberID, amountMinor: Int64, description descriptionText: String, reference referenceText: String?,
        line: Int
    ) throws(IncomeImportError) -> String {
        if let referenceText {
            return IncomeRowKey.reference(member: memberID, reference: referenceText)
        }
        let content = IncomeRowKey.content(day: day, member: memberID, amountMinor: amountMinor, description: descriptionText)
        return IncomeRowKey.row(content: content, occurrence: try occurrence(of: content, line: line))
    }

    /// How many rows of the file so far, this one included, have the key content `content`.
    private mutating func occurrence(of content: String, line: Int) throws(IncomeImportError) -> Int {
        do {
            return try occurrences.next(content)
        } catch {
            throw .occurrenceSpill(file: file, line: line, reason: String(describing: error))
        }
    }

    /// Refuses a control character in a field (C0 other than tab, DEL, C1: a NUL would be cut off by
    /// SQLite's C strings, an ESC would drive the terminal of whoever prints the row), and a line break in
    /// a field read as a one-line value. `column` is nil in the header.
    static func checkControls(
        _ text: String, file: String, line: Int, field: Int, column: String?, isOneLine: Bool
    ) throws(IncomeImportError) {
        // Fast path: no byte of a control character, in UTF-8 (C1 controls are C2 80 to C2 9F).
        guard text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F || $0 == 0xC2 }) else { return }
        let refused = { (scalar: Unicode.Scalar) in
            MessageText.isControl(scalar) && (isOneLine || (scalar != "\n" && scalar != "\r"))
        }
        guard let (scalar, character) = MessageText.first(in: text, where: refused) else { return }
        if let column, scalar == "\n" || scalar == "\r" {
            throw .lineBreakInField(file: file, line: line, field: field, column: column, text: text)
        }
        throw .controlCharacter(file: file, line: line, field: field, column: column, scalar: scalar, character: character, text: text)
    }

    /// Minor units, or nil for an empty cell.
    private func parseAmount(_ text: String, column: Int, line: Int) throws(IncomeImportError) -> Int64? {
        do {
            return try rules.amountFormat.parseMinor(text, minorDigits: currency.minorDigits)
        } catch {
            let shown = text.trimmingSpaces
            switch error {
            case .empty:
                return nil
            case .invalid(let reason):
                throw .invalidAmount(file: file, line: line, column: columnNames[column], text: shown, reason: reason,
                                     example: rules.amountFormat.example(minorDigits: currency.minorDigits), rulesFile: rules.file)
            case .tooManyDecimals(let allowed):
                throw .tooManyDecimals(file: file, line: line, text: shown, currency: currency.code, allowed: allowed)
            case .overflow:
                throw .amountOverflow(file: file, line: line, text: shown, integerDigitsMax: Limits.amountIntegerDigitsMax)
            }
        }
    }

    private func render(_ pieces: [Piece], _ values: [String], joining: Bool) -> String {
        var text = ""
        for piece in pieces {
            switch piece {
            case .literal(let literal): text += literal
            case .column(let column?): text += values[column]
            case .column(nil): break
            }
        }
        text = Self.normalizingLineEndings(text)
        return (joining ? Self.collapsingSpaces(text) : text).trimmingSpaces
    }

    /// Runs of spaces become one space.
    static func collapsingSpaces(_ text: String) -> String {
        guard text.contains("  ") else { return text }
        var scalars = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars where !(scalar == " " && previous == " ") {
            scalars.append(scalar)
            previous = scalar
        }
        return String(scalars)
    }

    /// CRLF inside a quoted field becomes LF, so a file saved with CRLF gives the same descriptions and keys.
    /// Every CR just before an LF goes, not only the last one: a field holding `\r\n` in an LF file is
    /// `\r\r\n` once the file is saved with CRLF, and both must give the same text.
    static func normalizingLineEndings(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        var scalars = String.UnicodeScalarView()
        var pendingCRs = 0
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                pendingCRs += 1
                continue
            }
            if scalar != "\n" {
                scalars.append(contentsOf: repeatElement("\r", count: pendingCRs))
            }
            pendingCRs = 0
            scalars.append(scalar)
        }
        scalars.append(contentsOf: repeatElement("\r", count: pendingCRs))
        return String(scalars)
    }
}

/// Finds the field each column of the rules refers to, in the first record: by position, or by name in the
/// `fields` line (else the header).
private struct ColumnResolver {
    let rules: ImportRules
    let file: String
    /// Line of the first record, for messages.
    let line: Int
    let fieldCount: Int
    let header: [String]
    /// The names columns are looked up by: the `fields` line's, else the header's.
    let lookupNames: [String?]

    init(rules: ImportRules, file: String, line: Int, fieldCount: Int, header: [String]) {
        self.rules = rules
        self.file = file
        self.line = line
        self.fieldCount = fieldCount
        self.header = header
        lookupNames = rules.fieldNames ?? header
    }

    /// The field's index, or nil for an optional column the names do not include.
    func index(of column: ColumnReference) throws(IncomeImportError) -> Int? {
        let index: Int
        switch column.target {
        case .position(let position):
            index = position - 1
        case .name(let name):
            let wanted = name.lowercased()
            let matches = lookupNames.indices.filter { lookupNames[$0]?.lowercased() == wanted }
            guard matches.count <= 1 else {
                throw .duplicateColumn(file: file, line: line, column: name)
            }
            guard let match = matches.first else {
                if column.isOptional { return nil }
                throw .missingColumn(file: file, line: line, column: name,
                                     usedAt: rules.isDefault ? nil : rules.location(column.rulesLine), header: header,
                                 layoutColumns: rules.requiredColumns)
            }
            index = match
        }
        guard index < fieldCount else {
            throw .columnOutOfRange(file: file, line: line, position: index + 1, fields: fieldCount,
                                    usedAt: rules.location(column.rulesLine))
        }
        return index
    }

    func requiredIndex(of column: ColumnReference) throws(IncomeImportError) -> Int {
        // A required column never resolves to nil; an optional one used where a value is needed reads as empty.
        guard let found = try index(of: column) else {
            throw .missingColumn(file: file, line: line, column: column.description,
                                 usedAt: rules.isDefault ? nil : rules.location(column.rulesLine), header: header,
                                 layoutColumns: rules.requiredColumns)
        }
        return found
    }

    func who(_ source: ImportRules.WhoSource) throws(IncomeImportError) -> RowBuilder.Who {
        switch source {
        case .member(.column(let column)): return .member(.column(try requiredIndex(of: column)))
        case .member(.fixed(let id)): return .member(.fixed(id))
        case .parties(let from, let to): return .parties(from: try party(from), to: try party(to))
        case .account(let account, let counterparty): return .account(account, counterparty: try requiredIndex(of: counterparty))
        case .pod(.column(let column)): return .pod(.column(try requiredIndex(of: column)))
        case .pod(.fixed(let pod)): return .pod(.fixed(pod))
        }
    }

    private func party(_ source: ImportRules.PartySource) throws(IncomeImportError) -> RowBuilder.Party {
        switch source {
        case .column(let column): return .column(try requiredIndex(of: column))
        case .fixed(let party): return .fixed(party)
        }
    }

    func amount(_ source: ImportRules.AmountSource) throws(IncomeImportError) -> RowBuilder.Amount {
        switch source {
        case .signed(let column):
            return .signed(try requiredIndex(of: column))
        case .creditDebit(let credit, let debit):
            var creditIndex: Int?
            var debitIndex: Int?
            if let credit { creditIndex = try requiredIndex(of: credit) }
            if let debit { debitIndex = try requiredIndex(of: debit) }
            return .creditDebit(credit: creditIndex, debit: debitIndex)
        }
    }

    func pieces(of template: Template?) throws(IncomeImportError) -> [RowBuilder.Piece]? {
        guard let template else { return nil }
        var pieces: [RowBuilder.Piece] = []
        for piece in template.pieces {
            switch piece {
            case .literal(let text): pieces.append(.literal(text))
            case .column(let column): pieces.append(.column(try index(of: column)))
            }
        }
        return pieces
    }
}
