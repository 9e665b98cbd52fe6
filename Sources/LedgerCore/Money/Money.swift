/// Amounts are `Int64` integer minor units of the ledger's one currency (cents for NZD, yen for JPY) held
/// beside it, never a floating or decimal type; `Money` writes, reads and sums them exactly.
public enum Money {
    /// Formats minor units as a plain decimal string with exactly `minorDigits` decimals: `-1234.50`.
    public static func format(_ amountMinor: Int64, minorDigits: Int) -> String {
        format(amountMinor, minorDigits: minorDigits, grouping: false)
    }

    /// The same, with `grouping` a `,` between thousands of the whole part: `-1,234.50`.
    ///
    /// Written backwards into a small buffer of ASCII bytes (statements format millions of amounts): the
    /// minor digits, zero-padded, the point, the whole part (at least `0`), then the sign.
    public static func format(_ amountMinor: Int64, minorDigits: Int, grouping: Bool) -> String {
        let minorDigits = max(0, minorDigits)
        // 20 digits of a UInt64, 6 separators, the point and the sign, and the padding of long minor parts.
        let capacity = 28 + minorDigits
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var index = capacity
            func put(_ byte: UInt8) {
                index -= 1
                buffer[index] = byte
            }
            // magnitude avoids overflow on Int64.min
            var rest = amountMinor.magnitude
            if minorDigits > 0 {
                for _ in 0..<minorDigits {
                    put(UInt8(ascii: "0") + UInt8(rest % 10))
                    rest /= 10
                }
                put(UInt8(ascii: "."))
            }
            var written = 0
            repeat {
                if grouping && written > 0 && written % 3 == 0 { put(UInt8(ascii: ",")) }
                put(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
                written += 1
            } while rest > 0
            if amountMinor < 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[index...]), as: UTF8.self)
        }
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
