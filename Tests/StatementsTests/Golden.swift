import Foundation
import Testing

/// Compares output with a golden file under `Golden/`; with `UPDATE_GOLDEN=1` in the environment,
/// writes the file instead (review the diff before committing it).
func expectGolden(_ actual: String, _ name: String, filePath: String = #filePath,
                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("missing golden file \(name); run with UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if actual != expected {
        let actualLines = actual.components(separatedBy: "\n")
        let expectedLines = expected.components(separatedBy: "\n")
        let firstDifference = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actualLines.count, expectedLines.count)
        let got = firstDifference < actualLines.count ? actualLines[firstDifference] : "<end>"
        let want = firstDifference < expectedLines.count ? expectedLines[firstDifference] : "<end>"
        Issue.record("""
            \(name) differs from its golden file at line \(firstDifference + 1):
              got:  \(got)
              want: \(want)
            (UPDATE_GOLDEN=1 rewrites the golden files)
            """, sourceLocation: sourceLocation)
    }
}
