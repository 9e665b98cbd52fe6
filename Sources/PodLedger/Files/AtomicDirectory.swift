import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a set of files into a folder so that the folder shows the whole new set or none of it (SPEC §10:
/// "files written for the user appear whole or not at all"), whatever else the folder already holds.
///
/// `write { staging in … }` runs its body against a fresh temporary folder beside the target
/// (`.Reports.podledger-tmp-PID-RANDOM`, on the same file system, so renames stay renames), then commits:
///
/// 1. **The target does not exist**: the temporary folder is renamed to it. One `rename(2)`.
/// 2. **The target exists**: every entry of the target that the new set does not replace is mirrored into
///    the temporary folder (regular files as hard links, so no data is copied and a file edited in place
///    stays one file; symlinks recreated; subfolders recreated with their permissions), then the two
///    folders are swapped with one `renameat2(RENAME_EXCHANGE)`, and the old one (now at the temporary
///    name) is removed. Anything that appeared in the target while the set was being staged is moved into
///    the new folder first, unless the new set has a file of that name (the new set wins).
/// 3. **Fallback, file by file**: where the swap is not possible — no `renameat2` (not Linux, or an old C
///    library), a file system that refuses `RENAME_EXCHANGE`, an entry that cannot be hard-linked (another
///    user's file under `protected_hardlinks`, a FIFO, a name that is not UTF-8, a mount point below the
///    target) — each new file is renamed into the target in turn. Each file still appears whole, but a
///    command killed during those renames leaves the target with part of the new set beside the old
///    files: that window (a rename per file, milliseconds for thousands of files) is the price of those
///    set-ups. The same holds when the folder above the target is not writable or is another file system
///    (the target is a mount point): the temporary folder is then made inside the target.
///
/// Before the commit a file of the new set that would replace a folder (or a folder that would replace a
/// file) fails the write with nothing changed. On any failure, thrown by the body or by the file system
/// (a full disk, a permission), the temporary folder is removed and the target is as it was. A command
/// killed before the commit leaves its temporary folder behind; the next write to the same target removes
/// every such folder whose process (the PID in its name) is gone, and no other.
///
/// Durability: files are written without an `fsync` each; before the commit one `syncfs(2)` writes back
/// the temporary folder's file system (data, inodes and links of the whole set) and after the commit an
/// `fsync` of the folder above makes the rename itself durable. One `fsync` per file costs a journal
/// commit each on ext4 (thousands of them for a network's statements) for the same guarantee; `syncfs`
/// also writes back other programs' pending data on that file system, which is the cost we accept.
/// Without `syncfs` each file is `fsync`ed as it is written, and the staged folders before the commit.
///
/// **Replacing** (`existing: .replaced`, what `publish` uses for a site): the target's other entries are not
/// kept, except those at its top whose name starts with `.` (`.git`, `.nojekyll`): the same steps, mirroring
/// only those; after the swap nothing else is rescued, and in the file-by-file fallback every other entry is
/// removed once the new files are in.
///
/// `publish` and `export` use the same type; `writeFile(_:to:)` is the one-file case.
public struct AtomicDirectory: Sendable {
    /// The target folder, as given (messages name it, and files under it, this way).
    public let path: String

    /// How to commit into an existing target: `.automatic` swaps the folders where possible, `.fileByFile`
    /// always renames file by file (tests exercise the fallback with it).
    enum Commit: Sendable { case automatic, fileByFile }

    /// What becomes of what an existing target holds besides the new set.
    public enum Existing: Sendable {
        /// Kept (a `Reports/` folder with a README).
        case kept
        /// Removed, but for the hidden entries at the top (a site's folder: a file the new set no longer has
        /// must not stay published).
        case replaced
    }

    let commit: Commit
    let existing: Existing

    public init(_ path: String, existing: Existing = .kept) {
        self.init(path, commit: .automatic, existing: existing)
    }

    init(_ path: String, commit: Commit, existing: Existing = .kept) {
        self.path = path
        self.commit = commit
        self.existing = existing
    }

    /// Whether an entry of the existing target stays beside the new set (`relative`: its path in the target).
    func keeps(_ relative: String) -> Bool {
        existing == .kept || (!relative.contains("/") && relative.hasPrefix("."))
    }

    /// What a temporary folder or file beside `name` is called up to the PID: `.NAME.podledger-tmp-`.
    /// Long names are cut (a name holds at most 255 bytes), the same way every time.
    static func temporaryPrefix(for name: String) -> String {
        "." + String(decoding: name.utf8.prefix(120), as: UTF8.self) + ".podledger-tmp-"
    }

    /// The temporary folder made inside a target whose parent cannot hold it.
    static let insidePrefix = ".podledger-tmp-"

    // MARK: Writing a set

    /// Runs `body` to stage the new set, then commits it (see the type's comment). Returns what `body` does.
    public func write<Result>(_ body: (Staging) throws -> Result) throws -> Result {
        var target = Self.trimmingTrailingSlashes(path)
        // Folders above first, so that a file among them is named as such.
        let createdFolders = try Self.makeDirectories(Self.split(target).parent)
        var existing = try statusForMessages(target)
        if existing?.kind == .symlink || [".", ".."].contains(Self.split(target).name) {
            // Swap the folder a symlink points to, never the symlink itself.
            target = try mapped { try FileSystem.resolve(target) }
            existing = try statusForMessages(target)
        }
        if let existing, existing.kind != .directory {
            for folder in createdFolders.reversed() { try? FileSystem.removeDirectory(folder) }
            throw PodLedgerError.cannotWrite(path: path, reason: "it is a file, not a directory")
        }
        let (parent, name) = Self.split(target)

        var inside = name.isEmpty
        if let existing, !inside, let above = try? FileSystem.status(parent), above.device != existing.device {
            inside = true
        }
        var staging: String
        if inside {
            staging = try mapped { try Self.makeStaging(in: target, prefix: Self.insidePrefix) }
        } else {
            do {
                staging = try Self.makeStaging(in: parent, prefix: Self.temporaryPrefix(for: name))
            } catch let error as SystemCallError where existing != nil && [EACCES, EPERM, EROFS].contains(error.code) {
                inside = true
                staging = try mapped { try Self.makeStaging(in: target, prefix: Self.insidePrefix) }
            } catch {
                for folder in createdFolders.reversed() { try? FileSystem.removeDirectory(folder) }
                throw mappedError(error, staging: nil, target: target)
            }
        }

        if existing != nil && !inside { Self.removeStale(in: target, prefix: Self.insidePrefix) }
        let stage = Staging(root: staging, display: path, syncEachFile: !FileSystem.canSyncFileSystem)
        do {
            let result = try body(stage)
            if let existing {
                try checkConflicts(stage, target: target)
                try commitIntoExisting(stage, target: target, status: existing, parent: parent, inside: inside)
            } else {
                try flush(stage, mirroredFolders: [])
                try FileSystem.rename(staging, to: target)
                try? FileSystem.sync(parent)
            }
            return result
        } catch {
            try? FileSystem.removeTree(staging)
            for folder in createdFolders.reversed() { try? FileSystem.removeDirectory(folder) }
            throw mappedError(error, staging: staging, target: target)
        }
    }

    /// Steps 2 and 3 of the type's comment. Throws only before anything in the target has changed, except
    /// during the file-by-file renames.
    private func commitIntoExisting(_ stage: Staging, target: String, status: FileSystem.Status, parent: String, inside: Bool) throws {
        var flushed = false
        if !inside && commit == .automatic {
            do {
                var mirroredFolders: [String] = []
                try mirror(from: target, into: stage.root, relative: "", stage: stage, device: status.device,
                           folders: &mirroredFolders)
                try FileSystem.copyAttributes(status, to: stage.root)
                try flush(stage, mirroredFolders: mirroredFolders)
                flushed = true
                if try FileSystem.exchange(stage.root, target) {
                    try? FileSystem.sync(parent)
                    // The old folder is now at the temporary name.
                    rescue(from: stage.root, into: target, relative: "", stage: stage)
                    try? FileSystem.removeTree(stage.root)
                    return
                }
            } catch is MirrorImpossible {
                // File by file after all; the links made so far go with the temporary folder.
            }
        }
        if !flushed { try flush(stage, mirroredFolders: []) }
        var touched = [target]
        for folder in stage.folders where try FileSystem.status(target + "/" + folder) == nil {
            try FileSystem.makeDirectory(target + "/" + folder)
            touched.append(target + "/" + folder)
        }
        for file in stage.files {
            try FileSystem.rename(stage.root + "/" + file, to: target + "/" + file)
        }
        if existing == .replaced { removeOthers(in: target, relative: "", stage: stage) }
        for folder in Set(touched + stage.folders.map({ target + "/" + $0 })) { try? FileSystem.sync(folder) }
        try? FileSystem.removeTree(stage.root)
    }

    /// A file of the new set where the target has a folder, or a folder where it has something else, is
    /// refused before anything changes: replacing a folder would delete what is in it.
    private func checkConflicts(_ stage: Staging, target: String) throws {
        for folder in stage.folders {
            if let status = try FileSystem.status(target + "/" + folder), status.kind != .directory {
                throw PodLedgerError.cannotWrite(path: join(path, folder), reason: "it is a file, not a directory")
            }
        }
        for file in stage.files {
            if let status = try FileSystem.status(target + "/" + file), status.kind == .directory {
                throw PodLedgerError.cannotWrite(path: join(path, file), reason: "it is a directory")
            }
        }
    }

    private struct MirrorImpossible: Error {}

    /// Replacing, file by file: removes what the target holds that the new set has not (but the hidden entries
    /// at the top, and the temporary folder made inside it). Best effort, after the new files are in.
    private func removeOthers(in folder: String, relative: String, stage: Staging) {
        guard let entries = try? FileSystem.entries(of: folder) else { return }
        for case let name? in entries {
            let inner = relative.isEmpty ? name : relative + "/" + name
            if relative.isEmpty && (name.hasPrefix(Self.insidePrefix) || keeps(inner)) { continue }
            if stage.fileNames.contains(inner) { continue }
            if stage.folderNames.contains(inner), (try? FileSystem.status(folder + "/" + name))?.kind == .directory {
                removeOthers(in: folder + "/" + name, relative: inner, stage: stage)
                continue
            }
            try? FileSystem.removeTree(folder + "/" + name)
        }
    }

    /// Links every entry of `source` that the new set does not replace into `destination`.
    private func mirror(from source: String, into destination: String, relative: String, stage: Staging,
                        device: UInt64, folders: inout [String]) throws {
        for entry in try FileSystem.entries(of: source) {
            guard let name = entry else { throw MirrorImpossible() }
            let inner = relative.isEmpty ? name : relative + "/" + name
            if relative.isEmpty && name.hasPrefix(Self.insidePrefix) { continue }
            if stage.fileNames.contains(inner) || (relative.isEmpty && !keeps(inner)) { continue }
            let from = source + "/" + name
            let to = destination + "/" + name
            guard let status = try FileSystem.status(from) else { continue }
            switch status.kind {
            case .file:
                do {
                    try FileSystem.link(from, as: to)
                } catch let error as SystemCallError where [EXDEV, EPERM, EMLINK, ENOTSUP, EOPNOTSUPP].contains(error.code) {
                    throw MirrorImpossible()
                }
            case .symlink:
                try FileSystem.makeSymlink(to, pointingTo: try FileSystem.readLink(from))
            case .directory:
                guard status.device == device else { throw MirrorImpossible() }
                if !stage.folderNames.contains(inner) { try FileSystem.makeDirectory(to, permissions: 0o700) }
                try mirror(from: from, into: to, relative: inner, stage: stage, device: device, folders: &folders)
                // After its entries: a read-only folder's permissions would stop the links.
                try FileSystem.copyAttributes(status, to: to)
                folders.append(to)
            case .other:
                throw MirrorImpossible()
            }
        }
    }

    /// After the swap: moves into the new folder whatever the old one holds that was not mirrored (it
    /// appeared in the target while the set was staged), unless the new set has that name. Best effort.
    private func rescue(from old: String, into new: String, relative: String, stage: Staging) {
        guard let entries = try? FileSystem.entries(of: old) else { return }
        for case let name? in entries {
            let inner = relative.isEmpty ? name : relative + "/" + name
            if relative.isEmpty && !keeps(inner) { continue }
            let from = old + "/" + name
            let to = new + "/" + name
            guard let was = try? FileSystem.status(from) else { continue }
            let now = try? FileSystem.status(to)
            if was.kind == .directory, now?.kind == .directory {
                rescue(from: from, into: to, relative: inner, stage: stage)
                continue
            }
            if let now, now.kind == was.kind {
                if was.kind == .file && now.inode == was.inode { continue }
                if was.kind == .symlink && (try? FileSystem.readLink(from)) == (try? FileSystem.readLink(to)) { continue }
            }
            if stage.fileNames.contains(inner) || stage.folderNames.contains(inner) { continue }
            try? FileSystem.rename(from, to: to)
        }
    }

    /// Makes the staged set durable before it is committed (see the type's comment).
    private func flush(_ stage: Staging, mirroredFolders: [String]) throws {
        if FileSystem.canSyncFileSystem {
            try FileSystem.syncFileSystem(containing: stage.root)
        } else {
            for folder in stage.folders.map({ stage.root + "/" + $0 }) + mirroredFolders + [stage.root] {
                try FileSystem.sync(folder)
            }
        }
    }

    // MARK: Writing one file

    /// Replaces (or creates) the file at `path` with `text`: written to a temporary file beside it,
    /// `fsync`ed, renamed over it, and the folder `fsync`ed. A symlink is written through; the folder is
    /// created when missing; an existing file keeps its permissions. On failure the temporary file is
    /// removed and the file is as it was; temporary files of killed runs are removed as in `write(_:)`.
    public static func writeFile(_ text: String, to path: String) throws {
        var text = text
        try text.withUTF8 { try writeFile(UnsafeRawBufferPointer($0), to: path) }
    }

    public static func writeFile(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try writeFile($0, to: path) }
    }

    static func writeFile(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        try writeFile(to: path) { file in try file.append(bytes) }
    }

    /// `writeFile(_:to:)` for text made a piece at a time (an export of a large ledger): `body` gets a function
    /// that appends text to the temporary file, through a 64 KiB buffer, so the whole text is never held. The
    /// file appears at `path` whole when `body` returns, and not at all when it throws.
    public static func writeFile(to path: String, streaming body: (_ append: (String) throws -> Void) throws -> Void) throws {
        try writeFile(to: path) { file in
            let bufferMax = 1 << 16
            var buffer: [UInt8] = []
            buffer.reserveCapacity(bufferMax)
            try body { text in
                buffer.append(contentsOf: text.utf8)
                if buffer.count >= bufferMax {
                    try buffer.withUnsafeBytes { try file.append($0) }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try buffer.withUnsafeBytes { try file.append($0) }
        }
    }

    /// The one-file write: `fill` writes the temporary file, which is then `fsync`ed and renamed over `path`.
    private static func writeFile(to path: String, fill: (FileSystem.NewFile) throws -> Void) throws {
        let writer = AtomicDirectory(path)
        let createdFolders = try makeDirectories(split(path).parent)
        var target = path
        if try writer.statusForMessages(target)?.kind == .symlink {
            target = try writer.mapped { try FileSystem.resolve(target) }
        }
        let existing = try writer.statusForMessages(target)
        if existing?.kind == .directory {
            for folder in createdFolders.reversed() { try? FileSystem.removeDirectory(folder) }
            throw PodLedgerError.cannotWrite(path: path, reason: "it is a directory")
        }
        let (parent, name) = split(target)
        removeStale(in: parent, prefix: temporaryPrefix(for: name))
        let temporary = parent + "/" + temporaryPrefix(for: name) + uniqueSuffix()
        do {
            let file = try FileSystem.NewFile(creating: temporary)
            try fill(file)
            try file.finish(sync: true)
            if let existing, existing.kind == .file { try FileSystem.changePermissions(temporary, existing.permissions) }
            try FileSystem.rename(temporary, to: target)
        } catch {
            try? FileSystem.removeFile(temporary)
            for folder in createdFolders.reversed() { try? FileSystem.removeDirectory(folder) }
            if let error = error as? SystemCallError { throw PodLedgerError.cannotWrite(path: path, reason: error.reason) }
            throw error
        }
        try? FileSystem.sync(parent)
    }

    // MARK: Temporary names

    /// Removes the temporary folders and files in `folder` named with `prefix` whose process is gone.
    static func removeStale(in folder: String, prefix: String) {
        guard let entries = try? FileSystem.entries(of: folder) else { return }
        for case let name? in entries where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
            if !FileSystem.processExists(pid) { try? FileSystem.removeTree(folder + "/" + name) }
        }
    }

    /// `PID-RANDOM`: the PID tells a later run whether the writer is still alive.
    static func uniqueSuffix() -> String {
        "\(FileSystem.processID)-" + String(UInt32.random(in: .min ... .max), radix: 16)
    }

    /// Removes stale temporary folders beside `name` in `folder`, then makes a new one.
    private static func makeStaging(in folder: String, prefix: String) throws -> String {
        removeStale(in: folder, prefix: prefix)
        let staging = folder + "/" + prefix + uniqueSuffix()
        try FileSystem.makeDirectory(staging)
        return staging
    }

    // MARK: Paths and errors

    static func trimmingTrailingSlashes(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    /// The folder above and the last name: `Reports` → (`.`, `Reports`), `/` → (`/`, ``).
    static func split(_ path: String) -> (parent: String, name: String) {
        let path = trimmingTrailingSlashes(path)
        if path == "/" { return ("/", "") }
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = path[..<slash]
        return (parent.isEmpty ? "/" : String(parent), String(path[path.index(after: slash)...]))
    }

    /// Creates `path` and the folders above it that are missing; returns the ones it created, outermost first.
    static func makeDirectories(_ path: String) throws -> [String] {
        var missing: [String] = []
        var current = trimmingTrailingSlashes(path)
        while true {
            let status: FileSystem.Status?
            do {
                status = try FileSystem.status(current)
            } catch let error as SystemCallError {
                throw PodLedgerError.cannotWrite(path: current, reason: error.reason)
            }
            if let status {
                guard status.kind == .directory || (status.kind == .symlink && (try? FileSystem.resolve(current)) != nil) else {
                    throw PodLedgerError.cannotWrite(path: current, reason: "it is a file, not a directory")
                }
                break
            }
            missing.append(current)
            let parent = split(current).parent
            if parent == current { break }
            current = parent
        }
        var created: [String] = []
        for folder in missing.reversed() {
            do {
                try FileSystem.makeDirectory(folder)
                created.append(folder)
            } catch let error as SystemCallError where error.code == EEXIST {
                continue
            } catch let error as SystemCallError {
                for made in created.reversed() { try? FileSystem.removeDirectory(made) }
                throw PodLedgerError.cannotWrite(path: folder, reason: error.reason)
            }
        }
        return created
    }

    private func statusForMessages(_ target: String) throws -> FileSystem.Status? {
        try mapped { try FileSystem.status(target) }
    }

    private func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SystemCallError {
            throw PodLedgerError.cannotWrite(path: path, reason: error.reason)
        }
    }

    /// A file system error as the user should read it: naming the target (or the file under it), never
    /// the temporary folder.
    private func mappedError(_ error: Error, staging: String?, target: String) -> Error {
        guard let error = error as? SystemCallError else { return error }
        var shown = path
        for root in [staging, target].compactMap({ $0 }) {
            if error.path.hasPrefix(root + "/") {
                shown = join(path, String(error.path.dropFirst(root.count + 1)))
                break
            }
        }
        return PodLedgerError.cannotWrite(path: shown, reason: error.reason)
    }

    private func join(_ folder: String, _ name: String) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + name
    }

    // MARK: Staging

    /// The temporary folder a set is written into; names are relative to the target (`2024-12-aurora.html`,
    /// or `pods/aurora.html`: folders are made as needed). Files may be written from several threads at once
    /// (`statement --all` writes each pod's files where it renders them): the names are kept under a lock.
    public final class Staging: @unchecked Sendable {
        private let lock = NSLock()
        let root: String
        /// The target as given, for messages.
        private let display: String
        private let syncEachFile: Bool
        /// Staged files and folders, in the order written (a folder before what is in it).
        private(set) var files: [String] = []
        private(set) var folders: [String] = []
        private(set) var fileNames: Set<String> = []
        private(set) var folderNames: Set<String> = []

        init(root: String, display: String, syncEachFile: Bool) {
            self.root = root
            self.display = display
            self.syncEachFile = syncEachFile
        }

        public func write(_ text: String, to name: String) throws {
            var text = text
            try text.withUTF8 { try write(UnsafeRawBufferPointer($0), to: name) }
        }

        public func write(_ bytes: [UInt8], to name: String) throws {
            try bytes.withUnsafeBytes { try write($0, to: name) }
        }

        func write(_ bytes: UnsafeRawBufferPointer, to name: String) throws {
            let components = name.split(separator: "/", omittingEmptySubsequences: false)
            precondition(!components.contains { $0.isEmpty || $0 == "." || $0 == ".." } && !name.contains("\0"),
                         "'\(name)' is not a relative path inside the folder")
            try lock.withLock { try reserve(name, components: components) }
            try FileSystem.createFile(root + "/" + name, bytes: bytes, sync: syncEachFile)
        }

        /// Takes `name` for a file of the set, making the folders it is in; under the lock.
        private func reserve(_ name: String, components: [Substring]) throws {
            if fileNames.contains(name) || folderNames.contains(name) {
                throw PodLedgerError.cannotWrite(path: shown(name), reason: "two files of the same set have this name")
            }
            var folder = ""
            for component in components.dropLast() {
                folder = folder.isEmpty ? String(component) : folder + "/" + component
                if fileNames.contains(folder) {
                    throw PodLedgerError.cannotWrite(path: shown(folder), reason: "a file of the same set has this name")
                }
                if folderNames.insert(folder).inserted {
                    try FileSystem.makeDirectory(root + "/" + folder)
                    folders.append(folder)
                }
            }
            files.append(name)
            fileNames.insert(name)
        }

        private func shown(_ name: String) -> String { (display.hasSuffix("/") ? display : display + "/") + name }
    }
}
