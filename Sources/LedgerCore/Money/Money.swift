/// An exact amount of one currency, in integer minor units (cents for NZD, yen for JPY).
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let amountMinor: Int64
    public let currency: Currency

    public init(amountMinor: Int64, currency: Currency) {
        self.amountMinor = amountMinor
        self.currency = currency
    }

    /// The amount written with exactly the currency's minor digits, `-` for negatives, no grouping: `1234.50`.
    public var description: String { Money.format(amountMinor, minorDigits: currency.minorDigits) }

    /// Formats minor units as a plain decimal string with exactly `minorDigits` decimals.
    public static func format(_ amountMinor: Int64, minorDigits: Int) -> String {
        let negative = amountMinor < 0
        // magnitude avoids overflow on Int64.min
        let digits = String(amountMinor.magnitude)
        var text: String
        if minorDigits == 0 {
            text = digits
        } else {
            let padded = digits.count <= minorDigits
                ? String(repeating: "0", count: minorDigits - digits.count + 1) + digits
                : digits
            let split = padded.index(padded.endIndex, offsetBy: -minorDigits)
            text = padded[..<split] + "." + padded[split...]
        }
        return negative ? "-" + text : text
    }

    /// Overflow-checked sum of amounts in minor units.
    public static func sum<S: Sequence>(_ amounts: S) -> Int64? where S.Element == Int64 {
        var total: Int64 = 0
        for amount in amounts {
            let (next, overflow) = total.addingReportingOverflow(amount)
            if overflow { return nil }
            total = next
        }
        return total
    }
}
