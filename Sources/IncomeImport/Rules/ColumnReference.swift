import LedgerCore

/// A column named in a rules file: `%3` (1-based position), `%amount` or `%{Transaction Date}` (a name,
/// matched case-insensitively after trimming spaces). A trailing `?` makes the column optional: when
/// the header does not name it, it reads as empty.
struct ColumnReference: Sendable, Equatable, CustomStringConvertible {
    enum Target: Sendable, Equatable {
        case position(Int)
        case name(String)
    }

    let target: Target
    let isOptional: Bool
    /// Line of the rules file that uses the column.
    let rulesLine: Int

    var description: String {
        switch target {
        case .position(let position): "%\(position)"
        case .name(let name): name
        }
    }

    /// Characters of a name written without braces.
    static func isBareNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
    }
}

/// Text with column references, for `description` and `reference`: `%Payee %Memo`, `%{Particulars} %{Code}`.
/// `%%` is a literal `%`. The result is trimmed of surrounding whitespace.
struct Template: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case literal(String)
        case column(ColumnReference)
    }

    let pieces: [Piece]

    var columns: [ColumnReference] {
        pieces.compactMap { if case .column(let column) = $0 { column } else { nil } }
    }

    /// The template is exactly one column reference: what `date`, `amount`, `credit` and `debit` need.
    var singleColumn: ColumnReference? {
        guard pieces.count == 1, case .column(let column) = pieces[0] else { return nil }
        return column
    }

    struct Invalid: Error, Equatable {
        let reason: String
    }

    init(pieces: [Piece]) {
        self.pieces = pieces
    }

    init(parsing text: String, rulesLine: Int) throws(Invalid) {
        var pieces: [Piece] = []
        var literal = ""
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            literal = ""
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard scalar == "%" else {
                literal.unicodeScalars.append(scalar)
                continue
            }
            guard index < scalars.count else { throw Invalid(reason: "'%' at the end must name a column, as in %3 or %amount (write %% for a percent sign)") }
            let target: ColumnReference.Target
            if scalars[index] == "%" {
                literal.append("%")
                index += 1
                continue
            } else if scalars[index] == "{" {
                guard let close = scalars[index...].firstIndex(of: "}") else {
                    throw Invalid(reason: "'%{' is not closed by '}'")
                }
                var name = ""
                name.unicodeScalars.append(contentsOf: scalars[(index + 1)..<close])
                index = close + 1
                target = try Self.target(name)
            } else {
                var name = ""
                while index < scalars.count, ColumnReference.isBareNameCharacter(scalars[index]) {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard !name.isEmpty else {
                    throw Invalid(reason: "'%' must be followed by a column position or name, as in %3, %amount or %{Transaction Date} (write %% for a percent sign)")
                }
                target = try Self.target(name)
            }
            var isOptional = false
            if index < scalars.count, scalars[index] == "?" {
                isOptional = true
                index += 1
            }
            flush()
            pieces.append(.column(ColumnReference(target: target, isOptional: isOptional, rulesLine: rulesLine)))
        }
        flush()
        self.pieces = pieces
    }

    private static func target(_ raw: String) throws(Invalid) -> ColumnReference.Target {
        let name = raw.trimmingSpaces
        guard !name.isEmpty else { throw Invalid(reason: "a column name is empty") }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && ("0"..."9").contains($0) }) {
            guard let position = Int(name), position >= 1, position <= Limits.fieldsPerRowMax else {
                throw Invalid(reason: "column positions run from %1 (the first column) to %\(Limits.fieldsPerRowMax)")
            }
            return .position(position)
        }
        return .name(name)
    }
}

extension StringProtocol {
    /// The text without surrounding whitespace (spaces, tabs, newlines, no-break spaces).
    var trimmingSpaces: String {
        // Fast path, the usual case: printable ASCII at both ends has nothing to trim (a byte below 0x80
        // is a whole character here, so no Unicode property lookup is needed).
        let text = String(self)
        if let head = text.utf8.first, let tail = text.utf8.last, (0x21..<0x7F).contains(head), (0x21..<0x7F).contains(tail) {
            return text
        }
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
