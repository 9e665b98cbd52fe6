import Foundation
import LedgerCore
import Testing

@testable import IncomeImport

@Suite("Default layout (SPEC §2.2)")
struct DefaultLayoutTests {
    let sep = "\u{1F}"

    @Test func readsEveryRowWithItsLineAndKey() throws {
        let path = Fixtures.path("default-layout.csv")
        let read = try rows(path)
        #expect(read == [
            IncomeRow(file: path, line: 2, day: day("2024-03-01"), member: member("alice"), amountMinor: 150_000,
                      description: "Logo design for Kauri Cafe", reference: "INV-1001", key: "ref\(sep)alice\(sep)INV-1001"),
            IncomeRow(file: path, line: 3, day: day("2024-03-04"), member: member("ben"), amountMinor: 25_050,
                      description: "Workshop, half day", reference: nil,
                      key: "row\(sep)2024-03-04\(sep)ben\(sep)25050\(sep)Workshop, half day\(sep)1"),
            IncomeRow(file: path, line: 5, day: day("2024-03-05"), member: member("chen"), amountMinor: -4_000,
                      description: "Refund to client\n\"Harbour Books\"", reference: nil,
                      key: "row\(sep)2024-03-05\(sep)chen\(sep)-4000\(sep)Refund to client\n\"Harbour Books\"\(sep)1"),
            IncomeRow(file: path, line: 7, day: day("2024-03-07"), member: member("alice"), amountMinor: 5,
                      description: "Tip", reference: nil, key: "row\(sep)2024-03-07\(sep)alice\(sep)5\(sep)Tip\(sep)1"),
            IncomeRow(file: path, line: 9, day: day("2024-03-09"), member: member("ben"), amountMinor: 9_900,
                      description: "Café sign — Māori text", reference: "REF 7", key: "ref\(sep)ben\(sep)REF 7"),
        ])
    }

    @Test func matchesHeaderNamesInAnyOrderAndCaseAndIgnoresUnknownColumns() throws {
        let read = try rows(Fixtures.path("reordered-columns.csv"))
        #expect(read.map(\.member.raw) == ["alice", "ben"])
        #expect(read.map(\.amountMinor) == [12_000, 8_000])
        #expect(read.map(\.day) == [day("2024-04-01"), day("2024-04-02")])
        #expect(read.map(\.description) == ["", ""])
        #expect(read.map(\.reference) == [nil, nil])
    }

    @Test func aHeaderWithoutRowsReadsNothing() throws {
        #expect(try rows(Fixtures.path("header-only.csv")).isEmpty)
    }

    @Test func identicalRowsInOneFileAreNumberedAndBothKept() throws {
        let read = try rows(Fixtures.path("identical-rows.csv"))
        // Lines 2, 3 and 5 are the same row: 1500.00 and 1500 are the same amount, and descriptions are trimmed.
        #expect(read.map(\.key) == [
            "row\(sep)2024-03-15\(sep)alice\(sep)150000\(sep)Monthly retainer\(sep)1",
            "row\(sep)2024-03-15\(sep)alice\(sep)150000\(sep)Monthly retainer\(sep)2",
            "row\(sep)2024-03-15\(sep)alice\(sep)150000\(sep)Monthly retainer (March)\(sep)1",
            "row\(sep)2024-03-15\(sep)alice\(sep)150000\(sep)Monthly retainer\(sep)3",
        ])
    }

    @Test func occurrencesStartAgainInEachFile() throws {
        let path = Fixtures.path("identical-rows.csv")
        #expect(try rows(path).map(\.key) == rows(path).map(\.key))
    }

    @Test func amountsWithTheSameValueGiveTheSameKey() throws {
        let directory = try TemporaryDirectory()
        let a = try directory.write("a.csv", "date,member,amount,description\n2024-03-15,alice,10.5,Fee\n")
        let b = try directory.write("b.csv", "description,amount,member,date\n  Fee ,10.50,alice,2024-03-15\n")
        #expect(try rows(a).map(\.key) == rows(b).map(\.key))
    }

    @Test func byteOrderMarkAndCRLFGiveTheSameRowsAndKeys() throws {
        let directory = try TemporaryDirectory()
        let lf = try Array(Data(contentsOf: Fixtures.directory.appendingPathComponent("default-layout.csv")))
        var crlf: [UInt8] = []
        for byte in lf {
            if byte == UInt8(ascii: "\n") { crlf.append(UInt8(ascii: "\r")) }
            crlf.append(byte)
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let variants = [
            try directory.write("lf.csv", lf),
            try directory.write("crlf.csv", crlf),
            try directory.write("bom-lf.csv", bom + lf),
            try directory.write("bom-crlf.csv", bom + crlf),
        ]
        func content(_ row: IncomeRow) -> [String] {
            [String(row.line), row.day.description, row.member.raw, String(row.amountMinor), row.description, row.reference ?? "-", row.key]
        }
        let expected = try rows(variants[0]).map(content)
        #expect(expected.count == 5)
        for path in variants.dropFirst() {
            #expect(try rows(path).map(content) == expected, "\(path)")
        }
    }

    @Test func aByteOrderMarkBeforeTheHeaderIsNotPartOfTheFirstColumnName() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("bom.csv", [0xEF, 0xBB, 0xBF] + Array("date,member,amount\n2024-03-01,alice,1.00\n".utf8))
        #expect(try rows(path).map(\.amountMinor) == [100])
    }

    @Test func amountsUseTheCurrencysMinorDigits() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("jpy.csv", "date,member,amount,currency\n2024-03-01,alice,1500,JPY\n")
        #expect(try rows(path, currency: jpy).map(\.amountMinor) == [1_500])
        let decimals = try directory.write("jpy-decimals.csv", "date,member,amount\n2024-03-01,alice,1500.5\n")
        #expect(importError(decimals, currency: jpy) == "\(decimals):2: amount '1500.5' has more decimals than JPY allows (0); round it in the source file")
        let bhdPath = try directory.write("bhd.csv", "date,member,amount\n2024-03-01,alice,1.234\n")
        #expect(try rows(bhdPath, currency: bhd).map(\.amountMinor) == [1_234])
    }

    @Test func errorsThrownByTheBodyPropagateUnchanged() throws {
        struct Stop: Error, Equatable {}
        var seen = 0
        #expect(throws: Stop()) {
            try IncomeFileReader(path: Fixtures.path("default-layout.csv"), currency: nzd).read { _ in
                seen += 1
                throw Stop()
            }
        }
        #expect(seen == 1)
    }

    @Test func errorsAreTypedAndEquatable() throws {
        let path = Fixtures.path("bad-date.csv")
        #expect(throws: IncomeImportError.self) { _ = try rows(path) }
        #expect(IncomeImportError.emptyFile(file: "a.csv", skippedLines: 0, hasHeader: false)
            == IncomeImportError.emptyFile(file: "a.csv", skippedLines: 0, hasHeader: false))
    }

    /// A zero amount is a row like any other for the reader; the importer skips and counts it.
    @Test func aZeroAmountIsReadAsARow() throws {
        let read = try rows(Fixtures.path("zero-amount.csv"))
        #expect(read.count == 1)
        #expect(read.first?.amountMinor == 0)
    }

    // MARK: Golden error messages

    static let goldenErrors: [(fixture: String, message: String)] = [
        ("empty.csv", "FILE: the file is empty; an income CSV starts with a header row such as date,member,amount,description,reference"),
        ("blank-lines-only.csv", "FILE: the file is empty; an income CSV starts with a header row such as date,member,amount,description,reference"),
        ("missing-amount-column.csv", "FILE:1: missing column 'amount'; the default layout needs columns date, member and amount, and the header names 'date', 'member', 'description'; rename the columns, or describe this layout (a bank export?) in an import rules file (given with --rules; see docs/import-rules.md)"),
        ("semicolon-separated.csv", "FILE:1: missing column 'date'; the default layout needs columns date, member and amount, but the header is the one field 'Datum;Betrag;Name': the file seems separated by ';', not ','; describe its layout in an import rules file (given with --rules, holding `separator ;`; see docs/import-rules.md)"),
        ("duplicate-column.csv", "FILE:1: the header names column 'amount' more than once; rename or remove one of them"),
        ("ragged-row.csv", "FILE:3: the row has 5 fields but the header has 4; give every row the same number of fields, and enclose in quotes any field that contains ','"),
        ("unterminated-quote.csv", "FILE:3: the quoted field that starts on this line has no closing quote (\"); add the closing quote, and double each quote inside the field (\"\")"),
        ("stray-quote.csv", "FILE:3: stray quote (\") in field 4; enclose the whole field in quotes and double each quote inside it, as in \"say \"\"hi\"\"\""),
        ("bad-date.csv", "FILE:3: invalid date '2024-02-30': write it as YYYY-MM-DD, e.g. 2024-03-15, with a real calendar day"),
        ("bad-date-format.csv", "FILE:2: invalid date '15/03/2024': write it as YYYY-MM-DD, e.g. 2024-03-15, with a real calendar day"),
        ("bad-amount-thousands.csv", "FILE:2: invalid amount '1,234.00' in column 'amount': ',' is neither the decimal mark '.' nor a thousands separator (none is set); write amounts like 1234.50 or -1234.50, or describe the file's format in an import rules file"),
        ("bad-amount-exponent.csv", "FILE:2: invalid amount '1e3' in column 'amount': 'e' cannot appear in an amount; write amounts like 1234.50 or -1234.50, or describe the file's format in an import rules file"),
        ("bad-amount-nan.csv", "FILE:2: invalid amount 'NaN' in column 'amount': 'N' cannot appear in an amount; write amounts like 1234.50 or -1234.50, or describe the file's format in an import rules file"),
        ("empty-amount.csv", "FILE:2: the amount in column 'amount' is empty; every row needs an amount"),
        ("too-many-decimals.csv", "FILE:2: amount '12.505' has more decimals than NZD allows (2); round it in the source file"),
        ("amount-overflow.csv", "FILE:2: amount '1234567890123456.00' is too large to record exactly; amounts have at most 15 digits before the decimal mark"),
        ("other-currency.csv", "FILE:3: currency 'EUR' is not the network's currency NZD; convert the amount to NZD before importing, or remove the row"),
        ("invalid-member.csv", "FILE:2: invalid member id 'Alice Ngata': use the member's id from the network file (lowercase letters, digits and '-', e.g. alice)"),
        ("empty-member.csv", "FILE:2: the member is empty; every row needs the id of a member of the network"),
        ("invalid-utf8.csv", "FILE:2: invalid UTF-8 at byte offset 3 of field 4 (description); save the file as UTF-8, or name its encoding in an import rules file (e.g. encoding windows-1252)"),
        ("description-too-long.csv", "FILE:2: the description is 1001 characters long, more than the 1000 allowed; shorten it"),
        ("reference-too-long.csv", "FILE:2: the reference is 201 characters long, more than the 200 allowed; shorten it"),
        ("too-many-fields.csv", "FILE:2: the row has more than 256 fields; check that the separator is right"),
        ("no-such-file.csv", "FILE: cannot read the file: No such file or directory; check the path and its permissions"),
    ]

    @Test(arguments: goldenErrors)
    func goldenErrorMessage(fixture: String, message: String) {
        let path = Fixtures.path(fixture)
        #expect(importError(path) == message.replacingOccurrences(of: "FILE", with: path))
    }

    @Test func aFieldLongerThanTheLimitIsAnErrorNotACrash() throws {
        let directory = try TemporaryDirectory()
        let header = "date,member,amount,notes\n2024-03-01,alice,1.00,"
        let limit = Limits.fieldBytesMax

        let atLimit = try directory.write("at-limit.csv", header + String(repeating: "x", count: limit) + "\n")
        #expect(try rows(atLimit).count == 1)
        let quotedAtLimit = try directory.write("quoted-at-limit.csv", header + "\"" + String(repeating: "x", count: limit) + "\"\n")
        #expect(try rows(quotedAtLimit).count == 1)

        let expected = ":2: field 4 is longer than 65536 bytes; shorten it, or look for a quote that is never closed"
        let over = try directory.write("over.csv", header + String(repeating: "x", count: limit + 1) + "\n")
        #expect(importError(over) == over + expected)
        let quotedOver = try directory.write("quoted-over.csv", header + "\"" + String(repeating: "x", count: limit + 1) + "\"\n")
        #expect(importError(quotedOver) == quotedOver + expected)
        // A field far beyond the limit is stopped while it is read, not after it is held in memory.
        let huge = try directory.write("huge.csv", header + "\"" + String(repeating: "y", count: 10 * limit) + "\"\n")
        #expect(importError(huge) == huge + expected)
    }

    @Test func aQuoteNeverClosedInALongFileIsReportedAtItsRow() throws {
        let directory = try TemporaryDirectory()
        var text = "date,member,amount,description\n2024-03-01,alice,1.00,\"Never closed\n"
        for index in 0..<5_000 { text += "2024-03-02,ben,\(index).00,Row \(index)\n" }
        let path = try directory.write("runaway.csv", text)
        #expect(importError(path) == "\(path):2: field 4 is longer than 65536 bytes; shorten it, or look for a quote that is never closed")
    }

    @Test func aQuotedFieldThatDoesNotStartTheLineIsLocatedExactly() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("late.csv", "date,member,amount,description\n2024-03-01,alice,1.00,\"two\nlines\"\n2024-03-02,ben,2.00,\"open\n\nstill open")
        #expect(importError(path) == "\(path):4: the quoted field that starts on this line has no closing quote (\"); add the closing quote, and double each quote inside the field (\"\")")
    }

    @Test func lineNumbersCountNewlinesInsideQuotesAndBlankLines() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("lines.csv", "date,member,amount,description\n\n\"2024-03-01\",alice,1.00,\"a\nb\nc\"\n   \n2024-03-02,ben,2.00,d\r\n\r\n2024-03-03,chen,3.00,\"e\r\nf\"")
        let read = try rows(path)
        #expect(read.map(\.line) == [3, 7, 9])
        #expect(read.map(\.description) == ["a\nb\nc", "d", "e\nf"])
    }

    @Test func aLineOfEmptyFieldsIsSkippedLikeABlankLine() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("empties.csv", "date,member,amount\n,,\n\"\"\n2024-03-02,ben,2.00\n,,\n")
        #expect(try rows(path).map(\.line) == [4])
    }

    @Test func aDirectoryIsReportedAsUnreadable() throws {
        let directory = try TemporaryDirectory()
        #expect(importError(directory.url.path) == "\(directory.url.path): cannot read the file: Is a directory; check the path and its permissions")
    }

    @Test func streamsTwoHundredThousandRows() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("big.csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        let members = ["alice", "ben", "chen"]
        let rowCount = 200_000
        var expectedSum: Int64 = 0
        var chunk = "date,member,amount,description,reference\n"
        for index in 0..<rowCount {
            let amountMinor = Int64(index % 99_991) - 500
            expectedSum += amountMinor == 0 ? 1 : amountMinor
            let amount = Money.format(amountMinor == 0 ? 1 : amountMinor, minorDigits: 2)
            // Every 1000th row has a two-line description, so later rows start one line further down.
            let description = index % 1_000 == 0 ? "\"multi\nline \(index)\"" : "row \(index)"
            let reference = index % 2 == 0 ? "R\(index)" : ""
            chunk += "2024-\(index % 12 < 9 ? "0" : "")\(index % 12 + 1)-\(index % 28 < 9 ? "0" : "")\(index % 28 + 1),\(members[index % 3]),\(amount),\(description),\(reference)\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
        try handle.close()

        var count = 0
        var sum: Int64 = 0
        var linesMatch = true
        var keys = Set<String>()
        try IncomeFileReader(path: url.path, currency: nzd).read { row in
            let index = count
            let expectedLine = 2 + index + (index + 999) / 1_000
            if row.line != expectedLine { linesMatch = false }
            count += 1
            sum += row.amountMinor
            keys.insert(row.key)
        }
        #expect(count == rowCount)
        #expect(sum == expectedSum)
        #expect(linesMatch)
        #expect(keys.count == rowCount)
    }
}
