/// A natural number of any size, for the exact statistics of `Volatility` (sums of squares of `Int64`
/// amounts over many months do not fit in 128 bits). Little-endian 32-bit limbs, no trailing zero limbs.
///
/// Only what the statistics need: +, −, ×, division with remainder, integer square root. Sizes are a few
/// hundred bits, so the simple schoolbook and bit-by-bit algorithms are fast enough.
struct BigNatural: Hashable, Comparable, Sendable {
    private(set) var limbs: [UInt32]

    static let zero = BigNatural(limbs: [])

    private init(limbs: [UInt32]) {
        self.limbs = limbs
        normalize()
    }

    init(_ value: UInt64) {
        self.init(limbs: [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)])
    }

    init(_ value: Int) {
        precondition(value >= 0, "BigNatural of a negative number")
        self.init(UInt64(value))
    }

    var isZero: Bool { limbs.isEmpty }

    var bitWidth: Int { limbs.isEmpty ? 0 : limbs.count * 32 - limbs[limbs.count - 1].leadingZeroBitCount }

    /// The value, if it fits in `UInt64`.
    var uint64: UInt64? {
        switch limbs.count {
        case 0: return 0
        case 1: return UInt64(limbs[0])
        case 2: return UInt64(limbs[0]) | UInt64(limbs[1]) << 32
        default: return nil
        }
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    private func bit(_ index: Int) -> Bool {
        let limb = index / 32
        return limb < limbs.count && (limbs[limb] >> UInt32(index % 32)) & 1 == 1
    }

    static func < (lhs: BigNatural, rhs: BigNatural) -> Bool {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count }
        for index in stride(from: lhs.limbs.count - 1, through: 0, by: -1) where lhs.limbs[index] != rhs.limbs[index] {
            return lhs.limbs[index] < rhs.limbs[index]
        }
        return false
    }

    static func + (lhs: BigNatural, rhs: BigNatural) -> BigNatural {
        var result = [UInt32](repeating: 0, count: max(lhs.limbs.count, rhs.limbs.count) + 1)
        var carry: UInt64 = 0
        for index in 0..<(result.count - 1) {
            let sum = UInt64(index < lhs.limbs.count ? lhs.limbs[index] : 0) + UInt64(index < rhs.limbs.count ? rhs.limbs[index] : 0) + carry
            result[index] = UInt32(truncatingIfNeeded: sum)
            carry = sum >> 32
        }
        result[result.count - 1] = UInt32(carry)
        return BigNatural(limbs: result)
    }

    /// `lhs − rhs`; traps when `rhs > lhs` (naturals only).
    static func - (lhs: BigNatural, rhs: BigNatural) -> BigNatural {
        precondition(!(lhs < rhs), "BigNatural subtraction below zero")
        var result = lhs.limbs
        var borrow: Int64 = 0
        for index in 0..<result.count {
            var difference = Int64(result[index]) - Int64(index < rhs.limbs.count ? rhs.limbs[index] : 0) - borrow
            borrow = 0
            if difference < 0 { difference += 1 << 32; borrow = 1 }
            result[index] = UInt32(difference)
        }
        return BigNatural(limbs: result)
    }

    static func * (lhs: BigNatural, rhs: BigNatural) -> BigNatural {
        guard !lhs.isZero, !rhs.isZero else { return .zero }
        var result = [UInt32](repeating: 0, count: lhs.limbs.count + rhs.limbs.count)
        for (i, a) in lhs.limbs.enumerated() {
            var carry: UInt64 = 0
            for (j, b) in rhs.limbs.enumerated() {
                let product = UInt64(a) * UInt64(b) + UInt64(result[i + j]) + carry
                result[i + j] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            var k = i + rhs.limbs.count
            while carry > 0 {
                let sum = UInt64(result[k]) + carry
                result[k] = UInt32(truncatingIfNeeded: sum)
                carry = sum >> 32
                k += 1
            }
        }
        return BigNatural(limbs: result)
    }

    /// Shifts left by one bit and sets the lowest bit to `low`.
    private mutating func shiftLeftOne(settingLowBit low: Bool) {
        var carry: UInt32 = low ? 1 : 0
        for index in limbs.indices {
            let next = limbs[index] >> 31
            limbs[index] = limbs[index] << 1 | carry
            carry = next
        }
        if carry != 0 { limbs.append(carry) }
    }

    /// Truncating division with remainder (both exact). Traps on division by zero.
    func quotientAndRemainder(dividingBy divisor: BigNatural) -> (quotient: BigNatural, remainder: BigNatural) {
        precondition(!divisor.isZero, "BigNatural division by zero")
        if self < divisor { return (.zero, self) }
        if divisor.limbs.count == 1 { return quotientAndRemainder(dividingByLimb: divisor.limbs[0]) }
        // Bit by bit: a few hundred bits at most here, so simplicity wins over Knuth's algorithm D.
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder = BigNatural.zero
        for index in stride(from: bitWidth - 1, through: 0, by: -1) {
            remainder.shiftLeftOne(settingLowBit: bit(index))
            if !(remainder < divisor) {
                remainder = remainder - divisor
                quotient[index / 32] |= 1 << UInt32(index % 32)
            }
        }
        return (BigNatural(limbs: quotient), remainder)
    }

    /// Short division by one limb: one pass from the top limb.
    private func quotientAndRemainder(dividingByLimb divisor: UInt32) -> (quotient: BigNatural, remainder: BigNatural) {
        var quotient = [UInt32](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        for index in stride(from: limbs.count - 1, through: 0, by: -1) {
            let current = remainder << 32 | UInt64(limbs[index])
            quotient[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        return (BigNatural(limbs: quotient), BigNatural(remainder))
    }

    static func / (lhs: BigNatural, rhs: BigNatural) -> BigNatural { lhs.quotientAndRemainder(dividingBy: rhs).quotient }
    static func % (lhs: BigNatural, rhs: BigNatural) -> BigNatural { lhs.quotientAndRemainder(dividingBy: rhs).remainder }

    /// `⌊√self⌋`, digit by digit in base 4 (shifts, compares and subtractions only; exact).
    func squareRootFloor() -> BigNatural {
        guard !isZero else { return .zero }
        if limbs.count <= 4 {
            func word(_ index: Int) -> UInt64 { index < limbs.count ? UInt64(limbs[index]) : 0 }
            return BigNatural(Self.squareRootFloor(Wide(high: word(2) | word(3) << 32, low: word(0) | word(1) << 32)))
        }
        var remainder = self
        var root = BigNatural.zero
        // The highest power of four not above self.
        var bit = BigNatural.powerOfTwo((bitWidth - 1) & ~1)
        while !bit.isZero {
            let trial = root + bit
            root.shiftRightOne()
            if !(remainder < trial) {
                remainder = remainder - trial
                root = root + bit
            }
            bit.shiftRightOne()
            bit.shiftRightOne()
        }
        return root
    }

    /// A value below 2^128 in two words, for the square root of the sizes a member's or a pod's year gives
    /// (the bit-by-bit root on limb arrays allocated at every step: 94,000 instructions a root, most of
    /// `statement --all`'s volatility figures).
    private struct Wide {
        var high: UInt64
        var low: UInt64

        static let zero = Wide(high: 0, low: 0)

        static func + (lhs: Wide, rhs: Wide) -> Wide {
            let (low, carry) = lhs.low.addingReportingOverflow(rhs.low)
            return Wide(high: lhs.high &+ rhs.high &+ (carry ? 1 : 0), low: low)
        }

        static func - (lhs: Wide, rhs: Wide) -> Wide {
            let (low, borrow) = lhs.low.subtractingReportingOverflow(rhs.low)
            return Wide(high: lhs.high &- rhs.high &- (borrow ? 1 : 0), low: low)
        }

        static func < (lhs: Wide, rhs: Wide) -> Bool { lhs.high < rhs.high || (lhs.high == rhs.high && lhs.low < rhs.low) }

        func shiftedRight(_ count: UInt64) -> Wide { Wide(high: high >> count, low: low >> count | high << (64 - count)) }

        var isZero: Bool { high == 0 && low == 0 }
    }

    /// `squareRootFloor` of a nonzero value below 2^128: the same bit-by-bit algorithm, on two words.
    private static func squareRootFloor(_ value: Wide) -> UInt64 {
        var remainder = value
        var root = Wide.zero
        // The highest power of four not above the value.
        let width = value.high != 0 ? 128 - value.high.leadingZeroBitCount : 64 - value.low.leadingZeroBitCount
        let exponent = (width - 1) & ~1
        var bit = exponent >= 64 ? Wide(high: 1 << UInt64(exponent - 64), low: 0) : Wide(high: 0, low: 1 << UInt64(exponent))
        while !bit.isZero {
            let trial = root + bit
            root = root.shiftedRight(1)
            if !(remainder < trial) {
                remainder = remainder - trial
                root = root + bit
            }
            bit = bit.shiftedRight(2)
        }
        return root.low
    }

    static func powerOfTwo(_ exponent: Int) -> BigNatural {
        var limbs = [UInt32](repeating: 0, count: exponent / 32 + 1)
        limbs[exponent / 32] = 1 << UInt32(exponent % 32)
        return BigNatural(limbs: limbs)
    }

    private mutating func shiftRightOne() {
        for index in limbs.indices {
            let high: UInt32 = index + 1 < limbs.count ? limbs[index + 1] << 31 : 0
            limbs[index] = limbs[index] >> 1 | high
        }
        normalize()
    }

    static func greatestCommonDivisor(_ a: BigNatural, _ b: BigNatural) -> BigNatural {
        var (a, b) = (a, b)
        while !b.isZero { (a, b) = (b, a % b) }
        return a
    }
}

/// A signed sum of `Int64` values that never overflows: positive and negative parts kept apart.
struct ExactSum: Hashable, Sendable {
    private(set) var positive = BigNatural.zero
    private(set) var negative = BigNatural.zero

    mutating func add(_ value: Int64) {
        if value >= 0 { positive = positive + BigNatural(UInt64(value)) } else { negative = negative + BigNatural(value.magnitude) }
    }

    var isPositive: Bool { negative < positive }
    /// `|Σ|`.
    var magnitude: BigNatural { negative < positive ? positive - negative : negative - positive }

    /// `Σ ÷ count`, floor toward −∞ (fits in `Int64`: a mean lies between the smallest and largest value).
    func floorMean(count: Int) -> Int64 {
        precondition(count > 0, "mean of no values")
        let divisor = BigNatural(count)
        let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: divisor)
        guard let q = quotient.uint64 else { preconditionFailure("mean out of Int64") }
        if negative < positive || negative == positive { return Int64(q) }
        // q ≤ 2^63 here; 0 &- q reinterpreted is −q even for q = 2^63 (Int64.min).
        return Int64(bitPattern: 0 &- q) - (remainder.isZero ? 0 : 1)
    }
}
