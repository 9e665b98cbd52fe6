import Foundation
import LedgerCore
import PropertyBased
import Testing

@Suite struct MoneyParsingTests {
    @Test(arguments: [
        ("1234.50", 2, Int64(123_450)), ("-12.5", 2, -1_250), ("0.07", 2, 7), ("+3", 2, 300), ("5.", 2, 500),
        ("1500", 0, 1_500), ("1.234", 3, 1_234), ("0", 2, 0), ("999999999999999.99", 2, 99_999_999_999_999_999),
    ])
    func parsesExactly(text: String, digits: Int, expected: Int64) throws {
        #expect(try Money.parseMinor(text, minorDigits: digits) == expected)
    }

    @Test(arguments: ["", "-", ".", "1e3", "NaN", "1,234", "1 234", "12.3.4", "--1", "0x10", "１２"])
    func refusesWhatItCannotReadExactly(text: String) {
        #expect(throws: LedgerCoreError.self) { try Money.parseMinor(text, minorDigits: 2) }
    }

    @Test func refusesTooManyDecimalsForTheCurrency() throws {
        #expect(throws: LedgerCoreError.tooManyDecimals("12.505", allowed: 2)) { try Money.parseMinor("12.505", minorDigits: 2) }
        #expect(throws: LedgerCoreError.tooManyDecimals("1.5", allowed: 0)) { try Money.parseMinor("1.5", minorDigits: 0) }
        #expect(try Money.parseMinor("12.505", minorDigits: 3) == 12_505)
    }

    @Test func refusesOverflow() {
        #expect(throws: LedgerCoreError.amountOverflow("1234567890123456")) { try Money.parseMinor("1234567890123456", minorDigits: 2) }
    }

    @Test func formatsWithExactlyTheMinorDigits() throws {
        let nzd = try Currency(code: "nzd")
        #expect(Money.format(123_450, minorDigits: nzd.minorDigits) == "1234.50")
        #expect(Money.format(-5, minorDigits: nzd.minorDigits) == "-0.05")
        #expect(Money.format(7, minorDigits: 3) == "0.007")
        #expect(Money.format(-1_500, minorDigits: 0) == "-1500")
        #expect(Money.format(Int64.min, minorDigits: 2) == "-92233720368547758.08")
    }

    @Test func currencyTableHasTheISOMinorDigits() throws {
        #expect(try Currency(code: "NZD").minorDigits == 2)
        #expect(try Currency(code: "JPY").minorDigits == 0)
        #expect(try Currency(code: "BHD").minorDigits == 3)
        #expect(throws: LedgerCoreError.unknownCurrency("XYZ")) { try Currency(code: "XYZ") }
    }

    @Test func formatThenParseIsTheIdentity() async {
        await propertyCheck(count: 2_000, input: Gen<Int64>.value(in: -999_999_999_999_999...999_999_999_999_999), Gen<Int>.value(in: 0...3)) { (amount: Int64, digits: Int) throws in
            let text = Money.format(amount, minorDigits: digits)
            #expect(try Money.parseMinor(text, minorDigits: digits) == amount)
        }
    }

    @Test func groupingOnlyAddsACommaBeforeEveryThreeWholeDigits() async {
        await propertyCheck(count: 2_000, input: Gen<Int64>.value(in: Int64.min...Int64.max), Gen<Int>.value(in: 0...4)) { (amount: Int64, digits: Int) in
            let plain = Money.format(amount, minorDigits: digits)
            let grouped = Money.format(amount, minorDigits: digits, grouping: true)
            #expect(grouped.replacingOccurrences(of: ",", with: "") == plain)
            // Every group after the first has exactly three digits, and the first one to three.
            let whole = grouped.drop { $0 == "-" }.prefix { $0 != "." }
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            #expect((1...3).contains(groups[0].count))
            #expect(groups.dropFirst().allSatisfy { $0.count == 3 })
        }
    }

    @Test func parseThenFormatNormalisesDecimals() async {
        // Any digits with up to 2 decimals parse, and format back to the same value with exactly 2.
        await propertyCheck(count: 1_000, input: Gen<Int64>.value(in: 0...9_999_999), Gen<Int>.value(in: 0...2)) { (whole: Int64, decimals: Int) throws in
            let fraction = decimals == 0 ? "" : "." + String(repeating: "7", count: decimals)
            let text = String(whole) + fraction
            let minor = try Money.parseMinor(text, minorDigits: 2)
            let expected = whole * 100 + (decimals == 0 ? 0 : decimals == 1 ? 70 : 77)
            #expect(minor == expected)
            #expect(Money.format(minor, minorDigits: 2) == String(whole) + "." + (decimals == 0 ? "00" : decimals == 1 ? "70" : "77"))
        }
    }

    @Test(arguments: [("15", 1_500), ("12.5", 1_250), ("12.25", 1_225), ("0", 0), ("100", 10_000), ("0.01", 1)])
    func percentsAreBasisPoints(text: String, expected: Int) throws {
        #expect(try BasisPoints.parse(text) == expected)
        #expect(try BasisPoints.parse(BasisPoints.format(expected)) == expected)
    }

    @Test(arguments: ["100.01", "-1", "12.125", "abc", ""])
    func refusesBadPercents(text: String) {
        #expect(throws: LedgerCoreError.self) { try BasisPoints.parse(text) }
    }
}
