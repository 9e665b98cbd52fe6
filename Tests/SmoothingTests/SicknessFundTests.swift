import LedgerCore
import PropertyBased
import Testing
@testable import Smoothing

/// A sickness fund's month (SPEC §7), worked by hand and checked as properties over random funds.
@Suite("Calculator: sickness funds")
struct SicknessFundTests {
    static let cases = 1000

    // MARK: Worked by hand

    /// Ana (benefit 2,000.00) and Ben (1,000.00) give to Cas (1,500.00), sick since February, in March: the young
    /// fund's accounts cannot cover the benefit, so both are emptied and the benefit is cut.
    @Test func aShortFundEmptiesTheDonorsAndCutsTheBenefit() {
        let fund = Fund(members: [("ana", 200_000, 9_000), ("ben", 100_000, 4_500), ("cas", 150_000, 6_750)])
        let result = fund.compute(openings: ["ana": 50_000, "ben": 30_000], sickFrom: ["cas": "2024-02"])
        let pod = result["brood"]
        // Step 1: ana 500.00 + 90.00 = 590.00, ben 300.00 + 45.00 = 345.00, cas 0 + 67.50.
        // Step 3: G = 1,500.00; LRM over 2,000 : 1,000 asks 1,000.00 and 500.00; ana gives her 590.00 and ben his
        // 345.00; rest 565.00 and no donor has money left.
        #expect(pod["ana"].fund == FundLine(accountOpeningMinor: 50_000, accountClosingMinor: 0, giftMinor: 59_000,
                                            benefitMinor: 0, refundMinor: 0, sick: false, recipient: false))
        #expect(pod["ben"].fund == FundLine(accountOpeningMinor: 30_000, accountClosingMinor: 0, giftMinor: 34_500,
                                            benefitMinor: 0, refundMinor: 0, sick: false, recipient: false))
        // Step 4: Cas gets 935.00 of 1,500.00; 565.00 unmet. Cas keeps their own deposit of 67.50.
        #expect(pod["cas"].fund == FundLine(accountOpeningMinor: 0, accountClosingMinor: 6_750, giftMinor: 0,
                                            benefitMinor: 93_500, refundMinor: 0, sick: true, recipient: true))
        #expect(pod.unmetMinor == 56_500)
        #expect(pod.contributionsMinor == 20_250 && pod.reserveOpeningMinor == 80_000 && pod.reserveClosingMinor == 6_750)
        #expect(pod["cas"].netMinor == -6_750 + 93_500)
        // The entries: deposits, then the gifts that pay the benefit; every own account ends where the line says.
        #expect(result.entries.map(\.description) == ["2024-03 brood: deposits", "2024-03 brood: benefits"])
        #expect(result.net(.ownAccount(Fixture.podID("brood"), Fixture.memberID("ana"))) == -50_000)
        #expect(result.net(.member(Fixture.podID("brood"), Fixture.memberID("cas"))) == 93_500 - 6_750)
    }

    /// Gifts covering a benefit of 1,000.01 among three equal donors: 333.34, 333.34, 333.33 (the odd cents to
    /// the smaller ids); a donor's account above the cap gives the excess back.
    @Test func giftsFollowTheLevelsAndTheCapRefunds() {
        let fund = Fund(members: [("a", 100_000, 4_500), ("b", 100_000, 4_500), ("c", 100_000, 4_500), ("d", 100_001, 4_500)],
                        terms: SicknessTerms(waitingMonths: 2, maxBenefitMonths: 3, accountCapMonths: 10))
        let result = fund.compute(openings: ["a": 45_000, "b": 100_000, "c": 100_000], sickFrom: ["d": "2024-01"])
        let pod = result["brood"]
        #expect(pod.members.map { $0.fund!.giftMinor } == [33_334, 33_334, 33_333, 0])
        #expect(pod["d"].fund!.benefitMinor == 100_001 && pod.unmetMinor == 0)
        // a: 450.00 + 45.00 − 333.34 = 161.66, under the cap of 10 deposits (450.00). b: 1,000.00 + 45.00 − 333.34
        // = 711.66 and c: 1,045.00 − 333.33 = 711.67 are above it and give back the excess.
        #expect(pod["a"].fund!.accountClosingMinor == 16_166 && pod["a"].fund!.refundMinor == 0)
        #expect(pod["b"].fund!.refundMinor == 71_166 - 45_000 && pod["b"].fund!.accountClosingMinor == 45_000)
        #expect(pod["c"].fund!.refundMinor == 71_167 - 45_000 && pod["c"].fund!.accountClosingMinor == 45_000)
        #expect(result.entry("2024-03 brood: account refunds") != nil)
    }

    /// A second round: the first asks the poorer donor for more than they have; what is left is asked again of
    /// the donors with money, by their levels.
    @Test func whatAnEmptiedDonorCannotGiveIsAskedOfTheOthers() {
        let fund = Fund(members: [("ana", 100_000, 100), ("ben", 100_000, 100), ("cas", 100_000, 100)])
        let result = fund.compute(openings: ["ana": 9_900, "ben": 200_000], sickFrom: ["cas": "2024-01"])
        let pod = result["brood"]
        // Round 1 asks 500.00 of each: ana gives her 100.00, ben 500.00. Round 2 asks ben for the last 400.00.
        #expect(pod["ana"].fund!.giftMinor == 10_000 && pod["ben"].fund!.giftMinor == 90_000)
        #expect(pod["cas"].fund!.benefitMinor == 100_000 && pod.unmetMinor == 0)
        // Ben's 1,101.00 left is above his cap of 36 deposits of 1.00: all but 36.00 goes back to him.
        #expect(pod["ben"].fund!.accountClosingMinor == 3_600 && pod["ben"].fund!.refundMinor == 200_100 - 90_000 - 3_600)
    }

    /// The waiting month, the benefit limit, and a member who leaves, over a run of months.
    @Test func benefitsStartAfterTheWaitingMonthsAndStopAtTheLimit() {
        let fund = Fund(members: [("ana", 100_000, 50_000, "2024-01", nil), ("ben", 100_000, 100_000, "2024-01", nil),
                                 ("cas", 80_000, 3_600, "2024-01", "2024-05")] as [(String, Int64, Int64, String, String?)],
                        terms: SicknessTerms(waitingMonths: 1, maxBenefitMonths: 3, accountCapMonths: 36))
        let months = (1...8).map { Fixture.month(String(format: "2024-%02d", $0)) }
        let results = Simulation.replay(months: months, settingsFor: { _ in fund.settings }, incomeByMonth: [:],
                                        podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0, netHistoryMinor: [:],
                                        sickness: [SicknessPeriod(member: Fixture.memberID("ana"), from: Fixture.month("2024-02"), through: nil)])
        let ana = results.map { $0["brood"]["ana"].fund! }
        #expect(ana.map(\.sick) == [false, true, true, true, true, true, true, true])
        // Sick from February, waiting one month: paid March, April and May (three months), then not again.
        #expect(ana.map(\.benefitMinor) == [0, 0, 100_000, 100_000, 100_000, 0, 0, 0])
        // Cas leaves in May and gets the whole account back then; a sick member still deposits and gives nothing.
        let cas = results.prefix(5).map { $0["brood"]["cas"].fund! }
        #expect(cas.last!.refundMinor == cas.last!.accountOpeningMinor + 3_600 - cas.last!.giftMinor && cas.last!.accountClosingMinor == 0)
        #expect(results[5]["brood"].members.map(\.member.raw) == ["ana", "ben"])
        #expect(ana.allSatisfy { $0.giftMinor == 0 || !$0.sick })
    }

    // MARK: Properties over random funds

    @Test func conservationAndAccounts() async {
        await propertyCheck(count: Self.cases, input: RandomFund.generator) { fund in
            let result = Calculator.compute(fund.input)
            let pod = result[fund.pod.raw]
            let lines = pod.members.map { $0.fund! }
            // Σc + ΣA_opening = Σreceived + ΣA_closing, and the pod's figures say the same.
            let deposits = pod.members.reduce(0) { $0 + $1.contributionMinor }
            let received = pod.members.reduce(0) { $0 + $1.receivedMinor }
            #expect(deposits + lines.reduce(0) { $0 + $1.accountOpeningMinor } == received + lines.reduce(0) { $0 + $1.accountClosingMinor })
            #expect(pod.reserveOpeningMinor == lines.reduce(0) { $0 + $1.accountOpeningMinor })
            #expect(pod.reserveClosingMinor == lines.reduce(0) { $0 + $1.accountClosingMinor })
            #expect(pod.toNetworkMinor == 0 && pod.fromNetworkMinor == 0)
            #expect(result.networkReserveClosingMinor == result.networkReserveOpeningMinor)
            for (member, line) in zip(pod.members, lines) {
                let level = fund.level(member.member)
                let available = line.accountOpeningMinor + level.depositMinor
                #expect(member.contributionMinor == level.depositMinor)
                #expect(line.accountClosingMinor >= 0, "\(member.member): account negative")
                // No donor gives more than their account; the sick give nothing.
                #expect(line.giftMinor >= 0 && line.giftMinor <= available)
                if line.sick { #expect(line.giftMinor == 0) }
                #expect(line.accountClosingMinor == available - line.giftMinor - line.refundMinor)
                #expect(member.receivedMinor == line.benefitMinor + line.refundMinor)
                // Caps: nobody keeps more than the cap's deposits; the excess, and only it, goes back; a leaver keeps 0.
                if member.member == fund.leaver {
                    #expect(line.accountClosingMinor == 0 && line.refundMinor == available - line.giftMinor)
                } else {
                    let cap = level.depositMinor * Int64(fund.terms.accountCapMonths)
                    #expect(line.accountClosingMinor == min(cap, available - line.giftMinor))
                }
            }
            // The entries post exactly the lines: each own account moves by closing − opening.
            for member in pod.members {
                let line = member.fund!
                #expect(result.net(.ownAccount(fund.pod, member.member)) == line.accountClosingMinor - line.accountOpeningMinor)
                #expect(result.net(.member(fund.pod, member.member)) == member.receivedMinor - member.contributionMinor)
            }
        }
    }

    @Test func benefitsOnlyToRecipientsWithinTheirMonths() async {
        await propertyCheck(count: Self.cases, input: RandomFund.generator) { fund in
            let pod = Calculator.compute(fund.input)[fund.pod.raw]
            let terms = fund.terms
            var levels: Int64 = 0
            for member in pod.members {
                let line = member.fund!
                let from = fund.sickFrom[member.member]
                #expect(line.sick == (from != nil))
                let inWindow = from.map { fund.month.ordinal >= $0.ordinal + terms.waitingMonths
                    && fund.month.ordinal <= $0.ordinal + terms.waitingMonths + terms.maxBenefitMonths - 1 } ?? false
                #expect(line.recipient == inWindow)
                if !inWindow { #expect(line.benefitMinor == 0) }
                if inWindow { levels += fund.level(member.member).benefitMinor }
                #expect(line.benefitMinor <= (inWindow ? fund.level(member.member).benefitMinor : 0))
            }
            // What was given is what was paid; what was not is unmet; a short fund has emptied every donor.
            let given = pod.members.reduce(0) { $0 + $1.fund!.giftMinor }
            let paid = pod.members.reduce(0) { $0 + $1.fund!.benefitMinor }
            #expect(given == paid && paid + pod.unmetMinor == levels)
            if pod.unmetMinor > 0 {
                for member in pod.members where !member.fund!.sick {
                    #expect(member.fund!.giftMinor == member.fund!.accountOpeningMinor + member.contributionMinor)
                }
                // Cut benefits are the paid total shared by LRM over the recipients' levels.
                let recipients = pod.members.filter { $0.fund!.recipient }
                let expected = LRM.allocateInOrder(paid, weights: recipients.map { (id: $0.member, weight: fund.level($0.member).benefitMinor) })
                #expect(recipients.map { $0.fund!.benefitMinor } == expected)
            }
        }
    }

    @Test func giftsAreProportionalToLevelsUpToACentARound() async {
        await propertyCheck(count: Self.cases, input: RandomFund.generator) { fund in
            let pod = Calculator.compute(fund.input)[fund.pod.raw]
            let donors = pod.members.filter { !$0.fund!.sick }
            let total = pod.members.reduce(0) { $0 + $1.fund!.giftMinor }
            let untouched = donors.filter { $0.fund!.giftMinor < $0.fund!.accountOpeningMinor + $0.contributionMinor }
            if untouched.count == donors.count {
                // Nobody ran out: the gifts are exactly LRM of the total over every donor's level.
                #expect(donors.map { $0.fund!.giftMinor }
                        == LRM.allocateInOrder(total, weights: donors.map { (id: $0.member, weight: fund.level($0.member).benefitMinor) }))
            }
            // Donors who did not run out gave in proportion to their levels, within a cent for each round asked.
            let rounds = Int64(donors.count)
            for first in untouched {
                for second in untouched where first.member < second.member {
                    let (g1, b1) = (first.fund!.giftMinor, fund.level(first.member).benefitMinor)
                    let (g2, b2) = (second.fund!.giftMinor, fund.level(second.member).benefitMinor)
                    #expect(abs(g1 * b2 - g2 * b1) <= rounds * (b1 + b2), "\(first.member) gave \(g1), \(second.member) gave \(g2)")
                }
            }
        }
    }

    @Test func theOrderOfMembersDoesNotMatter() async {
        await propertyCheck(count: 300, input: RandomFund.generator) { fund in
            var reversed = fund
            reversed.members.reverse()
            #expect(Calculator.compute(fund.input) == Calculator.compute(reversed.input))
        }
    }
}

/// A sickness fund `brood` for the hand-worked tests: members as (id, benefit, deposit[, joined, left]).
private struct Fund {
    let settings: NetworkSettings

    init(members: [(String, Int64, Int64)], terms: SicknessTerms = SicknessTerms()) {
        self.init(members: members.map { ($0.0, $0.1, $0.2, "2024-01", nil) }, terms: terms)
    }

    init(members: [(String, Int64, Int64, String, String?)], terms: SicknessTerms = SicknessTerms()) {
        let pod = Fixture.pod("brood", .sickness(terms))
        settings = try! NetworkSettings(currency: Fixture.nzd, shareBasisPoints: 0, pods: [pod], members: members.map {
            MemberSettings(id: Fixture.memberID($0.0), name: $0.0.capitalized, pod: pod.id, pledgeBasisPoints: 0, hurdleMinor: 0,
                           capMinor: nil, joined: Fixture.month($0.3), left: $0.4.map(Fixture.month),
                           sickness: SicknessLevel(benefitMinor: $0.1, depositMinor: $0.2))
        })
    }

    func compute(month: String = "2024-03", openings: [String: Int64], sickFrom: [String: String]) -> MonthResult {
        Calculator.compute(MonthInput(
            month: Fixture.month(month), settings: settings, incomeMinor: [:], podReserveOpeningMinor: [:], networkReserveOpeningMinor: 0,
            netHistoryMinor: [:], ownAccountOpeningMinor: Dictionary(uniqueKeysWithValues: openings.map { (Fixture.memberID($0.key), $0.value) }),
            sickFrom: Dictionary(uniqueKeysWithValues: sickFrom.map { (Fixture.memberID($0.key), Fixture.month($0.value)) })))
    }
}

/// A random sickness fund in 2024-06: 1–50 members at a few levels, random own accounts (some empty, some near
/// the cap), some sick since random months, terms from the defaults to the extremes, maybe a member leaving.
struct RandomFund: Sendable, CustomStringConvertible {
    let pod = Fixture.podID("brood")
    let month = Fixture.month("2024-06")
    var terms: SicknessTerms
    var members: [MemberSettings]
    var openings: [MemberID: Int64]
    var sickFrom: [MemberID: Month]
    var income: [MemberID: Int64]

    var leaver: MemberID? { members.first { $0.left == month }?.id }
    func level(_ member: MemberID) -> SicknessLevel { members.first { $0.id == member }!.sickness! }

    var input: MonthInput {
        let settings = try! NetworkSettings(currency: Fixture.nzd, shareBasisPoints: 0,
                                            pods: [Fixture.pod(pod.raw, .sickness(terms))], members: members)
        return MonthInput(month: month, settings: settings, incomeMinor: income, podReserveOpeningMinor: [:], networkReserveOpeningMinor: 12_345,
                          netHistoryMinor: [:], ownAccountOpeningMinor: openings, sickFrom: sickFrom)
    }

    var description: String {
        "RandomFund(terms: \(terms), members: \(members.map { "\($0.id) \($0.sickness!.benefitMinor)/\($0.sickness!.depositMinor) left \($0.left?.description ?? "-")" }), "
            + "openings: \(openings), sick: \(sickFrom))"
    }

    static func random<R: RandomNumberGenerator>(using rng: inout R) -> RandomFund {
        func pick<T>(_ options: [T]) -> T { options.randomElement(using: &rng)! }
        func amount(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &rng) }
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }
        let month = Fixture.month("2024-06")
        let terms = SicknessTerms(waitingMonths: pick([0, 1, 1, 2, 3]), maxBenefitMonths: pick([1, 3, 12, 24, 24]),
                                  accountCapMonths: pick([1, 6, 36, 36, 60]))
        let count = pick([1, 2, 3, 5, 8, 20, 50])
        var members: [MemberSettings] = []
        var openings: [MemberID: Int64] = [:]
        var sickFrom: [MemberID: Month] = [:]
        var income: [MemberID: Int64] = [:]
        let leaverIndex = chance(20) ? Int.random(in: 0..<count, using: &rng) : nil
        for index in 0..<count {
            let id = Fixture.memberID(String(format: "m%02d", index))
            let benefit = pick([75_000, 100_000, 150_000, 200_000, 250_000, amount(1...300_000)])
            let deposit = chance(80) ? max(1, benefit * 45 / 1000) : amount(1...20_000)
            members.append(MemberSettings(id: id, name: id.raw, pod: Fixture.podID("brood"), pledgeBasisPoints: 0, hurdleMinor: 0,
                                          capMinor: nil, joined: Fixture.month("2024-01"), left: index == leaverIndex ? month : nil,
                                          sickness: SicknessLevel(benefitMinor: benefit, depositMinor: deposit)))
            let cap = deposit * Int64(terms.accountCapMonths)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: break
            case 1: openings[id] = amount(0...deposit * 3)
            case 2: openings[id] = amount(0...cap)
            default: openings[id] = cap
            }
            if chance(count > 10 ? 10 : 30) {
                sickFrom[id] = Month(ordinal: month.ordinal - Int.random(in: 0...30, using: &rng))!
            }
            if chance(50) { income[id] = amount(-50_000...900_000) }
        }
        return RandomFund(terms: terms, members: members.shuffled(using: &rng), openings: openings, sickFrom: sickFrom, income: income)
    }

    static let generator = Generator<RandomFund, Shrink.None<RandomFund>> { rng in RandomFund.random(using: &rng) }
}
