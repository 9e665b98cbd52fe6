import Foundation

// MARK: - Headless Chromium

public enum Chromium {
    /// `chromium` on the PATH (Debian's package), or nil.
    public static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin"]
        return directories.map { "\($0)/chromium" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Renders `page` at 1200×1600 to a PNG and returns its bytes; stops Chromium after 90 seconds.
    public static func screenshot(of page: URL, in directory: URL) throws -> [UInt8] {
        guard let path else { throw Failed(description: "chromium is not installed") }
        let png = directory.appendingPathComponent("shot-\(UUID().uuidString).png")
        let profile = directory.appendingPathComponent("chromium-profile-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-color-profile=srgb",
            "--user-data-dir=\(profile.path)", "--screenshot=\(png.path)", "--window-size=1200,1600", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failed(description: "chromium did not finish within 90 seconds")
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: png.path) else {
            throw Failed(description: "chromium exited with \(process.terminationStatus) and wrote no screenshot")
        }
        return [UInt8](data)
    }
}

