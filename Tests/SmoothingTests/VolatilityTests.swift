import LedgerCore
import PropertyBased
import Testing
@testable import Smoothing

@Suite("Volatility figures")
struct VolatilityTests {
    typealias F = Fixture

    static func member(_ id: String, income: Int64, contribution: Int64 = 0, received: Int64 = 0) -> MemberResult {
        MemberResult(member: F.memberID(id), incomeMinor: income, pledgeBasisPoints: 1000, contributionMinor: contribution,
                     needMinor: 0, receivedFromPodMinor: received, receivedFromNetworkMinor: 0, unmetMinor: 0)
    }

    static func month(_ month: String, pod: String = "kea", policy: Policy = .floor(floorMinor: 100_000), _ members: [MemberResult]) -> MonthResult {
        let pod = PodResult(pod: F.podID(pod), policy: policy, members: members, contributionsMinor: 0, reserveOpeningMinor: 0,
                            reserveDrawMinor: 0, reserveDepositMinor: 0, surplusToReserveMinor: 0, reserveClosingMinor: 0,
                            toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 0)
        return MonthResult(month: F.month(month), currency: F.nzd, pods: [pod], networkReserveOpeningMinor: 0,
                           networkReserveClosingMinor: 0, entries: [])
    }

    /// kea, floor 1000.00, three months.
    ///
    /// | month | alice gross | alice net | ben gross | ben net |
    /// | --- | --- | --- | --- | --- |
    /// | 2024-01 | 2000.00 | 1800.00 | 800.00 | 1000.00 |
    /// | 2024-02 | 500.00 | 1000.00 | 1200.00 | 1000.00 |
    /// | 2024-03 | 3500.00 | 3200.00 | 1000.00 | 1000.00 |
    static let quarter = [
        month("2024-03", [member("alice", income: 350_000, contribution: 30_000), member("ben", income: 100_000)]),
        month("2024-01", [member("alice", income: 200_000, contribution: 20_000), member("ben", income: 80_000, received: 20_000)]),
        month("2024-02", [member("alice", income: 50_000, received: 50_000), member("ben", income: 120_000, contribution: 20_000)]),
    ]

    @Test func memberFigures() throws {
        let report = Volatility.figures(results: Self.quarter)
        #expect(report.months == [F.month("2024-01"), F.month("2024-02"), F.month("2024-03")])
        let kea = try #require(report.pod(F.podID("kea")))
        #expect(kea.members.map(\.member.raw) == ["alice", "ben"])
        let alice = kea.members[0].figures
        #expect(alice.monthsCount == 3)
        #expect(alice.meanIncomeMinor == 200_000)
        #expect(alice.meanNetMinor == 200_000)
        // Gross: deviations 0, −1500.00, +1500.00 → σ² = 1.5e10 cents², σ = 122474.48…, CV = 0.6123724… → 6123 bp.
        #expect(alice.coefficientOfVariationBeforeBasisPoints == 6123)
        // Net: deviations −200.00, −1000.00, +1200.00 → σ² = 2.48e10 / 3, σ = 90921.57…, CV = 0.4546078… → 4546 bp.
        #expect(alice.coefficientOfVariationAfterBasisPoints == 4546)
        #expect(alice.monthsBelowFloorBefore == 1 && alice.monthsBelowFloorAfter == 0)
        #expect(alice.worstMonthBefore == WorstMonth(month: F.month("2024-02"), member: F.memberID("alice"), amountMinor: 50_000))
        #expect(alice.worstMonthAfter == WorstMonth(month: F.month("2024-02"), member: F.memberID("alice"), amountMinor: 100_000))

        let ben = kea.members[1].figures
        // Gross 800.00, 1200.00, 1000.00: σ = √(8e8/3) = 16329.93…, CV 0.1632993… → 1632 bp; net constant → 0.
        #expect(ben.coefficientOfVariationBeforeBasisPoints == 1632)
        #expect(ben.coefficientOfVariationAfterBasisPoints == 0)
        #expect(ben.monthsBelowFloorBefore == 1 && ben.monthsBelowFloorAfter == 0)
        // Net ties at 1000.00 every month: the earliest month is the worst.
        #expect(ben.worstMonthAfter.month == F.month("2024-01"))
    }

    @Test func podFiguresPoolMemberMonths() throws {
        let kea = try #require(Volatility.figures(results: Self.quarter).pod(F.podID("kea"))).figures
        #expect(kea.monthsCount == 6)                 // member-months
        #expect(kea.meanIncomeMinor == 150_000)       // 9000.00 over 6 member-months
        #expect(kea.meanNetMinor == 150_000)
        // Pooled within-member: Σ squared deviations from each member's own mean = 4.5e10 (alice) + 8e8 (ben);
        // σ² = 4.58e10 / 6, σ = 87368.95…, over the mean 150000 → 0.5824597… → 5824 bp.
        #expect(kea.coefficientOfVariationBeforeBasisPoints == 5824)
        // Net: (2.48e10 + 0) / 6 → σ = 64291.00…, CV 0.4286066… → 4286 bp.
        #expect(kea.coefficientOfVariationAfterBasisPoints == 4286)
        #expect(kea.monthsBelowFloorBefore == 2 && kea.monthsBelowFloorAfter == 0)
        #expect(kea.worstMonthBefore == WorstMonth(month: F.month("2024-02"), member: F.memberID("alice"), amountMinor: 50_000))
        // Ties at 1000.00 (alice in February, ben every month): earliest month, then smaller id → ben in January.
        #expect(kea.worstMonthAfter == WorstMonth(month: F.month("2024-01"), member: F.memberID("ben"), amountMinor: 100_000))
    }

    @Test func nonFloorPodsCountMonthsBelowZero() throws {
        let results = [
            Self.month("2024-01", pod: "moa", policy: .average(windowMonths: 3), [Self.member("chen", income: -5_000, received: 10_000)]),
            Self.month("2024-02", pod: "moa", policy: .average(windowMonths: 3), [Self.member("chen", income: 20_000)]),
        ]
        let chen = try #require(Volatility.figures(results: results).pod(F.podID("moa"))).members[0].figures
        #expect(chen.monthsBelowFloorBefore == 1)
        #expect(chen.monthsBelowFloorAfter == 0)
        #expect(chen.meanIncomeMinor == 7_500)
        #expect(chen.meanNetMinor == 12_500)
    }

    @Test func coefficientIsNilWhenTheMeanIsNotPositiveAndMeanIsFloored() throws {
        let results = [
            Self.month("2024-01", [Self.member("x", income: -3, received: 3)]),
            Self.month("2024-02", [Self.member("x", income: 0)]),
        ]
        let x = try #require(Volatility.figures(results: results).pod(F.podID("kea"))).members[0].figures
        #expect(x.meanIncomeMinor == -2)          // −1.5 floors to −2
        #expect(x.coefficientOfVariationBeforeBasisPoints == nil)
        #expect(x.coefficientOfVariationAfterBasisPoints == nil)   // net 0, 0
    }

    @Test func extremeAmountsDoNotOverflow() throws {
        let results = [
            Self.month("2024-01", [Self.member("x", income: Int64.max)]),
            Self.month("2024-02", [Self.member("x", income: Int64.max)]),
            Self.month("2024-03", [Self.member("x", income: 1)]),
            Self.month("2024-04", [Self.member("x", income: Int64.min + 1)]),
        ]
        let x = try #require(Volatility.figures(results: results).pod(F.podID("kea"))).members[0].figures
        #expect(x.meanIncomeMinor == IntegerMath.floorMean([Int64.max, Int64.max, 1, Int64.min + 1]))
        #expect(x.coefficientOfVariationBeforeBasisPoints != nil)
        let tiny = try #require(Volatility.figures(results: [
            Self.month("2024-01", [Self.member("x", income: Int64.max)]), Self.month("2024-02", [Self.member("x", income: Int64.min + 1)]),
            Self.month("2024-03", [Self.member("x", income: 1)]),
        ]).pod(F.podID("kea"))).members[0].figures
        #expect(tiny.coefficientOfVariationBeforeBasisPoints == Int64.max)  // mean of a third of a cent: saturates
    }

    @Test func memberCoefficientIsTheFloorOfTheExactValue() async {
        // Checked without the implementation's big numbers: q = ⌊10000·√D / S⌋ ⇔ (q·S)² ≤ 10^8·D < ((q+1)·S)²,
        // with D = n·Σx² − (Σx)², all within UInt64 for these sizes.
        await propertyCheck(count: 1000, input: Gen.int64(in: 0...10_000).array(of: 1...6)) { values in
            let results = values.enumerated().map { index, value in
                Self.month(Month(ordinal: F.january.ordinal + index)!.description, [Self.member("x", income: value)])
            }
            let figures = Volatility.figures(results: results).pods[0].members[0].figures
            let n = UInt64(values.count)
            let sum = UInt64(values.reduce(0, +))
            guard sum > 0 else {
                #expect(figures.coefficientOfVariationBeforeBasisPoints == nil)
                return
            }
            let squares = values.reduce(UInt64(0)) { $0 + UInt64($1 * $1) }
            let d = n * squares - sum * sum
            let q = UInt64(figures.coefficientOfVariationBeforeBasisPoints!)
            #expect((q * sum) * (q * sum) <= 100_000_000 * d)
            #expect(((q + 1) * sum) * ((q + 1) * sum) > 100_000_000 * d)
            // One member: the pod row is the member row.
            #expect(Volatility.figures(results: results).pods[0].figures == figures)
        }
    }

    @Test func smoothingAFloorPodLowersVolatility() {
        // Over a replayed year of a pod with a strong earner and two unsteady ones, net varies less than gross.
        // Months alternate between good (9000.00, 4500.00, 6000.00) and poor (1000.00, 500.00, 7000.00) for the three.
        let settings = F.network(pods: [F.pod("kea", .floor(floorMinor: 200_000), reserveTarget: 500_000)], members: [
            F.member("a", pod: "kea", pledge: 2000), F.member("b", pod: "kea", pledge: 2000), F.member("c", pod: "kea", pledge: 2000),
        ])
        let months = F.january.through(F.month("2024-12"))
        let pattern: [Int64] = [900_000, 100_000, 450_000, 50_000, 600_000, 700_000]
        var income: [Month: [MemberID: Int64]] = [:]
        for (index, month) in months.enumerated() {
            income[month] = [F.memberID("a"): pattern[index % 6], F.memberID("b"): pattern[(index + 2) % 6],
                             F.memberID("c"): pattern[(index + 4) % 6]]
        }
        let results = Simulation.replay(months: months, settingsFor: { _ in settings }, incomeByMonth: income,
                                        podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0, netHistoryMinor: [:])
        let kea = Volatility.figures(results: results).pods[0].figures
        #expect(kea.coefficientOfVariationAfterBasisPoints! < kea.coefficientOfVariationBeforeBasisPoints!)
        #expect(kea.monthsBelowFloorBefore == 12)   // two members in each of the six poor months
        #expect(kea.monthsBelowFloorAfter == 0)
        #expect(kea.worstMonthAfter.amountMinor > kea.worstMonthBefore.amountMinor)
    }
}
