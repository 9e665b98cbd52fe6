import LedgerCore
import PropertyBased
@testable import Smoothing

/// A random network and month for the property tests: pods of every policy, members joining and leaving,
/// hurdles, caps, negative income, reserves above and below target, empty and rich network reserves; and every
/// key of SPEC §6: a network levy and pods' own, reserve tiers, members' own floors, 100% pledges, expenses of
/// the month and carried expenses and levy.
struct Scenario: Sendable, CustomStringConvertible {
    var month: Month
    var shareBasisPoints: Int
    var levy = Levy.none
    var expensesMinor: [PodID: Int64] = [:]
    var expensesCarriedMinor: [PodID: Int64] = [:]
    var levyCarriedMinor: [PodID: Int64] = [:]
    var pods: [PodSettings]
    var members: [MemberSettings]
    /// Income rows (member, amount): a member may have several, or none.
    var incomeRows: [(member: MemberID, amountMinor: Int64)]
    var podReserveOpeningMinor: [PodID: Int64]
    var networkReserveOpeningMinor: Int64
    var netHistoryMinor: [MemberID: [Int64]]

    var settings: NetworkSettings {
        try! NetworkSettings(currency: Fixture.nzd, shareBasisPoints: shareBasisPoints, levy: levy, pods: pods, members: members)
    }

    var incomeMinor: [MemberID: Int64] {
        incomeRows.reduce(into: [:]) { $0[$1.member, default: 0] += $1.amountMinor }
    }

    var input: MonthInput {
        MonthInput(month: month, settings: settings, incomeMinor: incomeMinor, podReserveOpeningMinor: podReserveOpeningMinor,
                   networkReserveOpeningMinor: networkReserveOpeningMinor, netHistoryMinor: netHistoryMinor,
                   expensesMinor: expensesMinor, expensesCarriedMinor: expensesCarriedMinor, levyCarriedMinor: levyCarriedMinor)
    }

    var description: String {
        "Scenario(month: \(month), share: \(shareBasisPoints), levy: \(levy), pods: \(pods), members: \(members), income: \(incomeRows), "
            + "reserves: \(podReserveOpeningMinor), network: \(networkReserveOpeningMinor), history: \(netHistoryMinor), "
            + "expenses: \(expensesMinor), carried: \(expensesCarriedMinor), levy carried: \(levyCarriedMinor))"
    }

    static let podNames = ["aurora", "kea", "tui", "moa", "ruru", "pod-9", "b2", "a"]
    static let memberNames = ["alice", "ben", "chen", "dana", "eru", "fa", "gus", "hine", "ines", "jo", "kai", "lee", "mo", "nia", "oz", "pita"]

    static func random<R: RandomNumberGenerator>(using rng: inout R, month: Month = Fixture.month("2024-06")) -> Scenario {
        func pick<T>(_ options: [T]) -> T { options.randomElement(using: &rng)! }
        func amount(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &rng) }
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

        let podIDs = podNames.shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng)).map { Fixture.podID($0) }
        var memberPool = memberNames.shuffled(using: &rng)[...]
        var pods: [PodSettings] = []
        var members: [MemberSettings] = []
        var reserves: [PodID: Int64] = [:]
        var expenses: [PodID: Int64] = [:]
        var expensesCarried: [PodID: Int64] = [:]
        var levyCarried: [PodID: Int64] = [:]
        for pod in podIDs {
            let policy: Policy
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5: policy = .floor(floorMinor: pick([0, 100_000, 300_000, amount(0...600_000)]))
            case 5..<8: policy = .average(windowMonths: Int.random(in: 1...6, using: &rng))
            default: policy = .equal
            }
            var tiers: [ReserveTier] = []
            if policy != .equal && chance(40) {
                var threshold = pick([0, amount(0...400_000)])
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    tiers.append(ReserveTier(reserveAtLeastMinor: threshold, floorBonusMinor: pick([0, 50_000, amount(0...200_000)])))
                    threshold += amount(1...500_000)
                }
            }
            pods.append(PodSettings(id: pod, name: pod.raw, policy: policy, reserveTargetMinor: pick([0, 600_000, amount(0...1_000_000)]),
                                    surplus: pick(SurplusMode.allCases),
                                    networkFeeMinor: chance(20) ? pick([0, 20_000, amount(0...300_000)]) : nil,
                                    networkGrossBasisPoints: chance(20) ? pick([0, 200, Int.random(in: 0...10_000, using: &rng)]) : nil,
                                    tiers: tiers))
            if chance(70) { reserves[pod] = pick([0, amount(0...1_200_000)]) }
            if chance(40) { expenses[pod] = pick([amount(1...50_000), amount(1...2_000_000)]) }
            if chance(20) { expensesCarried[pod] = amount(1...500_000) }
            if chance(20) { levyCarried[pod] = amount(1...100_000) }
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                guard let name = memberPool.popFirst() else { break }
                let joined = Fixture.month(pick(["2024-01", "2024-05", "2024-06", "2024-07"]))
                let left: Month? = chance(70) ? nil : Fixture.month(pick(["2024-05", "2024-06", "2024-08"]))
                members.append(MemberSettings(
                    id: Fixture.memberID(name), name: name, pod: pod,
                    pledgeBasisPoints: pick([0, 1000, 1250, 1500, 3333, 10_000, Int.random(in: 0...10_000, using: &rng)]),
                    hurdleMinor: chance(50) ? 0 : amount(0...200_000),
                    capMinor: chance(50) ? nil : amount(0...300_000),
                    joined: joined, left: left.map { max($0, joined) },
                    floorMinor: policy.floorMinor != nil && chance(30) ? pick([0, 180_000, amount(0...600_000)]) : nil))
            }
        }
        var rows: [(member: MemberID, amountMinor: Int64)] = []
        var history: [MemberID: [Int64]] = [:]
        for member in members {
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let value: Int64
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: value = amount(-300_000...0)
                case 1: value = amount(0...5_000_000_000)
                default: value = amount(0...900_000)
                }
                rows.append((member.id, value))
            }
            if chance(80) { history[member.id] = (0..<Int.random(in: 0...8, using: &rng)).map { _ in amount(-100_000...900_000) } }
        }
        let levy = chance(50) ? Levy.none : Levy(feeMinor: pick([0, 25_000, amount(0...300_000)]),
                                                 grossBasisPoints: pick([0, 200, Int.random(in: 0...3_000, using: &rng)]))
        return Scenario(month: month, shareBasisPoints: pick([0, 1000, 1250, 10_000, Int.random(in: 0...10_000, using: &rng)]),
                        levy: levy, expensesMinor: expenses, expensesCarriedMinor: expensesCarried, levyCarriedMinor: levyCarried,
                        pods: pods, members: members, incomeRows: rows.shuffled(using: &rng), podReserveOpeningMinor: reserves,
                        networkReserveOpeningMinor: pick([0, amount(0...10), amount(0...2_000_000)]), netHistoryMinor: history)
    }

    /// The same scenario with every input list in another order.
    func shuffled<R: RandomNumberGenerator>(using rng: inout R) -> Scenario {
        var copy = self
        copy.pods.shuffle(using: &rng)
        copy.members.shuffle(using: &rng)
        copy.incomeRows.shuffle(using: &rng)
        return copy
    }

    static let generator = Generator<Scenario, Shrink.None<Scenario>> { rng in Scenario.random(using: &rng) }
}

/// A random run of consecutive months, the settings changing partway, for replay tests.
struct RunScenario: Sendable, CustomStringConvertible {
    var months: [Month]
    var settingsVersions: [(from: Month, settings: NetworkSettings)]
    var incomeByMonth: [Month: [MemberID: Int64]]
    var expensesByMonth: [Month: [PodID: Int64]] = [:]
    var start: Scenario

    func settings(for month: Month) -> NetworkSettings {
        settingsVersions.last { $0.from <= month }!.settings
    }

    var description: String { "RunScenario(months: \(months), start: \(start), income: \(incomeByMonth))" }

    static let generator = Generator<RunScenario, Shrink.None<RunScenario>> { rng in
        let start = Scenario.random(using: &rng, month: Fixture.month("2024-04"))
        let months = Fixture.month("2024-04").through(Fixture.month("2024-04").next.next.next.next)
            .prefix(Int.random(in: 1...5, using: &rng)).map { $0 }
        var versions = [(from: months[0], settings: start.settings)]
        if months.count > 2, Bool.random(using: &rng) {
            // A later version: new policies and levy, same pods and members (own floors only in floor pods).
            var pods = start.pods
            pods = pods.map { pod in
                let policy: Policy = [Policy.equal, .floor(floorMinor: 250_000), .average(windowMonths: 2), pod.policy].randomElement(using: &rng)!
                return PodSettings(id: pod.id, name: pod.name, policy: policy, reserveTargetMinor: pod.reserveTargetMinor, surplus: pod.surplus,
                                   networkFeeMinor: pod.networkFeeMinor, tiers: policy == .equal ? [] : pod.tiers)
            }
            let floorPods = Set(pods.filter { $0.policy.floorMinor != nil }.map(\.id))
            let members = start.members.map { member in
                MemberSettings(id: member.id, name: member.name, pod: member.pod, pledgeBasisPoints: member.pledgeBasisPoints,
                               hurdleMinor: member.hurdleMinor, capMinor: member.capMinor, joined: member.joined, left: member.left,
                               floorMinor: floorPods.contains(member.pod) ? member.floorMinor : nil)
            }
            versions.append((months[2], try! NetworkSettings(currency: Fixture.nzd, shareBasisPoints: Int.random(in: 0...10_000, using: &rng),
                                                            levy: Levy(feeMinor: Int64.random(in: 0...100_000, using: &rng), grossBasisPoints: 150),
                                                            pods: pods, members: members)))
        }
        var income: [Month: [MemberID: Int64]] = [:]
        for month in months {
            for member in start.members where Int.random(in: 0..<4, using: &rng) > 0 {
                income[month, default: [:]][member.id] = Int.random(in: 0..<8, using: &rng) == 0
                    ? Int64.random(in: -200_000...0, using: &rng) : Int64.random(in: 0...900_000, using: &rng)
            }
        }
        var expenses: [Month: [PodID: Int64]] = [:]
        for month in months {
            for pod in start.pods where Int.random(in: 0..<3, using: &rng) == 0 {
                expenses[month, default: [:]][pod.id] = Int64.random(in: 1...1_500_000, using: &rng)
            }
        }
        return RunScenario(months: months, settingsVersions: versions, incomeByMonth: income, expensesByMonth: expenses, start: start)
    }
}
