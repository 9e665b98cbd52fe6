import Foundation
import LedgerCore
import PodLedger
import Testing

/// `NetworkFile.text(of:)`, the network file a published site offers: read back, it is the same settings, for
/// every sample network (floor, average, equal, levy, tiers, own floors) and for a sickness fund.
@Suite struct NetworkFileWritingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var sampleFiles: [String] {
        let agreements = root.appendingPathComponent("Samples/agreements")
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: agreements.path)) ?? []
        return ["Samples/network.toml"] + folders.sorted().compactMap { folder in
            let file = "Samples/agreements/\(folder)/network.toml"
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path) ? file : nil
        }
    }

    @Test func everySampleNetworkReadsBackAsItself() throws {
        #expect(Self.sampleFiles.count == 6)  // the sample network and five agreements, the broodfonds among them
        for file in Self.sampleFiles {
            let settings = try Ledger.readNetworkFile(Self.root.appendingPathComponent(file).path)
            let text = NetworkFile.text(of: settings, header: ["written from \(file)"])
            #expect(try NetworkFile.parse(text, file: "written.toml") == settings, "\(file):\n\(text)")
            #expect(text.hasPrefix("# written from \(file)\n\ncurrency = "))
        }
    }

    @Test func aSicknessFundAndAwkwardNamesReadBack() throws {
        let text = """
            currency = "JPY"

            [network]
            share_percent = "2.5"
            fee = "100"
            gross_percent = "1.25"

            [[pod]]
            id = "brood"
            name = "Broodfonds \\"Te Aro\\" \\\\ <b>&</b> 🎉"
            policy = "sickness"
            waiting_months = 2
            max_benefit_months = 6
            account_cap_months = 10
            show_sick_names = true

            [[pod.member]]
            id = "ana"
            name = "Ana \\u00e9 'quoted'"
            benefit = "150000"
            deposit = "6750"
            joined = "2024-01"
            left = "2024-09"

            [[pod]]
            id = "pod-2"
            policy = "floor"
            floor = "300000"
            network_fee = "0"

            [[pod.member]]
            id = "bo"
            pledge_percent = "12.5"
            hurdle = "5000"
            cap = "0"
            floor = "250000"
            joined = "2024-03"

            """
        let settings = try NetworkFile.parse(text, file: "fund.toml")
        let written = NetworkFile.text(of: settings)
        #expect(try NetworkFile.parse(written, file: "written.toml") == settings, "\(written)")
        #expect(written.contains(#"name = "Broodfonds \"Te Aro\" \\ <b>&</b> 🎉""#))
    }
}
