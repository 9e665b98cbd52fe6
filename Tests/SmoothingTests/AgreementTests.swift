import LedgerCore
import Testing
@testable import Smoothing

/// Hand-worked months for the agreements of SPEC §6: expenses (step 2a), the network's levy (step 2b), reserve
/// tiers and members' own floors. Amounts in cents; the comments show the arithmetic.
@Suite("Calculator: SPEC §6 agreements")
struct AgreementTests {
    typealias F = Fixture

    static func pod(_ id: String, _ policy: Policy, reserveTarget: Int64 = 0, surplus: SurplusMode = .refund,
                    fee: Int64? = nil, grossPercent: Int? = nil, tiers: [(Int64, Int64)] = []) -> PodSettings {
        PodSettings(id: F.podID(id), name: id.capitalized, policy: policy, reserveTargetMinor: reserveTarget, surplus: surplus,
                    networkFeeMinor: fee, networkGrossBasisPoints: grossPercent,
                    tiers: tiers.map { ReserveTier(reserveAtLeastMinor: $0.0, floorBonusMinor: $0.1) })
    }

    static func network(share: Int = 0, levy: Levy = .none, pods: [PodSettings], members: [MemberSettings]) -> NetworkSettings {
        try! NetworkSettings(currency: F.nzd, shareBasisPoints: share, levy: levy, pods: pods, members: members)
    }

    static func input(_ settings: NetworkSettings, income: [String: Int64], reserves: [String: Int64] = [:], networkReserve: Int64 = 0,
                      expenses: [String: Int64] = [:], expensesCarried: [String: Int64] = [:], levyCarried: [String: Int64] = [:]) -> MonthInput {
        func pods(_ values: [String: Int64]) -> [PodID: Int64] { Dictionary(uniqueKeysWithValues: values.map { (F.podID($0.key), $0.value) }) }
        return MonthInput(month: F.march, settings: settings,
                          incomeMinor: Dictionary(uniqueKeysWithValues: income.map { (F.memberID($0.key), $0.value) }),
                          podReserveOpeningMinor: pods(reserves), networkReserveOpeningMinor: networkReserve, netHistoryMinor: [:],
                          expensesMinor: pods(expenses), expensesCarriedMinor: pods(expensesCarried), levyCarriedMinor: pods(levyCarried))
    }

    @Test func expensesLargerThanPoolAndReserveAreCarried() {
        // Floor 1000.00. a earns 3000.00 at 10% → c 300.00, k 2700.00: no need. b earns nothing → need 1000.00.
        // E = 800.00 this month + 200.00 carried = 1000.00: eC = min(1000, 300) = 300.00, eR = min(700, 200) = 200.00,
        // carried 500.00. Levy: fee 50.00 + 2% of gross 3000.00 = 60.00 = 110.00; pool and reserve are empty, all carried.
        // Step 4: C = 0, R0 = 0, N = 1000.00: nothing paid; the network's 400.00 (NR0, no levy paid) goes to b.
        let settings = Self.network(levy: Levy(feeMinor: 5_000, grossBasisPoints: 200),
                                    pods: [Self.pod("kea", .floor(floorMinor: 100_000))],
                                    members: [F.member("a", pod: "kea", pledge: 1000), F.member("b", pod: "kea", pledge: 1000)])
        let input = Self.input(settings, income: ["a": 300_000], reserves: ["kea": 20_000], networkReserve: 40_000,
                               expenses: ["kea": 80_000], expensesCarried: ["kea": 20_000])
        let result = Calculator.compute(input)
        let kea = result["kea"]
        #expect(kea.costs.expensesDueMinor == 100_000)
        #expect(kea.costs.expensesFromPoolMinor == 30_000)
        #expect(kea.costs.expensesFromReserveMinor == 20_000)
        #expect(kea.costs.expensesCarriedMinor == 50_000)
        #expect(kea.costs.levyDueMinor == 11_000)
        #expect(kea.costs.levyMinor == 0)
        #expect(kea.costs.levyCarriedMinor == 11_000)
        #expect(kea.reserveDrawMinor == 0 && kea.reserveClosingMinor == 0)
        #expect(kea["b"].needPaidMinor == 0)
        #expect(kea["b"].receivedFromNetworkMinor == 40_000)
        #expect(kea["b"].unmetMinor == 60_000)
        #expect(result.networkReserveClosingMinor == 0)
        #expect(Invariants.violations(input, result).isEmpty)
        #expect(result.entry("2024-03 kea: expenses")?.postings == [
            Posting(.pool(F.podID("kea")), -30_000), Posting(.podReserve(F.podID("kea")), -20_000), Posting(.podCosts(F.podID("kea")), 50_000),
        ])
        // Nothing paid, 110.00 more carried: the memo accounts record it.
        #expect(result.entry("2024-03 kea: levy")?.postings == [
            Posting(.podLevyDue(F.podID("kea")), -11_000), Posting(.networkLevyDue, 11_000),
        ])
    }

    @Test func levyCarriedOverSeveralMonthsIsPaidWhenThePoolAllows() {
        // An equal pod with a fee of 100.00 and no reserve. March: C = 60.00 → levy 60.00 paid, 40.00 carried.
        // April: C = 30.00, V = 100.00 + 40.00 = 140.00 → 30.00 paid, 110.00 carried. May: C = 500.00, V = 210.00 →
        // all paid, 290.00 left, split equally (share 0). The network reserve gets 60.00, 30.00, 210.00.
        let settings = Self.network(pods: [Self.pod("tui", .equal, fee: 10_000)],
                                    members: [F.member("a", pod: "tui", pledge: 10_000), F.member("b", pod: "tui", pledge: 10_000)])
        let months = [F.march, F.march.next, F.march.next.next]
        let income: [Month: [MemberID: Int64]] = [
            months[0]: [F.memberID("a"): 6_000], months[1]: [F.memberID("b"): 3_000], months[2]: [F.memberID("a"): 50_000],
        ]
        let results = Simulation.replay(months: months, settingsFor: { _ in settings }, incomeByMonth: income,
                                        podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0, netHistoryMinor: [:])
        #expect(results.map { $0["tui"].costs.levyMinor } == [6_000, 3_000, 21_000])
        #expect(results.map { $0["tui"].costs.levyCarriedMinor } == [4_000, 11_000, 0])
        #expect(results.map { $0["tui"].costs.levyDueMinor } == [10_000, 14_000, 21_000])
        #expect(results.map(\.networkReserveClosingMinor) == [6_000, 9_000, 30_000])
        #expect(results[2]["tui"].members.map(\.surplusShareMinor) == [14_500, 14_500])
        // The memo accounts end where they started: every cent carried was paid.
        #expect(results.reduce(0) { $0 + $1.net(.podLevyDue(F.podID("tui"))) } == 0)
    }

    @Test(arguments: [(Int64(799_999), Int64(0)), (800_000, 50_000), (1_199_999, 50_000), (1_200_000, 90_000), (5_000_000, 90_000)])
    func tiersApplyFromTheirThresholdExactly(reserve: Int64, bonus: Int64) {
        // Tiers at 8000.00 (+500.00) and 12000.00 (+900.00); the reserve at the start of the month picks one.
        // b earns nothing: need = 1500.00 + bonus, paid from the reserve.
        let settings = Self.network(pods: [Self.pod("roots", .floor(floorMinor: 150_000), reserveTarget: 10_000_000,
                                                    tiers: [(800_000, 50_000), (1_200_000, 90_000)])],
                                    members: [F.member("b", pod: "roots", pledge: 1000)])
        let input = Self.input(settings, income: [:], reserves: ["roots": reserve])
        let result = Calculator.compute(input)
        #expect(result["roots"].costs.tierBonusMinor == bonus)
        #expect(result["roots"]["b"].needMinor == 150_000 + bonus)
        #expect(result["roots"]["b"].netMinor == 150_000 + bonus)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func theTierIsReadBeforeExpensesLowerTheReserve() {
        // Reserve 8000.00 exactly meets the tier; expenses of 1000.00 then come out of it (the pool is empty), yet the
        // bonus of 500.00 applies: the tier looks at the reserve at the start of the month.
        let settings = Self.network(pods: [Self.pod("roots", .floor(floorMinor: 100_000), tiers: [(800_000, 50_000)])],
                                    members: [F.member("b", pod: "roots", pledge: 0)])
        let input = Self.input(settings, income: [:], reserves: ["roots": 800_000], expenses: ["roots": 100_000])
        let result = Calculator.compute(input)
        #expect(result["roots"].costs.tierBonusMinor == 50_000)
        #expect(result["roots"].costs.expensesFromReserveMinor == 100_000)
        #expect(result["roots"].reserveDrawMinor == 150_000)
        #expect(result["roots"].reserveClosingMinor == 550_000)
    }

    @Test func aHundredPercentPledgeWithOwnFloorsIsASalary() {
        // Golden Pandas: everyone pools all income; the floors are wages (ana 1800.00, ben the pod's 1500.00); what is
        // left stays in the reserve. ana earns 1000.00, ben 5000.00: C = 6000.00; expenses 400.00 and a flat fee of
        // 100.00 come first (C = 5500.00); need 1800.00 + 1500.00 = 3300.00 from the pool; 2200.00 left, kept.
        let settings = Self.network(pods: [Self.pod("pandas", .floor(floorMinor: 150_000), surplus: .reserve, fee: 10_000)],
                                    members: [MemberSettings(id: F.memberID("ana"), name: "Ana", pod: F.podID("pandas"), pledgeBasisPoints: 10_000,
                                                             hurdleMinor: 0, capMinor: nil, joined: F.january, left: nil, floorMinor: 180_000),
                                              F.member("ben", pod: "pandas", pledge: 10_000)])
        let input = Self.input(settings, income: ["ana": 100_000, "ben": 500_000], expenses: ["pandas": 40_000])
        let result = Calculator.compute(input)
        let pandas = result["pandas"]
        #expect(pandas["ana"].needMinor == 180_000 && pandas["ana"].netMinor == 180_000)
        #expect(pandas["ben"].needMinor == 150_000 && pandas["ben"].netMinor == 150_000)
        #expect(pandas.costs.expensesMinor == 40_000 && pandas.costs.levyMinor == 10_000)
        #expect(pandas.surplusToReserveMinor == 220_000 && pandas.reserveClosingMinor == 220_000)
        #expect(result.networkReserveClosingMinor == 10_000)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func aPodsOwnLevyReplacesTheNetworksPartByPart() {
        // [network] fee 250.00 and 2%; kea sets its own fee of 0 but keeps the network's 2%; moa sets 5% and keeps 250.00.
        // Gross counts positive income only: kea 1000.00 (b's −300.00 is not counted) → 20.00; moa 2000.00 → 100.00 + 250.00.
        let settings = Self.network(levy: Levy(feeMinor: 25_000, grossBasisPoints: 200),
                                    pods: [Self.pod("kea", .equal, fee: 0), Self.pod("moa", .equal, grossPercent: 500)],
                                    members: [F.member("a", pod: "kea", pledge: 5000), F.member("b", pod: "kea", pledge: 5000),
                                              F.member("c", pod: "moa", pledge: 5000)])
        let input = Self.input(settings, income: ["a": 100_000, "b": -30_000, "c": 200_000])
        let result = Calculator.compute(input)
        #expect(result["kea"].costs.levyDueMinor == 2_000)
        #expect(result["moa"].costs.levyDueMinor == 35_000)
        #expect(result["moa"].costs.levyMinor == 35_000)
        #expect(result.networkReserveClosingMinor == 37_000)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func levyPaidJoinsTheNetworksFundsForSupport() {
        // kea pays a fee of 100.00 from its pool; moa's member is 300.00 short of the floor with nothing pooled:
        // NF = NR0 0 + n 0 + levy 100.00, so moa gets 100.00 from the network.
        let settings = Self.network(levy: Levy(feeMinor: 10_000, grossBasisPoints: 0),
                                    pods: [Self.pod("kea", .equal), Self.pod("moa", .floor(floorMinor: 30_000), fee: 0)],
                                    members: [F.member("a", pod: "kea", pledge: 5000), F.member("c", pod: "moa", pledge: 0)])
        let input = Self.input(settings, income: ["a": 100_000])
        let result = Calculator.compute(input)
        #expect(result.networkFundsMinor == 10_000)
        #expect(result["moa"]["c"].receivedFromNetworkMinor == 10_000)
        #expect(result.networkReserveClosingMinor == 0)
        #expect(Invariants.violations(input, result).isEmpty)
    }

    @Test func settingsRefuseMisplacedKeys() {
        func refusal(_ body: () throws -> NetworkSettings) -> String? {
            do { _ = try body(); return nil } catch { return "\(error)" }
        }
        let member = F.member("a", pod: "kea", pledge: 1000)
        #expect(refusal { try NetworkSettings(currency: F.nzd, shareBasisPoints: 0, pods: [Self.pod("kea", .equal, tiers: [(0, 100)])], members: [member]) }?
            .contains("an equal pod has neither") == true)
        #expect(refusal { try NetworkSettings(currency: F.nzd, shareBasisPoints: 0,
                                              pods: [Self.pod("kea", .floor(floorMinor: 1), tiers: [(500, 1), (500, 2)])], members: [member]) }?
            .contains("is not above tier 1's") == true)
        #expect(refusal { try NetworkSettings(currency: F.nzd, shareBasisPoints: 0,
                                              pods: [Self.pod("kea", .floor(floorMinor: 1), tiers: [(900, 1), (500, 2)])], members: [member]) }?
            .contains("list tiers from the lowest reserve up") == true)
        let ownFloor = MemberSettings(id: F.memberID("a"), name: "A", pod: F.podID("kea"), pledgeBasisPoints: 0, hurdleMinor: 0,
                                      capMinor: nil, joined: F.january, left: nil, floorMinor: 100)
        #expect(refusal { try NetworkSettings(currency: F.nzd, shareBasisPoints: 0, pods: [Self.pod("kea", .average(windowMonths: 3))], members: [ownFloor]) }?
            .contains("a member's own floor needs a floor pod") == true)
        #expect(refusal { try NetworkSettings(currency: F.nzd, shareBasisPoints: 0, levy: Levy(feeMinor: -1, grossBasisPoints: 0), pods: [], members: []) }
            == "invalid network: [network]: fee must not be negative")
        #expect(refusal { try NetworkSettings(currency: F.nzd, shareBasisPoints: 0, pods: [Self.pod("kea", .equal, grossPercent: 10_001)], members: []) }?
            .contains("network_gross_percent must be between 0 and 100") == true)
    }
}
