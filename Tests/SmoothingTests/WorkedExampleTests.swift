import Foundation
import LedgerCore
import Testing
@testable import Smoothing

/// The month worked by hand in docs/smoothing.md ("A month worked by hand"): aurora, March 2024.
///
/// Every figure of the doc is asserted here to the cent, and the doc's tables and entry listing are checked to be
/// exactly what the calculator produces, so the doc cannot drift from the code.
@Suite("The worked month of docs/smoothing.md")
struct WorkedExampleTests {
    typealias F = Fixture

    static let settings = F.network(share: 1000, pods: [
        F.pod("aurora", .floor(floorMinor: 300_000), reserveTarget: 600_000, surplus: .refund),
    ], members: [
        F.member("alice", pod: "aurora", pledge: 1500, hurdle: 50_000),
        F.member("ben", pod: "aurora", pledge: 2000, cap: 150_000),
        F.member("chen", pod: "aurora", pledge: 1000, hurdle: 100_000),
        F.member("dana", pod: "aurora", pledge: 1250),
    ])

    static let input = F.input(settings, income: ["alice": 400_000, "ben": 1_200_000, "chen": 180_000, "dana": 275_009],
                               reserves: ["aurora": 590_000], networkReserve: 12_000)

    static func money(_ minor: Int64) -> String { Money.format(minor, minorDigits: 2) }

    @Test func everyFigureToTheCent() {
        let result = Calculator.compute(Self.input)
        let aurora = result["aurora"]
        let m = { (id: String) in aurora[id] }
        // Step 2: contributions and kept income.
        #expect(m("alice").contributionMinor == 52_500)   // 15% of (4000.00 − 500.00)
        #expect(m("ben").contributionMinor == 150_000)    // 20% of 12000.00 = 2400.00, capped at 1500.00
        #expect(m("chen").contributionMinor == 8_000)     // 10% of (1800.00 − 1000.00)
        #expect(m("dana").contributionMinor == 34_376)    // 12.5% of 2750.09 = 343.76125 → 343.76
        #expect(aurora.members.map(\.keptMinor) == [347_500, 1_050_000, 172_000, 240_633])
        #expect(aurora.contributionsMinor == 244_876)
        // Step 3: need against the floor of 3000.00.
        #expect(aurora.members.map(\.needMinor) == [0, 0, 128_000, 59_367])
        #expect(aurora.needMinor == 187_367)
        // Step 4: the pool covers the need; leftover L = 575.09.
        #expect(aurora.members.map(\.needPaidMinor) == [0, 0, 128_000, 59_367])
        #expect(aurora.reserveDrawMinor == 0)
        // Step 5: deposit 100.00 to reach the 6000.00 target; surplus S = 475.09.
        #expect(aurora.reserveDepositMinor == 10_000)
        // Step 6: 10% of 475.09 = 47.509 → 47.50 to the network; S' = 427.59.
        #expect(aurora.toNetworkMinor == 4_750)
        // Step 7: refund LRM(427.59, c): bases 91.67, 261.92, 13.96, 60.02; the 2 leftover cents to chen and dana.
        #expect(aurora.members.map(\.surplusShareMinor) == [9_167, 26_192, 1_397, 6_003])
        #expect(aurora.surplusToMembersMinor == 42_759)
        #expect(aurora.reserveClosingMinor == 600_000)
        // Step 8: nobody is short; the network keeps its share.
        #expect(aurora.fromNetworkMinor == 0 && aurora.unmetMinor == 0)
        #expect(result.networkReserveOpeningMinor == 12_000)
        #expect(result.networkReserveClosingMinor == 16_750)
        // Step 9: net income.
        #expect(aurora.members.map(\.receivedMinor) == [9_167, 26_192, 129_397, 65_370])
        #expect(aurora.members.map(\.netMinor) == [356_667, 1_076_192, 301_397, 306_003])
        // Money conserved: 2448.76 + 5900.00 + 120.00 = 2301.26 received + 6000.00 + 167.50.
        let received: Int64 = aurora.members.reduce(0) { $0 + $1.receivedMinor }
        #expect(received == 230_126)
        let inflow: Int64 = 244_876 + 590_000 + 12_000
        #expect(inflow == received + 600_000 + 16_750)
        #expect(Invariants.violations(Self.input, result).isEmpty)
    }

    @Test func theDocShowsExactlyWhatTheCalculatorComputes() throws {
        let result = Calculator.compute(Self.input)
        let aurora = result["aurora"]
        let settings = Self.settings
        var expectedLines: [String] = []
        for member in aurora.members {
            let own = settings.member(member.member)!
            expectedLines.append("| \(member.member) | \(Self.money(member.incomeMinor)) | \(BasisPoints.format(own.pledgeBasisPoints))% | "
                + "\(Self.money(own.hurdleMinor)) | \(own.capMinor.map(Self.money) ?? "none") | \(Self.money(member.contributionMinor)) | "
                + "\(Self.money(member.keptMinor)) | \(Self.money(member.needMinor)) | \(Self.money(member.needPaidMinor)) | "
                + "\(Self.money(member.surplusShareMinor)) | \(Self.money(member.receivedMinor)) | \(Self.money(member.netMinor)) |")
        }
        let leftover = aurora.contributionsMinor + aurora.reserveDrawMinor - aurora.needPaidMinor
        let surplus = leftover - aurora.reserveDepositMinor
        let podRows: [(String, Int64)] = [
            ("pool `C` = Σc", aurora.contributionsMinor), ("need `N` = Σneed", aurora.needMinor),
            ("reserve opening `R0`", aurora.reserveOpeningMinor), ("reserve draw", aurora.reserveDrawMinor),
            ("leftover `L` = C − N", leftover), ("deposit `d`", aurora.reserveDepositMinor), ("surplus `S` = L − d", surplus),
            ("to network `n` = S·1000 ÷ 10000", aurora.toNetworkMinor), ("refunded `S'` = S − n", aurora.surplusToMembersMinor),
            ("reserve closing `R2` = R1 + d", aurora.reserveClosingMinor),
            ("network reserve opening `NR0`", result.networkReserveOpeningMinor), ("network funds `NF` = NR0 + n", result.networkFundsMinor),
            ("network support", aurora.fromNetworkMinor), ("network reserve closing `NR1`", result.networkReserveClosingMinor),
        ]
        for (label, amount) in podRows { expectedLines.append("| \(label) | \(Self.money(amount)) |") }
        // The entries, as listed in the doc.
        var listing: [String] = []
        for entry in result.entries {
            listing.append(entry.description)
            for posting in entry.postings {
                let account = posting.account.description
                let amount = Self.money(posting.amountMinor)
                listing.append("    " + account + String(repeating: " ", count: max(1, 24 - account.count))
                    + String(repeating: " ", count: max(0, 10 - amount.count)) + amount)
            }
        }
        expectedLines.append(contentsOf: listing)

        let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/smoothing.md")
        let doc = try String(contentsOf: docURL, encoding: .utf8)
        let docLines = Set(doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let missing = expectedLines.filter { !docLines.contains($0) }
        #expect(missing.isEmpty, "docs/smoothing.md lacks these lines:\n\(missing.joined(separator: "\n"))")
        // The entry listing appears in one piece, in this order.
        let listingInDoc = doc.contains(listing.joined(separator: "\n"))
        #expect(listingInDoc, "docs/smoothing.md should list the entries exactly as:\n\(listing.joined(separator: "\n"))")
    }
}
