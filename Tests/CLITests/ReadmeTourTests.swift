import Foundation
import Testing

/// The README's tour runs as printed: every `$ podledger …` line of its console blocks, in order, in a folder
/// holding the repository's `Samples/`, prints what the README shows (`...` stands for any lines).
@Suite struct ReadmeTourTests {
    struct Step {
        let command: String
        let expected: [String]
    }

    static func steps() throws -> [Step] {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## A short tour") else { return [] }
        let tour = readme[start.upperBound...].components(separatedBy: "\n## ")[0]
        var steps: [Step] = []
        var inBlock = false
        for line in tour.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                inBlock = line == "```console"
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                steps.append(Step(command: String(line.dropFirst(2)), expected: []))
            } else if let last = steps.popLast() {
                steps.append(Step(command: last.command, expected: last.expected + [line]))
            }
        }
        return steps
    }

    /// Whether `actual` is `expected` with each `...` standing for any number of lines.
    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "..." {
            return (actual.startIndex...actual.endIndex).contains { matches(expected.dropFirst(), actual[$0...]) }
        }
        return actual.first == first && matches(expected.dropFirst(), actual.dropFirst())
    }

    @Test func theTourRunsAsPrinted() throws {
        let steps = try Self.steps()
        #expect(steps.count >= 10, "the tour has its commands")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-tour-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("Ledgers"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("Samples"),
                                                   withDestinationURL: CLI.packageRoot.appendingPathComponent("Samples"))
        let binaries = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        for step in steps {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "(\(step.command)) 2>&1"]
            process.currentDirectoryURL = work
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["PODLEDGER_LEDGER"] = nil
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            var actual = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            if actual.last == "" { actual.removeLast() }
            var expected = step.expected
            while expected.last == "" { expected.removeLast() }
            #expect(Self.matches(expected[...], actual[...]), """
                `\(step.command)` printed:
                \(actual.joined(separator: "\n"))
                but the README shows:
                \(expected.joined(separator: "\n"))
                """)
        }
    }
}
