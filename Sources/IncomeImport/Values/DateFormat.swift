import LedgerCore

/// An explicit date format such as `%d/%m/%Y`. Formats are declared, never guessed: `03/04/2024` means
/// what the rules say it means, and a date that does not match the format exactly is refused.
///
/// Directives: `%Y` (4-digit year), `%m` / `%d` (2 digits), `%-m` / `%-d` (1 or 2 digits),
/// `%b` (`Jan`…`Dec`), `%B` (`January`…`December`), `%H` / `%M` / `%S` (a time of day, 2 digits each,
/// checked and then ignored: income counts in the month of its date), `%%`. Month names are English,
/// any letter case. Two-digit years (`%y`) are refused: the century would be a guess.
struct DateFormat: Sendable, Equatable, CustomStringConvertible {
    enum Piece: Sendable, Equatable {
        case year
        case month(padded: Bool)
        case day(padded: Bool)
        case monthName(full: Bool)
        /// Hours, minutes or seconds: read and range-checked, then ignored.
        case time(Character, max: Int)
        case literal(Unicode.Scalar)
    }

    let pieces: [Piece]
    /// The format as written in the rules.
    let description: String

    static let iso = try! DateFormat("%Y-%m-%d")

    struct Invalid: Error, Equatable {
        let reason: String
    }

    init(_ text: String) throws(Invalid) {
        var pieces: [Piece] = []
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "%" else {
                pieces.append(.literal(scalar))
                continue
            }
            var directive = iterator.next()
            var padded = true
            if directive == "-" {
                padded = false
                directive = iterator.next()
            }
            switch directive {
            case "Y" where padded: pieces.append(.year)
            case "m": pieces.append(.month(padded: padded))
            case "d": pieces.append(.day(padded: padded))
            case "b" where padded: pieces.append(.monthName(full: false))
            case "B" where padded: pieces.append(.monthName(full: true))
            case "H" where padded: pieces.append(.time("H", max: 23))
            case "M" where padded: pieces.append(.time("M", max: 59))
            case "S" where padded: pieces.append(.time("S", max: 60))
            case "%" where padded: pieces.append(.literal("%"))
            case "y":
                throw Invalid(reason: "%y (a two-digit year) is not supported because the century would be a guess; use %Y with a 4-digit year")
            case nil:
                throw Invalid(reason: "it ends with an incomplete directive '%'")
            case let other?:
                throw Invalid(reason: "\(MessageText.quoted("%\(padded ? "" : "-")\(other)")) is not a supported directive; use %Y, %m, %-m, %d, %-d, %b, %B, %H, %M or %S")
            }
        }
        let years = pieces.filter { $0 == .year }.count
        let months = pieces.filter { if case .month = $0 { true } else if case .monthName = $0 { true } else { false } }.count
        let days = pieces.filter { if case .day = $0 { true } else { false } }.count
        guard years == 1, months == 1, days == 1 else {
            throw Invalid(reason: "it must contain exactly one year (%Y), one month (%m, %-m, %b or %B) and one day (%d or %-d)")
        }
        self.pieces = pieces
        self.description = text
    }

    enum Failure: Error, Equatable {
        case mismatch
        case notARealDay
    }

    func parse(_ text: String) throws(Failure) -> Day {
        if self == .iso {
            do { return try Day(parsing: text) } catch { throw .mismatch }
        }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var year = 0, month = 0, day = 0

        func digits(min: Int, max: Int) throws(Failure) -> Int {
            var value = 0
            var count = 0
            while count < max, index < scalars.count, scalars[index].isASCII, ("0"..."9").contains(scalars[index]) {
                value = value * 10 + Int(scalars[index].value - 48)
                index += 1
                count += 1
            }
            guard count >= min else { throw .mismatch }
            return value
        }

        for piece in pieces {
            switch piece {
            case .year: year = try digits(min: 4, max: 4)
            case .month(let padded): month = try digits(min: padded ? 2 : 1, max: 2)
            case .day(let padded): day = try digits(min: padded ? 2 : 1, max: 2)
            case .monthName(let full):
                var name = ""
                while index < scalars.count, scalars[index].properties.isAlphabetic {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                let names = full ? Self.monthNames : Self.monthNames.map { String($0.prefix(3)) }
                guard let found = names.firstIndex(where: { $0.lowercased() == name.lowercased() }) else { throw .mismatch }
                month = found + 1
            case .time(_, let max):
                guard try digits(min: 2, max: 2) <= max else { throw .mismatch }
            case .literal(let expected):
                guard index < scalars.count, scalars[index] == expected else { throw .mismatch }
                index += 1
            }
        }
        guard index == scalars.count else { throw .mismatch }
        guard let value = Day(year: year, month: month, day: day) else { throw .notARealDay }
        return value
    }

    /// The format for people: `DD/MM/YYYY`.
    var pattern: String {
        pieces.map { piece in
            switch piece {
            case .year: "YYYY"
            case .month(let padded): padded ? "MM" : "M"
            case .day(let padded): padded ? "DD" : "D"
            case .monthName(let full): full ? "Month" : "Mon"
            case .time(let letter, _): letter == "H" ? "hh" : letter == "M" ? "mm" : "ss"
            case .literal(let scalar): String(scalar)
            }
        }.joined()
    }

    /// 15 March 2024 written in this format.
    var example: String {
        pieces.map { piece in
            switch piece {
            case .year: "2024"
            case .month(let padded): padded ? "03" : "3"
            case .day: "15"
            case .monthName(let full): full ? "March" : "Mar"
            case .time(let letter, _): letter == "H" ? "10" : letter == "M" ? "22" : "05"
            case .literal(let scalar): String(scalar)
            }
        }.joined()
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
}
