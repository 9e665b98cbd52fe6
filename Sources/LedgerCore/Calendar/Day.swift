/// A calendar day, `YYYY-MM-DD`, always a real date.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let month: Month
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard let value = Month(year: year, month: month), (1...value.daysInMonth).contains(day) else { return nil }
        self.month = value
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init(parsing text: String) throws(LedgerCoreError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Month.number(bytes[0..<4]), let month = Month.number(bytes[5..<7]),
              let day = Month.number(bytes[8..<10]),
              let value = Day(year: year, month: month, day: day)
        else { throw .invalidDay(text) }
        self = value
    }

    public var year: Int { month.year }

    /// The month's last day (a redistribution is dated on it).
    public static func last(of month: Month) -> Day {
        Day(year: month.year, month: month.month, day: month.daysInMonth)!
    }

    public var description: String { month.description + (day < 10 ? "-0" : "-") + String(day) }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.month, lhs.day) < (rhs.month, rhs.day)
    }
}
