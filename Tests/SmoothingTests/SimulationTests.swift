import LedgerCore
import PropertyBased
import Testing
@testable import Smoothing

@Suite("Simulation: replay and overrides")
struct SimulationTests {
    typealias F = Fixture

    /// Computes each month with `Calculator.compute`, building every input from scratch from the earlier results
    /// (an implementation independent of `Simulation.State`). Carried expenses: everything recorded up to the
    /// month before, less everything paid; carried levy: the last month the pod took part in says.
    static func monthByMonth(_ run: RunScenario) -> [MonthResult] {
        var results: [MonthResult] = []
        for month in run.months {
            var reserves = run.start.podReserveOpeningMinor
            var networkReserve = run.start.networkReserveOpeningMinor
            var history = run.start.netHistoryMinor
            var expensesCarried = run.start.expensesCarriedMinor
            var levyCarried = run.start.levyCarriedMinor
            for earlier in results {
                networkReserve = earlier.networkReserveClosingMinor
                for (pod, amount) in run.expensesByMonth[earlier.month] ?? [:] { expensesCarried[pod, default: 0] += amount }
                for pod in earlier.pods {
                    reserves[pod.pod] = pod.reserveClosingMinor
                    expensesCarried[pod.pod, default: 0] -= pod.costs.expensesMinor
                    levyCarried[pod.pod] = pod.costs.levyCarriedMinor
                    for member in pod.members { history[member.member, default: []].append(member.netMinor) }
                }
            }
            results.append(Calculator.compute(MonthInput(
                month: month, settings: run.settings(for: month), incomeMinor: run.incomeByMonth[month] ?? [:],
                podReserveOpeningMinor: reserves, networkReserveOpeningMinor: networkReserve, netHistoryMinor: history,
                expensesMinor: run.expensesByMonth[month] ?? [:], expensesCarriedMinor: expensesCarried, levyCarriedMinor: levyCarried)))
        }
        return results
    }

    @Test func replayEqualsComputingMonthByMonth() async {
        await propertyCheck(count: 1000, input: RunScenario.generator) { run in
            let replayed = Simulation.replay(months: run.months, settingsFor: run.settings(for:), incomeByMonth: run.incomeByMonth,
                                             podReserveOpeningMinor: run.start.podReserveOpeningMinor,
                                             networkReserveOpeningMinor: run.start.networkReserveOpeningMinor,
                                             netHistoryMinor: run.start.netHistoryMinor, expensesByMonth: run.expensesByMonth,
                                             expensesCarriedMinor: run.start.expensesCarriedMinor,
                                             levyCarriedMinor: run.start.levyCarriedMinor)
            #expect(replayed == Self.monthByMonth(run))
            // Closing balances chain into the next month's opening balances.
            for (earlier, later) in zip(replayed, replayed.dropFirst()) {
                #expect(later.networkReserveOpeningMinor == earlier.networkReserveClosingMinor)
                for pod in later.pods {
                    if let before = earlier.pod(pod.pod) { #expect(pod.reserveOpeningMinor == before.reserveClosingMinor) }
                }
            }
        }
    }

    @Test func replayCarriesReservesAndNetHistory() {
        // kea (floor 1000.00, target 200.00): March a earns 3000.00 at 10% → 300.00, b 1000.00 at 10% → 100.00, k 900.00,
        //   need 100.00: L = 300.00, deposit 200.00, refund 100.00 by contribution (75.00 / 25.00).
        // April: nobody earns: need 1000.00 each, C = 0, R0 = 200.00 → LRM(200.00, 1000.00 / 1000.00) = 100.00 each.
        // moa (average, window 2): c's net in March is 500.00 (no pledge); in April c earns 0 → need 500.00, all unmet.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 100_000), reserveTarget: 20_000),
                                        F.pod("moa", .average(windowMonths: 2))],
                                 members: [F.member("a", pod: "kea", pledge: 1000), F.member("b", pod: "kea", pledge: 1000),
                                           F.member("c", pod: "moa", pledge: 0)])
        let april = F.month("2024-04")
        let results = Simulation.replay(months: [F.march, april], settingsFor: { _ in settings },
                                        incomeByMonth: [F.march: [F.memberID("a"): 300_000, F.memberID("b"): 100_000, F.memberID("c"): 50_000]],
                                        podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0, netHistoryMinor: [:])
        #expect(results.count == 2)
        #expect(results[0]["kea"].reserveClosingMinor == 20_000)
        #expect(results[0]["kea"]["a"].surplusShareMinor == 7_500)
        #expect(results[1]["kea"].reserveOpeningMinor == 20_000)
        #expect(results[1]["kea"].reserveDrawMinor == 20_000)
        #expect(results[1]["kea"].members.map(\.needPaidMinor) == [10_000, 10_000])
        #expect(results[0]["moa"]["c"].needMinor == 0)          // no history yet
        #expect(results[1]["moa"]["c"].needMinor == 50_000)     // mean of [500.00]
        #expect(results[1]["moa"]["c"].unmetMinor == 50_000)
    }

    @Test func longHistoriesAreTrimmedWithoutChangingResults() {
        // Window 120 (the longest allowed) over a 125-month history: replay keeps only the last 120 nets, which is all
        // the window reads, so three replayed months equal three months computed from the untrimmed history.
        let settings = F.network(pods: [F.pod("moa", .average(windowMonths: Limits.windowMonthsMax))],
                                 members: [F.member("a", pod: "moa", pledge: 1000), F.member("b", pod: "moa", pledge: 1000)])
        let history: [MemberID: [Int64]] = [F.memberID("a"): (0..<125).map { Int64($0 * 1_000) }, F.memberID("b"): [50_000]]
        let months = [F.march, F.march.next, F.march.next.next]
        let income: [Month: [MemberID: Int64]] = [F.march: [F.memberID("b"): 400_000], months[1]: [F.memberID("a"): 10_000],
                                                  months[2]: [F.memberID("b"): 900_000]]
        let run = RunScenario(months: months, settingsVersions: [(months[0], settings)], incomeByMonth: income,
                              start: Scenario(month: F.march, shareBasisPoints: 0, pods: settings.pods, members: settings.members,
                                              incomeRows: [], podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0,
                                              netHistoryMinor: history))
        let replayed = Simulation.replay(months: months, settingsFor: { _ in settings }, incomeByMonth: income,
                                         podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0, netHistoryMinor: history)
        #expect(replayed == Self.monthByMonth(run))
        // a earns nothing in March: need = the mean of the last 120 nets (50.00 … 1240.00) = 645.00.
        let expectedMean: Int64 = (5...124).map { Int64($0) * 1_000 }.reduce(0, +) / 120
        #expect(expectedMean == 64_500)
        #expect(replayed[0]["moa"]["a"].needMinor == expectedMean)
        var state = Simulation.State(podReserveMinor: [:], networkReserveMinor: 0, netHistoryMinor: history)
        state.close(replayed[0])
        #expect(state.netHistoryMinor[F.memberID("a")]?.count == Limits.windowMonthsMax)
    }

    @Test func replayOfNoMonthsIsEmpty() {
        let settings = F.network(pods: [F.pod("kea", .equal)], members: [F.member("a", pod: "kea", pledge: 0)])
        #expect(Simulation.replay(months: [], settingsFor: { _ in settings }, incomeByMonth: [:], podReserveOpeningMinor: [:],
                                  networkReserveOpeningMinor: 0, netHistoryMinor: [:]).isEmpty)
    }

    static let base = F.network(share: 1000, pods: [
        F.pod("kea", .floor(floorMinor: 300_000), reserveTarget: 600_000),
        F.pod("moa", .average(windowMonths: 6), reserveTarget: 0, surplus: .equal),
    ], members: [
        F.member("alice", pod: "kea", pledge: 1500, hurdle: 50_000, cap: 200_000), F.member("ben", pod: "kea", pledge: 2000),
        F.member("chen", pod: "moa", pledge: 1000),
    ])

    @Test func noOverridesKeepTheSettings() throws {
        #expect(SimulationOverrides().isEmpty)
        #expect(try SimulationOverrides().apply(to: Self.base) == Self.base)
    }

    @Test func pledgeForEveryoneAndForOneMember() throws {
        let everyone = try SimulationOverrides(pledgeBasisPoints: 500).apply(to: Self.base)
        #expect(everyone.members.map(\.pledgeBasisPoints) == [500, 500, 500])
        let one = try SimulationOverrides(pledgeBasisPoints: 500, memberPledgeBasisPoints: [F.memberID("ben"): 2500]).apply(to: Self.base)
        #expect(one.members.map(\.pledgeBasisPoints) == [500, 2500, 500])
        // Everything else about a member stays.
        #expect(one.member(F.memberID("alice"))?.capMinor == 200_000 && one.member(F.memberID("alice"))?.hurdleMinor == 50_000)
    }

    @Test func podScopeLimitsPodLevelOverrides() throws {
        let settings = try SimulationOverrides(pod: F.podID("kea"), pledgeBasisPoints: 0, reserveTargetMinor: 0, surplus: .reserve)
            .apply(to: Self.base)
        #expect(settings.members.map(\.pledgeBasisPoints) == [0, 0, 1000])
        #expect(settings.pod(F.podID("kea"))?.reserveTargetMinor == 0 && settings.pod(F.podID("kea"))?.surplus == .reserve)
        #expect(settings.pod(F.podID("moa")) == Self.base.pod(F.podID("moa")))
    }

    @Test func policyFloorWindowReserveSurplusAndShare() throws {
        let floor = try SimulationOverrides(pod: F.podID("kea"), floorMinor: 250_000).apply(to: Self.base)
        #expect(floor.pod(F.podID("kea"))?.policy == .floor(floorMinor: 250_000))
        let all = try SimulationOverrides(policy: .floor, floorMinor: 200_000, shareBasisPoints: 2500).apply(to: Self.base)
        #expect(all.pods.map(\.policy) == [.floor(floorMinor: 200_000), .floor(floorMinor: 200_000)])
        #expect(all.shareBasisPoints == 2500)
        let average = try SimulationOverrides(policy: .average, windowMonths: 3).apply(to: Self.base)
        #expect(average.pods.map(\.policy) == [.average(windowMonths: 3), .average(windowMonths: 3)])
        let equal = try SimulationOverrides(policy: .equal, reserveTargetMinor: 1, surplus: .refund).apply(to: Self.base)
        #expect(equal.pods.map(\.policy) == [.equal, .equal])
        #expect(equal.pods.map(\.reserveTargetMinor) == [1, 1])
        // A window alone only changes the average pods.
        let window = try SimulationOverrides(windowMonths: 12).apply(to: Self.base)
        #expect(window.pods.map(\.policy) == [.floor(floorMinor: 300_000), .average(windowMonths: 12)])
    }

    /// A network with every agreement of SPEC §6: overrides keep what they do not change.
    static let agreements = try! NetworkSettings(currency: F.nzd, shareBasisPoints: 1000, levy: Levy(feeMinor: 25_000, grossBasisPoints: 200), pods: [
        PodSettings(id: F.podID("kea"), name: "Kea", policy: .floor(floorMinor: 150_000), reserveTargetMinor: 600_000, surplus: .reserve,
                    networkFeeMinor: 10_000, tiers: [ReserveTier(reserveAtLeastMinor: 400_000, floorBonusMinor: 30_000)]),
        PodSettings(id: F.podID("moa"), name: "Moa", policy: .average(windowMonths: 3), reserveTargetMinor: 0, surplus: .equal, networkGrossBasisPoints: 0),
    ], members: [
        MemberSettings(id: F.memberID("ana"), name: "Ana", pod: F.podID("kea"), pledgeBasisPoints: 10_000, hurdleMinor: 0, capMinor: nil,
                       joined: F.january, left: nil, floorMinor: 180_000),
        F.member("ben", pod: "kea", pledge: 10_000), F.member("chen", pod: "moa", pledge: 1000),
    ])

    @Test func overridesKeepAndChangeTheAgreements() throws {
        // A pledge change keeps the levy, the pods' own levy, tiers and own floors.
        let pledge = try SimulationOverrides(pledgeBasisPoints: 5000).apply(to: Self.agreements)
        #expect(pledge.levy == Self.agreements.levy)
        #expect(pledge.pods.map(\.tiers) == Self.agreements.pods.map(\.tiers))
        #expect(pledge.pods.map(\.networkFeeMinor) == [10_000, nil] && pledge.pods.map(\.networkGrossBasisPoints) == [nil, 0])
        #expect(pledge.member(F.memberID("ana"))?.floorMinor == 180_000)
        // What if kea's levy were 2% of gross and nothing flat, its tier higher, and ben's wage 1,600.00?
        var overrides = SimulationOverrides(pod: F.podID("kea"))
        overrides.levyFeeMinor = 0
        overrides.levyGrossBasisPoints = 200
        overrides.tiers = [ReserveTier(reserveAtLeastMinor: 800_000, floorBonusMinor: 50_000)]
        overrides.memberFloorMinor = [F.memberID("ben"): 160_000]
        let what = try overrides.apply(to: Self.agreements)
        #expect(what.levy(of: what.pod(F.podID("kea"))!) == Levy(feeMinor: 0, grossBasisPoints: 200))
        #expect(what.levy(of: what.pod(F.podID("moa"))!) == Levy(feeMinor: 25_000, grossBasisPoints: 0))
        #expect(what.pod(F.podID("kea"))?.tiers == [ReserveTier(reserveAtLeastMinor: 800_000, floorBonusMinor: 50_000)])
        #expect(what.pod(F.podID("moa"))?.tiers == [])
        #expect(what.members.map(\.floorMinor) == [180_000, 160_000, nil])
        // Switching kea to equal drops what an equal pod cannot have; tiers for no floor or average pod are refused.
        let equal = try SimulationOverrides(pod: F.podID("kea"), policy: .equal).apply(to: Self.agreements)
        #expect(equal.pod(F.podID("kea"))?.tiers == [] && equal.member(F.memberID("ana"))?.floorMinor == nil)
        var tiers = SimulationOverrides(pod: F.podID("kea"), policy: .equal)
        tiers.tiers = [ReserveTier(reserveAtLeastMinor: 1, floorBonusMinor: 1)]
        #expect(throws: SmoothingError.self) { try tiers.apply(to: Self.agreements) }
        // An own floor in an average pod is refused by the settings' own rules.
        var misplaced = SimulationOverrides()
        misplaced.memberFloorMinor = [F.memberID("chen"): 1]
        #expect(throws: SmoothingError.self) { try misplaced.apply(to: Self.agreements) }
    }

    @Test func overridesThatCannotApplyAreRefused() {
        #expect(throws: SmoothingError.unknownPod(F.podID("nope"))) { try SimulationOverrides(pod: F.podID("nope")).apply(to: Self.base) }
        #expect(throws: SmoothingError.unknownMember(F.memberID("zed"))) {
            try SimulationOverrides(memberPledgeBasisPoints: [F.memberID("zed"): 100]).apply(to: Self.base)
        }
        #expect(throws: SmoothingError.unknownMember(F.memberID("chen"))) {   // chen is not in kea
            try SimulationOverrides(pod: F.podID("kea"), memberPledgeBasisPoints: [F.memberID("chen"): 100]).apply(to: Self.base)
        }
        #expect(throws: SmoothingError.self) { try SimulationOverrides(pod: F.podID("moa"), policy: .floor).apply(to: Self.base) }
        #expect(throws: SmoothingError.self) { try SimulationOverrides(pod: F.podID("moa"), floorMinor: 100).apply(to: Self.base) }
        #expect(throws: SmoothingError.self) { try SimulationOverrides(pod: F.podID("kea"), windowMonths: 3).apply(to: Self.base) }
        #expect(throws: SmoothingError.invalidSettings(.invalidNetwork("share_percent must be between 0 and 100"))) {
            try SimulationOverrides(shareBasisPoints: 10_001).apply(to: Self.base)
        }
        #expect(throws: SmoothingError.self) { try SimulationOverrides(pledgeBasisPoints: -1).apply(to: Self.base) }
        #expect(throws: SmoothingError.self) { try SimulationOverrides(policy: .average, windowMonths: 0).apply(to: Self.base) }
    }

    @Test func errorsSayWhatToDo() {
        #expect(SmoothingError.unknownPod(F.podID("nope")).description
                == "unknown pod 'nope': give the id of a pod of the network (see `podledger network show`)")
        #expect(SmoothingError.invalidSettings(.invalidNetwork("share_percent must be between 0 and 100")).description
                == "the simulated settings are not valid: invalid network: share_percent must be between 0 and 100")
    }

    @Test func simulatingAHigherPledgeLiftsTheShortMember() throws {
        // ben earns 1000.00 in a 3000.00-floor pod with alice earning 8000.00: at 15% alice pledges 1200.00, which covers
        // ben's need of 2000.00 only partly; at 30% (2400.00) it covers it.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 300_000))],
                                 members: [F.member("alice", pod: "kea", pledge: 1500), F.member("ben", pod: "kea", pledge: 0)])
        let income: [Month: [MemberID: Int64]] = [F.march: [F.memberID("alice"): 800_000, F.memberID("ben"): 100_000]]
        func ben(_ overrides: SimulationOverrides) throws -> MemberResult {
            let simulated = try overrides.apply(to: settings)
            return Simulation.replay(months: [F.march], settingsFor: { _ in simulated }, incomeByMonth: income,
                                     podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0, netHistoryMinor: [:])[0]["kea"]["ben"]
        }
        #expect(try ben(SimulationOverrides()).netMinor == 100_000 + 120_000)
        #expect(try ben(SimulationOverrides(memberPledgeBasisPoints: [F.memberID("alice"): 3000])).netMinor == 300_000)
    }
}
