import Foundation
import Testing
import TestSupport

/// Runs the built `podledger` binary on temporary ledgers, as a user would.
struct CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = packageRoot.appendingPathComponent("Tests/CLITests/Golden")

    /// `PODLEDGER_BIN`, else the debug build next to the tests.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["PODLEDGER_BIN"] { return path }
        return packageRoot.appendingPathComponent(".build/debug/podledger").path
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let directory: URL

    /// A fresh working directory; the ledger inside it is `ledger.sqlite`.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var ledger: String { directory.appendingPathComponent("ledger.sqlite").path }

    /// Runs `podledger ARGS --ledger LEDGER` (without `--ledger` when `useLedger` is false) in `cwd`.
    @discardableResult
    func run(_ arguments: [String], cwd: URL? = nil, useLedger: Bool = true, environment: [String: String] = [:]) throws -> Result {
        try start(arguments, cwd: cwd, useLedger: useLedger, environment: environment).wait()
    }

    /// A `podledger` process started and not yet waited for.
    final class Running: @unchecked Sendable {
        let process: Process
        private let out = Pipe()
        private let err = Pipe()
        private var errData = Data()
        private let errDone = DispatchSemaphore(value: 0)

        init(_ process: Process) throws {
            self.process = process
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Standard error is read on another thread while standard output is read here, so a child that
            // fills one pipe while the other is not being read cannot block.
            Thread {
                self.errData = self.err.fileHandleForReading.readDataToEndOfFile()
                self.errDone.signal()
            }.start()
        }

        func wait() -> Result {
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            errDone.wait()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// Starts `podledger ARGS --ledger LEDGER` without waiting for it.
    func start(_ arguments: [String], cwd: URL? = nil, useLedger: Bool = true, environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = useLedger ? arguments + ["--ledger", ledger] : arguments
        process.currentDirectoryURL = cwd ?? directory
        var env = ProcessInfo.processInfo.environment
        env["PODLEDGER_LEDGER"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        return try Running(process)
    }

    /// A ledger with the small test network recorded.
    static func withNetwork() throws -> CLI {
        let cli = try CLI()
        let result = try cli.run(["init", "--network", golden.appendingPathComponent("network.toml").path])
        #expect(result.status == 0, "init failed: \(result.stderr)")
        return cli
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Every row of every table, for "the ledger is exactly as it was" checks.
    func dump() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [ledger, ".dump"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func sqlite(_ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [ledger, sql]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data + errData, as: UTF8.self)
    }
}

/// `TestSupport.expectGolden` on `Tests/CLITests/Golden/`.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try TestSupport.expectGolden(actual, name, in: CLI.golden, sourceLocation: sourceLocation)
}
