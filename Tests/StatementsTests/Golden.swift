import Foundation
import Testing
import TestSupport

/// `TestSupport.expectGolden` on this target's `Golden/` folder.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    try TestSupport.expectGolden(actual, name, in: directory, sourceLocation: sourceLocation)
}
