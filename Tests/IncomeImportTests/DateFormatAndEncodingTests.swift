import LedgerCore
import Testing

@testable import IncomeImport

@Suite("Dates: explicit formats, never guessed")
struct DateFormatTests {
    static let accepted: [(String, String, String)] = [
        ("%Y-%m-%d", "2024-03-15", "2024-03-15"),
        ("%d/%m/%Y", "15/03/2024", "2024-03-15"),
        ("%m/%d/%Y", "03/15/2024", "2024-03-15"),
        ("%d.%m.%Y", "15.03.2024", "2024-03-15"),
        ("%Y%m%d", "20240315", "2024-03-15"),
        ("%d-%m-%Y", "15-03-2024", "2024-03-15"),
        ("%-d/%-m/%Y", "5/3/2024", "2024-03-05"),
        ("%-d/%-m/%Y", "05/03/2024", "2024-03-05"),
        ("%-m/%-d/%Y", "12/25/2024", "2024-12-25"),
        ("%d %b %Y", "15 Mar 2024", "2024-03-15"),
        ("%d %b %Y", "15 MAR 2024", "2024-03-15"),
        ("%B %-d, %Y", "September 9, 2024", "2024-09-09"),
        ("%Y/%m/%d", "2024/02/29", "2024-02-29"),
        ("%Y-%m-%d %H:%M:%S", "2024-03-15 23:59:60", "2024-03-15"),
        ("%d/%m/%Y %H:%M", "15/03/2024 00:00", "2024-03-15"),
    ]

    @Test(arguments: accepted)
    func reads(format: String, text: String, expected: String) throws {
        #expect(try DateFormat(format).parse(text) == day(expected))
    }

    static let refused: [(String, String, DateFormat.Failure)] = [
        ("%d/%m/%Y", "2024-03-15", .mismatch),
        ("%d/%m/%Y", "5/03/2024", .mismatch),
        ("%d/%m/%Y", "15/03/24", .mismatch),
        ("%d/%m/%Y", "15/03/2024 10:22", .mismatch),
        ("%d/%m/%Y", "", .mismatch),
        ("%d/%m/%Y", "31/02/2024", .notARealDay),
        ("%m/%d/%Y", "15/03/2024", .notARealDay),
        ("%Y%m%d", "2024315", .mismatch),
        ("%d %b %Y", "15 Sept 2024", .mismatch),
        ("%d.%m.%Y", "29.02.2023", .notARealDay),
        ("%d.%m.%Y", "01.01.1899", .notARealDay),
        ("%Y-%m-%d", "2024-3-15", .mismatch),
        ("%Y-%m-%d %H:%M", "2024-03-15 24:00", .mismatch),
        ("%Y-%m-%d %H:%M", "2024-03-15 10:61", .mismatch),
        ("%Y-%m-%d %H:%M", "2024-03-15 9:30", .mismatch),
    ]

    @Test(arguments: refused)
    func refuses(format: String, text: String, failure: DateFormat.Failure) throws {
        let dateFormat = try DateFormat(format)
        #expect(throws: failure) { try dateFormat.parse(text) }
    }

    @Test func describesItselfForPeople() throws {
        let format = try DateFormat("%-d %b %Y")
        #expect(format.pattern == "D Mon YYYY")
        #expect(format.example == "15 Mar 2024")
        #expect(DateFormat.iso.pattern == "YYYY-MM-DD")
        #expect(DateFormat.iso.example == "2024-03-15")
        let stamped = try DateFormat("%Y-%m-%dT%H:%M:%S")
        #expect(stamped.pattern == "YYYY-MM-DDThh:mm:ss")
        #expect(stamped.example == "2024-03-15T10:22:05")
    }
}

@Suite("Encodings: exact tables, no replacement characters")
struct TextEncodingTests {
    @Test func windows1252MapsItsHighBytesAndRefusesTheFiveUndefinedOnes() throws {
        let encoding = TextEncoding.windows1252
        #expect(try encoding.decode([0x80, 0x20, 0x92, 0x96, 0x9F, 0xE9, 0xA0][...]) == "€ \u{2019}\u{2013}Ÿé\u{00A0}")
        for byte: UInt8 in [0x81, 0x8D, 0x8F, 0x90, 0x9D] {
            #expect(throws: TextEncoding.Failure(byteOffset: 2, byte: byte)) { try encoding.decode([0x61, 0x62, byte][...]) }
        }
        let defined = (0x80...0xFF).filter { encoding.singleByteScalar(UInt8($0)) != nil }
        #expect(defined.count == 128 - 5)
    }

    @Test func iso8859_1IsTheFirst256CodePointsWithoutC1Controls() throws {
        for byte in 0xA0...0xFF {
            #expect(TextEncoding.iso8859_1.singleByteScalar(UInt8(byte)) == Unicode.Scalar(UInt8(byte)))
        }
        #expect(throws: TextEncoding.Failure(byteOffset: 0, byte: 0x96)) { try TextEncoding.iso8859_1.decode([0x96][...]) }
    }

    @Test func iso8859_15DiffersFromLatin1InEightPlaces() throws {
        let expected: [UInt8: Unicode.Scalar] = [
            0xA4: "€", 0xA6: "Š", 0xA8: "š", 0xB4: "Ž", 0xB8: "ž", 0xBC: "Œ", 0xBD: "œ", 0xBE: "Ÿ",
        ]
        for byte in 0xA0...0xFF {
            let value = UInt8(byte)
            #expect(TextEncoding.iso8859_15.singleByteScalar(value) == (expected[value] ?? Unicode.Scalar(value)))
        }
        #expect(try TextEncoding.iso8859_15.decode([0x33, 0x20, 0xA4][...]) == "3 €")
    }

    static let invalidUTF8: [([UInt8], Int)] = [
        ([0x61, 0xC3], 1),              // truncated sequence at the end
        ([0xC0, 0xAF], 0),              // overlong encoding of '/'
        ([0x61, 0x62, 0xED, 0xA0, 0x80], 2),  // a UTF-16 surrogate
        ([0x43, 0x61, 0x66, 0xE9, 0x20], 3),  // windows-1252 é
        ([0xE2, 0x82, 0xAC, 0xFF], 3),  // a valid € then a byte never used in UTF-8
    ]

    @Test(arguments: invalidUTF8)
    func invalidUTF8IsRefusedAtItsOffset(bytes: [UInt8], offset: Int) {
        #expect(throws: TextEncoding.Failure(byteOffset: offset, byte: bytes[offset])) { try TextEncoding.utf8.decode(bytes[...]) }
    }

    @Test func validUTF8IsKept() throws {
        #expect(try TextEncoding.utf8.decode(Array("Māori — café €".utf8)[...]) == "Māori — café €")
    }
}
