import Foundation
import LedgerCore
import Smoothing
@testable import Statements
import Testing

/// The site model of `podledger publish` on the hand-checked fixtures: its files, its links, the fingerprint and
/// export hooks, and what a private site leaves out. (The CLI tests publish the demo year and open it in Chromium.)
@Suite struct SiteTests {
    static let fingerprint = Fingerprint(parsing: "0123456789abcdef")!

    /// January and February (aurora alone, closed) and March (three pods, open), alice's statement.
    static func input(isPrivate: Bool = false, fingerprint: Fingerprint? = nil, monthFingerprints: [Month: Fingerprint] = [:],
                      exports: [Site.Download] = []) -> Site.Input {
        let settings = Fixtures.settings()
        let months = Fixtures.history.map { result in
            var statement = NetworkStatement(result: result, settings: settings, preview: false)
            statement.fingerprint = monthFingerprints[result.month]
            statement.pods = statement.pods.map { var pod = $0; pod.fingerprint = monthFingerprints[result.month]; return pod }
            return statement
        }
            + [NetworkStatement(result: Fixtures.marchResult, settings: settings, preview: true)]
        return Site.Input(months: months.reversed(), results: Fixtures.history + [Fixtures.marchResult], closedThrough: Fixtures.february,
                          settings: settings, settingsEffectiveFrom: Fixtures.january, members: [Fixtures.aliceStatement(settings: settings)],
                          networkFile: "currency = \"NZD\"\n", exports: exports, fingerprint: fingerprint, isPrivate: isPrivate)
    }

    static func files(_ site: Site) -> [String: String] {
        var files: [String: String] = [:]
        site.forEachFile { files[$0] = $1 }
        return files
    }

    @Test func theFilesOfASite() {
        let site = Site(Self.input())
        #expect(site.filePaths == [
            "index.html", "how-we-share.html", "downloads.html",
            "network/2024-01.html", "network/2024-02.html", "network/2024-03.html",
            "pods/aurora/index.html", "pods/aurora/2024-01.html", "pods/aurora/2024-02.html", "pods/aurora/2024-03.html",
            "pods/kauri/index.html", "pods/kauri/2024-03.html", "pods/tui/index.html", "pods/tui/2024-03.html",
            "members/alice.html",
            "downloads/network/2024-01.csv", "downloads/network/2024-01.json", "downloads/network/2024-02.csv",
            "downloads/network/2024-02.json", "downloads/network/2024-03.csv", "downloads/network/2024-03.json",
            "downloads/pods/aurora/2024-01.csv", "downloads/pods/aurora/2024-01.json", "downloads/pods/aurora/2024-02.csv",
            "downloads/pods/aurora/2024-02.json", "downloads/pods/aurora/2024-03.csv", "downloads/pods/aurora/2024-03.json",
            "downloads/pods/kauri/2024-03.csv", "downloads/pods/kauri/2024-03.json", "downloads/pods/tui/2024-03.csv",
            "downloads/pods/tui/2024-03.json", "downloads/members/alice.csv", "downloads/members/alice.json",
            "downloads/network.toml",
        ])
        let files = Self.files(site)
        #expect(files.count == site.filePaths.count)
        #expect(site.contents(atPath: "downloads/network.toml") == "currency = \"NZD\"\n")
        #expect(site.contents(atPath: "nowhere.html") == nil)
        // The downloads are the statements' own CSV and JSON.
        #expect(files["downloads/pods/aurora/2024-03.json"] == march.render(.json))
        #expect(files["downloads/pods/aurora/2024-03.csv"] == march.render(.csv))
        #expect(files["downloads/members/alice.json"] == Fixtures.aliceStatement().render(.json))
        #expect(files["downloads/network/2024-03.json"] == Fixtures.networkStatement(preview: true).render(.json))
    }

    @Test func pagesLinkRelativelyAndMarkPreviews() {
        let files = Self.files(Site(Self.input()))
        let page = files["pods/aurora/2024-03.html"]!
        #expect(page.contains(#"<nav class="site"><a href="../../index.html">Index</a><a href="../../how-we-share.html">How we share</a>"#))
        #expect(page.contains(#"<a href="../../network/2024-03.html">Network, 2024-03</a><a href="../../pods/aurora/2024-02.html">‹ 2024-02</a></nav>"#))
        #expect(page.contains(#"<a href="../../downloads/pods/aurora/2024-03.csv">This statement as CSV</a>"#))
        #expect(page.contains(#"<a href="../../members/alice.html">Alice Ngata: member page</a>"#))
        #expect(page.contains("PREVIEW — month not closed"))
        // Kauri has no page in February: its March page links to no month before.
        #expect(!files["pods/kauri/2024-03.html"]!.contains("‹ 2024-02"))
        let network = files["network/2024-03.html"]!
        #expect(network.contains(#"<td data-label="Pod"><a href="../pods/tui/2024-03.html">Tūī Audio &amp; Image</a></td>"#))
        let index = files["index.html"]!
        #expect(index.contains("PREVIEW — includes months not closed") && index.contains("Months from 2024-03 on are open"))
        #expect(index.contains(#"<a href="pods/kauri/index.html">Kauri Writers&#39; Circle</a>"#))
        // The statements printed by `statement` keep their style sheet; site pages add the links' rules.
        #expect(page.contains("nav.site{") && !march.render(.html).contains("nav.site{"))
    }

    let march = Fixtures.auroraStatement(preview: true)

    /// Every number with decimals in `text` (`1,234.56` or `1234.56`), as `1234.56`.
    static func numbers(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"[0-9][0-9,]*\.[0-9]+"#)
        return Set(pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range, in: text)!]).replacingOccurrences(of: ",", with: "")
        })
    }

    @Test func theFingerprintIsShownWhereGiven() {
        for (page, text) in Self.files(Site(Self.input())) where page.hasSuffix(".html") {
            #expect(!text.contains("Fingerprint"), "\(page)")
        }
        // The index shows the one given; each closed month's pages their statements' own; the open month none.
        let files = Self.files(Site(Self.input(fingerprint: Self.fingerprint, monthFingerprints: [
            Fixtures.january: Fingerprint(parsing: "fedcba9876543210")!, Fixtures.february: Self.fingerprint,
        ])))
        #expect(files["index.html"]!.contains("<div><dt>Fingerprint</dt><dd>\(Self.fingerprint)</dd></div>"))
        for page in ["network/2024-02.html", "pods/aurora/2024-02.html"] {
            #expect(files[page]!.contains("<dd>\(Self.fingerprint)</dd>"), "\(page)")
        }
        #expect(files["pods/aurora/2024-01.html"]!.contains("<dd>fedcba9876543210</dd>"))
        #expect(files["network/2024-01.html"]!.contains("<dd>fedcba9876543210</dd>"))
        #expect(!files["network/2024-03.html"]!.contains("Fingerprint") && !files["pods/tui/2024-03.html"]!.contains("Fingerprint"))
        #expect(!files["how-we-share.html"]!.contains("Fingerprint"))
    }

    @Test func theExportHookListsItsFiles() {
        let export = Site.Download(name: "export.hledger", description: "every entry, for hledger", contents: "; journal\n")
        let site = Site(Self.input(exports: [export]))
        #expect(site.contents(atPath: "downloads/export.hledger") == "; journal\n")
        #expect(site.contents(atPath: "downloads.html")!.contains(#"<a href="downloads/export.hledger">export.hledger: every entry, for hledger</a>"#))
        let hidden = Site(Self.input(isPrivate: true, exports: [export]))
        #expect(!hidden.filePaths.contains("downloads/export.hledger"))
    }

    /// A private site names no member and shows none of their figures: no member pages, no network file, pod
    /// JSON without members, settlements or members' dues.
    @Test func aPrivateSiteLeavesMembersOut() throws {
        let site = Site(Self.input(isPrivate: true))
        #expect(!site.filePaths.contains { $0.contains("members/") || $0.hasSuffix(".toml") })
        let files = Self.files(site)
        for (page, text) in files {
            for name in Fixtures.Names().members.values {
                #expect(!text.contains(name) && !text.contains(Escaping.html(name)), "\(page) names \(name)")
            }
            // Members' contributions and nets that are no pod's figure (March, then January and February's aurora).
            let numbers = Self.numbers(in: text)
            for amount in ["525.00", "3475.00", "4400.00", "5160.00", "2460.00", "1360.00", "1986.00", "2766.00", "4325.00", "3520.00",
                           "675.00", "480.00", "345.00", "545.00", "710.00"] {
                #expect(!numbers.contains(amount), "\(page) holds \(amount)")
            }
        }
        #expect(Self.numbers(in: Self.files(Site(Self.input()))["members/alice.html"]!).isSuperset(of: ["525.00", "3475.00", "675.00", "345.00"]),
                "the full site shows them")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(files["downloads/pods/aurora/2024-03.json"]!.utf8)) as? [String: Any])
        #expect(json["members"] == nil && json["settlement"] == nil)
        #expect(json["contributions"] as? String == "1145.00" && json["income"] as? String == "10000.00")
        // The pod's totals stay.
        let page = files["pods/aurora/2024-03.html"]!
        #expect(page.contains("Income of the members together") && page.contains("10,000.00") && page.contains("1,145.00"))
        #expect(files["how-we-share.html"]!.contains("pledging from 10% to 15% of their income; some pledge only above a hurdle"))
    }
}
