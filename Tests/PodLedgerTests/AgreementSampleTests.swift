import Foundation
import LedgerCore
import PodLedger
import Smoothing
import Statements
import Testing

/// The four networks of `Samples/agreements/`, each imported and closed through 2024-12 like the commands of
/// docs/agreements.md, and the month that page works through by hand for each, figure by figure (amounts in cents).
/// The statement excerpts the page prints are checked against the statements rendered here.
@Suite struct AgreementSampleTests {
    static let root = LedgerLifecycleTests.root
    static let agreements = LedgerLifecycleTests.samples.appendingPathComponent("agreements")
    static let december = try! Month(parsing: "2024-12")

    /// A new ledger holding one sample's network, income and expenses, closed through 2024-12.
    static func closedYear(_ sample: String) throws -> Ledger {
        let folder = agreements.appendingPathComponent(sample)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-\(UUID().uuidString)/\(sample).sqlite").path
        let (ledger, _) = try Ledger.create(at: path, networkFile: folder.appendingPathComponent("network.toml").path)
        _ = try ledger.importIncome(files: [folder.appendingPathComponent("income-2024.csv").path])
        _ = try ledger.importExpenses(files: [folder.appendingPathComponent("expenses-2024.csv").path])
        _ = try ledger.redistribute(through: december, only: false, dryRun: false)
        return ledger
    }

    static func month(_ ledger: Ledger, _ text: String) throws -> MonthResult {
        let month = try Month(parsing: text)
        return try #require(try ledger.monthResults(from: month, through: month).first)
    }

    static func pod(_ result: MonthResult, _ id: String) throws -> PodResult { try #require(result.pod(try PodID(id))) }

    static func member(_ pod: PodResult, _ id: String) throws -> MemberResult { try #require(pod.members.first { $0.member.raw == id }) }

    /// The pod statement's text, from its first line up to (not including) "Still outstanding": what the page shows.
    static func statementExcerpt(_ ledger: Ledger, pod: String, month: String) throws -> String {
        let text = try ledger.podStatement(pod: pod, month: try Month(parsing: month)).render(.text)
        guard let range = text.range(of: "\nStill outstanding\n") else { return text }
        return String(text[..<range.lowerBound])
    }

    static func agreementsPage() throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs/agreements.md"), encoding: .utf8)
    }

    /// Each member's (income, contribution, received, net).
    typealias Line = (income: Int64, contribution: Int64, received: Int64, net: Int64)

    static func expectMembers(_ pod: PodResult, _ lines: [String: Line]) throws {
        #expect(pod.members.count == lines.count)
        for (id, line) in lines {
            let member = try Self.member(pod, id)
            #expect(member.incomeMinor == line.income, "\(id) income")
            #expect(member.contributionMinor == line.contribution, "\(id) contribution")
            #expect(member.receivedMinor == line.received, "\(id) received")
            #expect(member.netMinor == line.net, "\(id) net")
        }
    }

    // MARK: root-systems, 2024-06

    @Test func rootSystemsJuneCostsExceedThePoolAndTheTierRaisesTheBaseSalary() throws {
        let ledger = try Self.closedYear("root-systems")
        #expect(try ledger.check() == [])
        let june = try Self.month(ledger, "2024-06")
        let pod = try Self.pod(june, "root-systems")
        #expect(pod.contributionsMinor == 2_400_00)                   // C
        #expect(pod.reserveOpeningMinor == 33_719_00)                 // R0, before expenses
        #expect(pod.costs.tierBonusMinor == 1_000_00)                 // b: 24,000.00 ≤ R0 < 36,000.00
        #expect(pod.costs.expensesDueMinor == 2_845_00)               // E = 995.00 + 1,850.00
        #expect(pod.costs.expensesFromPoolMinor == 2_400_00)          // eC = min(E, C)
        #expect(pod.costs.expensesFromReserveMinor == 445_00)         // eR = min(E − eC, R0)
        #expect(pod.costs.expensesCarriedMinor == 0)
        #expect(pod.costs.levyDueMinor == 48_00)                      // V = 2% of 2,400.00
        #expect(pod.costs.levyFromPoolMinor == 0)                     // vC: the pool is empty
        #expect(pod.costs.levyFromReserveMinor == 48_00)              // vR
        #expect(pod.costs.levyCarriedMinor == 0)
        for id in ["kahu", "marama", "rhys"] {
            let member = try Self.member(pod, id)
            #expect(member.floorMinor == 5_000_00)                    // 4,000.00 + b
            #expect(member.needMinor == 5_000_00)                     // kept is 0 at a 100% pledge
        }
        try Self.expectMembers(pod, [
            "kahu": (900_00, 900_00, 5_000_00, 5_000_00),
            "marama": (1_500_00, 1_500_00, 5_000_00, 5_000_00),
            "rhys": (0, 0, 5_000_00, 5_000_00),
        ])
        #expect(pod.reserveDrawMinor == 15_000_00)
        #expect(pod.reserveDepositMinor == 0)
        #expect(pod.reserveClosingMinor == 18_226_00)                 // 33,719.00 − 445.00 − 48.00 − 15,000.00
        #expect(pod.toNetworkMinor == 0 && pod.fromNetworkMinor == 0 && pod.unmetMinor == 0)
        #expect(june.networkReserveOpeningMinor == 2_106_00)          // the levies of January to May
        #expect(june.networkReserveClosingMinor == 2_154_00)
        // July: the reserve opens at 18,226.00, tier 1 only.
        let july = try Self.pod(try Self.month(ledger, "2024-07"), "root-systems")
        #expect(july.reserveOpeningMinor == 18_226_00 && july.costs.tierBonusMinor == 500_00)
        #expect(try Self.agreementsPage().contains(try Self.statementExcerpt(ledger, pod: "root-systems", month: "2024-06")))
    }

    // MARK: golden-pandas, 2024-01 and 2024-02

    @Test func goldenPandasCarryJanuarysCostsAndLevyThenPayOwnFloorsAsWages() throws {
        let ledger = try Self.closedYear("golden-pandas")
        #expect(try ledger.check() == [])
        let january = try Self.pod(try Self.month(ledger, "2024-01"), "golden-pandas")
        #expect(january.contributionsMinor == 380_00)
        #expect(january.costs.expensesDueMinor == 515_00)
        #expect(january.costs.expensesFromPoolMinor == 380_00)
        #expect(january.costs.expensesCarriedMinor == 135_00)
        #expect(january.costs.levyDueMinor == 200_00 && january.costs.levyMinor == 0 && january.costs.levyCarriedMinor == 200_00)
        #expect(january.unmetMinor == 10_500_00)

        let result = try Self.month(ledger, "2024-02")
        let pod = try Self.pod(result, "golden-pandas")
        #expect(pod.contributionsMinor == 16_200_00)                  // C: all income, pledges of 100%
        #expect(pod.reserveOpeningMinor == 0)
        #expect(pod.costs.tierBonusMinor == 0)
        #expect(pod.costs.expensesDueMinor == 410_00)                 // 275.00 + 135.00 carried
        #expect(pod.costs.expensesFromPoolMinor == 410_00)
        #expect(pod.costs.expensesFromReserveMinor == 0 && pod.costs.expensesCarriedMinor == 0)
        #expect(pod.costs.levyCarriedInMinor == 200_00)
        #expect(pod.costs.levyDueMinor == 400_00)                     // 200.00 + 200.00 carried
        #expect(pod.costs.levyFromPoolMinor == 400_00)
        #expect(pod.costs.levyFromReserveMinor == 0 && pod.costs.levyCarriedMinor == 0)
        #expect(try Self.member(pod, "aroha").floorMinor == 3_200_00)
        #expect(try Self.member(pod, "ben").floorMinor == 2_500_00)   // the pod's floor
        #expect(try Self.member(pod, "chloe").floorMinor == 2_000_00)
        #expect(try Self.member(pod, "dev").floorMinor == 2_800_00)
        try Self.expectMembers(pod, [
            "aroha": (5_200_00, 5_200_00, 3_200_00, 3_200_00),
            "ben": (4_800_00, 4_800_00, 2_500_00, 2_500_00),
            "chloe": (1_900_00, 1_900_00, 2_000_00, 2_000_00),
            "dev": (4_300_00, 4_300_00, 2_800_00, 2_800_00),
        ])
        #expect(pod.needMinor == 10_500_00)
        #expect(pod.reserveDrawMinor == 0)
        #expect(pod.reserveDepositMinor == 4_890_00)                  // L = 16,200.00 − 810.00 − 10,500.00, under the target
        #expect(pod.surplusToReserveMinor == 0)
        #expect(pod.reserveClosingMinor == 4_890_00)
        #expect(result.networkReserveOpeningMinor == 0 && result.networkReserveClosingMinor == 400_00)
        #expect(try Self.agreementsPage().contains(try Self.statementExcerpt(ledger, pod: "golden-pandas", month: "2024-02")))
    }

    // MARK: enspiral-ventures, 2024-03

    @Test func enspiralVenturesMarchPaysEachVenturesFeeAndSharesItsOwnWay() throws {
        let ledger = try Self.closedYear("enspiral-ventures")
        #expect(try ledger.check() == [])
        let result = try Self.month(ledger, "2024-03")
        let kete = try Self.pod(result, "kete")
        #expect(kete.contributionsMinor == 2_355_00)
        #expect(kete.reserveOpeningMinor == 0)
        #expect(kete.costs.expensesDueMinor == 60_00 && kete.costs.expensesFromPoolMinor == 60_00)
        #expect(kete.costs.expensesFromReserveMinor == 0 && kete.costs.expensesCarriedMinor == 0)
        #expect(kete.costs.levyDueMinor == 150_00 && kete.costs.levyFromPoolMinor == 150_00)   // [network] fee
        #expect(kete.costs.levyFromReserveMinor == 0 && kete.costs.levyCarriedMinor == 0)
        #expect(kete.costs.tierBonusMinor == 0)
        // tāne's target: the mean of his nets in January (5,890.00) and February (7,030.00).
        let history = try ledger.monthResults(from: Month(parsing: "2024-01"), through: Month(parsing: "2024-02"))
            .map { try Self.member(try Self.pod($0, "kete"), "tane").netMinor }
        #expect(history == [5_890_00, 7_030_00])
        #expect(try Self.member(kete, "tane").needMinor == 1_615_00)  // 6,460.00 − 4,845.00
        #expect(try Self.member(kete, "lia").needMinor == 0)
        #expect(try Self.member(kete, "moana").needMinor == 0)
        try Self.expectMembers(kete, [
            "lia": (5_200_00, 520_00, 0, 4_680_00),
            "moana": (9_900_00, 1_580_00, 0, 8_320_00),
            "tane": (5_100_00, 255_00, 1_615_00, 6_460_00),
        ])
        #expect(kete.reserveDepositMinor == 530_00)                   // L = 2,145.00 − 1,615.00, under the target
        #expect(kete.reserveClosingMinor == 530_00)
        #expect(kete.toNetworkMinor == 0 && kete.fromNetworkMinor == 0)

        let harakeke = try Self.pod(result, "harakeke")
        #expect(harakeke.contributionsMinor == 1_287_00)
        #expect(harakeke.costs.expensesDueMinor == 45_00 && harakeke.costs.expensesFromPoolMinor == 45_00)
        #expect(harakeke.costs.levyDueMinor == 40_00 && harakeke.costs.levyFromPoolMinor == 40_00)  // its network_fee
        #expect(harakeke.toNetworkMinor == 120_20)                    // 10% of 1,202.00
        try Self.expectMembers(harakeke, [
            "eru": (3_600_00, 288_00, 360_60, 3_672_60),
            "fern": (4_700_00, 564_00, 360_60, 4_496_60),
            "isla": (2_900_00, 435_00, 360_60, 2_825_60),
        ])
        #expect(harakeke.reserveOpeningMinor == 0 && harakeke.reserveClosingMinor == 0)
        // The network's funds: its opening balance, both levies and harakeke's share.
        #expect(result.networkReserveOpeningMinor == 0)
        #expect(result.networkFundsMinor == 310_20)
        #expect(result.networkReserveClosingMinor == 310_20)
        let page = try Self.agreementsPage()
        #expect(page.contains(try Self.statementExcerpt(ledger, pod: "kete", month: "2024-03")))
        #expect(page.contains(try Self.statementExcerpt(ledger, pod: "harakeke", month: "2024-03")))
    }

    // MARK: pando, 2024-09

    @Test func pandoPaysTheCarriedLawyersBillThenSplitsThePoolEqually() throws {
        let ledger = try Self.closedYear("pando")
        #expect(try ledger.check() == [])
        let august = try Self.pod(try Self.month(ledger, "2024-08"), "pando")
        #expect(august.costs.expensesCarriedMinor == 330_00)
        let result = try Self.month(ledger, "2024-09")
        let pod = try Self.pod(result, "pando")
        #expect(pod.contributionsMinor == 6_260_00)
        #expect(pod.costs.expensesDueMinor == 330_00)                 // all carried from earlier months
        #expect(pod.costs.expensesFromPoolMinor == 330_00)
        #expect(pod.costs.expensesFromReserveMinor == 0 && pod.costs.expensesCarriedMinor == 0)
        #expect(pod.costs.levyDueMinor == 0 && pod.costs.tierBonusMinor == 0)
        try Self.expectMembers(pod, [
            "asher": (5_400_00, 40_00, 1_482_50, 6_842_50),
            "bea": (8_200_00, 320_00, 1_482_50, 9_362_50),
            "koa": (64_000_00, 5_900_00, 1_482_50, 59_582_50),
            "nina": (4_900_00, 0, 1_482_50, 6_382_50),
        ])
        #expect(pod.reserveOpeningMinor == 0 && pod.reserveClosingMinor == 0 && pod.toNetworkMinor == 0)
        let december = try Self.pod(try Self.month(ledger, "2024-12"), "pando")
        #expect(december.costs.expensesCarriedMinor == 260_00)
        #expect(try Self.agreementsPage().contains(try Self.statementExcerpt(ledger, pod: "pando", month: "2024-09")))
    }
}
