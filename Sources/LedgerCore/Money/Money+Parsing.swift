/// Exact parsing of decimal amounts and percents: digits only, never through binary floating point.
extension Money {
    /// Parses `1234.5`, `-12.50`, `0.07` into minor units with `minorDigits` decimals.
    ///
    /// Accepts an optional leading `-` (or `+`), digits, and an optional `.` followed by at most
    /// `minorDigits` digits. Refuses thousands separators, exponents, spaces, `NaN` and overflow.
    public static func parseMinor(_ text: String, minorDigits: Int) throws(LedgerCoreError) -> Int64 {
        var bytes = Substring(text).utf8[...]
        guard !bytes.isEmpty else { throw .invalidAmount(text, reason: "it is empty") }
        var negative = false
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var integerDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        var magnitude: Int64 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { throw .invalidAmount(text, reason: "it has more than one decimal point") }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                let reason = byte == UInt8(ascii: ",")
                    ? "use '.' as the decimal mark and no thousands separators, as in 1234.50"
                    : "only digits, one '.' and a leading '-' are allowed"
                throw .invalidAmount(text, reason: reason)
            }
            if seenPoint {
                fractionDigits += 1
                if fractionDigits > minorDigits { throw .tooManyDecimals(text, allowed: minorDigits) }
            } else {
                integerDigits += 1
                if integerDigits > Limits.amountIntegerDigitsMax { throw .amountOverflow(text) }
            }
            magnitude = magnitude * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        guard integerDigits + fractionDigits > 0 else { throw .invalidAmount(text, reason: "it has no digits") }
        for _ in fractionDigits..<minorDigits {
            let (scaled, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { throw .amountOverflow(text) }
            magnitude = scaled
        }
        return negative ? -magnitude : magnitude
    }
}

/// Percents held as basis points: 12.5% is 1250.
public enum BasisPoints {
    public static let hundredPercent = 10_000

    /// Parses `15`, `12.5`, `12.50` (0 to 100, at most 2 decimals) into basis points.
    public static func parse(_ text: String) throws(LedgerCoreError) -> Int {
        let value: Int64
        do {
            value = try Money.parseMinor(text, minorDigits: 2)
        } catch .tooManyDecimals {
            throw .invalidPercent(text, reason: "use at most 2 decimals, e.g. 12.25")
        } catch {
            throw .invalidPercent(text, reason: "write a number from 0 to 100 with at most 2 decimals, e.g. 12.5")
        }
        guard value >= 0 && value <= Int64(hundredPercent) else {
            throw .invalidPercent(text, reason: "it must be between 0 and 100")
        }
        return Int(value)
    }

    /// `1250` as `12.5`, `1500` as `15`: the shortest exact form.
    public static func format(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return String(whole) }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
