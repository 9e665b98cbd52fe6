import PropertyBased
import Testing
@testable import Smoothing

@Suite("LRM: largest-remainder allocation")
struct LRMTests {
    @Test func splitsByWeightWithLeftoverToLargestRemainders() {
        // T = 10, weights 1, 2, 3 (W = 6): q = 10, 20, 30; base = 1, 3, 5 (Σ 9); rem = 4, 2, 0 → the 1 leftover to "a".
        let shares = LRM.allocate(10, weights: [(id: "a", weight: 1), (id: "b", weight: 2), (id: "c", weight: 3)])
        #expect(shares == ["a": 2, "b": 3, "c": 5])
    }

    @Test func equalRemaindersGoToTheSmallerID() {
        // T = 5 over three equal weights: 1 each, 2 leftover units to the two smallest ids, whatever the input order.
        let shares = LRM.allocate(5, weights: [(id: "carol", weight: 7), (id: "alice", weight: 7), (id: "bob", weight: 7)])
        #expect(shares == ["alice": 2, "bob": 2, "carol": 1])
    }

    @Test func equalWeightsGiveTotalDivNAndOneMoreToTheFirstIDs() {
        #expect(LRM.allocateEqually(100, ids: ["a", "b", "c"]) == [34, 33, 33])
        #expect(LRM.allocateEqually(101, ids: ["a", "b", "c"]) == [34, 34, 33])
        #expect(LRM.allocateEqually(2, ids: ["a", "b", "c"]) == [1, 1, 0])
        #expect(LRM.allocateEqually(99, ids: ["a", "b", "c"]) == [33, 33, 33])
    }

    @Test func zeroTotalWeightAllocatesNothing() {
        #expect(LRM.allocate(500, weights: [(id: "a", weight: 0), (id: "b", weight: 0)]) == ["a": 0, "b": 0])
        #expect(LRM.allocate(500, weights: [(id: String, weight: Int64)]()).isEmpty)
    }

    @Test func zeroTotalAllocatesZeros() {
        #expect(LRM.allocate(0, weights: [(id: "a", weight: 3), (id: "b", weight: 1)]) == ["a": 0, "b": 0])
    }

    @Test func aZeroWeightNeverGetsALeftoverUnit() {
        // 1 unit over (1, 1, 0): rem 1, 1, 0 → "a"; "c" with weight 0 gets nothing even as the tie-breaker would favour it.
        #expect(LRM.allocate(1, weights: [(id: "c", weight: 0), (id: "a", weight: 1), (id: "b", weight: 1)]) == ["a": 1, "b": 0, "c": 0])
    }

    @Test func productsAreExactIn128Bits() {
        // T·w overflows 64 bits; the exact split of 9e18 in weights 1 : 2 is 3e18, 6e18.
        let total: Int64 = 9_000_000_000_000_000_000
        let shares = LRM.allocate(total, weights: [(id: "a", weight: 3_000_000_000_000_000_000), (id: "b", weight: 6_000_000_000_000_000_000)])
        #expect(shares == ["a": 3_000_000_000_000_000_000, "b": 6_000_000_000_000_000_000])
    }

    @Test func aTotalBelowTheWeightsNeverGivesMoreThanTheWeight() {
        // Paying needs 3, 3, 3 from 8: 3, 3, 2 (rem ties to the smaller ids), nobody above their need.
        #expect(LRM.allocateInOrder(8, weights: [(id: "a", weight: 3), (id: "b", weight: 3), (id: "c", weight: 3)]) == [3, 3, 2])
    }

    @Test func sumsToTheTotalAndStaysWithinOneOfTheExactShare() async {
        let gen = zip(Gen.int64(in: 0...1_000_000_000), Gen.int64(in: 0...10_000_000).array(of: 1...12))
        await propertyCheck(count: 1000, input: gen) { total, weights in
            let parties = weights.enumerated().map { (id: $0.offset, weight: $0.element) }
            let shares = LRM.allocateInOrder(total, weights: parties)
            let weightTotal = weights.reduce(0, +)
            if weightTotal == 0 {
                #expect(shares.allSatisfy { $0 == 0 })
                return
            }
            #expect(shares.reduce(0, +) == total)
            for (index, weight) in weights.enumerated() {
                // base_i ≤ share_i ≤ base_i + 1, with base_i = ⌊T·w_i / W⌋ (exact in 128 bits).
                let (base, _) = weightTotal.dividingFullWidth(total.multipliedFullWidth(by: weight))
                #expect(shares[index] == base || shares[index] == base + 1)
                if weight == 0 { #expect(shares[index] == 0) }
                if total <= weightTotal { #expect(shares[index] <= weight) }
            }
            // Keyed and ordered forms agree; reversing the input order changes nothing.
            let keyed = LRM.allocate(total, weights: parties.reversed())
            #expect(parties.map { keyed[$0.id]! } == shares)
        }
    }
}

@Suite("Integer arithmetic")
struct IntegerMathTests {
    static let floorCases: [(Int64, Int64, Int64)] = [
        (7, 2, 3), (-7, 2, -4), (-8, 2, -4), (0, 5, 0), (-1, 10_000, -1), (Int64.min, 1, Int64.min),
    ]

    @Test(arguments: floorCases)
    func floorDivisionRoundsTowardMinusInfinity(_ example: (Int64, Int64, Int64)) {
        let (a, b, expected) = example
        #expect(IntegerMath.floorDivide(a, b) == expected)
    }

    @Test func percentIsFloorOfTheExactProduct() {
        #expect(IntegerMath.percent(275_009, basisPoints: 1250) == 34_376)   // 34 376.125
        #expect(IntegerMath.percent(-1, basisPoints: 1) == -1)              // −0.0001 floors to −1
        #expect(IntegerMath.percent(-10_001, basisPoints: 5000) == -5001)   // −5000.5
        #expect(IntegerMath.percent(Int64.max, basisPoints: 10_000) == Int64.max)
    }

    @Test func floorMeanIsExactBeyond64Bits() {
        #expect(IntegerMath.floorMean([Int64.max, Int64.max, Int64.max]) == Int64.max)
        #expect(IntegerMath.floorMean([Int64.min, Int64.min]) == Int64.min)
        #expect(IntegerMath.floorMean([-3, 0]) == -2)   // −1.5
        #expect(IntegerMath.floorMean([3, 0]) == 1)
        #expect(IntegerMath.floorMean([Int64.max, Int64.min]) == -1) // −0.5
    }

    @Test func bigNaturalSquareRootAndDivision() {
        let big = BigNatural(UInt64.max) * BigNatural(UInt64.max)   // (2^64 − 1)²
        #expect(big.squareRootFloor() == BigNatural(UInt64.max))
        #expect((big + BigNatural(1)).squareRootFloor() == BigNatural(UInt64.max))
        #expect((big - BigNatural(1)).squareRootFloor() == BigNatural(UInt64.max - 1))
        #expect(big / BigNatural(UInt64.max) == BigNatural(UInt64.max))
        #expect(big % BigNatural(UInt64.max) == .zero)
        #expect(BigNatural(99).squareRootFloor() == BigNatural(9))
        #expect(BigNatural(100).squareRootFloor() == BigNatural(10))
        #expect(BigNatural.greatestCommonDivisor(BigNatural(12), BigNatural(18)) == BigNatural(6))
    }

    @Test func bigNaturalAgreesWithUInt64() async {
        await propertyCheck(count: 1000, input: Gen.uint64(in: 0...UInt64(UInt32.max)), Gen.uint64(in: 1...UInt64(UInt32.max))) { a, b in
            let x = BigNatural(a), y = BigNatural(b)
            #expect((x * y).uint64 == a * b)
            #expect((x + y).uint64 == a + b)
            #expect((x * y / y) == x)
            #expect((x % y).uint64 == a % b)
            let root = (x * y).squareRootFloor().uint64!
            #expect(root * root <= a * b && (root + 1) * (root + 1) > a * b)
        }
    }

    @Test func bigNaturalRootOfEveryWidthUpTo128BitsAndBeyond() async {
        // The two-word root (values below 2^128) and the limb-array one (above) around powers of two and squares.
        for width in 1...140 {
            let power = BigNatural.powerOfTwo(width - 1)
            for value in [power, power + power - BigNatural(1)] {
                let root = value.squareRootFloor()
                #expect(!(value < root * root) && value < (root + BigNatural(1)) * (root + BigNatural(1)), "width \(width)")
            }
        }
        await propertyCheck(count: 1000, input: Gen.uint64(in: 1...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { high, low in
            let value = BigNatural(high) * BigNatural(UInt64.max) + BigNatural(high) + BigNatural(low)  // high·2^64 + low
            let root = value.squareRootFloor()
            #expect(!(value < root * root) && value < (root + BigNatural(1)) * (root + BigNatural(1)))
        }
    }

    @Test func bigNaturalWideDivisionAndRoot() async {
        // Multi-limb divisors and 128-bit squares: (x·y + r) ÷ y = x rem r; ⌊√(x² + r)⌋ = x for r ≤ 2x.
        await propertyCheck(count: 1000, input: Gen.uint64(in: 1...UInt64.max), Gen.uint64(in: 1...UInt64.max), Gen.uint64(in: 0...UInt64.max)) { x, y, r in
            let bigX = BigNatural(x), bigY = BigNatural(y)
            let remainder = BigNatural(r % y)
            let (quotient, rest) = (bigX * bigY + remainder).quotientAndRemainder(dividingBy: bigY)
            #expect(quotient == bigX && rest == remainder)
            let extra = BigNatural(r) < bigX + bigX ? BigNatural(r) : bigX + bigX
            #expect((bigX * bigX + extra).squareRootFloor() == bigX)
            #expect((bigX * bigX + bigX + bigX + BigNatural(1)).squareRootFloor() == bigX + BigNatural(1))
        }
    }
}
