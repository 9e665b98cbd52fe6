import LedgerCore

/// How a file writes amounts: decimal mark, thousands separator, negative forms and currency symbols.
///
/// Parsing is exact: the text is reduced to `[-]digits[.digits]` and handed to `Money.parseMinor`, so
/// anything that cannot be read exactly (`12.505` for a 2-digit currency, `1e3`, `NaN`, overflow, a
/// separator the format does not declare) is refused, never rounded or guessed.
struct AmountFormat: Sendable, Equatable {
    enum ThousandsSeparator: Sendable, Equatable {
        case none
        case character(Unicode.Scalar)
        /// U+0020, U+00A0 (no-break space), U+202F (narrow no-break space) or U+2009 (thin space).
        case space
    }

    var decimalMark: Unicode.Scalar = "."
    var thousandsSeparator: ThousandsSeparator = .none
    /// `(12.00)` is -12.00.
    var allowsParentheses = false
    /// `12.00-` is -12.00.
    var allowsTrailingMinus = false
    /// Currency symbols or codes that may stand before or after the number (`$`, `€`, `NZD`), longest first.
    var symbols: [String] = []

    enum Problem: Error, Equatable {
        case empty
        case invalid(reason: String)
        case tooManyDecimals(allowed: Int)
        case overflow
    }

    static let spaces: Set<Unicode.Scalar> = [" ", "\t", "\u{00A0}", "\u{202F}", "\u{2009}"]
    static let minusSigns: Set<Unicode.Scalar> = ["-", "\u{2212}"]

    /// Parses `text` into minor units of a currency with `minorDigits` decimals.
    func parseMinor(_ text: String, minorDigits: Int) throws(Problem) -> Int64 {
        var scalars = Array(text.unicodeScalars)[...]
        Self.trim(&scalars)
        guard !scalars.isEmpty else { throw .empty }
        let negative = peelSignAndSymbol(&scalars)
        let (integer, fraction) = try digits(of: scalars)
        return try Self.scaledMinor(negative: negative, integer: integer, fraction: fraction, minorDigits: minorDigits)
    }

    /// Peels signs and symbols off both ends, in whatever order the bank wrote them: -$12, $-12, ($12),
    /// 12,00 €-. At most one sign and one symbol go; true when the sign says the amount is negative.
    @inline(__always)
    private func peelSignAndSymbol(_ scalars: inout ArraySlice<Unicode.Scalar>) -> Bool {
        var negative = false
        var signed = false
        var symbolRemoved = false
        var changed = true
        while changed && !scalars.isEmpty {
            changed = false
            if !signed, allowsParentheses, scalars.count >= 2, scalars.first == "(", scalars.last == ")" {
                scalars = scalars.dropFirst().dropLast()
                negative = true
                signed = true
                changed = true
            } else if !signed, let first = scalars.first, Self.minusSigns.contains(first) || first == "+" {
                scalars = scalars.dropFirst()
                negative = first != "+"
                signed = true
                changed = true
            } else if !signed, allowsTrailingMinus, let last = scalars.last, Self.minusSigns.contains(last) {
                scalars = scalars.dropLast()
                negative = true
                signed = true
                changed = true
            } else if !symbolRemoved, let symbol = symbols.first(where: { scalars.starts(with: $0.unicodeScalars) }) {
                scalars = scalars.dropFirst(symbol.unicodeScalars.count)
                symbolRemoved = true
                changed = true
            } else if !symbolRemoved,
                      let symbol = symbols.first(where: { scalars.reversed().starts(with: $0.unicodeScalars.reversed()) }) {
                scalars = scalars.dropLast(symbol.unicodeScalars.count)
                symbolRemoved = true
                changed = true
            }
            if changed { Self.trim(&scalars) }
        }
        return negative
    }

    /// The digits before and after the decimal mark, once thousands separators are checked and dropped;
    /// anything else in the text is refused.
    @inline(__always)
    private func digits(of scalars: ArraySlice<Unicode.Scalar>) throws(Problem) -> (integer: String, fraction: String) {
        var integer = ""
        var fraction = ""
        var seenMark = false
        var separators = 0
        var groupDigits = 0
        for scalar in scalars {
            if scalar.isASCII, ("0"..."9").contains(scalar) {
                if seenMark {
                    fraction.unicodeScalars.append(scalar)
                } else {
                    integer.unicodeScalars.append(scalar)
                    groupDigits += 1
                }
            } else if scalar == decimalMark {
                guard !seenMark else { throw .invalid(reason: "it has more than one decimal mark '\(decimalMark)'") }
                try checkGroup(separators: separators, groupDigits: groupDigits, closing: true)
                seenMark = true
            } else if !seenMark, isThousandsSeparator(scalar) {
                try checkGroup(separators: separators, groupDigits: groupDigits, closing: false)
                separators += 1
                groupDigits = 0
            } else {
                throw .invalid(reason: unexpectedReason(scalar))
            }
        }
        if !seenMark { try checkGroup(separators: separators, groupDigits: groupDigits, closing: true) }
        guard !integer.isEmpty || !fraction.isEmpty else { throw .invalid(reason: "it has no digits") }
        return (integer, fraction)
    }

    /// Scales the digits to minor units through `Money.parseMinor`, which refuses what it cannot read exactly.
    @inline(__always)
    private static func scaledMinor(negative: Bool, integer: String, fraction: String, minorDigits: Int) throws(Problem) -> Int64 {
        // Leading zeros would count against the digit limit of Money.parseMinor without changing the value.
        let significant = integer.drop(while: { $0 == "0" })
        let canonical = (negative ? "-" : "") + (significant.isEmpty ? "0" : String(significant))
            + (fraction.isEmpty ? "" : "." + fraction)
        do {
            return try Money.parseMinor(canonical, minorDigits: minorDigits)
        } catch .tooManyDecimals {
            throw .tooManyDecimals(allowed: minorDigits)
        } catch .amountOverflow {
            throw .overflow
        } catch {
            throw .invalid(reason: error.description)
        }
    }

    /// A thousands separator must close a group: 1 to 3 digits first, then exactly 3 each time.
    private func checkGroup(separators: Int, groupDigits: Int, closing: Bool) throws(Problem) {
        if separators == 0 && closing { return }
        let valid = separators == 0 ? (1...3).contains(groupDigits) : groupDigits == 3
        guard valid else {
            throw .invalid(reason: "thousands separators must split the digits before the decimal mark into groups of three, as in \(example(minorDigits: 2))")
        }
    }

    private func isThousandsSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch thousandsSeparator {
        case .none: return false
        case .character(let separator): return scalar == separator
        case .space: return Self.spaces.contains(scalar)
        }
    }

    private func unexpectedReason(_ scalar: Unicode.Scalar) -> String {
        let shown = Self.spaces.contains(scalar) ? "a space" : MessageText.isHidden(scalar) ? MessageText.codePoint(scalar) : "'\(scalar)'"
        let separatorLike: Set<Unicode.Scalar> = [",", ".", "'", "_"]
        if separatorLike.contains(scalar) || Self.spaces.contains(scalar) {
            return "\(shown) is neither the decimal mark '\(decimalMark)' nor \(thousandsDescription)"
        }
        if scalar == "(" || scalar == ")" {
            return allowsParentheses ? "\(shown) must enclose the whole amount" : "\(shown) is not allowed (negatives in parentheses are not enabled)"
        }
        if Self.minusSigns.contains(scalar) || scalar == "+" {
            return allowsTrailingMinus
                ? "a sign may only come first or last, once"
                : "a sign may only come first, once (a trailing minus is not enabled)"
        }
        return "\(shown) cannot appear in an amount"
    }

    private var thousandsDescription: String {
        switch thousandsSeparator {
        case .none: return "a thousands separator (none is set)"
        case .character(let separator): return "the thousands separator '\(separator)'"
        case .space: return "the thousands separator (a space)"
        }
    }

    /// 1234.50 as this format writes it, to show in messages: `1,234.50`, `1.234,50`, `1 234,50`.
    func example(minorDigits: Int) -> String {
        let integer: String
        switch thousandsSeparator {
        case .none: integer = "1234"
        case .character(let separator): integer = "1\(separator)234"
        case .space: integer = "1 234"
        }
        guard minorDigits > 0 else { return integer }
        return integer + String(decimalMark) + "5" + String(repeating: "0", count: minorDigits - 1)
    }

    private static func trim(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        while let first = scalars.first, spaces.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, spaces.contains(last) { scalars = scalars.dropLast() }
    }
}
