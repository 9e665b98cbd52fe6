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

func rules(_ text: String) throws -> ImportRules {
    try ImportRules(parsing: text, file: "test.rules")
}
