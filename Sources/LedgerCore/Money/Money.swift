/// Amounts are `Int64` integer minor units of the ledger's one currency (cents for NZD, yen for JPY) held
/// beside it, never a floating or decimal type; `Money` writes, reads and sums them exactly.
public enum Money {
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
