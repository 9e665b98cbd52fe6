import LedgerCore
import Smoothing
import Testing
@testable import Statements

@Suite struct SettlementTests {
    /// What each party receives minus what it pays, from the pod's figures (the definition in `Settlement`).
    static func positions(_ pod: PodResult) -> [Party: Int64] {
        var positions: [Party: Int64] = [:]
        for member in pod.members {
            positions[.member(pod.pod, member.member)] = member.receivedMinor - member.contributionMinor
        }
        positions[.podReserve(pod.pod)] = pod.reserveDepositMinor + pod.surplusToReserveMinor - pod.reserveDrawMinor
        positions[.networkReserve] = pod.toNetworkMinor - pod.fromNetworkMinor
        return positions
    }

    /// What the transfers give each party.
    static func settled(_ transfers: [Transfer]) -> [Party: Int64] {
        var settled: [Party: Int64] = [:]
        for transfer in transfers {
            settled[transfer.from, default: 0] -= transfer.amountMinor
            settled[transfer.to, default: 0] += transfer.amountMinor
        }
        return settled
    }

    static func expectSettles(_ pod: PodResult, sourceLocation: SourceLocation = #_sourceLocation) {
        let transfers = Settlement.transfers(for: pod)
        let positions = positions(pod)
        #expect(positions.values.reduce(0, +) == 0, "the fixture itself must conserve money", sourceLocation: sourceLocation)
        let settled = settled(transfers)
        for (party, position) in positions {
            #expect(settled[party, default: 0] == position, "\(party) settles to its position", sourceLocation: sourceLocation)
        }
        for party in settled.keys {
            #expect(positions[party] != nil, "\(party) is a party of the pod", sourceLocation: sourceLocation)
        }
        #expect(transfers.allSatisfy { $0.amountMinor > 0 && $0.from != $0.to }, sourceLocation: sourceLocation)
        let active = positions.values.filter { $0 != 0 }.count
        #expect(transfers.count <= max(0, active - 1), sourceLocation: sourceLocation)
        #expect(settled.values.reduce(0, +) == 0, sourceLocation: sourceLocation)
    }

    @Test func reserveBalancesMatchTheirComponents() {
        for pod in Fixtures.marchResult.pods + Fixtures.history.flatMap(\.pods) {
            #expect(pod.reserveClosingMinor - pod.reserveOpeningMinor
                == pod.reserveDepositMinor + pod.surplusToReserveMinor - pod.reserveDrawMinor)
        }
    }

    @Test func everyFixturePodSettlesExactly() {
        for pod in Fixtures.marchResult.pods + Fixtures.history.flatMap(\.pods) {
            Self.expectSettles(pod)
        }
    }

    @Test func floorPodWithNetworkSupport() {
        let aurora = Fixtures.pod("aurora")
        let mere = Party.member(aurora, Fixtures.member("mere"))
        #expect(Settlement.transfers(for: Fixtures.auroraMarch) == [
            Transfer(from: .member(aurora, Fixtures.member("ben")), to: mere, amountMinor: 60_000),
            Transfer(from: .member(aurora, Fixtures.member("alice")), to: mere, amountMinor: 52_500),
            Transfer(from: .podReserve(aurora), to: mere, amountMinor: 45_500),
            Transfer(from: .networkReserve, to: mere, amountMinor: 42_000),
        ])
    }

    @Test func averagePodWithDepositAndNetworkShare() {
        let kauri = Fixtures.pod("kauri")
        let chen = Party.member(kauri, Fixtures.member("chen"))
        #expect(Settlement.transfers(for: Fixtures.kauriMarch) == [
            Transfer(from: chen, to: .member(kauri, Fixtures.member("hemi")), amountMinor: 46_000),
            Transfer(from: chen, to: .podReserve(kauri), amountMinor: 20_000),
            Transfer(from: chen, to: .member(kauri, Fixtures.member("priya")), amountMinor: 16_000),
            Transfer(from: chen, to: .networkReserve, amountMinor: 2_000),
        ])
    }

    @Test func equalPodSplitsAPayerAcrossCreditors() {
        let tui = Fixtures.pod("tui")
        let tama = Party.member(tui, Fixtures.member("tama"))
        #expect(Settlement.transfers(for: Fixtures.tuiMarch) == [
            Transfer(from: tama, to: .member(tui, Fixtures.member("kiri")), amountMinor: 18_600),
            Transfer(from: tama, to: .networkReserve, amountMinor: 4_800),
            Transfer(from: .member(tui, Fixtures.member("ana")), to: .networkReserve, amountMinor: 1_400),
        ])
    }

    @Test func tiesGoToTheSmallerPartyID() {
        // alice and ben both owe 1.00; chen and the reserve are both owed 1.00.
        let pod = PodResult(
            pod: Fixtures.pod("p"), policy: .equal,
            members: [
                Fixtures.line("ben", income: 0, pledge: 0, contribution: 100),
                Fixtures.line("alice", income: 0, pledge: 0, contribution: 100),
                Fixtures.line("chen", income: 0, pledge: 0, contribution: 0, fromPod: 100),
            ],
            contributionsMinor: 200, reserveOpeningMinor: 0, reserveDrawMinor: 0, reserveDepositMinor: 100,
            surplusToReserveMinor: 0, reserveClosingMinor: 100, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 0)
        let p = Fixtures.pod("p")
        #expect(Settlement.transfers(for: pod) == [
            Transfer(from: .member(p, Fixtures.member("alice")), to: .member(p, Fixtures.member("chen")), amountMinor: 100),
            Transfer(from: .member(p, Fixtures.member("ben")), to: .podReserve(p), amountMinor: 100),
        ])
    }

    @Test func nothingToSettle() {
        let pod = PodResult(
            pod: Fixtures.pod("p"), policy: .floor(floorMinor: 0),
            members: [Fixtures.line("alice", income: 1000, pledge: 0, contribution: 0)],
            contributionsMinor: 0, reserveOpeningMinor: 500, reserveDrawMinor: 0, reserveDepositMinor: 0,
            surplusToReserveMinor: 0, reserveClosingMinor: 500, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 0)
        #expect(Settlement.transfers(for: pod).isEmpty)
    }

    /// Random pods that conserve money (a small deterministic generator, so failures reproduce).
    @Test func randomPodsSettleExactly() {
        var random = SplitMix(seed: 0x5EED_2024)
        for _ in 0..<500 {
            let count = Int(random.next() % 8) + 1
            var members: [MemberResult] = []
            var contributions: Int64 = 0
            var received: Int64 = 0
            for index in 0..<count {
                let contribution = Int64(random.next() % 50_000)
                let fromPod = random.next() % 3 == 0 ? 0 : Int64(random.next() % 60_000)
                let fromNetwork = random.next() % 4 == 0 ? Int64(random.next() % 10_000) : 0
                // Some equal amounts, to exercise the ties.
                let roundedFromPod = random.next() % 2 == 0 ? fromPod / 10_000 * 10_000 : fromPod
                members.append(Fixtures.line("m\(index)", income: 100_000, pledge: 1000, contribution: contribution,
                                             fromPod: roundedFromPod, fromNetwork: fromNetwork))
                contributions += contribution
                received += roundedFromPod + fromNetwork
            }
            let support = members.reduce(0) { $0 + $1.receivedFromNetworkMinor }
            let opening = Int64(random.next() % 100_000)
            // C + R0 + support = Σreceived + R2 + n_P: pick n_P, the rest goes to (or comes from) the reserve.
            var toNetwork = random.next() % 3 == 0 ? Int64(random.next() % 5_000) : 0
            var closing = contributions + opening + support - received - toNetwork
            if closing < 0 {
                toNetwork = 0
                closing = contributions + opening + support - received
            }
            guard closing >= 0 else { continue }
            let change = closing - opening
            let pod = PodResult(
                pod: Fixtures.pod("p"), policy: .floor(floorMinor: 0), members: members, contributionsMinor: contributions,
                reserveOpeningMinor: opening, reserveDrawMinor: max(0, -change), reserveDepositMinor: max(0, change),
                surplusToReserveMinor: 0, reserveClosingMinor: closing, toNetworkMinor: toNetwork, fromNetworkMinor: support,
                unmetMinor: 0)
            Self.expectSettles(pod)
        }
    }
}

/// SplitMix64: a tiny, well-known deterministic generator.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
