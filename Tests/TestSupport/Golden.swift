import Foundation
import Testing

/// Compares `actual` with the golden file `name` in `directory`; with `UPDATE_GOLDEN=1` in the environment
/// it writes the file instead (review the diff before committing it). A difference is reported with the
/// first line that differs.
public func expectGolden(_ actual: String, _ name: String, in directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("missing golden file \(name); run with UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard actual != expected else { return }
    let actualLines = actual.components(separatedBy: "\n")
    let expectedLines = expected.components(separatedBy: "\n")
    let firstDifference = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(actualLines.count, expectedLines.count)
    let got = firstDifference < actualLines.count ? actualLines[firstDifference] : "<end>"
    let want = firstDifference < expectedLines.count ? expectedLines[firstDifference] : "<end>"
    Issue.record("""
        \(name) differs from its golden file at line \(firstDifference + 1):
          got:  \(got)
          want: \(want)
        (UPDATE_GOLDEN=1 rewrites the golden files)
        """, sourceLocation: sourceLocation)
}
