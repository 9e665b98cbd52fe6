import LedgerCore
import PropertyBased
import Testing
@testable import Smoothing

/// The invariants of SPEC §5 on random networks (1000 cases each).
@Suite("Calculator: properties on random networks")
struct CalculatorPropertyTests {
    static let cases = 1000

    @Test func moneyIsConserved() async {
        // ΣC_P + ΣR0_P + NR0 = Σreceived + ΣR2_P + NR1 + Σexpenses_P, over the pods that take part (SPEC §6).
        await propertyCheck(count: Self.cases, input: Scenario.generator) { scenario in
            let result = Calculator.compute(scenario.input)
            let inflow = result.pods.reduce(result.networkReserveOpeningMinor) { $0 + $1.contributionsMinor + $1.reserveOpeningMinor }
            let outflow = result.pods.reduce(result.networkReserveClosingMinor) { total, pod in
                total + pod.reserveClosingMinor + pod.members.reduce(0) { $0 + $1.receivedMinor } + pod.costs.expensesMinor
            }
            #expect(inflow == outflow)
            // And each member's net is income less contribution plus everything received.
            for member in result.pods.flatMap(\.members) {
                #expect(member.netMinor == member.incomeMinor - member.contributionMinor + member.needPaidMinor
                        + member.surplusShareMinor + member.receivedFromNetworkMinor)
            }
        }
    }

    @Test func nobodyReceivesMoreThanTheirNeedInSteps4And8() async {
        // For floor and average pods: 0 ≤ paid_m (step 4) ≤ need_m and paid_m + support_m (step 8) ≤ need_m; what is
        // left is exactly the member's unmet. Surplus shares (step 7) are not need payments and are not bounded.
        // Equal pods have no need and get nothing in steps 4 and 8.
        await propertyCheck(count: Self.cases, input: Scenario.generator) { scenario in
            let result = Calculator.compute(scenario.input)
            for pod in result.pods {
                for member in pod.members {
                    #expect(member.needPaidMinor >= 0 && member.receivedFromNetworkMinor >= 0)
                    #expect(member.needPaidMinor <= member.needMinor)
                    #expect(member.needPaidMinor + member.receivedFromNetworkMinor <= member.needMinor)
                    #expect(member.unmetMinor == member.needMinor - member.needPaidMinor - member.receivedFromNetworkMinor)
                    if case .equal = pod.policy {
                        #expect(member.needMinor == 0 && member.needPaidMinor == 0 && member.receivedFromNetworkMinor == 0)
                    }
                }
                #expect(pod.fromNetworkMinor <= pod.unmetBeforeNetworkMinor)
            }
        }
    }

    @Test func theFloorIsGuaranteedWhenCovered() async {
        // In a floor pod whose pool and reserve, after expenses and levy, cover its need, every member keeps at least
        // their floor (their own, else the pod's) plus the tier bonus; and in any floor pod left with no unmet need
        // after the network's support, likewise.
        await propertyCheck(count: Self.cases, input: Scenario.generator) { scenario in
            let result = Calculator.compute(scenario.input)
            for pod in result.pods {
                guard let podFloor = pod.policy.floorMinor else { continue }
                func floor(_ member: MemberResult) -> Int64 {
                    (scenario.settings.member(member.member)?.floorMinor ?? podFloor) + pod.costs.tierBonusMinor
                }
                let covered = pod.needMinor <= pod.poolAfterCostsMinor + pod.reserveOpeningMinor - pod.costs.fromReserveMinor
                if covered {
                    #expect(pod.unmetBeforeNetworkMinor == 0)
                    #expect(pod.members.allSatisfy { $0.netMinor >= floor($0) })
                }
                if pod.unmetMinor == 0 { #expect(pod.members.allSatisfy { $0.netMinor >= floor($0) }) }
                // When the network can cover every pod's shortfall, nobody anywhere is left below the floor.
                if result.pods.reduce(0, { $0 + $1.unmetBeforeNetworkMinor }) <= result.networkFundsMinor {
                    #expect(pod.unmetMinor == 0)
                }
            }
        }
    }

    @Test func everyEntryBalancesAndEveryPoolNetsToZero() async {
        await propertyCheck(count: Self.cases, input: Scenario.generator) { scenario in
            let input = scenario.input
            let result = Calculator.compute(input)
            let problems = Invariants.violations(input, result)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test func theOrderOfInputsChangesNothing() async {
        // Pods, members and income rows in another order give the same result, entries included.
        let gen = zip(Scenario.generator, Gen.uint64(in: 0...UInt64.max))
        await propertyCheck(count: Self.cases, input: gen) { scenario, seed in
            var rng = Xoshiro(seed: (seed, 0x9E37_79B9_7F4A_7C15, 1, 2))
            let reference = Calculator.compute(scenario.input)
            let permuted = Calculator.compute(scenario.shuffled(using: &rng).input)
            #expect(reference == permuted)
        }
    }

    @Test func reserveIsDrawnOnlyWhenThePoolIsShort() async {
        await propertyCheck(count: Self.cases, input: Scenario.generator) { scenario in
            let result = Calculator.compute(scenario.input)
            for pod in result.pods where pod.reserveDrawMinor > 0 {
                #expect(pod.needMinor > pod.poolAfterCostsMinor)
                #expect(pod.reserveDepositMinor == 0 && pod.toNetworkMinor == 0 && pod.surplusToMembersMinor == 0)
            }
        }
    }
}

@Suite("Random networks reach every branch")
struct ScenarioCoverageTests {
    /// The property tests only mean something if the generator reaches each branch of §5; count them over 1000 cases.
    @Test func generatorReachesEveryBranch() {
        var rng = Xoshiro(seed: (1, 2, 3, 4))
        var seen: [String: Int] = [:]
        for _ in 0..<1000 {
            let scenario = Scenario.random(using: &rng)
            let result = Calculator.compute(scenario.input)
            func saw(_ branch: String, _ happened: Bool) { if happened { seen[branch, default: 0] += 1 } }
            saw("inactive member", scenario.members.contains { !$0.isActive(in: scenario.month) })
            saw("network support", result.pods.contains { $0.fromNetworkMinor > 0 })
            saw("network short", result.pods.contains { $0.unmetMinor > 0 && $0.fromNetworkMinor > 0 })
            for pod in result.pods {
                saw("pod " + pod.policy.name, true)
                saw("pool covers need", pod.needMinor > 0 && pod.needMinor <= pod.contributionsMinor)
                saw("reserve draw, all paid", pod.reserveDrawMinor > 0 && pod.unmetBeforeNetworkMinor == 0)
                saw("pool and reserve short", pod.unmetBeforeNetworkMinor > 0)
                saw("deposit", pod.reserveDepositMinor > 0)
                saw("to network", pod.toNetworkMinor > 0)
                saw("surplus " + pod.surplus.rawValue, pod.surplusToMembersMinor > 0 || pod.surplusToReserveMinor > 0)
                saw("negative income", pod.members.contains { $0.incomeMinor < 0 })
                saw("average need", pod.policy.windowMonths != nil && pod.needMinor > 0)
                saw("expenses from the pool", pod.costs.expensesFromPoolMinor > 0)
                saw("expenses from the reserve", pod.costs.expensesFromReserveMinor > 0)
                saw("expenses carried", pod.costs.expensesCarriedMinor > 0)
                saw("levy paid", pod.costs.levyMinor > 0)
                saw("levy carried", pod.costs.levyCarriedMinor > 0)
                saw("tier bonus", pod.costs.tierBonusMinor > 0 && pod.needMinor > 0)
                saw("own floor", scenario.members.contains { $0.pod == pod.pod && $0.floorMinor != nil && $0.isActive(in: scenario.month) })
                saw("100% pledge", pod.members.contains { $0.pledgeBasisPoints == 10_000 && $0.incomeMinor > 0 })
            }
        }
        let expected = ["inactive member", "network support", "network short", "pod floor", "pod average", "pod equal",
                        "pool covers need", "reserve draw, all paid", "pool and reserve short", "deposit", "to network",
                        "surplus refund", "surplus equal", "surplus reserve", "negative income", "average need",
                        "expenses from the pool", "expenses from the reserve", "expenses carried", "levy paid", "levy carried",
                        "tier bonus", "own floor", "100% pledge"]
        for branch in expected { #expect(seen[branch, default: 0] >= 10, "branch '\(branch)' seen \(seen[branch, default: 0]) times") }
    }
}
