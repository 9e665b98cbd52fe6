import Foundation
@testable import PodLedger
import Statements
import Testing
import TestSupport

/// `podledger publish` on the demo network of `Samples/` (a year, three pods, payments): the site's links, its
/// fit on a phone and its rendering in headless Chromium, what `--private` leaves out, sickness funds that keep
/// their members' health private, hostile names, determinism, and how the folder is written and replaced.
@Suite struct PublishCLITests {
    // MARK: Sites of the demo ledger

    struct Sites {
        let cli: CLI
        let fullSite: URL
        let privateSite: URL
    }

    /// The demo ledger's site, published once in full and once with `--private`, shared by the tests that read them.
    static let shared: Result<Sites, StatementCLITests.DemoFailed> = {
        do {
            let cli = try StatementCLITests.demo()
            let full = cli.directory.appendingPathComponent("site-\(UUID().uuidString)")
            let hidden = cli.directory.appendingPathComponent("private-\(UUID().uuidString)")
            for (folder, extra) in [(full, [String]()), (hidden, ["--private"])] {
                let result = try cli.run(["publish", "--output-dir", folder.path] + extra)
                guard result.status == 0 else { throw StatementCLITests.DemoFailed(step: "publish \(extra)", stderr: result.stderr) }
            }
            return .success(Sites(cli: cli, fullSite: full, privateSite: hidden))
        } catch let error as StatementCLITests.DemoFailed {
            return .failure(error)
        } catch {
            return .failure(StatementCLITests.DemoFailed(step: "publish", stderr: "\(error)"))
        }
    }()

    static func sites() throws -> Sites { try shared.get() }

    /// Every file under `folder`, by path relative to it, sorted; the marker file included.
    static func files(in folder: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    static func text(_ folder: URL, _ relative: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Every file's text, by relative path.
    static func contents(of folder: URL) throws -> [String: String] {
        var contents: [String: String] = [:]
        for file in try files(in: folder) { contents[file] = try text(folder, file) }
        return contents
    }

    /// The values of every `href="…"` and `src="…"` attribute of an HTML page.
    static func references(in html: String) -> [(attribute: String, value: String)] {
        let pattern = try! NSRegularExpression(pattern: #"\b(href|src)\s*=\s*"([^"]*)""#, options: [.caseInsensitive])
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { match in
            (String(html[Range(match.range(at: 1), in: html)!]), String(html[Range(match.range(at: 2), in: html)!]))
        }
    }

    // MARK: Layout and links

    static let demoMonths = (1...12).map { String(format: "2024-%02d", $0) }

    @Test func theSiteHasAPagePerPodMonthMemberAndNetworkMonth() throws {
        let sites = try Self.sites()
        let files = Set(try Self.files(in: sites.fullSite))
        var expected: Set<String> = ["index.html", "how-we-share.html", "downloads.html", "downloads/network.toml", ".podledger-site"]
        for month in Self.demoMonths {
            expected.formUnion(["network/\(month).html", "downloads/network/\(month).csv", "downloads/network/\(month).json"])
            for pod in StatementCLITests.demoPods {
                expected.formUnion(["pods/\(pod)/\(month).html", "downloads/pods/\(pod)/\(month).csv", "downloads/pods/\(pod)/\(month).json"])
            }
        }
        for pod in StatementCLITests.demoPods { expected.insert("pods/\(pod)/index.html") }
        // The books for hledger, Ledger, Beancount and spreadsheets (docs/exports.md).
        expected.formUnion(["downloads/export.journal", "downloads/export.ledger", "downloads/export.beancount", "downloads/export.csv"])
        // Everyone who was ever a member: December's members and sione, who left after September.
        for member in StatementCLITests.decemberMembers + ["sione"] {
            expected.formUnion(["members/\(member).html", "downloads/members/\(member).csv", "downloads/members/\(member).json"])
        }
        #expect(files == expected, "extra: \(files.subtracting(expected).sorted()), missing: \(expected.subtracting(files).sorted())")

        // The private site: the same pods and months, no member and no network file.
        let hidden = Set(try Self.files(in: sites.privateSite))
        #expect(hidden == expected.filter { !$0.contains("members/") && $0 != "downloads/network.toml" && !$0.hasPrefix("downloads/export.") })
    }

    /// Every `href` of every page is a relative link to a file of the site (it works from `file://` and on any host);
    /// nothing is loaded from anywhere (no `src`, no `url(`, no `@import`, no script); every page is reachable from
    /// the index.
    @Test(arguments: [false, true])
    func everyLinkResolvesAndNothingIsFetched(isPrivate: Bool) throws {
        let sites = try Self.sites()
        let folder = isPrivate ? sites.privateSite : sites.fullSite
        let files = Set(try Self.files(in: folder))
        let pages = files.filter { $0.hasSuffix(".html") }
        var linked: [String: Set<String>] = [:]
        var count = 0
        for page in pages.sorted() {
            let html = try Self.text(folder, page)
            for reference in Self.references(in: html) {
                #expect(reference.attribute.lowercased() == "href", "\(page) loads \(reference.value)")
                let value = reference.value
                #expect(!value.contains(":") && !value.hasPrefix("/") && !value.contains("#") && !value.contains("?"),
                        "\(page): \(value) is not a relative link to a file")
                let base = folder.appendingPathComponent(page).deletingLastPathComponent()
                let target = base.appendingPathComponent(value).standardizedFileURL.path
                let root = folder.standardizedFileURL.path + "/"
                #expect(target.hasPrefix(root), "\(page): \(value) leaves the site")
                let relative = String(target.dropFirst(root.count))
                #expect(files.contains(relative), "\(page): \(value) does not resolve to a file of the site")
                linked[page, default: []].insert(relative)
                count += 1
            }
            let lowered = html.lowercased()
            for forbidden in ["<script", "<img", "<link", "<iframe", "<object", "url(", "@import", "https:", "@font-face"] {
                #expect(!lowered.contains(forbidden), "\(page) holds \(forbidden)")
            }
            // The only `http:` is the SVG namespace, which is a name, not a link.
            #expect(lowered.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http:") == false, "\(page)")
            #expect(html.contains("Content-Security-Policy"), "\(page) keeps the statements' CSP")
        }
        #expect(count > (isPrivate ? 500 : 1_000), "\(count) links checked")
        // Every page and every download is reachable from the index.
        var reached: Set<String> = ["index.html"]
        var queue = ["index.html"]
        while let page = queue.popLast() {
            for target in linked[page] ?? [] where reached.insert(target).inserted && target.hasSuffix(".html") { queue.append(target) }
        }
        #expect(files.subtracting(reached) == [".podledger-site"], "not linked from anywhere: \(files.subtracting(reached).sorted())")
    }

    /// Every page of both demo sites (66 in full, 54 private) in a 390 px wide frame: none scrolls sideways.
    @Test(.enabled(if: Chromium.path != nil, "chromium is not installed; `make test` installs it (apt-get install chromium)"))
    func everyPageFitsAPhone() throws {
        let sites = try Self.sites()
        var pages: [URL] = []
        for folder in [sites.fullSite, sites.privateSite] {
            pages += try Self.files(in: folder).filter { $0.hasSuffix(".html") }.map { folder.appendingPathComponent($0) }
        }
        #expect(pages.count == 66 + 54)
        let layouts = try Chromium.layoutWidths(of: pages, viewportWidth: 390, in: sites.cli.directory)
        for layout in layouts {
            #expect(layout.scrollWidth <= layout.clientWidth, "\(layout.page.path) is \(layout.scrollWidth) px wide in a \(layout.clientWidth) px phone")
            #expect(layout.clientWidth > 300)
        }
        let widest = layouts.map(\.scrollWidth).max() ?? 0
        print("publish: \(layouts.count) pages laid out at 390 px; widest document \(widest) px, viewport \(layouts.first?.clientWidth ?? 0) px")
    }

    /// The index and a pod page in Chromium: text, tables and charts, not a blank page. The screenshots stay in
    /// the test's folder (its path is printed).
    @Test(.enabled(if: Chromium.path != nil, "chromium is not installed; `make test` installs it (apt-get install chromium)"))
    func theIndexAndAPodPageRender() throws {
        let sites = try Self.sites()
        let kept = sites.cli.directory.appendingPathComponent("screenshots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: kept, withIntermediateDirectories: true)
        for page in ["index.html", "pods/aurora/2024-12.html", "how-we-share.html"] {
            let bytes = try Chromium.screenshot(of: sites.fullSite.appendingPathComponent(page), in: sites.cli.directory)
            let file = kept.appendingPathComponent(page.replacingOccurrences(of: "/", with: "_") + ".png")
            try Data(bytes).write(to: file)
            let image = try PNG.decode(bytes)
            #expect(image.width == 1200 && image.height == 1600)
            let colours = image.colourCounts()
            #expect(colours.count > 100, "\(page): text, tables and charts give many colours, not \(colours.count)")
            #expect((colours.values.max() ?? 0) < image.width * image.height * 9 / 10, "\(page): no single colour covers the page")
            // Links in the style sheet's link colour (#1f4e79, as the net bars).
            #expect(colours[PNG.Colour(0x1f, 0x4e, 0x79)] ?? 0 > 200, "\(page): links (or net bars) are drawn")
        }
        print("publish: screenshots of the demo site in \(kept.path)")
    }

    // MARK: What the site says

    /// The downloads are the statements' own CSV and JSON, byte for byte; pages carry the statements' figures.
    @Test func theDownloadsAreTheStatements() throws {
        let sites = try Self.sites()
        let cli = sites.cli
        for pod in StatementCLITests.demoPods {
            for format in ["csv", "json"] {
                let printed = try cli.run(["statement", "--pod", pod, "--month", "2024-12", "--format", format])
                #expect(try Self.text(sites.fullSite, "downloads/pods/\(pod)/2024-12.\(format)") == printed.stdout, "\(pod) \(format)")
            }
        }
        for format in ["csv", "json"] {
            let network = try cli.run(["statement", "--network", "--month", "2024-06", "--format", format])
            #expect(try Self.text(sites.fullSite, "downloads/network/2024-06.\(format)") == network.stdout)
            let alice = try cli.run(["statement", "--member", "alice", "--from", "2024-01", "--through", "2024-12", "--format", format])
            #expect(try Self.text(sites.fullSite, "downloads/members/alice.\(format)") == alice.stdout)
            let sione = try cli.run(["statement", "--member", "sione", "--from", "2024-01", "--through", "2024-12", "--format", format])
            #expect(try Self.text(sites.fullSite, "downloads/members/sione.\(format)") == sione.stdout)
        }
        // The exports are `podledger export`'s, through the last month published.
        for (format, file) in [("hledger", "journal"), ("ledger", "ledger"), ("beancount", "beancount"), ("csv", "csv")] {
            let export = try cli.run(["export", "--format", format, "--through", "2024-12"])
            #expect(try Self.text(sites.fullSite, "downloads/export.\(file)") == export.stdout, "\(format)")
        }
        // The statement's HTML figures are on the pod page, with the site's navigation around them.
        let page = try Self.text(sites.fullSite, "pods/aurora/2024-12.html")
        let statement = try cli.run(["statement", "--pod", "aurora", "--month", "2024-12", "--format", "html"]).stdout
        let table = try #require(statement.range(of: "<h2>Members</h2>").flatMap { start in
            statement[start.lowerBound...].range(of: "</table>").map { String(statement[start.lowerBound..<$0.upperBound]) }
        })
        #expect(page.contains(table))
        #expect(page.contains(#"<a href="../../network/2024-12.html">Network, 2024-12</a>"#))
        #expect(page.contains(#"<a href="../../pods/aurora/2024-11.html">‹ 2024-11</a>"#))
        #expect(page.contains(#"<a href="../../members/alice.html">Alice Ngata: member page</a>"#))
        for json in try Self.files(in: sites.fullSite).filter({ $0.hasSuffix(".json") }) {
            #expect((try? JSONSerialization.jsonObject(with: Data(try Self.text(sites.fullSite, json).utf8))) != nil, "\(json) is JSON")
        }
    }

    @Test func howWeShareExplainsTheAgreementAndWorksAMonthThrough() throws {
        let sites = try Self.sites()
        let page = try Self.text(sites.fullSite, "how-we-share.html")
        for text in [
            "Each pod sends 10% of its surplus", "Floor policy: every member should keep at least 3,000.00 a month",
            "Average policy: every member is topped up", "Equal policy: 10% of the contributions goes to the network",
            "15% above 500.00, at most 2,000.00 a month", "2024-01..2024-09",
            "<h2>One month worked through</h2>", "Kauri Writers&#39; Circle in 2024-12, the latest month closed",
            "put 1,471.33 into the pod&#39;s pool", "the network reserve paid 162.74, and 1,160.59 of need was left unmet",
            #"<a href="downloads/network.toml">network.toml</a>"#,
        ] {
            #expect(page.contains(text), "how-we-share.html lacks: \(text)")
        }
        let hidden = try Self.text(sites.privateSite, "how-we-share.html")
        #expect(hidden.contains("pledging from 10% to 20% of their income"))
        #expect(hidden.contains("put 1,471.33 into the pod&#39;s pool"))
        #expect(!hidden.contains("network.toml"))
    }

    /// The network file offered for download is the agreement the ledger recorded: read back, it is the same
    /// settings as `Samples/network.toml`, and `init` starts a ledger from it.
    @Test func theNetworkFileReadsBackAsTheSameSettings() throws {
        let sites = try Self.sites()
        let published = sites.fullSite.appendingPathComponent("downloads/network.toml").path
        #expect(try Ledger.readNetworkFile(published) == Ledger.readNetworkFile(StatementCLITests.samples.appendingPathComponent("network.toml").path))
        let fresh = try CLI()
        let created = try fresh.run(["init", "--network", published])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try Self.text(sites.fullSite, "downloads/network.toml").hasPrefix("# The network file of these books"))
    }

    // MARK: --private

    /// Every amount of a JSON value, as written (`1234.56`), without its sign.
    static func amounts(in value: Any, into set: inout Set<String>) {
        switch value {
        case let object as [String: Any]: for (_, inner) in object { amounts(in: inner, into: &set) }
        case let array as [Any]: for inner in array { amounts(in: inner, into: &set) }
        case let text as String where text.range(of: #"^-?[0-9]+\.[0-9]{2}$"#, options: .regularExpression) != nil:
            set.insert(text.hasPrefix("-") ? String(text.dropFirst()) : text)
        default: break
        }
    }

    /// `-1234.56` as -123456; nil for anything else.
    static func cents(_ text: String) -> Int64? {
        guard text.range(of: #"^-?[0-9]+\.[0-9]{2}$"#, options: .regularExpression) != nil else { return nil }
        return Int64(text.replacingOccurrences(of: ".", with: ""))
    }

    /// Every number with decimals in `text`, as written for people (`1,234.56`) or machines (`1234.56`), without
    /// sign or grouping: what a reader of the file could find.
    static func numbers(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"[0-9][0-9,]*\.[0-9]+"#)
        return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!]).replacingOccurrences(of: ",", with: "")
        })
    }

    /// The private site holds no member-level amount in any file, page or download, in either spelling
    /// (`1,234.56` or `1234.56`), and no member's name. Member amounts are every figure of every member statement
    /// and of the members, settlements and dues of every pod statement (incomes, contributions, receipts, nets,
    /// needs, dues, hurdles, caps), except those equal to a pod-level figure the private site does publish (its
    /// JSON) and the round numbers of its charts' scales.
    @Test func thePrivateSiteHoldsNoMemberFigure() throws {
        let sites = try Self.sites()
        var memberAmounts = Set<String>()
        var podTotals = Set<String>()
        for file in try Self.files(in: sites.fullSite) where file.hasSuffix(".json") {
            let object = try JSONSerialization.jsonObject(with: Data(try Self.text(sites.fullSite, file).utf8))
            if file.hasPrefix("downloads/members/") {
                Self.amounts(in: object, into: &memberAmounts)
            } else if file.hasPrefix("downloads/pods/"), let pod = object as? [String: Any] {
                for key in ["members", "settlement"] { Self.amounts(in: pod[key] ?? [Any](), into: &memberAmounts) }
                if let outstanding = pod["outstanding"] as? [String: Any] {
                    for key in ["members", "settlement"] { Self.amounts(in: outstanding[key] ?? [Any](), into: &memberAmounts) }
                }
                // The pod's totals of its members' figures (received, net, …) are pod figures: a month where one
                // member alone received anything publishes that amount as the pod's.
                var sums: [String: Int64] = [:]
                for member in pod["members"] as? [[String: Any]] ?? [] {
                    for (key, value) in member {
                        if let text = value as? String, let cents = Self.cents(text) { sums[key, default: 0] += cents }
                    }
                }
                podTotals.formUnion(sums.values.map { String(format: "%lld.%02lld", abs($0) / 100, abs($0) % 100) })
            }
        }
        var published = podTotals.union(["0.00"])
        var scale = Set<String>()
        let privateFiles = try Self.contents(of: sites.privateSite)
        for (file, text) in privateFiles {
            if file.hasSuffix(".json") { Self.amounts(in: try JSONSerialization.jsonObject(with: Data(text.utf8)), into: &published) }
            // The labels of the charts' scales: `<text x="90" y="28" text-anchor="end">250.00</text>`.
            for line in text.split(separator: "\n") where line.contains("text-anchor=\"end\">") {
                scale.formUnion(Self.numbers(in: String(line.split(separator: ">").dropFirst().joined())))
            }
        }
        let secret = memberAmounts.subtracting(published).subtracting(scale)
        #expect(secret.count > 500, "\(secret.count) member amounts that are not pod figures; \(memberAmounts.count) in all")
        // The same search finds them in the full site: it can fail.
        let fullNumbers = try Self.contents(of: sites.fullSite).values.reduce(into: Set<String>()) { $0.formUnion(Self.numbers(in: $1)) }
        #expect(secret.isSubset(of: fullNumbers))
        print("publish: \(secret.count) member amounts (of \(memberAmounts.count)) looked for in \(privateFiles.count) files of the private site")
        for (file, text) in privateFiles {
            let found = Self.numbers(in: text).intersection(secret)
            #expect(found.isEmpty, "\(file) holds member amounts: \(found.sorted().prefix(10))")
        }
        // No name either (names are escaped in HTML: look for both spellings).
        let settings = try Ledger.readNetworkFile(StatementCLITests.samples.appendingPathComponent("network.toml").path)
        for member in settings.members {
            for (file, text) in privateFiles {
                #expect(!text.contains(member.name) && !text.contains(Escaping.html(member.name)), "\(file) names \(member.name)")
            }
        }
        for pod in settings.pods {
            #expect(privateFiles["index.html"]!.contains(Escaping.html(pod.name)), "pods are named")
        }
    }

    // MARK: Sickness funds

    /// A fund that keeps its members' health private (the default): no page names who is sick or shows who
    /// received a benefit, its members get no member page, and its JSON has no member's account or benefit.
    /// With `show_sick_names = true` the fund's pages name them, as its statements do.
    @Test func aFundThatKeepsHealthPrivateNamesNobodyAsSick() throws {
        let cli = try SicknessCLITests.ledger()
        #expect(try cli.run(["sickness", "add", "--member", "cas", "--from", "2024-02"]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-04"]).status == 0)
        let site = cli.directory.appendingPathComponent("site")
        let result = try cli.run(["publish", "--output-dir", site.path])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try Self.contents(of: site)
        #expect(files.keys.filter { $0.hasPrefix("members/") }.sorted() == ["members/alice.html", "members/ben.html"])
        // What Cas received, kept and is owed in March and April (benefits from March), but Cas's level and deposit,
        // which the fund's statement lists for every member.
        var received = Set<String>()
        for month in ["2024-03", "2024-04"] {
            let json = try cli.run(["statement", "--member", "cas", "--month", month, "--format", "json"]).stdout
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let fund = try #require(object["fund"] as? [String: Any])
            #expect(fund["sick"] as? Bool == true && (fund["benefit"] as? String) != "0.00", "\(month): Cas receives a benefit")
            for (key, value) in fund where key == "benefit" { if let text = value as? String { received.insert(text) } }
            for line in object["months"] as? [[String: Any]] ?? [] {
                for key in ["received", "received_from_pod", "net"] { if let text = line[key] as? String { received.insert(text) } }
            }
            if let outstanding = object["outstanding"] as? [String: Any], let text = outstanding["outstanding"] as? String {
                received.insert(text.hasPrefix("-") ? String(text.dropFirst()) : text)
            }
        }
        received.subtract(["0.00", "1000.00", "45.00"])
        #expect(received.count >= 4, "\(received)")
        for (file, text) in files {
            #expect(!text.contains("\"sick\""), "\(file)")
            #expect(!text.lowercased().contains("sick since") && !text.contains("Sick this month"), "\(file)")
            // No row, line or JSON object with Cas carries an amount Cas received.
            // (CSV lines end in CRLF, one Character: split on line ends, not on "\n".)
            let rows = file.hasSuffix(".html") ? text.components(separatedBy: "<tr>") : text.components(separatedBy: .newlines)
            for row in rows where row.contains("Cas Wiremu") || row.contains("\"cas\"") {
                let found = Self.numbers(in: row).intersection(received)
                #expect(found.isEmpty, "\(file): \(row) shows what Cas received: \(found)")
            }
        }
        #expect(try Self.text(site, "pods/brood/2024-03.html").contains("2 members are sick this month") == false)
        #expect(try Self.text(site, "pods/brood/2024-03.html").contains("1 member is sick this month"))
        #expect(try Self.text(site, "index.html").contains("4 members have no page here"))

        // Private: the fund's members are not even named.
        let hidden = cli.directory.appendingPathComponent("private")
        #expect(try cli.run(["publish", "--output-dir", hidden.path, "--private"]).status == 0)
        for (file, text) in try Self.contents(of: hidden) {
            for name in ["Ana Rua", "Cas Wiremu", "Dee Marsh", "Eli Park", "Alice Ngata"] { #expect(!text.contains(name), "\(file) names \(name)") }
        }

        // A fund that shows the sick by name.
        let named = try SicknessCLITests.ledger(network: SicknessCLITests.network.replacingOccurrences(
            of: "account_cap_months = 12", with: "account_cap_months = 12\nshow_sick_names = true"))
        #expect(try named.run(["sickness", "add", "--member", "cas", "--from", "2024-02"]).status == 0)
        #expect(try named.run(["redistribute", "--through", "2024-03"]).status == 0)
        let namedSite = named.directory.appendingPathComponent("site")
        #expect(try named.run(["publish", "--output-dir", namedSite.path]).status == 0)
        #expect(try Self.text(namedSite, "pods/brood/2024-03.html").contains("Sick this month: Cas Wiremu (since 2024-02; benefit "))
        #expect(FileManager.default.fileExists(atPath: namedSite.appendingPathComponent("members/cas.html").path))
    }

    // MARK: Hostile names

    static let hostileNetwork = #"""
        currency = "NZD"

        [network]
        share_percent = "10"

        [[pod]]
        id = "crew"
        name = "</script><script>alert(\"pod\")</script> & <b>Crew</b>"
        policy = "floor"
        floor = "3000.00"
        reserve_target = "1000.00"

        [[pod.member]]
        id = "amp"
        name = "Tom & Jerry's \"Café\" <Ünïcödé> 🎉"
        pledge_percent = "20"
        joined = "2024-01"

        [[pod.member]]
        id = "tag"
        name = "</script><img src=x onerror=alert(1)>"
        pledge_percent = "10"
        joined = "2024-01"

        [[pod.member]]
        id = "quote"
        name = "'; DROP TABLE--\" <!-- x --> \u202Eevil"
        pledge_percent = "15"
        joined = "2024-01"

        [[pod]]
        id = "fund"
        name = "<i>Fund</i> \"&amp;\""
        policy = "sickness"
        show_sick_names = true

        [[pod.member]]
        id = "sick"
        name = "<svg onload=alert(2)> Sïck & well"
        benefit = "1000.00"
        deposit = "50.00"
        joined = "2024-01"

        [[pod.member]]
        id = "well"
        name = "</title></head><body onload=x>"
        benefit = "1000.00"
        deposit = "50.00"
        joined = "2024-01"
        """#

    static let hostileIncome = """
        date,member,amount,description
        2024-01-05,amp,9000.00,big month
        2024-01-06,tag,1200.00,small month
        2024-01-07,quote,4000.00,ok month
        2024-02-05,amp,1000.00,dry month
        2024-02-06,tag,6000.00,big month
        2024-02-07,quote,2500.00,ok month

        """

    /// Every name of a hostile network (markup, quotes, `</script>`, unicode) is escaped on every page, and no
    /// page holds markup that a name brought in.
    @Test func hostileNamesAreEscapedOnEveryPage() throws {
        let cli = try CLI()
        #expect(try cli.run(["init", "--network", try cli.write("hostile.toml", Self.hostileNetwork)]).status == 0)
        #expect(try cli.run(["import", try cli.write("income.csv", Self.hostileIncome)]).status == 0)
        #expect(try cli.run(["sickness", "add", "--member", "sick", "--from", "2024-01"]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-02"]).status == 0)
        let site = cli.directory.appendingPathComponent("site")
        let result = try cli.run(["publish", "--output-dir", site.path])
        #expect(result.status == 0, "\(result.stderr)")
        let settings = try Ledger.readNetworkFile(cli.directory.appendingPathComponent("hostile.toml").path)
        let names = settings.pods.map(\.name) + settings.members.map(\.name)
        let pages = try Self.contents(of: site).filter { $0.key.hasSuffix(".html") }
        #expect(pages.count == 16)
        for name in names {
            let escaped = Escaping.html(name)
            #expect(escaped != name && pages.values.contains { $0.contains(escaped) }, "\(name) is shown, escaped")
            for (page, html) in pages {
                #expect(!html.contains(name), "\(page) holds \(name) unescaped")
            }
        }
        for (page, html) in pages {
            let lowered = html.lowercased()
            for markup in ["<script", "</script", "<img", "<b>", "<i>", "<svg onload", "<!--", "</title></head>", "\u{202E}"] {
                #expect(!lowered.contains(markup), "\(page) holds \(markup)")
            }
            #expect(lowered.components(separatedBy: "<body").count == 2, "\(page): one body")
            #expect(lowered.components(separatedBy: "</head>").count == 2, "\(page): one head")
        }
        // The names are kept exactly in the network file and the JSON (data), where they are quoted.
        let toml = try Self.text(site, "downloads/network.toml")
        #expect(try Ledger.readNetworkFile(site.appendingPathComponent("downloads/network.toml").path) == settings, "\(toml)")
        let json = try Self.text(site, "downloads/pods/crew/2024-02.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["name"] as? String == settings.pods.first { $0.id.raw == "crew" }?.name)
    }

    // MARK: Writing the folder

    /// Publishing the same ledger twice gives the same files, byte for byte; publishing again into the same folder
    /// leaves it exactly as the first time.
    @Test func publishingTwiceGivesIdenticalFiles() throws {
        let sites = try Self.sites()
        let again = sites.cli.directory.appendingPathComponent("again-\(UUID().uuidString)")
        #expect(try sites.cli.run(["publish", "--output-dir", again.path]).status == 0)
        let first = try Self.contents(of: sites.fullSite)
        #expect(try Self.contents(of: again) == first)
        #expect(try sites.cli.run(["publish", "--output-dir", again.path]).status == 0)
        #expect(try Self.contents(of: again) == first)
    }

    /// A site published again replaces the one before: the full site published `--private` over it keeps no
    /// member page and no network file; hidden entries at the top (`.git`, `.nojekyll`) stay; nothing temporary
    /// is left beside it.
    @Test func publishingAgainReplacesTheSiteButKeepsHiddenEntries() throws {
        let sites = try Self.sites()
        let work = sites.cli.directory.appendingPathComponent("replace-\(UUID().uuidString)")
        let site = work.appendingPathComponent("site")
        #expect(try sites.cli.run(["publish", "--output-dir", site.path]).status == 0)
        try FileManager.default.createDirectory(at: site.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/main\n".utf8).write(to: site.appendingPathComponent(".git/HEAD"))
        try Data().write(to: site.appendingPathComponent(".nojekyll"))
        let result = try sites.cli.run(["publish", "--output-dir", site.path, "--private"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "wrote 151 files to \(site.path) (pod totals only); open \(site.path)/index.html\n")
        let expected = Set(try Self.files(in: sites.privateSite)).union([".git/HEAD", ".nojekyll"])
        #expect(Set(try Self.files(in: site)) == expected)
        #expect(try Self.contents(of: site).filter { !$0.key.hasPrefix(".git") && $0.key != ".nojekyll" } == Self.contents(of: sites.privateSite))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["site"])
    }

    /// A folder holding anything but a site published before is refused, unchanged: publishing replaces the folder.
    @Test func aFolderOfOtherFilesIsRefused() throws {
        let sites = try Self.sites()
        let folder = sites.cli.directory.appendingPathComponent("mine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("my notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let result = try sites.cli.run(["publish", "--output-dir", folder.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "podledger: error: \(folder.path): publishing replaces the whole folder, and it holds files that are not a site "
            + "published by podledger; publish into a new or empty folder\n")
        #expect(try Self.files(in: folder) == ["notes.txt"])
        // An empty folder, or one with only hidden entries, is fine.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("notes.txt"))
        try Data().write(to: folder.appendingPathComponent(".nojekyll"))
        #expect(try sites.cli.run(["publish", "--output-dir", folder.path]).status == 0)
        #expect(try Self.files(in: folder).contains(".nojekyll"))
    }

    @Test func nothingClosedIsNothingToPublishUnlessPreviewsAreAskedFor() throws {
        let cli = try CLI.withNetwork()
        let folder = cli.directory.appendingPathComponent("site")
        let refused = try cli.run(["publish", "--output-dir", folder.path])
        #expect(refused.status == 1)
        #expect(refused.stderr == "podledger: error: no month is closed yet, so there is nothing to publish; close months with "
            + "`podledger redistribute --through MONTH`, or give --through 2024-01 or later to publish previews\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        let previews = try cli.run(["publish", "--output-dir", folder.path, "--through", "2024-02"])
        #expect(previews.status == 0, "\(previews.stderr)")
        let index = try Self.text(folder, "index.html")
        #expect(index.contains("PREVIEW — includes months not closed") && index.contains("no month closed yet"))
        #expect(try Self.text(folder, "network/2024-02.html").contains("PREVIEW — month not closed"))
        let early = try cli.run(["publish", "--output-dir", folder.path, "--through", "2023-12"])
        #expect(early.status == 1)
        #expect(early.stderr == "podledger: error: month 2023-12 is before the network's first month 2024-01\n")
    }
}
