import Foundation
import LedgerCore
@testable import LedgerStore
import Testing

@Suite("Network versions")
struct NetworkTests {
    let folder = TemporaryFolder()

    @Test func aVersionRoundTripsEveryField() throws {
        let store = try Fixture.ledger(in: folder)
        let settings = try Fixture.network()
        let recorded = try store.recordNetwork(settings, effectiveFrom: Fixture.month("2024-01"), source: "Samples/network.toml")
        #expect(recorded.settings == settings)
        #expect(recorded.recordedAt.count == 24 && recorded.recordedAt.hasSuffix("Z"))
        let reopened = try LedgerStore.open(at: store.path)
        let versions = try reopened.networkVersions()
        #expect(versions == [recorded])
        let read = versions[0].settings
        #expect(read.shareBasisPoints == 1000)
        #expect(read.pods.map(\.policy) == [.floor(floorMinor: 300_000), .average(windowMonths: 6), .equal])
        #expect(read.pods.map(\.surplus) == [.refund, .reserve, .equal])
        #expect(read.pods.map(\.reserveTargetMinor) == [600_000, 0, 1])
        #expect(read.pods[2].name == "Cirrus ✦ Équipe")
        #expect(read.members.map(\.capMinor) == [200_000, nil, 0, nil])
        #expect(read.members.map(\.left) == [Fixture.month("2024-12"), nil, nil, Fixture.month("2023-12")])
        #expect(read.members.map(\.hurdleMinor) == [50_000, 0, 0, 1])
        #expect(read.members.map(\.pledgeBasisPoints) == [1500, 1250, 10_000, 0])
        #expect(read.members.map(\.pod.raw) == ["aurora", "aurora", "borealis", "cirrus"])
        #expect(read.members.map(\.joined) == ["2024-01", "2024-01", "2024-02", "2023-12"].map(Fixture.month))
    }

    @Test func versionsAreOrderedByEffectiveMonthThenRecording() throws {
        let store = try Fixture.ledger(in: folder)
        let march = try store.recordNetwork(try Fixture.network(alicePledge: 1000), effectiveFrom: Fixture.month("2024-03"), source: "a.toml")
        let january = try store.recordNetwork(try Fixture.network(alicePledge: 2000), effectiveFrom: Fixture.month("2024-01"), source: "b.toml")
        let marchAgain = try store.recordNetwork(try Fixture.network(alicePledge: 3000), effectiveFrom: Fixture.month("2024-03"), source: "c.toml")
        let versions = try store.networkVersions()
        #expect(versions.map(\.id) == [january.id, march.id, marchAgain.id])
        // The version in effect for 2024-04 is the last with effectiveFrom <= 2024-04: the later March recording.
        let inEffect = versions.last { $0.effectiveFrom <= Fixture.month("2024-04") }
        #expect(inEffect?.settings.member(Fixture.member("alice"))?.pledgeBasisPoints == 3000)
    }

    /// The library refuses these with the user's words (`Ledger.applyNetwork`); the store stops rather than
    /// record them, so a caller that forgets the rule cannot write a wrong ledger.
    @Test func aChangeInAClosedMonthStopsTheStore() async throws {
        let store = try Fixture.ledger(in: folder)
        _ = try store.recordNetwork(try Fixture.network(), effectiveFrom: Fixture.month("2024-01"), source: "n.toml")
        try store.closeMonths([(Fixture.month("2024-01"), []), (Fixture.month("2024-02"), [])])
        let path = store.path
        for month in ["2023-06", "2024-01", "2024-02"] {
            await #expect(processExitsWith: .failure) { [path = path as String, month = month as String] in
                _ = try LedgerStore.open(at: path).recordNetwork(try Fixture.network(), effectiveFrom: Fixture.month(month), source: "n.toml")
            }
        }
        #expect(try store.networkVersions().count == 1)
        let march = try store.recordNetwork(try Fixture.network(alicePledge: 0), effectiveFrom: Fixture.month("2024-03"), source: "n2.toml")
        #expect(try store.networkVersions().last == march)
    }

    @Test func aNetworkInAnotherCurrencyStopsTheStore() async throws {
        let store = try Fixture.ledger(in: folder)
        let path = store.path
        await #expect(processExitsWith: .failure) { [path = path as String] in
            let yen = try NetworkSettings(currency: try Currency(code: "JPY"), shareBasisPoints: 0, pods: [], members: [])
            _ = try LedgerStore.open(at: path).recordNetwork(yen, effectiveFrom: Fixture.month("2024-01"), source: "yen.toml")
        }
        #expect(try store.networkVersions().isEmpty)
    }
}
