import LedgerCore
import Testing
@testable import Smoothing

/// Hand-worked months, one per branch of SPEC §5. Amounts in cents; the comments show the arithmetic.
@Suite("Calculator: SPEC §5 branches")
struct CalculatorTests {
    typealias F = Fixture

    @Test func poolShortPaysNeedByLRMAndDrawsTheReserveToZero() {
        // Floor 1000.00. a: 2000.00 at 10% → c 200.00, no need. b: no income → need 1000.00.
        // c: 500.00 at 10% → c 50.00, k 450.00, need 550.00. C = 250.00, R0 = 100.00, N = 1550.00 > C + R0.
        // LRM(350.00, need 0 / 1000.00 / 550.00): b ⌊3500000000/155000⌋ = 22580 rem 100000; c 12419 rem 55000;
        // Σ 34999, the leftover cent to b (larger remainder).
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000), reserveTarget: 50_000)],
                                 members: [F.member("a", pod: "kea", pledge: 1000), F.member("b", pod: "kea", pledge: 1000),
                                           F.member("c", pod: "kea", pledge: 1000)])
        let input = F.input(settings, income: ["a": 200_000, "c": 50_000], reserves: ["kea": 10_000])
        let result = Calculator.compute(input)
        let kea = result["kea"]
        #expect(kea.contributionsMinor == 25_000)
        #expect(kea.needMinor == 155_000)
        #expect(kea.reserveDrawMinor == 10_000)
        #expect(kea.reserveDepositMinor == 0)  // L = 0: nothing to deposit, though below the target
        #expect(kea.reserveClosingMinor == 0)
        #expect(kea["a"].needPaidMinor == 0)
        #expect(kea["b"].needPaidMinor == 22_581)
        #expect(kea["c"].needPaidMinor == 12_419)
        #expect(kea["b"].unmetMinor == 77_419)
        #expect(kea["c"].unmetMinor == 42_581)
        #expect(kea.unmetMinor == 120_000)
        #expect(kea["c"].netMinor == 50_000 - 5_000 + 12_419)
        #expect(result.networkReserveClosingMinor == 0)
        #expect(Invariants.violations(input, result).isEmpty)

        #expect(result.entries.map(\.description) == [
            "2024-03 kea: contributions", "2024-03 kea: reserve draw", "2024-03 kea: payments to members",
        ])
        #expect(result.entry("2024-03 kea: contributions")?.postings == [
            Posting(.member(F.podID("kea"), F.memberID("a")), -20_000), Posting(.member(F.podID("kea"), F.memberID("c")), -5_000),
            Posting(.pool(F.podID("kea")), 25_000),
        ])
        #expect(result.entry("2024-03 kea: reserve draw")?.postings == [
            Posting(.podReserve(F.podID("kea")), -10_000), Posting(.pool(F.podID("kea")), 10_000),
        ])
        #expect(result.entry("2024-03 kea: payments to members")?.postings == [
            Posting(.pool(F.podID("kea")), -35_000), Posting(.member(F.podID("kea"), F.memberID("b")), 22_581),
            Posting(.member(F.podID("kea"), F.memberID("c")), 12_419),
        ])
    }

    @Test func reserveCoversWhatThePoolCannot() {
        // Floor 1000.00. a: 2000.00 at 5% → 100.00. b: 900.00 at 10% → 90.00, k 810.00, need 190.00.
        // c: 950.00 at 0% → need 50.00. C = 190.00 < N = 240.00 ≤ C + R0 (80.00): draw 50.00, L = 0.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000), reserveTarget: 6_000)],
                                 members: [F.member("a", pod: "kea", pledge: 500), F.member("b", pod: "kea", pledge: 1000),
                                           F.member("c", pod: "kea", pledge: 0)])
        let input = F.input(settings, income: ["a": 200_000, "b": 90_000, "c": 95_000], reserves: ["kea": 8_000])
        let result = Calculator.compute(input)
        let kea = result["kea"]
        #expect(kea.contributionsMinor == 19_000)
        #expect(kea.reserveDrawMinor == 5_000)
        #expect(kea.reserveDepositMinor == 0)
        #expect(kea.reserveClosingMinor == 3_000)
        #expect(kea["b"].needPaidMinor == 19_000 && kea["c"].needPaidMinor == 5_000)
        #expect(kea["b"].netMinor == 100_000 && kea["c"].netMinor == 100_000)
        #expect(kea.unmetMinor == 0)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    /// Floor 1000.00; a: 2000.00 at 10% → 200.00; b: 950.00 at 10% → 95.00, k 855.00, need 145.00.
    /// C = 295.00, N = 145.00, L = 150.00.
    static func surplusSettings(_ surplus: SurplusMode, target: Int64 = 10_000, share: Int = 0) -> NetworkSettings {
        F.network(share: share, pods: [F.pod("kea", .floor(floorMinor: 100_000), reserveTarget: target, surplus: surplus)],
                  members: [F.member("a", pod: "kea", pledge: 1000), F.member("b", pod: "kea", pledge: 1000)])
    }

    @Test func depositFillsTheReserveToItsTargetAndTheRestIsRefunded() {
        // R0 = 20.00, T = 100.00: d = min(150.00, 80.00) = 80.00, S = 70.00.
        // Refund LRM(7000, c 20000 / 9500): a ⌊140000000/29500⌋ = 4745 rem 22500; b 2254 rem 7000 → leftover cent to a.
        let input = F.input(Self.surplusSettings(.refund), income: ["a": 200_000, "b": 95_000], reserves: ["kea": 2_000])
        let result = Calculator.compute(input)
        let kea = result["kea"]
        #expect(kea.reserveDepositMinor == 8_000)
        #expect(kea.reserveClosingMinor == 10_000)
        #expect(kea["a"].surplusShareMinor == 4_746)
        #expect(kea["b"].surplusShareMinor == 2_254)
        #expect(kea["b"].receivedFromPodMinor == 14_500 + 2_254)
        #expect(kea.surplusToReserveMinor == 0)
        #expect(Invariants.violations(input, result).isEmpty)
        #expect(result.entries.map(\.description) == [
            "2024-03 kea: contributions", "2024-03 kea: payments to members", "2024-03 kea: surplus refund", "2024-03 kea: reserve deposit",
        ])
        #expect(result.entry("2024-03 kea: reserve deposit")?.postings == [
            Posting(.pool(F.podID("kea")), -8_000), Posting(.podReserve(F.podID("kea")), 8_000),
        ])
    }

    @Test func depositTakesAllTheLeftoverWhenTheTargetIsFarAway() {
        let input = F.input(Self.surplusSettings(.refund, target: 100_000), income: ["a": 200_000, "b": 95_000])
        let kea = Calculator.compute(input)["kea"]
        #expect(kea.reserveDepositMinor == 15_000)
        #expect(kea.members.allSatisfy { $0.surplusShareMinor == 0 })
    }

    @Test func reserveAboveItsTargetTakesNoDepositAndIsNotDrawnDown() {
        // R0 = 500.00 > T = 100.00: d = max(0, T − R1) = 0; the whole leftover is surplus.
        let input = F.input(Self.surplusSettings(.refund), income: ["a": 200_000, "b": 95_000], reserves: ["kea": 50_000])
        let kea = Calculator.compute(input)["kea"]
        #expect(kea.reserveDepositMinor == 0 && kea.reserveClosingMinor == 50_000)
        #expect(kea.surplusToMembersMinor == 15_000)
    }

    @Test func surplusSharedEqually() {
        // S' = 70.00 split equally: 35.00 each, whatever they contributed.
        let input = F.input(Self.surplusSettings(.equal), income: ["a": 200_000, "b": 95_000], reserves: ["kea": 2_000])
        let result = Calculator.compute(input)
        #expect(result["kea"]["a"].surplusShareMinor == 3_500)
        #expect(result["kea"]["b"].surplusShareMinor == 3_500)
        #expect(result.entry("2024-03 kea: surplus shared equally") != nil)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func surplusKeptInTheReserve() {
        // S' = 70.00 stays in the pod: R2 = R1 + d + S' = 20.00 + 80.00 + 70.00 = 170.00, above the target.
        let input = F.input(Self.surplusSettings(.reserve), income: ["a": 200_000, "b": 95_000], reserves: ["kea": 2_000])
        let result = Calculator.compute(input)
        let kea = result["kea"]
        #expect(kea.surplusToReserveMinor == 7_000)
        #expect(kea.reserveClosingMinor == 17_000)
        #expect(kea.members.allSatisfy { $0.surplusShareMinor == 0 })
        #expect(result.entry("2024-03 kea: surplus kept in reserve")?.postings == [
            Posting(.pool(F.podID("kea")), -7_000), Posting(.podReserve(F.podID("kea")), 7_000),
        ])
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func networkShareIsTakenFromTheSurplusBeforeTheRefund() {
        // S = 70.00, share 12.5%: n = ⌊7000·1250/10000⌋ = 875; S' = 6125 refunded.
        let input = F.input(Self.surplusSettings(.refund, share: 1250), income: ["a": 200_000, "b": 95_000], reserves: ["kea": 2_000],
                            networkReserve: 100)
        let result = Calculator.compute(input)
        #expect(result["kea"].toNetworkMinor == 875)
        #expect(result["kea"].surplusToMembersMinor == 6_125)
        #expect(result.networkReserveClosingMinor == 975)
        #expect(result.entry("2024-03 kea: to network")?.postings == [
            Posting(.pool(F.podID("kea")), -875), Posting(.networkReserve, 875),
        ])
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func networkSupportIsSplitByLRMAcrossPodsThenWithinEachPod() {
        // alpha: a1 3000.00 at 20% → 600.00; a2 950.00 at 0% → need 50.00. L = 550.00, T = 0 → S = 550.00,
        //   share 10% → n = 55.00, S' = 495.00 refunded to a1 (the only contributor).
        // beta (floor 1000.00): b1, b2 no income → U = 2000.00. gamma (floor 500.00): g1 no income → U = 500.00.
        // NF = NR0 10.01 + 55.00 = 65.01 < ΣU = 2500.00 → LRM(6501, 200000 / 50000):
        //   beta ⌊1300200000/250000⌋ = 5200 rem 200000; gamma 1300 rem 50000 → the leftover cent to beta: 5201, 1300.
        // Within beta: LRM(5201, 100000 / 100000) = 2601 to b1 (tie → smaller id), 2600 to b2. NR1 = 0.
        let settings = F.network(share: 1000, pods: [
            F.pod("alpha", .floor(floorMinor: 100_000)), F.pod("beta", .floor(floorMinor: 100_000)),
            F.pod("gamma", .floor(floorMinor: 50_000)),
        ], members: [
            F.member("a1", pod: "alpha", pledge: 2000), F.member("a2", pod: "alpha", pledge: 0),
            F.member("b1", pod: "beta", pledge: 1000), F.member("b2", pod: "beta", pledge: 1000),
            F.member("g1", pod: "gamma", pledge: 1000),
        ])
        let input = F.input(settings, income: ["a1": 300_000, "a2": 95_000], networkReserve: 1_001)
        let result = Calculator.compute(input)
        #expect(result["alpha"].toNetworkMinor == 5_500)
        #expect(result["alpha"]["a1"].surplusShareMinor == 49_500)
        #expect(result["alpha"]["a2"].surplusShareMinor == 0)
        #expect(result.networkFundsMinor == 6_501)
        #expect(result["beta"].fromNetworkMinor == 5_201)
        #expect(result["gamma"].fromNetworkMinor == 1_300)
        #expect(result["beta"]["b1"].receivedFromNetworkMinor == 2_601)
        #expect(result["beta"]["b2"].receivedFromNetworkMinor == 2_600)
        #expect(result["gamma"]["g1"].receivedFromNetworkMinor == 1_300)
        #expect(result["beta"].unmetMinor == 200_000 - 5_201)
        #expect(result["gamma"]["g1"].unmetMinor == 50_000 - 1_300)
        #expect(result.networkReserveClosingMinor == 0)
        #expect(Invariants.violations(input, result).isEmpty)
        #expect(result.entries.suffix(2).map(\.description) == ["2024-03 beta: network support", "2024-03 gamma: network support"])
        #expect(result.entry("2024-03 beta: network support")?.postings == [
            Posting(.networkReserve, -5_201), Posting(.member(F.podID("beta"), F.memberID("b1")), 2_601),
            Posting(.member(F.podID("beta"), F.memberID("b2")), 2_600),
        ])
    }

    @Test func networkTieBetweenPodsGoesToTheSmallerPodID() {
        // Two pods each 1.00 short, the network has 0.01: equal remainders, the cent goes to "pod-a".
        let settings = F.network(pods: [F.pod("pod-b", .floor(floorMinor: 100)), F.pod("pod-a", .floor(floorMinor: 100))],
                                 members: [F.member("x", pod: "pod-b", pledge: 0), F.member("y", pod: "pod-a", pledge: 0)])
        let result = Calculator.compute(F.input(settings, income: [:], networkReserve: 1))
        #expect(result["pod-a"].fromNetworkMinor == 1)
        #expect(result["pod-b"].fromNetworkMinor == 0)
        #expect(result.entries.map(\.description) == ["2024-03 pod-a: network support"])
    }

    @Test func networkCoveringEveryNeedPaysItInFullAndKeepsTheRest() {
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000))], members: [F.member("x", pod: "kea", pledge: 0)])
        let input = F.input(settings, income: ["x": 60_000], networkReserve: 50_000)
        let result = Calculator.compute(input)
        #expect(result["kea"]["x"].receivedFromNetworkMinor == 40_000)
        #expect(result["kea"]["x"].netMinor == 100_000)
        #expect(result["kea"].unmetMinor == 0)
        #expect(result.networkReserveClosingMinor == 10_000)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func capLimitsTheContribution() {
        // 12000.00 at 20% = 2400.00, capped at 1500.00; a cap of 0 pledges nothing; no cap, no limit.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 0))], members: [
            F.member("a", pod: "kea", pledge: 2000, cap: 150_000), F.member("b", pod: "kea", pledge: 2000, cap: 0),
            F.member("c", pod: "kea", pledge: 2000), F.member("d", pod: "kea", pledge: 2000, cap: 240_000),
        ])
        let kea = Calculator.compute(F.input(settings, income: ["a": 1_200_000, "b": 1_200_000, "c": 1_200_000, "d": 1_200_000]))["kea"]
        #expect(kea.members.map(\.contributionMinor) == [150_000, 0, 240_000, 240_000])
    }

    @Test func hurdleExemptsIncomeBelowIt() {
        // Hurdle 500.00 at 15%: 400.00 → 0; 500.00 → 0; 4000.00 → 15% of 3500.00 = 525.00.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 0))], members: [
            F.member("a", pod: "kea", pledge: 1500, hurdle: 50_000), F.member("b", pod: "kea", pledge: 1500, hurdle: 50_000),
            F.member("c", pod: "kea", pledge: 1500, hurdle: 50_000),
        ])
        let kea = Calculator.compute(F.input(settings, income: ["a": 40_000, "b": 50_000, "c": 400_000]))["kea"]
        #expect(kea.members.map(\.contributionMinor) == [0, 0, 52_500])
    }

    @Test func contributionRoundsDownToTheCent() {
        // 2750.09 at 12.5% = 343.76125 → 343.76.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 0))], members: [F.member("a", pod: "kea", pledge: 1250)])
        #expect(Calculator.compute(F.input(settings, income: ["a": 275_009]))["kea"]["a"].contributionMinor == 34_376)
    }

    @Test func negativeIncomeContributesNothingAndNeedsMore() {
        // A refund to a client: I = −500.00. c = 0, k = −500.00, need = 1000.00 − (−500.00) = 1500.00.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000))], members: [
            F.member("a", pod: "kea", pledge: 1000, hurdle: 10_000), F.member("b", pod: "kea", pledge: 5000),
        ])
        let input = F.input(settings, income: ["a": -50_000, "b": 1_000_000], reserves: ["kea": 0])
        let result = Calculator.compute(input)
        let kea = result["kea"]
        #expect(kea["a"].contributionMinor == 0)
        #expect(kea["a"].keptMinor == -50_000)
        #expect(kea["a"].needMinor == 150_000)
        #expect(kea["a"].netMinor == 100_000)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func onlyMembersActiveInTheMonthTakePart() {
        // joined and left are inclusive. "early" left in February, "late" joins in April: both absent in March.
        // Income recorded for an inactive member is ignored (the importer refuses it in the first place).
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000))], members: [
            F.member("early", pod: "kea", pledge: 1000, joined: "2024-01", left: "2024-02"),
            F.member("stays", pod: "kea", pledge: 1000, joined: "2024-01", left: "2024-03"),
            F.member("fresh", pod: "kea", pledge: 1000, joined: "2024-03"),
            F.member("late", pod: "kea", pledge: 1000, joined: "2024-04"),
        ])
        let input = F.input(settings, income: ["early": 500_000, "stays": 300_000, "fresh": 0, "late": 500_000])
        let result = Calculator.compute(input)
        #expect(result["kea"].members.map(\.member.raw) == ["fresh", "stays"])
        #expect(result["kea"].contributionsMinor == 30_000)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func aPodWithoutActiveMembersIsAbsentAndItsReserveUntouched() {
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000)), F.pod("ruru", .floor(floorMinor: 100_000))],
                                 members: [F.member("a", pod: "kea", pledge: 1000), F.member("z", pod: "ruru", pledge: 1000, joined: "2024-06")])
        let result = Calculator.compute(F.input(settings, income: ["a": 200_000], reserves: ["ruru": 77_700]))
        #expect(result.pods.map(\.pod.raw) == ["kea"])
        #expect(!result.entries.contains { $0.postings.contains { $0.account.pod == F.podID("ruru") } })
    }

    @Test func averageTargetIsTheFloorMeanOfTheLastWindowNets() {
        // window 3. a: history 1000.00, 4000.00, 2000.00, 0.01 → last 3 mean ⌊600001/3⌋ = 200000 (2000.00);
        //   income 1500.00 at 10% → k 1350.00, need 650.00.
        // b: two months only (fewer than the window): 900.00, 1000.01 → ⌊190001/2⌋ = 95000; income 0 → need 950.00.
        // c: no history → need 0. d: history −0.01, 0.00 → ⌊−1/2⌋ = −1 → need max(0, −1 − k) = 0.
        let settings = F.network(pods: [F.pod("moa", .average(windowMonths: 3), reserveTarget: 0)], members: [
            F.member("a", pod: "moa", pledge: 1000), F.member("b", pod: "moa", pledge: 1000),
            F.member("c", pod: "moa", pledge: 1000), F.member("d", pod: "moa", pledge: 1000),
        ])
        let input = F.input(settings, income: ["a": 150_000, "c": 800_000, "d": 0], reserves: ["moa": 200_000],
                            history: ["a": [100_000, 400_000, 200_000, 1], "b": [90_000, 100_001], "d": [-1, 0]])
        let result = Calculator.compute(input)
        let moa = result["moa"]
        #expect(moa["a"].needMinor == 65_000)
        #expect(moa["b"].needMinor == 95_000)
        #expect(moa["c"].needMinor == 0)
        #expect(moa["d"].needMinor == 0)
        // C = 150.00 (a) + 800.00 (c) = 950.00 < N = 1600.00 ≤ C + R0: draw 650.00 from the reserve.
        #expect(moa.contributionsMinor == 95_000)
        #expect(moa.reserveDrawMinor == 65_000)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func equalPolicySplitsThePoolLessTheNetworkShareAndLeavesTheReserve() {
        // x 1000.00 at 10% → 100.00; y nothing; z 500.11 at 10% → 50.011 → 50.01. C = 150.01.
        // n = ⌊15001·1000/10000⌋ = 1500; 13501 split equally: 4501 to x (first id), 4500, 4500. R0 stays 70.00.
        let settings = F.network(share: 1000, pods: [F.pod("tui", .equal, reserveTarget: 100_000)], members: [
            F.member("x", pod: "tui", pledge: 1000), F.member("y", pod: "tui", pledge: 1000), F.member("z", pod: "tui", pledge: 1000),
        ])
        let input = F.input(settings, income: ["x": 100_000, "z": 50_011], reserves: ["tui": 7_000])
        let result = Calculator.compute(input)
        let tui = result["tui"]
        #expect(tui.contributionsMinor == 15_001)
        #expect(tui.toNetworkMinor == 1_500)
        #expect(tui.members.map(\.surplusShareMinor) == [4_501, 4_500, 4_500])
        #expect(tui.members.allSatisfy { $0.needMinor == 0 && $0.unmetMinor == 0 })
        #expect(tui.reserveDrawMinor == 0 && tui.reserveDepositMinor == 0 && tui.reserveClosingMinor == 7_000)
        #expect(result.networkReserveClosingMinor == 1_500)
        #expect(result.entries.map(\.description) == ["2024-03 tui: contributions", "2024-03 tui: equal shares", "2024-03 tui: to network"])
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func aQuietMonthPostsNothing() {
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 0))], members: [F.member("a", pod: "kea", pledge: 1000)])
        let result = Calculator.compute(F.input(settings, income: [:]))
        #expect(result.entries.isEmpty)
        #expect(result["kea"]["a"].netMinor == 0)
    }
}
