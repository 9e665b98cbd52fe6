import Foundation
import LedgerCore
import Testing

@testable import IncomeImport

/// Fixtures live beside the tests (Package.swift declares no resources), found through `#filePath`.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples/rules")

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func sample(_ name: String) -> String {
        samples.appendingPathComponent(name).path
    }
}

let nzd = try! Currency(code: "NZD")
let jpy = try! Currency(code: "JPY")
let bhd = try! Currency(code: "BHD")

func member(_ raw: String) -> MemberID {
    try! MemberID(raw)
}

func day(_ text: String) -> Day {
    try! Day(parsing: text)
}

/// Every row of a file.
func rows(_ path: String, currency: Currency = nzd, rules: ImportRules? = nil) throws -> [IncomeRow] {
    var rows: [IncomeRow] = []
    try IncomeFileReader(path: path, currency: currency, rules: rules).read { rows.append($0) }
    return rows
}

/// The import error a file raises, as the user reads it; nil when it reads cleanly.
func importError(_ path: String, currency: Currency = nzd, rules: ImportRules? = nil) -> String? {
    do {
        _ = try rows(path, currency: currency, rules: rules)
        return nil
    } catch let error as IncomeImportError {
        return error.description
    } catch {
        return "unexpected error type: \(error)"
    }
}

/// A scratch directory for generated files, removed by `cleanUp`.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

func rules(_ text: String) throws(IncomeImportError) -> ImportRules {
    try ImportRules(parsing: text, file: "test.rules")
}

/// Writes `csv` to a scratch file and reads it under `rulesText` (parsed as `test.rules`).
func rowsWithRules(_ rulesText: String, _ csv: [UInt8], currency: Currency = nzd) throws -> [IncomeRow] {
    let directory = try TemporaryDirectory()
    let path = try directory.write("bank.csv", csv)
    return try rows(path, currency: currency, rules: try rules(rulesText))
}

func rowsWithRules(_ rulesText: String, _ csv: String, currency: Currency = nzd) throws -> [IncomeRow] {
    try rowsWithRules(rulesText, Array(csv.utf8), currency: currency)
}

/// The message reading `csv` under `rulesText` fails with, the scratch file's path shown as FILE.
func errorWithRules(_ rulesText: String, _ csv: [UInt8], currency: Currency = nzd) -> String? {
    do {
        let directory = try TemporaryDirectory()
        let path = try directory.write("bank.csv", csv)
        return importError(path, currency: currency, rules: try rules(rulesText))?.replacingOccurrences(of: path, with: "FILE")
    } catch {
        return "rules did not parse: \(error)"
    }
}

func errorWithRules(_ rulesText: String, _ csv: String, currency: Currency = nzd) -> String? {
    errorWithRules(rulesText, Array(csv.utf8), currency: currency)
}

/// The message a rules text is refused with; nil when it parses.
func rulesError(_ text: String) -> String? {
    do {
        _ = try rules(text)
        return nil
    } catch {
        return error.description
    }
}
