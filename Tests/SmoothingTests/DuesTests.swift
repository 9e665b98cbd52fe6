import LedgerCore
import PropertyBased
import Testing
@testable import Smoothing

/// Dues of SPEC §8, worked by hand, then as properties over random settlements and payments.
@Suite struct DuesTests {
    static let aurora = Fixture.podID("aurora")
    static let alice = Fixture.memberID("alice")
    static let ben = Fixture.memberID("ben")

    static func months(_ settlements: [(String, [MemberID: Int64], Int64)]) -> [Dues.MonthSettlements] {
        settlements.map { Dues.MonthSettlements(month: Fixture.month($0.0), members: [aurora: $0.1], pods: [aurora: $0.2]) }
    }

    static func alices(_ dues: [Dues.PodDues]) -> Dues.Balance? { dues.first?.member(alice)?.dues }

    @Test func aPartialPaymentLeavesTheRestOwedSinceTheMonthItStopsCovering() {
        // Alice owes 100.00 for January and 50.00 for February and pays 120.00: January is covered, February not.
        let dues = Dues.compute(months: Self.months([("2024-01", [Self.alice: 10_000], 0), ("2024-02", [Self.alice: 5_000], 0)]),
                                payments: [(.memberToPod(Self.aurora, Self.alice), 12_000)])
        #expect(Self.alices(dues) == Dues.Balance(dueMinor: 15_000, paidMinor: 12_000, oldestUnpaid: Fixture.month("2024-02")))
        #expect(Self.alices(dues)?.outstandingMinor == 3_000)
    }

    @Test func anOverpaymentIsACredit() {
        let dues = Dues.compute(months: Self.months([("2024-01", [Self.alice: 10_000], 0)]),
                                payments: [(.memberToPod(Self.aurora, Self.alice), 15_000)])
        #expect(Self.alices(dues) == Dues.Balance(dueMinor: 10_000, paidMinor: 15_000, oldestUnpaid: nil))
        #expect(Self.alices(dues)?.outstandingMinor == -5_000)
    }

    @Test func aDirectPaymentBetweenMembersSettlesBoth() {
        // Alice owes 40.00, Ben is owed 40.00: Alice pays Ben directly (through the pod).
        let dues = Dues.compute(months: Self.months([("2024-01", [Self.alice: 4_000, Self.ben: -4_000], 0)]),
                                payments: [(.memberToMember(Self.aurora, from: Self.alice, to: Self.ben), 4_000)])
        #expect(dues[0].members.map(\.dues.outstandingMinor) == [0, 0])
        #expect(dues[0].member(Self.ben)?.dues.paidMinor == -4_000)
    }

    @Test func aPodSettlesWithTheNetwork() {
        // The pod owes the network 30.00 for January and is owed 12.00 in February; it pays 20.00, the network 0.
        let dues = Dues.compute(months: Self.months([("2024-01", [:], 3_000), ("2024-02", [:], -1_200)]),
                                payments: [(.podToNetwork(Self.aurora), 2_000), (.networkToPod(Self.aurora), 500)])
        #expect(dues[0].network == Dues.Balance(dueMinor: 1_800, paidMinor: 1_500, oldestUnpaid: Fixture.month("2024-01")))
    }

    /// Months that alternate between owing and being owed: the oldest unpaid month is the one after the last
    /// month whose running total the payments covered.
    @Test(arguments: [(Int64(0), "2024-01"), (3_000, "2024-03"), (7_000, "2024-04"), (8_000, nil)])
    func oldestUnpaidAcrossAlternatingMonths(paid: Int64, oldest: String?) {
        // Running totals: 100.00, 20.00, 70.00, 80.00.
        let dues = Dues.compute(
            months: Self.months([("2024-01", [Self.alice: 10_000], 0), ("2024-02", [Self.alice: -8_000], 0),
                                 ("2024-03", [Self.alice: 5_000], 0), ("2024-04", [Self.alice: 1_000], 0)]),
            payments: paid == 0 ? [] : [(.memberToPod(Self.aurora, Self.alice), paid)])
        #expect(Self.alices(dues)?.oldestUnpaid == oldest.map(Fixture.month))
    }

    // MARK: Properties

    struct Case: Sendable, CustomStringConvertible {
        var months: [Dues.MonthSettlements]
        var payments: [(route: PaymentRoute, amountMinor: Int64)]
        var description: String { "months: \(months.map { ($0.month, $0.members, $0.pods) }), payments: \(payments)" }

        static let generator = Generator<Case, Shrink.None<Case>> { rng in
            let pods = ["aurora", "kea"].map(Fixture.podID)
            let members = ["alice", "ben", "chen"].map(Fixture.memberID)
            let months = (1...Int.random(in: 1...8, using: &rng)).map { number in
                Dues.MonthSettlements(
                    month: Fixture.month(String(format: "2024-%02d", number)),
                    members: Dictionary(uniqueKeysWithValues: pods.map { pod in
                        (pod, Dictionary(uniqueKeysWithValues: members.filter { _ in Bool.random(using: &rng) }.map {
                            ($0, Int64.random(in: -50_000...80_000, using: &rng))
                        }))
                    }),
                    pods: Dictionary(uniqueKeysWithValues: pods.map { ($0, Int64.random(in: -20_000...20_000, using: &rng)) }))
            }
            let payments = (0..<Int.random(in: 0...12, using: &rng)).map { _ -> (route: PaymentRoute, amountMinor: Int64) in
                let pod = pods.randomElement(using: &rng)!
                let member = members.randomElement(using: &rng)!
                let other = members.filter { $0 != member }.randomElement(using: &rng)!
                let route: PaymentRoute = [.memberToPod(pod, member), .podToMember(pod, member), .memberToMember(pod, from: member, to: other),
                                           .podToNetwork(pod), .networkToPod(pod)].randomElement(using: &rng)!
                return (route, Int64.random(in: 1...60_000, using: &rng))
            }
            return Case(months: months.shuffled(using: &rng), payments: payments)
        }
    }

    @Test func outstandingIsDueLessPaidAndPaymentOrderDoesNotMatter() async {
        await propertyCheck(count: 500, input: Case.generator) { testCase in
            let dues = Dues.compute(months: testCase.months, payments: testCase.payments)
            #expect(dues == Dues.compute(months: testCase.months.reversed(), payments: testCase.payments.reversed()))
            // Every payment moves money, never creates it: what members paid in net equals what pods received from
            // members; a direct payment leaves the pod's total unchanged.
            let memberPaid = dues.flatMap(\.members).reduce(0) { $0 + $1.dues.paidMinor }
            let expected = testCase.payments.reduce(Int64(0)) { total, payment in
                switch payment.route {
                case .memberToPod: return total + payment.amountMinor
                case .podToMember: return total - payment.amountMinor
                default: return total
                }
            }
            #expect(memberPaid == expected)
            for pod in dues {
                for member in pod.members {
                    #expect(member.dues.outstandingMinor == member.dues.dueMinor - member.dues.paidMinor)
                }
            }
        }
    }

    /// The oldest unpaid month matches SPEC §8's definition, checked by brute force: the earliest closed month k
    /// such that at k and every later month the running settlement exceeds what was paid.
    @Test func oldestUnpaidIsTheSpecsDefinition() async {
        await propertyCheck(count: 500, input: Case.generator) { testCase in
            let ordered = testCase.months.sorted { $0.month < $1.month }
            for pod in Dues.compute(months: testCase.months, payments: testCase.payments) {
                for member in pod.members {
                    let lines = ordered.compactMap { month in month.members[pod.pod]?[member.member].map { (month.month, $0) } }
                    var running: [(Month, Int64)] = []
                    var total: Int64 = 0
                    for (month, amount) in lines {
                        total += amount
                        running.append((month, total))
                    }
                    let paid = member.dues.paidMinor
                    let expected = total > paid
                        ? running.indices.first { start in running[start...].allSatisfy { $0.1 > paid } }.map { running[$0].0 } : nil
                    #expect(member.dues.oldestUnpaid == expected)
                }
            }
        }
    }
}
