import LedgerCore

/// The entries that post a computed month (SPEC §3): balanced, kind `.redistribution`, one per movement.
///
/// Layout, per pod in id order (`M` the month, `P` the pod; member postings in member id order):
///
/// | description | postings |
/// | --- | --- |
/// | `M P: contributions` | `members:P:m` credit `c_m` each; `pods:P:pool` debit `C` |
/// | `M P: expenses` | `pods:P:pool` credit `eC`; `pods:P:reserve` credit `eR`; `pods:P:costs` debit `eC + eR` (step 2a) |
/// | `M P: levy` | `pods:P:pool` credit `vC`; `pods:P:reserve` credit `vR`; `network:reserve` debit `vC + vR`; the change of the carried levy on `pods:P:levy-due` (credit: more carried) against `network:levy-due` (step 2b) |
/// | `M P: reserve draw` | `pods:P:reserve` credit; `pods:P:pool` debit |
/// | `M P: payments to members` | `pods:P:pool` credit; `members:P:m` debit need paid (step 4) |
/// | `M P: surplus refund` / `surplus shared equally` / `equal shares` | `pods:P:pool` credit; `members:P:m` debit (step 7, or the `equal` policy's split) |
/// | `M P: reserve deposit` | `pods:P:pool` credit; `pods:P:reserve` debit `d` |
/// | `M P: surplus kept in reserve` | `pods:P:pool` credit; `pods:P:reserve` debit `S'` |
/// | `M P: to network` | `pods:P:pool` credit; `network:reserve` debit `n_P` |
///
/// A sickness fund (SPEC §7) posts instead: `M P: deposits` (`members:P:m` credit, `accounts:P:m` debit the
/// deposit), `M P: benefits` (`accounts:P:d` credit each donor's gift, `members:P:r` debit each benefit paid) and
/// `M P: account refunds` (`accounts:P:m` credit, `members:P:m` debit).
///
/// then, after every pod, for each pod the network supports: `M P: network support` — `network:reserve`
/// credit; `members:P:m` debit. An entry whose amounts are all zero is not made. Over the month each
/// pool nets to zero.
enum Postings {
    static func entries(month: Month, pods: [PodResult]) -> [Entry] {
        var entries: [Entry] = []
        for pod in pods {
            if pod.policy.sicknessTerms != nil {
                fundEntries(&entries, month: month, pod: pod)
                continue
            }
            let id = pod.pod
            let pool = Account.pool(id)
            let reserve = Account.podReserve(id)
            func prefix(_ what: String) -> String { "\(month) \(id): \(what)" }

            append(&entries, month: month, prefix("contributions"),
                   pod.members.map { Posting(.member(id, $0.member), -$0.contributionMinor) } + [Posting(pool, pod.contributionsMinor)])
            let costs = pod.costs
            append(&entries, month: month, prefix("expenses"),
                   [Posting(pool, -costs.expensesFromPoolMinor), Posting(reserve, -costs.expensesFromReserveMinor),
                    Posting(.podCosts(id), costs.expensesMinor)])
            let carriedChange = costs.levyCarriedMinor - costs.levyCarriedInMinor
            append(&entries, month: month, prefix("levy"),
                   [Posting(pool, -costs.levyFromPoolMinor), Posting(reserve, -costs.levyFromReserveMinor),
                    Posting(.networkReserve, costs.levyMinor), Posting(.podLevyDue(id), -carriedChange), Posting(.networkLevyDue, carriedChange)])
            append(&entries, month: month, prefix("reserve draw"),
                   [Posting(reserve, -pod.reserveDrawMinor), Posting(pool, pod.reserveDrawMinor)])
            append(&entries, month: month, prefix("payments to members"),
                   [Posting(pool, -pod.needPaidMinor)] + pod.members.map { Posting(.member(id, $0.member), $0.needPaidMinor) })
            append(&entries, month: month, prefix(surplusDescription(pod)),
                   [Posting(pool, -pod.surplusToMembersMinor)] + pod.members.map { Posting(.member(id, $0.member), $0.surplusShareMinor) })
            append(&entries, month: month, prefix("reserve deposit"),
                   [Posting(pool, -pod.reserveDepositMinor), Posting(reserve, pod.reserveDepositMinor)])
            append(&entries, month: month, prefix("surplus kept in reserve"),
                   [Posting(pool, -pod.surplusToReserveMinor), Posting(reserve, pod.surplusToReserveMinor)])
            append(&entries, month: month, prefix("to network"),
                   [Posting(pool, -pod.toNetworkMinor), Posting(.networkReserve, pod.toNetworkMinor)])
        }
        for pod in pods {
            append(&entries, month: month, "\(month) \(pod.pod): network support",
                   [Posting(.networkReserve, -pod.fromNetworkMinor)]
                       + pod.members.map { Posting(.member(pod.pod, $0.member), $0.receivedFromNetworkMinor) })
        }
        return entries
    }

    /// A sickness fund's month: deposits into own accounts, gifts out of them to the benefits, refunds.
    static func fundEntries(_ entries: inout [Entry], month: Month, pod: PodResult) {
        let id = pod.pod
        func line(_ member: MemberResult) -> FundLine { member.fund! }
        append(&entries, month: month, "\(month) \(id): deposits",
               pod.members.map { Posting(.member(id, $0.member), -$0.contributionMinor) }
                   + pod.members.map { Posting(.ownAccount(id, $0.member), $0.contributionMinor) })
        append(&entries, month: month, "\(month) \(id): benefits",
               pod.members.map { Posting(.ownAccount(id, $0.member), -line($0).giftMinor) }
                   + pod.members.map { Posting(.member(id, $0.member), line($0).benefitMinor) })
        append(&entries, month: month, "\(month) \(id): account refunds",
               pod.members.map { Posting(.ownAccount(id, $0.member), -line($0).refundMinor) }
                   + pod.members.map { Posting(.member(id, $0.member), line($0).refundMinor) })
    }

    static func surplusDescription(_ pod: PodResult) -> String {
        if case .equal = pod.policy { return "equal shares" }
        if case .sickness = pod.policy { return "account refunds" }
        switch pod.surplus {
        case .refund: return "surplus refund"
        case .equal: return "surplus shared equally"
        case .reserve: return "surplus shared" // never used: under `reserve` no surplus goes to members
        }
    }

    /// Appends the entry unless every amount is zero; an unbalanced entry is a bug in the calculator.
    private static func append(_ entries: inout [Entry], month: Month, _ description: String, _ postings: [Posting]) {
        guard postings.contains(where: { $0.amountMinor != 0 }) else { return }
        do {
            entries.append(try Entry(kind: .redistribution, month: month, description: description, postings: postings))
        } catch {
            preconditionFailure("calculator built an entry that does not balance: \(error)")
        }
    }
}
