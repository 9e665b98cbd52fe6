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

    /// How wide `page` lays out in a `viewportWidth`-pixel frame, as a phone would show it: its document's
    /// `scrollWidth` and `clientWidth` (a page that scrolls sideways has the first larger). Headless windows
    /// are at least 500 px wide, so the page is loaded in an iframe of a page that measures it.
    public static func layoutWidth(of page: URL, viewportWidth: Int = 390, in directory: URL) throws -> (scrollWidth: Int, clientWidth: Int) {
        let frame = directory.appendingPathComponent("frame-\(UUID().uuidString).html")
        try Data("""
            <!DOCTYPE html><html><body style="margin:0">
            <iframe id="page" src="\(page.absoluteString)" style="width:\(viewportWidth)px;height:900px;border:0"></iframe>
            <script>
            document.getElementById('page').addEventListener('load', function () {
              var root = this.contentDocument.documentElement;
              var out = document.createElement('pre');
              out.textContent = 'layout ' + root.scrollWidth + ' ' + root.clientWidth;
              document.body.appendChild(out);
            });
            </script></body></html>
            """.utf8).write(to: frame)
        let dom = try run(["--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom", frame.absoluteString], in: directory)
        guard let range = dom.range(of: #"layout (\d+) (\d+)"#, options: .regularExpression) else {
            throw Failed(description: "the frame page did not report the layout of \(page.lastPathComponent)")
        }
        let numbers = dom[range].split(separator: " ").dropFirst().compactMap { Int($0) }
        return (numbers[0], numbers[1])
    }

    /// `layoutWidth(of:viewportWidth:in:)` for many pages in one run of Chromium: the frame page loads them one
    /// after another in a `viewportWidth`-pixel iframe and reports each; in the order given.
    public static func layoutWidths(of pages: [URL], viewportWidth: Int = 390, in directory: URL) throws
        -> [(page: URL, scrollWidth: Int, clientWidth: Int)] {
        let frame = directory.appendingPathComponent("frames-\(UUID().uuidString).html")
        let list = try String(decoding: JSONEncoder().encode(pages.map(\.absoluteString)), as: UTF8.self)
        try Data("""
            <!DOCTYPE html><html><body style="margin:0"><pre id="out"></pre>
            <script>
            var pages = \(list), index = 0, out = document.getElementById('out');
            function next() {
              if (index >= pages.length) { out.textContent += 'done\\n'; return; }
              var frame = document.createElement('iframe');
              frame.style.cssText = 'width:\(viewportWidth)px;height:900px;border:0';
              frame.addEventListener('load', function () {
                var root = frame.contentDocument.documentElement;
                out.textContent += 'layout ' + index + ' ' + root.scrollWidth + ' ' + root.clientWidth + '\\n';
                frame.remove();
                index += 1;
                next();
              });
              frame.src = pages[index];
              document.body.appendChild(frame);
            }
            next();
            </script></body></html>
            """.utf8).write(to: frame)
        let dom = try run(["--allow-file-access-from-files", "--virtual-time-budget=\(max(5_000, 1_000 * pages.count))", "--dump-dom",
                           frame.absoluteString], in: directory)
        var layouts: [(page: URL, scrollWidth: Int, clientWidth: Int)] = []
        for line in dom.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let at = fields.firstIndex(where: { $0.hasSuffix("layout") }), fields.count >= at + 4,
                  let index = Int(fields[at + 1]), let scroll = Int(fields[at + 2]), let client = Int(fields[at + 3]),
                  index == layouts.count, index < pages.count else { continue }
            layouts.append((pages[index], scroll, client))
        }
        guard layouts.count == pages.count, dom.split(separator: "\n").contains("done") else {
            throw Failed(description: "the frame page reported \(layouts.count) of \(pages.count) layouts")
        }
        return layouts
    }

    /// Runs headless Chromium with `arguments` and returns its standard output; stops it after 90 seconds.
    static func run(_ arguments: [String], in directory: URL) throws -> String {
        guard let path else { throw Failed(description: "chromium is not installed") }
        let profile = directory.appendingPathComponent("chromium-profile-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)"] + arguments
        // Standard output goes to a file, read once Chromium has exited: no pipe to keep drained.
        let outputFile = directory.appendingPathComponent("chromium-out-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failed(description: "chromium did not finish within 90 seconds")
        }
        guard process.terminationStatus == 0 else { throw Failed(description: "chromium exited with \(process.terminationStatus)") }
        return String(decoding: try Data(contentsOf: outputFile), as: UTF8.self)
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

