import Foundation
import LedgerCore
import Testing

@testable import IncomeImport

/// Inputs that once crashed the reader under fuzzing (`make fuzz`), and hand-made nasty ones, replayed
/// on every `swift test`: each must give rows or an `IncomeImportError`, never a crash.
///
/// A regression is `NAME.csv` in Fixtures/fuzz-regressions, read under `NAME.rules` when there is one
/// and in the currency named in `NAME.currency` (default NZD). `NAME.expected` holds what the read must
/// give: `rows N`, or the error message with the file's path written as FILE (and the rules file's as RULES).
/// `IncomeImportFuzz export CRASH-FILE PREFIX` writes the .csv, .rules and .currency of a fuzz input.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let directory = Fixtures.directory.appendingPathComponent("fuzz-regressions")

    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
    }()

    enum Outcome: Equatable, CustomStringConvertible {
        case rows(Int)
        case error(String)

        var description: String {
            switch self {
            case .rows(let count): "rows \(count)"
            case .error(let message): message
            }
        }
    }

    static func read(_ name: String) throws -> Outcome {
        let base = directory.appendingPathComponent(name).path
        let rules = FileManager.default.fileExists(atPath: base + ".rules") ? try ImportRules(contentsOfFile: base + ".rules") : nil
        var currency = nzd
        if let code = try? String(contentsOfFile: base + ".currency", encoding: .utf8) {
            currency = try Currency(code: code.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var count = 0
        do {
            try IncomeFileReader(path: base + ".csv", currency: currency, rules: rules).read { _ in count += 1 }
            return .rows(count)
        } catch let error as IncomeImportError {
            return .error(error.description.replacingOccurrences(of: base + ".csv", with: "FILE")
                .replacingOccurrences(of: base + ".rules", with: "RULES"))
        }
    }

    @Test func thereAreRegressionFiles() {
        #expect(Self.names.count >= 8, "Fixtures/fuzz-regressions holds \(Self.names.count) inputs")
    }

    /// Each file reads to rows or an `IncomeImportError` (anything else throws and fails the test; a
    /// crash stops the run), and to exactly what its .expected file says.
    @Test(arguments: names)
    func replay(name: String) throws {
        let outcome = try Self.read(name)
        let expectedPath = Self.directory.appendingPathComponent(name + ".expected").path
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(outcome.description == expected)
    }

    // Found by fuzzing: libcsv ends a record at a lone CR, but lines were counted at LF only, so two
    // rows could share a line number and a message pointed at the wrong row.

    @Test func aLoneCREndsALineAsItEndsARecord() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("mac.csv", "date,member,amount\r2024-03-01,alice,1.00\r2024-03-02,ben,2.00\r\n\r2024-03-03,chen,3.00\r")
        #expect(try rows(path).map(\.line) == [2, 3, 5])
        let bad = try directory.write("mac-bad.csv", "date,member,amount\r2024-03-01,alice,1.00\r\r2024-03-02,ben,x\r")
        #expect(importError(bad)?.hasPrefix("\(bad):4: invalid amount 'x'") == true)
    }

    @Test func aLoneCRInsideAQuotedFieldCountsAsALine() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("cr.csv", "date,member,amount,description\r\n2024-03-01,alice,1.00,\"a\rb\r\nc\"\r\n2024-03-02,ben,2.00,d\r\n")
        let read = try rows(path)
        #expect(read.map(\.line) == [2, 5])
        #expect(read[0].description == "a\rb\nc")
        let open = try directory.write("open.csv", "date,member,amount,description\n2024-03-01,alice,1.00,\"a\rb\r\nc\n")
        #expect(importError(open)?.hasPrefix("\(open):2: the quoted field that starts on this line has no closing quote") == true)
    }

    @Test func aCRLFSplitAcrossTwoReadChunksIsOneLineEnd() throws {
        // The first row is padded (in a column the layout does not read) so that its CR is the last byte
        // of the first 64 KiB chunk.
        let header = "date,member,amount,memo\r\n"
        let start = "2024-03-01,alice,1.00,"
        let padding = CSVReader.chunkBytes - header.utf8.count - start.utf8.count - 1
        let directory = try TemporaryDirectory()
        let text = header + start + String(repeating: "p", count: padding) + "\r\n2024-03-02,ben,2.00,b\r\n2024-03-03,chen,x,c\r\n"
        let path = try directory.write("split.csv", text)
        #expect(Array(text.utf8)[CSVReader.chunkBytes - 1] == UInt8(ascii: "\r"))
        #expect(importError(path)?.hasPrefix("\(path):4: invalid amount 'x'") == true, "\(importError(path) ?? "no error")")
    }

    // Found by fuzzing: only the last CR before an LF was dropped, so a description holding CR LF in an
    // LF file (\r\n) and the same file saved with CRLF (\r\r\n) gave different descriptions and keys.

    @Test func everyCRBeforeAnLFInAQuotedFieldGoes() throws {
        let directory = try TemporaryDirectory()
        let lf = "date,member,amount,description\n2024-03-01,alice,1.00,\"a\r\nb\rc\r\r\n\"\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let fromLF = try rows(try directory.write("lf.csv", lf))
        let fromCRLF = try rows(try directory.write("crlf.csv", crlf))
        #expect(fromLF.map(\.description) == ["a\nb\rc"])
        #expect(fromCRLF.map(\.description) == ["a\nb\rc"])
        #expect(fromLF.map(\.key) == fromCRLF.map(\.key))
    }

    // Nasty inputs too large, or too regular, to keep as files. (Fields over the 64 KiB limit, quoted or
    // not, and quotes never closed are in DefaultLayoutTests.)

    @Test func aRowOfTenThousandSeparatorsIsTooManyFields() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("wide.csv", "date,member,amount\n2024-03-01,alice,1.00" + String(repeating: ",x", count: 10_000) + "\n")
        #expect(importError(path) == "\(path):2: the row has more than 256 fields; check that the separator is right")
    }

    @Test func everyByteValueInEveryFieldGivesRowsOrAnError() throws {
        // Each byte alone, quoted and unquoted, in each column of the default layout and of a rules layout.
        let directory = try TemporaryDirectory()
        let layouts: [(ImportRules?, String)] = [
            (nil, "date,member,amount,description,reference"),
            (try rules("encoding windows-1252\nseparator ;\ndate %1\ndate-format %-d %b %Y\nmember %2\namount %3\ndecimal-mark ,\nthousands-separator space\nnegative parentheses trailing-minus\namount-symbols € $\ndescription %4 %5\nreference %5"), "d;m;a;x;r"),
        ]
        let good = ["2024-03-01", "alice", "1.00", "text", "R1"]
        let goodRules = ["1 Mar 2024", "alice", "1,00", "text", "R1"]
        var outcomes = 0
        for (rules, header) in layouts {
            let separator = rules == nil ? UInt8(ascii: ",") : UInt8(ascii: ";")
            let values = rules == nil ? good : goodRules
            for column in 0..<5 {
                for byte in UInt8.min...UInt8.max {
                    for quoted in [false, true] {
                        var row = values.map { Array($0.utf8) }
                        row[column] = quoted ? [UInt8(ascii: "\""), byte, UInt8(ascii: "\"")] : [byte]
                        var bytes = Array((header + "\n").utf8)
                        for (index, field) in row.enumerated() {
                            if index > 0 { bytes.append(separator) }
                            bytes += field
                        }
                        bytes.append(UInt8(ascii: "\n"))
                        let path = try directory.write("bytes.csv", bytes)
                        do {
                            let read = try IncomeImport.IncomeFileReader(path: path, currency: nzd, rules: rules)
                            // Only the amount "0" reads as zero (a row the importer skips and counts).
                            try read.read { row in #expect(row.amountMinor != 0 || (column == 2 && byte == UInt8(ascii: "0"))) }
                        } catch is IncomeImportError {
                        }
                        outcomes += 1
                    }
                }
            }
        }
        #expect(outcomes == 2 * 5 * 256 * 2)
    }
}
