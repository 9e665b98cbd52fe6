import LedgerCore
import Testing

@testable import IncomeImport

@Suite("Amounts: exact parsing under a declared format")
struct AmountFormatTests {
    static let plain = AmountFormat()
    static let us = AmountFormat(thousandsSeparator: .character(","), allowsParentheses: true, symbols: ["NZ$", "$"])
    static let european = AmountFormat(decimalMark: ",", thousandsSeparator: .character("."), allowsTrailingMinus: true, symbols: ["NZD", "€"])
    static let spaced = AmountFormat(decimalMark: ",", thousandsSeparator: .space)
    static let swiss = AmountFormat(thousandsSeparator: .character("'"))

    static let accepted: [(AmountFormat, String, Int64)] = [
        (plain, "12.50", 1_250), (plain, "-12.50", -1_250), (plain, "+3", 300), (plain, "0.05", 5), (plain, "10.5", 1_050),
        (plain, "\u{2212}7.25", -725), (plain, " 42 ", 4_200), (plain, "007.00", 700), (plain, "123456789012345.99", 12_345_678_901_234_599),
        (us, "$1,234.56", 123_456), (us, "-$1,234.56", -123_456), (us, "$-1,234.56", -123_456), (us, "($1,234.56)", -123_456),
        (us, "$(12.00)", -1_200), (us, "(12.00)", -1_200), (us, "NZ$ 99.95", 9_995), (us, "1,234,567.00", 123_456_700), (us, "999", 99_900),
        (us, "$ 5", 500), (us, "1234.56", 123_456),
        (european, "1.234,56", 123_456), (european, "1.234,56 €", 123_456), (european, "12,00-", -1_200), (european, "12,00 €-", -1_200),
        (european, "NZD 1.234,56", 123_456), (european, "\u{2212}1.234,56", -123_456), (european, "12,5", 1_250),
        (spaced, "1 234,56", 123_456), (spaced, "1\u{00A0}234,56", 123_456), (spaced, "1\u{202F}234,56", 123_456),
        (spaced, "12 345 678,90", 1_234_567_890),
        (swiss, "1'234.56", 123_456),
    ]

    @Test(arguments: accepted)
    func reads(format: AmountFormat, text: String, minor: Int64) throws {
        #expect(try format.parseMinor(text, minorDigits: 2) == minor)
    }

    static let refused: [(AmountFormat, String, AmountFormat.Problem)] = [
        (plain, "12.505", .tooManyDecimals(allowed: 2)),
        (plain, "1e3", .invalid(reason: "'e' cannot appear in an amount")),
        (plain, "NaN", .invalid(reason: "'N' cannot appear in an amount")),
        (plain, "", .empty),
        (plain, "   ", .empty),
        (plain, "1234567890123456", .overflow),
        (plain, "1,234", .invalid(reason: "',' is neither the decimal mark '.' nor a thousands separator (none is set)")),
        (plain, "(12.00)", .invalid(reason: "'(' is not allowed (negatives in parentheses are not enabled)")),
        (plain, "12.00-", .invalid(reason: "a sign may only come first, once (a trailing minus is not enabled)")),
        (plain, "--5", .invalid(reason: "a sign may only come first, once (a trailing minus is not enabled)")),
        (plain, "1.2.3", .invalid(reason: "it has more than one decimal mark '.'")),
        (plain, "$12", .invalid(reason: "'$' cannot appear in an amount")),
        (plain, "-", .invalid(reason: "it has no digits")),
        (plain, ".", .invalid(reason: "it has no digits")),
        (us, "1,23,456.00", .invalid(reason: "thousands separators must split the digits before the decimal mark into groups of three, as in 1,234.50")),
        (us, "1,2345.00", .invalid(reason: "thousands separators must split the digits before the decimal mark into groups of three, as in 1,234.50")),
        (us, ",123", .invalid(reason: "thousands separators must split the digits before the decimal mark into groups of three, as in 1,234.50")),
        (us, "1,234,", .invalid(reason: "thousands separators must split the digits before the decimal mark into groups of three, as in 1,234.50")),
        (us, "$", .invalid(reason: "it has no digits")),
        (us, "12.00 EUR", .invalid(reason: "a space is neither the decimal mark '.' nor the thousands separator ','")),
        (us, "1,234.5678", .tooManyDecimals(allowed: 2)),
        (us, "-(12.00)", .invalid(reason: "'(' must enclose the whole amount")),
        (european, "1,234.56", .invalid(reason: "'.' is neither the decimal mark ',' nor the thousands separator '.'")),
        (european, "12.50", .invalid(reason: "thousands separators must split the digits before the decimal mark into groups of three, as in 1.234,50")),
        (spaced, "1.234,56", .invalid(reason: "'.' is neither the decimal mark ',' nor the thousands separator (a space)")),
    ]

    @Test(arguments: refused)
    func refuses(format: AmountFormat, text: String, problem: AmountFormat.Problem) {
        #expect(throws: problem) { try format.parseMinor(text, minorDigits: 2) }
    }

    @Test func followsTheCurrencysMinorDigits() throws {
        #expect(try Self.plain.parseMinor("1500", minorDigits: 0) == 1_500)
        #expect(throws: AmountFormat.Problem.tooManyDecimals(allowed: 0)) { try Self.plain.parseMinor("1500.5", minorDigits: 0) }
        #expect(try Self.plain.parseMinor("1.234", minorDigits: 3) == 1_234)
        #expect(try Self.plain.parseMinor("1.5", minorDigits: 3) == 1_500)
    }

    @Test func showsExamplesInItsOwnFormat() {
        #expect(Self.plain.example(minorDigits: 2) == "1234.50")
        #expect(Self.us.example(minorDigits: 2) == "1,234.50")
        #expect(Self.european.example(minorDigits: 2) == "1.234,50")
        #expect(Self.spaced.example(minorDigits: 3) == "1 234,500")
        #expect(Self.plain.example(minorDigits: 0) == "1234")
    }
}
