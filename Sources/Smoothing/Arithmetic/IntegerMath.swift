/// Integer arithmetic the calculator relies on: floor division (toward −∞) and products in 128 bits.
///
/// SPEC §5 writes `÷` for floor division. Swift's `/` truncates toward zero, which differs for negative
/// dividends (`-7 / 2 == -3`, but `-7 ÷ 2 == -4`), so every `÷` of the spec goes through these helpers.
enum IntegerMath {
    /// `a ÷ b`, floor division toward −∞, for `b > 0`.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        precondition(b > 0, "floor division by a non-positive divisor")
        let quotient = a / b
        return (a % b < 0) ? quotient - 1 : quotient
    }

    /// `a·b ÷ c` (floor toward −∞) with the product held in 128 bits, for `c > 0`.
    ///
    /// Traps when the quotient does not fit in `Int64`, which cannot happen for the calculator's uses
    /// (`|b| ≤ c`: percents of an amount, and LRM shares of a total).
    static func multiplyDivideFloor(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        precondition(c > 0, "floor division by a non-positive divisor")
        let product = a.multipliedFullWidth(by: b)
        // Truncating division; the remainder has the sign of the dividend.
        let (quotient, remainder) = c.dividingFullWidth(product)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// `amount·basisPoints ÷ 10000`.
    static func percent(_ amountMinor: Int64, basisPoints: Int) -> Int64 {
        precondition((0...10_000).contains(basisPoints), "basis points out of 0...10000")
        return multiplyDivideFloor(amountMinor, Int64(basisPoints), 10_000)
    }

    /// Floor of the mean of `values` (`Σ ÷ n`), exact even when the sum does not fit in 64 bits.
    static func floorMean<C: Collection>(_ values: C) -> Int64 where C.Element == Int64 {
        precondition(!values.isEmpty, "mean of no values")
        // Signed 128-bit accumulator as (high, low).
        var high: Int64 = 0
        var low: UInt64 = 0
        for value in values {
            let (nextLow, carry) = low.addingReportingOverflow(UInt64(bitPattern: value))
            low = nextLow
            high += (value < 0 ? -1 : 0) + (carry ? 1 : 0)
        }
        let (quotient, remainder) = Int64(values.count).dividingFullWidth((high: high, low: low))
        return remainder < 0 ? quotient - 1 : quotient
    }
}
