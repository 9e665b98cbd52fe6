import Foundation
import LedgerCore
@testable import PodLedger
import Smoothing
import Statements
import Testing

/// Payments and dues on real ledgers of random networks (SPEC §8): the cash identity holds (`check`), dues
/// from the posted closes equal dues from the calculator's months, payment order does not matter, and a reopen
/// after payments carries the correction.
@Suite struct PaymentLedgerTests {
    /// A closed ledger of a random sample network.
    static func ledger(seed: UInt64, pods: Int = 4, months: Int = 5) throws -> Ledger {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-pay-\(UUID().uuidString)")
        let written = try SampleNetwork(pods: pods, months: months, seed: seed).write(to: folder.path)
        let (ledger, _) = try Ledger.create(at: folder.appendingPathComponent("l.sqlite").path, networkFile: written.networkFile)
        _ = try ledger.importIncome(files: written.incomeFiles)
        _ = try ledger.redistribute(through: Month(year: 2024, month: months)!, only: false, dryRun: false)
        return ledger
    }

    /// Random payments along routes §8 allows, dated in the closed months.
    static func payments(for ledger: Ledger, seed: UInt64, count: Int) throws -> [Payment] {
        var random = SplitMix64(seed: seed)
        let settings = try ledger.networkTimeline().versions[0].settings
        return try (0..<count).map { index in
            let member = settings.members[Int(random.below(settings.members.count))]
            let partners = settings.members.filter { $0.pod == member.pod && $0.id != member.id }
            let day = try Day(parsing: String(format: "2024-%02d-%02d", 1 + Int(random.below(5)), 1 + Int(random.below(28))))
            let amount = Int64(1 + random.below(300_000))
            let (from, to): (PaymentParty, PaymentParty)
            switch random.below(5) {
            case 0: (from, to) = (.pod(member.pod), .member(member.id))
            case 1 where !partners.isEmpty: (from, to) = (.member(member.id), .member(partners[Int(random.below(partners.count))].id))
            case 2: (from, to) = (.pod(member.pod), .network)
            case 3: (from, to) = (.network, .pod(member.pod))
            default: (from, to) = (.member(member.id), .pod(member.pod))
            }
            return Payment(day: day, from: from, to: to, amountMinor: amount, reference: "R\(seed)-\(index)", description: "")
        }
    }

    @Test(arguments: [UInt64(3), 11, 29])
    func theCashIdentityHoldsAndDuesAgreeWithTheCalculator(seed: UInt64) throws {
        let ledger = try Self.ledger(seed: seed)
        let payments = try Self.payments(for: ledger, seed: seed, count: 40)
        for payment in payments { try ledger.pay(payment) }
        #expect(try ledger.check() == [])

        // Dues from the posted closes against dues from the calculator's own months and the payments as routes.
        let closed = try ledger.monthResults(from: Month(parsing: "2024-01"), through: Month(parsing: "2024-05"))
        let routes = try ledger.reading { snapshot in try payments.map { (route: try snapshot.route($0), amountMinor: $0.amountMinor) } }
        let expected = Dues.compute(months: closed.map(Dues.MonthSettlements.init), payments: routes)
        #expect(try ledger.dues().pods == expected)

        // The same payments in another order give the same dues; recording them again changes nothing.
        let other = try Self.ledger(seed: seed)
        for payment in payments.reversed() { try other.pay(payment) }
        #expect(try other.dues() == (try ledger.dues()))
        for payment in payments { #expect(try ledger.pay(payment) == .present) }
        #expect(try ledger.dues().pods == expected)
    }

    /// Reopening a month withdraws its settlement and closing it again settles again: payments stay, and the
    /// outstanding amounts show the correction; the statement says the month was revised.
    @Test func aReopenAfterPaymentsCarriesTheCorrection() throws {
        let ledger = try Self.ledger(seed: 7, pods: 3, months: 3)
        let settings = try ledger.networkTimeline().versions[0].settings
        let member = settings.members[0]
        try ledger.pay(Payment(day: try Day(parsing: "2024-02-10"), from: .member(member.id), to: .pod(member.pod),
                               amountMinor: 50_000, reference: "P-1", description: ""))
        let before = try #require(try ledger.dues().pods.first { $0.pod == member.pod }?.member(member.id)?.dues)
        #expect(before.paidMinor == 50_000)
        // March is reopened, a late invoice imported, and March closed again.
        _ = try ledger.reopen(month: Month(parsing: "2024-03"))
        let late = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString).csv")
        try Data("date,member,amount,reference\n2024-03-20,\(member.id),9000.00,LATE-1\n".utf8).write(to: late)
        _ = try ledger.importIncome(files: [late.path])
        _ = try ledger.redistribute(through: Month(parsing: "2024-03"), only: false, dryRun: false)
        let after = try #require(try ledger.dues().pods.first { $0.pod == member.pod }?.member(member.id)?.dues)
        #expect(after.paidMinor == 50_000, "payments stay")
        #expect(after.dueMinor != before.dueMinor, "March's new settlement replaced the old one")
        #expect(try ledger.check() == [])
        let statement = try ledger.podStatement(pod: member.pod, month: Month(parsing: "2024-03")).statement
        #expect(statement.revised)
        #expect(statement.render(.text).contains("closed (revised: reopened and closed again)"))
        #expect(try ledger.podStatement(pod: member.pod, month: Month(parsing: "2024-02")).statement.revised == false)
    }

    /// A payments file of random payments (half without a reference, some rows repeated) imports as `pay`
    /// records them; importing it again, or a file overlapping it, adds nothing and changes nothing.
    @Test(arguments: [UInt64(5), 17])
    func reimportingAPaymentsFileChangesNothing(seed: UInt64) throws {
        let ledger = try Self.ledger(seed: seed, pods: 3, months: 5)
        var payments = try Self.payments(for: ledger, seed: seed, count: 30).enumerated().map { index, payment in
            index.isMultiple(of: 2) ? payment
                : Payment(day: payment.day, from: payment.from, to: payment.to, amountMinor: payment.amountMinor, reference: nil, description: "row \(index % 3)")
        }
        payments += payments.prefix(4).filter { $0.reference == nil }   // genuinely identical rows: both kept
        let minorDigits = ledger.currency.minorDigits
        func csv(_ payments: [Payment]) throws -> String {
            let text = "date,from,to,amount,reference,description\n" + payments.map { payment in
                "\(payment.day),\(payment.from),\(payment.to),\(Money.format(payment.amountMinor, minorDigits: minorDigits)),\(payment.reference ?? ""),\(payment.description)\n"
            }.joined()
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("payments-\(UUID().uuidString).csv")
            try Data(text.utf8).write(to: url)
            return url.path
        }
        let file = try csv(payments)
        let first = try ledger.importPayments(files: [file])
        #expect(first.newRows == payments.count)
        let dues = try ledger.dues()
        let again = try ledger.importPayments(files: [file, try csv(Array(payments.prefix(10)))])
        #expect(again.newRows == 0)
        #expect(again.presentRows == payments.count + 10)
        #expect(try ledger.dues() == dues)
        #expect(try ledger.check() == [])

        // `pay` in another order records the same dues.
        let paid = try Self.ledger(seed: seed, pods: 3, months: 5)
        for payment in payments.reversed() { try paid.pay(payment) }
        #expect(try paid.dues() == dues)
    }
}
