import Foundation
@testable import PodLedger
import Testing

/// `AtomicDirectory`: a folder shows the whole new set or none of it, keeps what else it holds, and
/// leaves no temporary entry behind, whichever way the set is committed.
@Suite struct AtomicDirectoryTests {
    /// A fresh folder to work in; the target is `work/out`.
    static func workFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every entry under `folder`: relative path → "dir", "link → target", or "file inode contents".
    static func snapshot(_ folder: URL) throws -> [String: String] {
        var entries: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return entries }
        while let relative = walker.nextObject() as? String {
            let path = folder.appendingPathComponent(relative).path
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?: entries[relative] = "dir"
            case .typeSymbolicLink?: entries[relative] = "link → " + (try FileManager.default.destinationOfSymbolicLink(atPath: path))
            default:
                let inode = attributes[.systemFileNumber] as? Int ?? -1
                entries[relative] = "file \(inode) " + (try String(contentsOfFile: path, encoding: .utf8))
            }
        }
        return entries
    }

    /// Names in `folder` that a write left behind.
    static func temporaryEntries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".podledger-tmp-") }
    }

    /// A target that already holds a README, a subfolder with a file, a symlink and an older statement.
    static func existingTarget(in work: URL) throws -> URL {
        let target = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data("read me\n".utf8).write(to: target.appendingPathComponent("README.md"))
        try Data("body {}\n".utf8).write(to: target.appendingPathComponent("assets/site.css"))
        try Data("old\n".utf8).write(to: target.appendingPathComponent("2024-11-aurora.md"))
        try Data("to be replaced\n".utf8).write(to: target.appendingPathComponent("2024-12-aurora.md"))
        try FileManager.default.createSymbolicLink(atPath: target.appendingPathComponent("latest.md").path,
                                                   withDestinationPath: "2024-12-aurora.md")
        return target
    }

    @Test(arguments: [AtomicDirectory.Commit.automatic, .fileByFile])
    func aSetJoinsWhatTheFolderHolds(commit: AtomicDirectory.Commit) throws {
        let work = try Self.workFolder()
        let target = try Self.existingTarget(in: work)
        let before = try Self.snapshot(target)
        try AtomicDirectory(target.path, commit: commit).write { staging in
            try staging.write("new aurora\n", to: "2024-12-aurora.md")
            try staging.write("new kauri\n", to: "2024-12-kauri.md")
            try staging.write([0x68, 0x69, 0x0A], to: "assets/pods/kauri.txt")
        }
        let after = try Self.snapshot(target)
        for kept in ["README.md", "assets/site.css", "2024-11-aurora.md", "latest.md"] {
            #expect(after[kept] == before[kept], "\(kept) is kept as it was (a file: the same inode)")
        }
        #expect(after["2024-12-aurora.md"]?.hasSuffix(" new aurora\n") == true)
        #expect(after["2024-12-kauri.md"]?.hasSuffix(" new kauri\n") == true)
        #expect(after["assets/pods/kauri.txt"]?.hasSuffix(" hi\n") == true)
        #expect(Set(after.keys) == Set(before.keys).union(["2024-12-kauri.md", "assets/pods", "assets/pods/kauri.txt"]))
        #expect(try Self.temporaryEntries(work).isEmpty)
        #expect(try Self.temporaryEntries(target).isEmpty)
    }

    @Test func aNewFolderIsCreatedWithItsParents() throws {
        let work = try Self.workFolder()
        let target = work.appendingPathComponent("a/b/out")
        let names = try AtomicDirectory(target.path + "/").write { staging in
            try staging.write("x\n", to: "x.md")
            return ["x.md"]
        }
        #expect(names == ["x.md"])
        #expect(try Self.snapshot(target).keys.sorted() == ["x.md"])
        #expect(try Self.temporaryEntries(work.appendingPathComponent("a/b")).isEmpty)
    }

    struct Midway: Error {}

    /// The body fails after some files are staged: nothing changes, nothing is left beside the folder,
    /// and folders the write created for a new target are removed again.
    @Test(arguments: [AtomicDirectory.Commit.automatic, .fileByFile])
    func aFailureMidwayChangesNothing(commit: AtomicDirectory.Commit) throws {
        let work = try Self.workFolder()
        let target = try Self.existingTarget(in: work)
        let before = try Self.snapshot(target)
        #expect(throws: Midway.self) {
            try AtomicDirectory(target.path, commit: commit).write { staging in
                try staging.write("new aurora\n", to: "2024-12-aurora.md")
                try staging.write("new kauri\n", to: "2024-12-kauri.md")
                throw Midway()
            }
        }
        #expect(try Self.snapshot(target) == before)
        #expect(try Self.temporaryEntries(work).isEmpty)

        let fresh = work.appendingPathComponent("new/deeper")
        #expect(throws: Midway.self) {
            try AtomicDirectory(fresh.path, commit: commit).write { staging in
                try staging.write("x\n", to: "x.md")
                throw Midway()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["out"])
    }

    /// A file of the set where the folder has a subfolder (or the reverse) fails before anything changes.
    @Test(arguments: [AtomicDirectory.Commit.automatic, .fileByFile])
    func aFileWhereAFolderIsChangesNothing(commit: AtomicDirectory.Commit) throws {
        let work = try Self.workFolder()
        let target = try Self.existingTarget(in: work)
        let before = try Self.snapshot(target)
        #expect(throws: PodLedgerError.cannotWrite(path: target.path + "/assets", reason: "it is a directory")) {
            try AtomicDirectory(target.path, commit: commit).write { staging in
                try staging.write("new aurora\n", to: "2024-12-aurora.md")
                try staging.write("not a folder\n", to: "assets")
            }
        }
        #expect(throws: PodLedgerError.cannotWrite(path: target.path + "/README.md", reason: "it is a file, not a directory")) {
            try AtomicDirectory(target.path, commit: commit).write { staging in
                try staging.write("x\n", to: "README.md/x.md")
            }
        }
        #expect(try Self.snapshot(target) == before)
        #expect(try Self.temporaryEntries(work).isEmpty)
    }

    @Test func theSameNameTwiceIsAnError() throws {
        let work = try Self.workFolder()
        let target = work.appendingPathComponent("out")
        #expect(throws: PodLedgerError.cannotWrite(path: target.path + "/a.md", reason: "two files of the same set have this name")) {
            try AtomicDirectory(target.path).write { staging in
                try staging.write("1\n", to: "a.md")
                try staging.write("2\n", to: "a.md")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(try Self.temporaryEntries(work).isEmpty)
    }

    /// Temporary folders and files of killed writers are removed by the next write beside them; those of
    /// a process still running are not.
    @Test func staleTemporaryEntriesOfDeadProcessesAreRemoved() throws {
        let work = try Self.workFolder()
        let target = try Self.existingTarget(in: work)
        let dead = Int32.max - 7  // above any pid_max: no such process
        let alive = getpid()
        let stale = work.appendingPathComponent(AtomicDirectory.temporaryPrefix(for: "out") + "\(dead)-1a2b")
        let running = work.appendingPathComponent(AtomicDirectory.temporaryPrefix(for: "out") + "\(alive)-3c4d")
        let other = work.appendingPathComponent(AtomicDirectory.temporaryPrefix(for: "other") + "\(dead)-5e6f")
        for folder in [stale, running, other] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try Data("half\n".utf8).write(to: folder.appendingPathComponent("sub/2024-12-aurora.md"))
        }
        let staleFile = work.appendingPathComponent(AtomicDirectory.temporaryPrefix(for: "one.md") + "\(dead)-7a8b")
        try Data("half\n".utf8).write(to: staleFile)

        try AtomicDirectory(target.path).write { staging in try staging.write("new\n", to: "2024-12-aurora.md") }
        #expect(!FileManager.default.fileExists(atPath: stale.path), "a dead writer's folder is removed")
        #expect(FileManager.default.fileExists(atPath: running.path), "a running writer's folder is kept")
        #expect(FileManager.default.fileExists(atPath: other.path), "another target's folder is not this write's business")
        #expect(FileManager.default.fileExists(atPath: staleFile.path))

        try AtomicDirectory.writeFile("one\n", to: work.appendingPathComponent("one.md").path)
        #expect(!FileManager.default.fileExists(atPath: staleFile.path), "a dead writer's temporary file is removed")
        #expect(try String(contentsOf: work.appendingPathComponent("one.md"), encoding: .utf8) == "one\n")
    }

    @Test func oneFileIsReplacedWholeAndKeepsItsPermissions() throws {
        let work = try Self.workFolder()
        let file = work.appendingPathComponent("one.csv")
        try Data("old\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        try AtomicDirectory.writeFile("new\n", to: file.path)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o640)
        #expect(try Self.temporaryEntries(work).isEmpty)

        #expect(throws: PodLedgerError.cannotWrite(path: work.path, reason: "it is a directory")) {
            try AtomicDirectory.writeFile("x\n", to: work.path)
        }
        #expect(throws: PodLedgerError.cannotWrite(path: file.path, reason: "it is a file, not a directory")) {
            try AtomicDirectory.writeFile("x\n", to: file.path + "/x.csv")
        }
        #expect(try Self.temporaryEntries(work).isEmpty)
    }

    /// A symlinked target: the folder it points to gets the set; the link stays a link.
    @Test func aSymlinkedFolderIsWrittenThrough() throws {
        let work = try Self.workFolder()
        let real = try Self.existingTarget(in: work)
        let link = work.appendingPathComponent("reports")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "out")
        try AtomicDirectory(link.path).write { staging in try staging.write("new\n", to: "2024-12-tui.md") }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "out")
        #expect(try String(contentsOf: real.appendingPathComponent("2024-12-tui.md"), encoding: .utf8) == "new\n")
        #expect(FileManager.default.fileExists(atPath: real.appendingPathComponent("README.md").path))
        #expect(try Self.temporaryEntries(work).isEmpty)
    }

    /// Replacing (a published site): the folder ends with the new set and its hidden top entries only, whichever
    /// way the set is committed; a file the new set no longer has is gone, also inside a folder both have.
    @Test(arguments: [AtomicDirectory.Commit.automatic, .fileByFile])
    func aReplacedFolderKeepsOnlyTheNewSetAndHiddenEntries(commit: AtomicDirectory.Commit) throws {
        let work = try Self.workFolder()
        let target = try Self.existingTarget(in: work)
        try FileManager.default.createDirectory(at: target.appendingPathComponent(".git/refs"), withIntermediateDirectories: true)
        try Data("ref\n".utf8).write(to: target.appendingPathComponent(".git/HEAD"))
        try Data().write(to: target.appendingPathComponent(".nojekyll"))
        let kept = try Self.snapshot(target).filter { $0.key.hasPrefix(".") }
        try AtomicDirectory(target.path, commit: commit, existing: .replaced).write { staging in
            try staging.write("new aurora\n", to: "2024-12-aurora.md")
            try staging.write("index\n", to: "assets/index.html")
        }
        let after = try Self.snapshot(target)
        #expect(Set(after.keys) == Set(kept.keys).union(["2024-12-aurora.md", "assets", "assets/index.html"]))
        for (name, entry) in kept { #expect(after[name] == entry, "\(name) is kept, the same entry") }
        #expect(try String(contentsOf: target.appendingPathComponent("assets/index.html"), encoding: .utf8) == "index\n")
        #expect(try Self.temporaryEntries(work).isEmpty)
        #expect(try Self.temporaryEntries(target).isEmpty)
    }
}
