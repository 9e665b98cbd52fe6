#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A system call that failed: which call, on which path, and `errno`.
struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    let call: String
    let path: String
    let code: Int32

    /// `strerror`'s few words ("No space left on device").
    var reason: String { String(cString: strerror(code)) }

    var description: String { "\(call)(\(path)): \(reason)" }
}

/// The POSIX calls `AtomicDirectory` needs, each turning `-1`/`errno` into a `SystemCallError` at once.
///
/// The only file of the PodLedger target that calls the C library for files. Paths are Swift strings; a
/// directory entry whose name is not valid UTF-8 is reported as such (`entries(of:)`), never mangled.
/// Linux-only calls (`renameat2`, `syncfs`) are looked up at run time, so an older C library, or a
/// platform without them, takes the portable path instead.
enum FileSystem {
    enum Kind: Equatable { case file, directory, symlink, other }

    struct Status: Equatable {
        let kind: Kind
        /// Permission bits (`st_mode & 0o7777`).
        let permissions: mode_t
        let device: UInt64
        let inode: UInt64
        let owner: uid_t
        let group: gid_t
    }

    /// `lstat`: what is at `path` (a symlink is not followed), nil when nothing is.
    static func status(_ path: String) throws -> Status? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw SystemCallError(call: "lstat", path: path, code: errno)
        }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        return Status(kind: kind, permissions: info.st_mode & 0o7777, device: UInt64(info.st_dev),
                      inode: UInt64(info.st_ino), owner: info.st_uid, group: info.st_gid)
    }

    static func makeDirectory(_ path: String, permissions: mode_t = 0o777) throws {
        guard mkdir(path, permissions) == 0 else { throw SystemCallError(call: "mkdir", path: path, code: errno) }
    }

    /// `chmod` and, where allowed, `chown` to match `status` (a folder put in another's place keeps its
    /// permissions; its owner only when we may set it, so not being root is no error).
    static func copyAttributes(_ status: Status, to path: String) throws {
        guard chmod(path, status.permissions) == 0 else { throw SystemCallError(call: "chmod", path: path, code: errno) }
        _ = chown(path, status.owner, status.group)
    }

    /// Creates `path` (it must not exist) holding `bytes`; `fsync`s it first when `sync` is set.
    static func createFile(_ path: String, bytes: UnsafeRawBufferPointer, permissions: mode_t = 0o666, sync: Bool) throws {
        let file = try NewFile(creating: path, permissions: permissions)
        try file.append(bytes)
        try file.finish(sync: sync)
    }

    /// A file being written from its start: created (it must not exist), appended to, then finished (`fsync`ed
    /// when asked, and closed). One not finished is closed when released; removing it is the caller's part.
    final class NewFile {
        let path: String
        private var fd: Int32

        init(creating path: String, permissions: mode_t = 0o666) throws {
            self.path = path
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
            guard fd >= 0 else { throw SystemCallError(call: "open", path: path, code: errno) }
        }

        func append(_ bytes: UnsafeRawBufferPointer) throws {
            precondition(fd >= 0, "append after finish")
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SystemCallError(call: "write", path: path, code: errno)
                }
                offset += written
            }
        }

        func finish(sync: Bool) throws {
            precondition(fd >= 0, "finish twice")
            defer { fd = -1 }
            if sync && fsync(fd) != 0 {
                let code = errno
                close(fd)
                throw SystemCallError(call: "fsync", path: path, code: code)
            }
            // close reports write-back errors some file systems (NFS) only notice then.
            guard close(fd) == 0 else { throw SystemCallError(call: "close", path: path, code: errno) }
        }

        deinit {
            if fd >= 0 { close(fd) }
        }
    }

    static func changePermissions(_ path: String, _ permissions: mode_t) throws {
        guard chmod(path, permissions) == 0 else { throw SystemCallError(call: "chmod", path: path, code: errno) }
    }

    /// `fsync` of a file or a directory (a directory's entries: names created or renamed in it).
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError(call: "open", path: path, code: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SystemCallError(call: "fsync", path: path, code: errno) }
    }

    private typealias SyncFS = @convention(c) (Int32) -> Int32
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Linux `syncfs(2)` and `renameat2(2)`, when the C library has them (glibc 2.14 and 2.28).
    private static let syncFS: SyncFS? = symbol("syncfs", as: SyncFS.self)
    private static let renameAt2: RenameAt2? = symbol("renameat2", as: RenameAt2.self)

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        #if os(Linux)
        // RTLD_DEFAULT is a null handle in glibc and musl.
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(pointer, to: type)
        #else
        return nil
        #endif
    }

    /// Whether `syncFileSystem(containing:)` is available; without it each file is `fsync`ed as written.
    static var canSyncFileSystem: Bool { syncFS != nil }

    /// `syncfs`: writes back every file of the file system holding `path`, data and metadata, in one call.
    static func syncFileSystem(containing path: String) throws {
        guard let syncFS else { preconditionFailure("syncFileSystem called without syncfs; check canSyncFileSystem") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallError(call: "open", path: path, code: errno) }
        defer { close(fd) }
        guard syncFS(fd) == 0 else { throw SystemCallError(call: "syncfs", path: path, code: errno) }
    }

    static func rename(_ from: String, to: String) throws {
        guard systemRename(from, to) == 0 else { throw SystemCallError(call: "rename", path: to, code: errno) }
    }

    /// Swaps the two names atomically (`renameat2(RENAME_EXCHANGE)`); false when this platform, C library
    /// or file system cannot, in which case nothing happened.
    static func exchange(_ first: String, _ second: String) throws -> Bool {
        guard let renameAt2 else { return false }
        let renameExchange: UInt32 = 1 << 1
        if renameAt2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 { return true }
        switch errno {
        case EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP: return false
        case let code: throw SystemCallError(call: "renameat2", path: second, code: code)
        }
    }

    static func link(_ existing: String, as new: String) throws {
        guard systemLink(existing, new) == 0 else { throw SystemCallError(call: "link", path: new, code: errno) }
    }

    static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw SystemCallError(call: "readlink", path: path, code: errno) }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func makeSymlink(_ path: String, pointingTo destination: String) throws {
        guard symlink(destination, path) == 0 else { throw SystemCallError(call: "symlink", path: path, code: errno) }
    }

    /// `realpath`: the absolute path with every symlink, `.` and `..` resolved.
    static func resolve(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else { throw SystemCallError(call: "realpath", path: path, code: errno) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The names in a directory, without `.` and `..`; nil for a name that is not valid UTF-8.
    static func entries(of path: String) throws -> [String?] {
        guard let directory = opendir(path) else { throw SystemCallError(call: "opendir", path: path, code: errno) }
        defer { closedir(directory) }
        var names: [String?] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw SystemCallError(call: "readdir", path: path, code: errno) }
                return names
            }
            let name: String? = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(validatingCString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
    }

    static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 else { throw SystemCallError(call: "unlink", path: path, code: errno) }
    }

    static func removeDirectory(_ path: String) throws {
        guard rmdir(path) == 0 else { throw SystemCallError(call: "rmdir", path: path, code: errno) }
    }

    /// Removes `path` and, for a directory, everything under it; symlinks are removed, never followed.
    static func removeTree(_ path: String) throws {
        guard let status = try status(path) else { return }
        if status.kind == .directory {
            for name in try entries(of: path) {
                guard let name else { throw SystemCallError(call: "readdir", path: path, code: EILSEQ) }
                try removeTree(path + "/" + name)
            }
            try removeDirectory(path)
        } else {
            try removeFile(path)
        }
    }

    /// Whether process `pid` may still be running (`kill(pid, 0)`: only "no such process" says it is gone).
    static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno != ESRCH
    }

    static var processID: Int32 { getpid() }
}

// `rename` and `link` are shadowed inside `FileSystem` by its own methods of the same names.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func systemLink(_ existing: String, _ new: String) -> Int32 { link(existing, new) }
