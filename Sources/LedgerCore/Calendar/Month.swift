/// A calendar month, `YYYY-MM`. No time zones: income counts in the month of its date.
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (Limits.yearMin...Limits.yearMax).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses exactly `YYYY-MM`.
    public init(parsing text: String) throws(LedgerCoreError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = Month.number(bytes[0..<4]), let month = Month.number(bytes[5..<7]),
              let value = Month(year: year, month: month)
        else { throw .invalidMonth(text) }
        self = value
    }

    /// The last month a date may have (`Limits.yearMax`-12), as the open end of a range.
    public static let last = Month(year: Limits.yearMax, month: 12)!

    /// Months since year 0, for ordering and arithmetic.
    public var ordinal: Int { year * 12 + (month - 1) }

    public init?(ordinal: Int) {
        self.init(year: ordinal / 12, month: ordinal % 12 + 1)
    }

    public var next: Month {
        guard let value = Month(ordinal: ordinal + 1) else { preconditionFailure("month out of range") }
        return value
    }

    public var previous: Month {
        guard let value = Month(ordinal: ordinal - 1) else { preconditionFailure("month out of range") }
        return value
    }

    /// Months from `self` to `other`, inclusive; empty when `other` is earlier.
    public func through(_ other: Month) -> [Month] {
        guard other >= self else { return [] }
        return (ordinal...other.ordinal).map { Month(ordinal: $0)! }
    }

    public var daysInMonth: Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + (month < 10 ? "-0" : "-") + String(month)
    }

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.ordinal < rhs.ordinal }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
