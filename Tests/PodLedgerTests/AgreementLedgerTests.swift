import Foundation
import LedgerCore
@testable import PodLedger
import Smoothing
import Testing

/// The agreements of SPEC §6 on real ledgers of random networks that use every new key (levy, a pod's own levy,
/// tiers, own floors, 100% pledges) with random income, expenses and payments: `check` passes (every close
/// recomputes to what was posted, the cash identity holds with expenses not yet paid), carried amounts are never
/// negative, levy paid never exceeds levy due, and a reopen with a new expense closes again cleanly.
@Suite struct AgreementLedgerTests {
    static let months = (1...6).map { Month(year: 2024, month: $0)! }

    /// A network file, income and expenses for one seed.
    struct Files {
        let network: String
        let income: String
        let expenses: String
        let pods: [(id: String, members: [String])]
    }

    static func files(seed: UInt64) -> Files {
        var random = SplitMix64(seed: seed)
        func below(_ n: Int) -> Int { Int(random.below(n)) }
        func money(_ maxCents: Int) -> String {
            let cents = below(maxCents + 1)
            return "\(cents / 100).\(String(format: "%02d", cents % 100))"
        }
        var network = "currency = \"NZD\"\n\n[network]\nshare_percent = \"\(below(20))\"\nfee = \"\(money(20_000))\"\ngross_percent = \"\(below(4))\"\n"
        var income = "date,member,amount,reference\n"
        var expenses = "date,pod,amount,description,reference\n"
        var pods: [(id: String, members: [String])] = []
        var reference = 0
        for podIndex in 1...(2 + below(3)) {
            let id = "p\(podIndex)"
            let policy = ["floor", "floor", "average", "equal"][below(4)]
            network += "\n[[pod]]\nid = \"\(id)\"\npolicy = \"\(policy)\"\n"
            switch policy {
            case "floor": network += "floor = \"\(money(300_000))\"\n"
            case "average": network += "window = \(1 + below(4))\n"
            default: break
            }
            network += "reserve_target = \"\(money(500_000))\"\nsurplus = \"\(["refund", "equal", "reserve"][below(3)])\"\n"
            if below(3) == 0 { network += "network_fee = \"\(money(30_000))\"\n" }
            if below(3) == 0 { network += "network_gross_percent = \"\(below(5))\"\n" }
            if policy != "equal" && below(2) == 0 {
                var threshold = below(200_000)
                for _ in 0..<(1 + below(3)) {
                    network += "\n[[pod.tier]]\nreserve_at_least = \"\(threshold / 100).\(String(format: "%02d", threshold % 100))\"\nfloor_bonus = \"\(money(50_000))\"\n"
                    threshold += 1 + below(300_000)
                }
            }
            var members: [String] = []
            for memberIndex in 1...(2 + below(3)) {
                let member = "\(id)-m\(memberIndex)"
                members.append(member)
                network += "\n[[pod.member]]\nid = \"\(member)\"\npledge_percent = \"\([10, 15, 25, 100][below(4)])\"\njoined = \"2024-01\"\n"
                if policy == "floor" && below(3) == 0 { network += "floor = \"\(money(250_000))\"\n" }
            }
            pods.append((id, members))
            for month in months {
                for member in members where below(4) > 0 {
                    reference += 1
                    let amount = below(10) == 0 ? "-\(money(50_000))" : money(below(8) == 0 ? 2_000_000 : 500_000)
                    income += "\(month)-\(String(format: "%02d", 1 + below(28))),\(member),\(amount),R\(reference)\n"
                }
                if below(3) == 0 {
                    reference += 1
                    expenses += "\(month)-\(String(format: "%02d", 1 + below(28))),\(id),\(money(below(4) == 0 ? 800_000 : 60_000)),Costs \(reference),E\(reference)\n"
                }
            }
        }
        return Files(network: network, income: income, expenses: expenses, pods: pods)
    }

    static func ledger(_ files: Files) throws -> (Ledger, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in [("network.toml", files.network), ("income.csv", files.income), ("expenses.csv", files.expenses)] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let (ledger, _) = try Ledger.create(at: folder.appendingPathComponent("l.sqlite").path,
                                            networkFile: folder.appendingPathComponent("network.toml").path)
        _ = try ledger.importIncome(files: [folder.appendingPathComponent("income.csv").path])
        _ = try ledger.importExpenses(files: [folder.appendingPathComponent("expenses.csv").path])
        return (ledger, folder)
    }

    /// Carried expenses and levy as the ledger holds them: never negative.
    static func expectCarriedNotNegative(_ ledger: Ledger) throws {
        let balances = Dictionary(uniqueKeysWithValues: try ledger.balances(through: nil).lines.map { ($0.account, $0.balanceMinor) })
        for (account, balance) in balances {
            switch account {
            case .podLevyDue: #expect(balance <= 0, "\(account) \(balance)")
            case .expenses(let pod): #expect(balance - (balances[.podCosts(pod)] ?? 0) >= 0, "\(pod): more paid than recorded")
            default: break
            }
        }
    }

    @Test(arguments: [UInt64(2), 5, 13, 21, 34])
    func everyAgreementClosesAndAudits(seed: UInt64) throws {
        let files = Self.files(seed: seed)
        let (ledger, folder) = try Self.ledger(files)
        let results = try ledger.redistribute(through: Self.months.last!, only: false, dryRun: false)
        #expect(try ledger.check() == [], "\(files.network)")
        try Self.expectCarriedNotNegative(ledger)
        for result in results {
            for pod in result.pods {
                #expect(pod.costs.levyMinor <= pod.costs.levyDueMinor && pod.costs.expensesMinor <= pod.costs.expensesDueMinor)
                #expect(pod.costs.expensesCarriedMinor >= 0 && pod.costs.levyCarriedMinor >= 0)
                // Nobody receives more than their need in steps 4 and 8.
                for member in pod.members { #expect(member.needPaidMinor + member.receivedFromNetworkMinor <= member.needMinor) }
            }
        }
        // The ledger's recomputation agrees with what was posted, month by month.
        #expect(try ledger.monthResults(from: Self.months.first!, through: Self.months.last!) == results)

        // Payments along every route keep the cash identity.
        for (index, pod) in files.pods.enumerated() {
            try ledger.pay(Payment(day: try Day(parsing: "2024-07-0\(1 + index)"), from: .member(try MemberID(pod.members[0])),
                                   to: .pod(try PodID(pod.id)), amountMinor: 12_345, reference: "P\(index)", description: ""))
            try ledger.pay(Payment(day: try Day(parsing: "2024-07-0\(1 + index)"), from: .pod(try PodID(pod.id)), to: .network,
                                   amountMinor: 2_000, reference: "N\(index)", description: ""))
        }
        #expect(try ledger.check() == [])

        // March reopened, an expense added to it, and the half year closed again: still sound, March revised.
        _ = try ledger.reopen(month: Self.months[2])
        try ledger.recordExpense(Expense(pod: try PodID(files.pods[0].id), day: try Day(parsing: "2024-03-15"), amountMinor: 250_000,
                                         description: "Late invoice", reference: "LATE"))
        let again = try ledger.redistribute(through: Self.months.last!, only: false, dryRun: false)
        #expect(again.first?.month == Self.months[2])
        #expect(again.first?.pod(try PodID(files.pods[0].id)).map { $0.costs.expensesDueMinor >= 250_000 } ?? true)
        #expect(try ledger.check() == [])
        try Self.expectCarriedNotNegative(ledger)
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func anExpenseInAClosedMonthIsRefusedUntilReopened() throws {
        let (ledger, _) = try Self.ledger(Self.files(seed: 3))
        _ = try ledger.redistribute(through: Self.months[1], only: false, dryRun: false)
        let pod = try PodID(Self.files(seed: 3).pods[0].id)
        let expense = Expense(pod: pod, day: try Day(parsing: "2024-02-10"), amountMinor: 1_000, description: "Software", reference: "S-1")
        #expect(throws: PodLedgerError.monthClosed(Self.months[1])) { try ledger.recordExpense(expense) }
        _ = try ledger.reopen(month: Self.months[1])
        #expect(try ledger.recordExpense(expense) == .added)
        #expect(try ledger.recordExpense(expense) == .present)
        // A correction is a reversal, dated on the expense's day; reversing twice adds nothing.
        #expect(try ledger.reverseExpense(pod: pod, reference: "S-1").outcome == .added)
        #expect(try ledger.reverseExpense(pod: pod, reference: "S-1").outcome == .present)
        _ = try ledger.redistribute(through: Self.months[1], only: false, dryRun: false)
        #expect(try ledger.check() == [])
        #expect(throws: PodLedgerError.self) { try ledger.reverseExpense(pod: pod, reference: "NONE") }
    }
}
