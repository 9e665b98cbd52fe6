import LedgerCore
import PropertyBased
import Testing
@testable import Smoothing

@Suite("Advice: the lowest pledge that meets a pod's targets")
struct AdviceTests {
    typealias F = Fixture

    static let april = F.month("2024-04")
    static let may = F.month("2024-05")
    static let kea = F.podID("kea")

    /// kea: floor 1000.00, no reserve target, refund, no network share; a and b at 10%, no hurdle or cap.
    static let kea2 = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000))],
                                members: [F.member("a", pod: "kea", pledge: 1000), F.member("b", pod: "kea", pledge: 1000)])

    static func income(_ rows: [(Month, Int64, Int64)]) -> [Month: [MemberID: Int64]] {
        Dictionary(uniqueKeysWithValues: rows.map { ($0.0, [F.memberID("a"): $0.1, F.memberID("b"): $0.2]) })
    }

    /// The months replayed under `overrides` applied to `settings`, as `podledger advise` replays them.
    static func replayer(_ settings: NetworkSettings, months: [Month], income: [Month: [MemberID: Int64]])
        -> (SimulationOverrides) throws -> [MonthResult] {
        { overrides in
            let changed = try overrides.apply(to: settings)
            return Simulation.replay(months: months, settingsFor: { _ in changed }, incomeByMonth: income,
                                     podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0, netHistoryMinor: [:])
        }
    }

    static func advise(_ targets: Advice.Targets, perMember: Bool = false, settings: NetworkSettings = kea2,
                       months: [Month], income: [Month: [MemberID: Int64]]) throws -> Advice.Outcome {
        let replay = replayer(settings, months: months, income: income)
        return try Advice.advise(pod: kea, targets: targets, perMember: perMember, actual: try replay(SimulationOverrides()), replay: replay)
    }

    // By hand, at a uniform pledge p (basis points; contributions p·I ÷ 10000 are exact here):
    // March, a earns 3000.00 and b 600.00: C = 30p + 6p cents; b keeps 60000 − 6p, so b's need is 40000 + 6p.
    //   Met iff 36p ≥ 40000 + 6p, i.e. p ≥ 1333.3…: 13.5% is the lowest candidate (at 13%: C = 46800 < N = 47800).
    // April, a earns 3000.00 and b nothing: C = 30p, need 100000: met iff p ≥ 3333.3…: 33.5% (at 33%: 99000).
    // May as March. a always keeps at least the floor (3000.00 − 33.5% > 1000.00).
    static let threeMonths = [F.march, april, may]
    static let lumpy = income([(F.march, 300_000, 60_000), (april, 300_000, 0), (may, 300_000, 60_000)])

    @Test func theLowestPledgeIsTheOneWorkedOutByHand() throws {
        let oneMonthBelow = try Self.advise(Advice.Targets(maxMonthsBelow: 1), months: Self.threeMonths, income: Self.lumpy)
        #expect(oneMonthBelow.advised?.uniformBasisPoints == 1350)
        #expect(oneMonthBelow.advised?.figures.members.map(\.monthsBelow) == [0, 1])  // b only in April
        #expect(oneMonthBelow.closest == nil)
        #expect(oneMonthBelow.replays == 28 + 1)  // 0%, 0.5%, …, 13.5%; then measured with the swing
        // Today (10% each) b is below every month: 3 months, so today's pledges miss the target.
        #expect(oneMonthBelow.today.members.map(\.monthsBelow) == [0, 3])
        #expect(!oneMonthBelow.today.meets(Advice.Targets(maxMonthsBelow: 1)))

        let never = try Self.advise(Advice.Targets(maxMonthsBelow: 0), months: Self.threeMonths, income: Self.lumpy)
        #expect(never.advised?.uniformBasisPoints == 3350)
        #expect(never.advised?.figures.mostMonthsBelow == 0)
    }

    @Test func whenNoPledgeMeetsTheTargetsTheClosestIsReported() throws {
        // April: a earns 500.00 and b nothing, 500.00 in all for a floor of 1000.00 each: someone is below whatever the
        // pledge. From 13.5% March is fine (see above), so the worst-off member is below once; below that, twice.
        let income = Self.income([(F.march, 300_000, 60_000), (Self.april, 50_000, 0)])
        let outcome = try Self.advise(Advice.Targets(maxMonthsBelow: 0), months: [F.march, Self.april], income: income)
        #expect(outcome.advised == nil)
        #expect(outcome.replays == Advice.candidates.count + 1)
        #expect(outcome.closest?.uniformBasisPoints == 1350)
        #expect(outcome.closest?.figures.mostMonthsBelow == 1)
        #expect(outcome.closest?.figures.members.map(\.monthsBelow) == [1, 1])
    }

    @Test func perMemberLoweringKeepsOnlyThePledgesThatMatter() throws {
        // March alone: need is met iff 30·p_a ≥ 40000 (b's own contribution comes back to b as need), so from 13.5%
        // a cannot go lower and b's pledge goes all the way down to 0%.
        let outcome = try Self.advise(Advice.Targets(maxMonthsBelow: 0), perMember: true, months: [F.march],
                                      income: Self.income([(F.march, 300_000, 60_000)]))
        #expect(outcome.advised?.uniformBasisPoints == 1350)
        #expect(outcome.advised?.figures.members.map(\.pledgeBasisPoints) == [1350, 0])
        #expect(outcome.advised?.figures.meets(outcome.targets) == true)
    }

    @Test func candidatesAreTriedLowestFirstWithoutAssumingMonotonicity() throws {
        // A made-up replay that meets the target at 10% and 30% only (b below otherwise): the search stops at 10%.
        let settings = Self.kea2
        let replay: (SimulationOverrides) throws -> [MonthResult] = { overrides in
            let pledge = overrides.pledgeBasisPoints ?? 1000
            let bIncome: Int64 = pledge == 1000 || pledge == 3000 ? 100_000 : 0
            return try Self.replayer(settings, months: [F.march], income: Self.income([(F.march, 100_000, bIncome)]))(SimulationOverrides())
        }
        let outcome = try Advice.advise(pod: Self.kea, targets: Advice.Targets(maxMonthsBelow: 0), perMember: false,
                                        actual: try replay(SimulationOverrides(pledgeBasisPoints: 500)), replay: replay)
        #expect(outcome.advised?.uniformBasisPoints == 1000)
        #expect(outcome.replays == 21 + 1)
    }

    @Test func reserveTarget() throws {
        // With a reserve target of 500.00, each month's leftover C − N = 30p − 40000 (March above, twice) tops up the
        // reserve: above zero from 13.5% (40500 − 40000 = 5.00); at 10% today need takes the whole pool, so it stays empty.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000), reserveTarget: 50_000)],
                                 members: [F.member("a", pod: "kea", pledge: 1000), F.member("b", pod: "kea", pledge: 1000)])
        let income = Self.income([(F.march, 300_000, 60_000), (Self.april, 300_000, 60_000)])
        let reserve = try Self.advise(Advice.Targets(reserveNeverEmpty: true), settings: settings, months: [F.march, Self.april], income: income)
        #expect(reserve.advised?.uniformBasisPoints == 1350)
        #expect(reserve.advised?.figures.monthsReserveEmpty == 0)
        #expect(reserve.advised?.figures.lowestReserveMinor == 500)
        #expect(reserve.today.monthsReserveEmpty == 2)
    }

    @Test func swingTargetIsTheFirstCandidateAtOrUnderIt() throws {
        // The target is the swing the replay gives at 20%; the advice is the first candidate whose swing (floored
        // basis points, as `stats` shows it) is at or under it: every lower candidate's is above.
        let replay = Self.replayer(Self.kea2, months: Self.threeMonths, income: Self.lumpy)
        func swing(_ pledge: Int) throws -> Int64? {
            Volatility.figures(results: try replay(SimulationOverrides(pod: Self.kea, pledgeBasisPoints: pledge)))
                .pod(Self.kea)?.figures.coefficientOfVariationAfterBasisPoints
        }
        let target = try #require(try swing(2000))
        let outcome = try Self.advise(Advice.Targets(maxSwingBasisPoints: target), months: Self.threeMonths, income: Self.lumpy)
        let found = try #require(outcome.advised)
        #expect(found.uniformBasisPoints <= 2000)
        #expect(found.figures.swingBasisPoints == (try swing(found.uniformBasisPoints)))
        for lower in Advice.candidates where lower < found.uniformBasisPoints {
            #expect(try #require(try swing(lower)) > target, "\(lower)")
        }
        #expect(outcome.today.swingBasisPoints.map { $0 > target } == true)
    }

    @Test func targetsThatCannotApplyAreRefused() throws {
        let equal = F.network(pods: [F.pod("kea", .equal)], members: [F.member("a", pod: "kea", pledge: 1000)])
        let income = [F.march: [F.memberID("a"): Int64(100_000)]]
        #expect(throws: Advice.Problem.noTargets) {
            try Self.advise(Advice.Targets(), settings: equal, months: [F.march], income: income)
        }
        #expect(throws: Advice.Problem.noFloorOrNeed(Self.kea, from: F.march, through: F.march)) {
            try Self.advise(Advice.Targets(maxMonthsBelow: 1), settings: equal, months: [F.march], income: income)
        }
        #expect(throws: Advice.Problem.reserveUntouched(Self.kea, from: F.march, through: F.march)) {
            try Self.advise(Advice.Targets(reserveNeverEmpty: true), settings: equal, months: [F.march], income: income)
        }
        let later = F.network(pods: [F.pod("kea", .equal)], members: [F.member("a", pod: "kea", pledge: 1000, joined: "2024-06")])
        #expect(throws: Advice.Problem.podNotInRange(Self.kea, from: F.march, through: F.march)) {
            try Self.advise(Advice.Targets(maxSwingBasisPoints: 100), settings: later, months: [F.march], income: income)
        }
        #expect(Advice.Problem.noFloorOrNeed(Self.kea, from: F.march, through: Self.april).description.contains("drop --max-months-below"))
    }

    @Test func figuresAgreeWithTheVolatilityFiguresOfStats() async {
        await propertyCheck(count: 300, input: RunScenario.generator) { run in
            let results = Simulation.replay(months: run.months, settingsFor: run.settings(for:), incomeByMonth: run.incomeByMonth,
                                            podReserveOpeningMinor: run.start.podReserveOpeningMinor,
                                            networkReserveOpeningMinor: run.start.networkReserveOpeningMinor,
                                            netHistoryMinor: run.start.netHistoryMinor, expensesByMonth: run.expensesByMonth,
                                            expensesCarriedMinor: run.start.expensesCarriedMinor, levyCarriedMinor: run.start.levyCarriedMinor)
            for pod in Volatility.figures(results: results).pods {
                let figures = Advice.figures(pod: pod.pod, results: results)
                #expect(figures?.swingBasisPoints == pod.figures.coefficientOfVariationAfterBasisPoints)
                #expect(figures?.members.map(\.member) == pod.members.map(\.member))
                #expect(figures?.members.map(\.months) == pod.members.map(\.figures.monthsCount))
            }
            // In a floor month, net below the member's floor (own or the pod's, with the tier bonus) and need left
            // unmet are the same thing.
            for result in results {
                for pod in result.pods {
                    guard case .floor = pod.policy else { continue }
                    for member in pod.members { #expect((member.netMinor < member.floorMinor!) == (member.unmetMinor > 0), "\(member)") }
                }
            }
        }
    }
}
