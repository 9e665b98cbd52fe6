import LedgerCore
@testable import Smoothing

/// Small builders so each test reads like the month it describes. Amounts are minor units (cents).
enum Fixture {
    static let nzd = try! Currency(code: "NZD")
    static let march = try! Month(parsing: "2024-03")
    static let january = try! Month(parsing: "2024-01")

    static func month(_ text: String) -> Month { try! Month(parsing: text) }
    static func podID(_ raw: String) -> PodID { try! PodID(raw) }
    static func memberID(_ raw: String) -> MemberID { try! MemberID(raw) }

    static func pod(_ id: String, _ policy: Policy, reserveTarget: Int64 = 0, surplus: SurplusMode = .refund) -> PodSettings {
        PodSettings(id: podID(id), name: id.capitalized, policy: policy, reserveTargetMinor: reserveTarget, surplus: surplus)
    }

    static func member(_ id: String, pod: String, pledge: Int, hurdle: Int64 = 0, cap: Int64? = nil,
                       joined: String = "2024-01", left: String? = nil) -> MemberSettings {
        MemberSettings(id: memberID(id), name: id.capitalized, pod: podID(pod), pledgeBasisPoints: pledge, hurdleMinor: hurdle,
                       capMinor: cap, joined: month(joined), left: left.map(month))
    }

    static func network(share: Int = 0, pods: [PodSettings], members: [MemberSettings]) -> NetworkSettings {
        try! NetworkSettings(currency: nzd, shareBasisPoints: share, pods: pods, members: members)
    }

    static func input(_ settings: NetworkSettings, month: Month = march, income: [String: Int64],
                      reserves: [String: Int64] = [:], networkReserve: Int64 = 0,
                      history: [String: [Int64]] = [:]) -> MonthInput {
        MonthInput(month: month, settings: settings,
                   incomeMinor: Dictionary(uniqueKeysWithValues: income.map { (memberID($0.key), $0.value) }),
                   podReserveOpeningMinor: Dictionary(uniqueKeysWithValues: reserves.map { (podID($0.key), $0.value) }),
                   networkReserveOpeningMinor: networkReserve,
                   netHistoryMinor: Dictionary(uniqueKeysWithValues: history.map { (memberID($0.key), $0.value) }))
    }
}

extension MonthResult {
    subscript(pod: String) -> PodResult { self.pod(Fixture.podID(pod))! }

    /// Sum of every posting to `account` over the month's entries.
    func net(_ account: Account) -> Int64 {
        entries.flatMap(\.postings).filter { $0.account == account }.reduce(0) { $0 + $1.amountMinor }
    }

    /// The entry with this description, if any.
    func entry(_ description: String) -> Entry? { entries.first { $0.description == description } }
}

extension PodResult {
    subscript(member: String) -> MemberResult { members.first { $0.member.raw == member }! }
}

/// Checks every ledger invariant of one computed month; returns what is wrong (empty when all hold).
enum Invariants {
    static func violations(_ input: MonthInput, _ result: MonthResult) -> [String] {
        var problems: [String] = []
        func check(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { problems.append(what()) } }

        // Money conserved: ΣC + ΣR0 + NR0 = Σreceived + ΣR2 + NR1 + Σexpenses (SPEC §6).
        let inflow = result.pods.reduce(result.networkReserveOpeningMinor) { $0 + $1.contributionsMinor + $1.reserveOpeningMinor }
        let outflow = result.pods.reduce(result.networkReserveClosingMinor) { total, pod in
            total + pod.reserveClosingMinor + pod.members.reduce(0) { $0 + $1.receivedMinor } + pod.costs.expensesMinor
        }
        check(inflow == outflow, "money not conserved: in \(inflow), out \(outflow)")

        for pod in result.pods {
            check(pod.contributionsMinor == pod.members.reduce(0) { $0 + $1.contributionMinor }, "\(pod.pod): C ≠ Σc")
            check(pod.reserveDrawMinor >= 0 && pod.reserveDrawMinor <= pod.reserveOpeningMinor, "\(pod.pod): draw out of range")
            check(pod.reserveClosingMinor >= 0, "\(pod.pod): negative closing reserve")
            check(pod.reserveClosingMinor == pod.reserveOpeningMinor - pod.costs.fromReserveMinor - pod.reserveDrawMinor
                    + pod.reserveDepositMinor + pod.surplusToReserveMinor, "\(pod.pod): R2 ≠ R0 − eR − vR − draw + d + S'")
            // Expenses and levy: paid from the pool first, never more than due, carried amounts never negative.
            let costs = pod.costs
            let podInput = input.settings.pod(pod.pod)!
            let levy = input.settings.levy(of: podInput)
            let gross = pod.members.reduce(Int64(0)) { $0 + max(0, $1.incomeMinor) }
            check(costs.expensesDueMinor == (input.expensesMinor[pod.pod] ?? 0) + (input.expensesCarriedMinor[pod.pod] ?? 0), "\(pod.pod): E")
            check(costs.levyDueMinor == levy.feeMinor + gross * Int64(levy.grossBasisPoints) / 10_000 + (input.levyCarriedMinor[pod.pod] ?? 0),
                  "\(pod.pod): V")
            check(costs.expensesFromPoolMinor == min(costs.expensesDueMinor, pod.contributionsMinor), "\(pod.pod): eC ≠ min(E, C)")
            check(costs.expensesFromReserveMinor == min(costs.expensesDueMinor - costs.expensesFromPoolMinor, pod.reserveOpeningMinor),
                  "\(pod.pod): eR ≠ min(E − eC, R0)")
            check(costs.levyFromPoolMinor == min(costs.levyDueMinor, pod.contributionsMinor - costs.expensesFromPoolMinor), "\(pod.pod): vC")
            check(costs.levyFromReserveMinor == min(costs.levyDueMinor - costs.levyFromPoolMinor,
                                                   pod.reserveOpeningMinor - costs.expensesFromReserveMinor), "\(pod.pod): vR")
            check(costs.expensesCarriedMinor >= 0 && costs.levyCarriedMinor >= 0, "\(pod.pod): negative carried amount")
            check(costs.levyMinor <= costs.levyDueMinor && costs.expensesMinor <= costs.expensesDueMinor, "\(pod.pod): pays more than due")
            check(costs.tierBonusMinor == (podInput.tiers.last { $0.reserveAtLeastMinor <= pod.reserveOpeningMinor }?.floorBonusMinor ?? 0),
                  "\(pod.pod): tier bonus")
            check(result.net(.podCosts(pod.pod)) == costs.expensesMinor, "\(pod.pod): costs postings ≠ expenses paid")
            check(result.net(.podLevyDue(pod.pod)) == costs.levyCarriedInMinor - costs.levyCarriedMinor, "\(pod.pod): levy-due postings")
            if pod.reserveDepositMinor > 0 {
                check(pod.reserveAfterDrawMinor + pod.reserveDepositMinor <= pod.reserveTargetMinor, "\(pod.pod): deposit beyond the target")
            }
            for member in pod.members {
                check(member.contributionMinor >= 0, "\(member.member): negative contribution")
                check(member.contributionMinor <= max(0, member.incomeMinor), "\(member.member): contributes more than income")
                check(member.needMinor >= 0 && member.unmetMinor >= 0, "\(member.member): negative need or unmet")
                // Nobody receives more than their need in steps 4 and 8.
                check(member.needPaidMinor >= 0 && member.receivedFromNetworkMinor >= 0, "\(member.member): negative payment")
                check(member.needPaidMinor + member.receivedFromNetworkMinor + member.unmetMinor == member.needMinor,
                      "\(member.member): paid + support + unmet ≠ need")
                check(member.surplusShareMinor >= 0, "\(member.member): negative surplus share")
            }
            if case .equal = pod.policy {
                check(pod.reserveClosingMinor == pod.reserveOpeningMinor - pod.costs.fromReserveMinor, "\(pod.pod): equal pod touched its reserve beyond costs")
                check(pod.members.allSatisfy { $0.needMinor == 0 }, "\(pod.pod): equal pod with need")
            }
            // Pool nets to zero over the month's entries; the other accounts move by the result's figures.
            check(result.net(.pool(pod.pod)) == 0, "\(pod.pod): pool does not net to zero")
            check(result.net(.podReserve(pod.pod)) == pod.reserveClosingMinor - pod.reserveOpeningMinor,
                  "\(pod.pod): reserve postings ≠ R2 − R0")
            for member in pod.members {
                check(result.net(.member(pod.pod, member.member)) == member.receivedMinor - member.contributionMinor,
                      "\(member.member): member postings ≠ received − c")
            }
        }
        check(result.net(.networkReserve) == result.networkReserveClosingMinor - result.networkReserveOpeningMinor,
              "network postings ≠ NR1 − NR0")
        check(result.networkReserveClosingMinor >= 0, "negative network reserve")
        // Every entry balances (also guaranteed by Entry's initializer) and carries no zero posting.
        for entry in result.entries {
            check(entry.postings.reduce(0) { $0 + $1.amountMinor } == 0, "entry '\(entry.description)' does not balance")
            check(!entry.postings.isEmpty && entry.postings.allSatisfy { $0.amountMinor != 0 }, "entry '\(entry.description)' has a zero posting")
            check(entry.kind == .redistribution && entry.month == result.month, "entry '\(entry.description)': wrong kind or month")
        }
        // Pods with active members, in id order; members in id order.
        let expectedPods = input.settings.pods.map(\.id).filter { !input.settings.activeMembers(of: $0, in: input.month).isEmpty }
        check(result.pods.map(\.pod) == expectedPods, "pods are not the pods with active members in id order")
        for pod in result.pods {
            check(pod.members.map(\.member) == input.settings.activeMembers(of: pod.pod, in: input.month).map(\.id),
                  "\(pod.pod): members are not the active members in id order")
        }
        return problems
    }
}
