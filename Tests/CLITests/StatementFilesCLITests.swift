import Foundation
import Testing

/// `statement --all` and `-o` as file writers (SPEC §10: files appear whole or not at all): the output
/// folder keeps what it holds, a failure leaves it exactly as it was, and no temporary entry is left.
@Suite struct StatementFilesCLITests {
    static let setNames = StatementCLITests.decemberSet

    /// Relative path → "dir" or "inode bytes-as-text", for "exactly as before" comparisons.
    static func snapshot(_ folder: URL) throws -> [String: String] {
        var entries: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return entries }
        while let relative = walker.nextObject() as? String {
            let path = folder.appendingPathComponent(relative).path
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                entries[relative] = "dir"
            } else {
                entries[relative] = "\(attributes[.systemFileNumber] as? Int ?? -1) " + (try String(contentsOfFile: path, encoding: .utf8))
            }
        }
        return entries
    }

    static func leftovers(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("podledger-tmp") || $0.contains(".nosync") }
    }

    /// A Reports/ folder as a user keeps it: a README and last month's statements.
    static func reportsFolder(_ cli: CLI) throws -> URL {
        let work = cli.directory.appendingPathComponent("work-\(UUID().uuidString)")
        let reports = work.appendingPathComponent("Reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data("# Our pod's statements\n".utf8).write(to: reports.appendingPathComponent("README.md"))
        let november = try cli.run(["statement", "--all", "--month", "2024-11", "--output-dir", reports.path])
        #expect(november.status == 0, "\(november.stderr)")
        return reports
    }

    @Test func allIntoAFolderWithAReadmeKeepsTheReadme() throws {
        let cli = try StatementCLITests.demo()
        let reports = try Self.reportsFolder(cli)
        let before = try Self.snapshot(reports)
        let result = try cli.run(["statement", "--all", "--month", "2024-12", "--output-dir", reports.path])
        #expect(result.status == 0, "\(result.stderr)")
        let after = try Self.snapshot(reports)
        #expect(Set(after.keys) == Set(before.keys).union(Self.setNames))
        for (name, entry) in before {
            #expect(after[name] == entry, "\(name) is kept, the same file")
        }
        #expect(after["README.md"]?.hasSuffix(" # Our pod's statements\n") == true)
        let single = try cli.run(["statement", "--pod", "kauri", "--month", "2024-12", "--format", "md"])
        #expect(try String(contentsOf: reports.appendingPathComponent("2024-12-kauri.md"), encoding: .utf8) == single.stdout)
        #expect(try Self.leftovers(reports.deletingLastPathComponent()).isEmpty)
        #expect(try Self.leftovers(reports).isEmpty)
    }

    /// A folder where a statement should go: the command fails naming it, having changed nothing, and
    /// nothing is left beside the output folder.
    @Test func aFailureMidwayLeavesTheFolderAsItWas() throws {
        let cli = try StatementCLITests.demo()
        let reports = try Self.reportsFolder(cli)
        let blocker = reports.appendingPathComponent("2024-12-network.md")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: blocker.appendingPathComponent("notes.txt"))
        let before = try Self.snapshot(reports)
        let result = try cli.run(["statement", "--all", "--month", "2024-12", "--output-dir", reports.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "podledger: error: \(blocker.path): cannot write a statement there: it is a directory\n")
        #expect(try Self.snapshot(reports) == before)
        #expect(try Self.leftovers(reports.deletingLastPathComponent()).isEmpty)
        #expect(try Self.leftovers(reports).isEmpty)
    }

    /// A killed run's temporary folder beside Reports/ (its process gone) is removed by the next run.
    @Test func aKilledRunsTemporaryFolderIsRemovedLater() throws {
        let cli = try StatementCLITests.demo()
        let reports = try Self.reportsFolder(cli)
        let work = reports.deletingLastPathComponent()
        let stale = work.appendingPathComponent(".Reports.podledger-tmp-\(Int32.max - 3)-9f8e")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data("half a statement".utf8).write(to: stale.appendingPathComponent("2024-12-aurora.html"))
        let staleFile = work.appendingPathComponent(".aurora.csv.podledger-tmp-\(Int32.max - 3)-7d6c")
        try Data("half".utf8).write(to: staleFile)

        let result = try cli.run(["statement", "--all", "--month", "2024-12", "--output-dir", reports.path])
        #expect(result.status == 0, "\(result.stderr)")
        let single = try cli.run(["statement", "--pod", "aurora", "--month", "2024-12", "--format", "csv",
                                  "-o", work.appendingPathComponent("aurora.csv").path])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["Reports", "aurora.csv"])
    }

    @Test func oneFileLeavesNothingBeside() throws {
        let cli = try StatementCLITests.demo()
        let work = cli.directory.appendingPathComponent("one-\(UUID().uuidString)")
        let file = work.appendingPathComponent("aurora.md")
        for month in ["2024-11", "2024-12"] {
            let result = try cli.run(["statement", "--pod", "aurora", "--month", month, "--format", "md", "-o", file.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let printed = try cli.run(["statement", "--pod", "aurora", "--month", "2024-12", "--format", "md"])
        #expect(try String(contentsOf: file, encoding: .utf8) == printed.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["aurora.md"])
        let refused = try cli.run(["statement", "--pod", "aurora", "--month", "2024-12", "-o", work.path])
        #expect(refused.status == 1)
        #expect(refused.stderr == "podledger: error: \(work.path): cannot write a statement there: it is a directory\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["aurora.md"])
    }
}
