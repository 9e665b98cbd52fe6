import LedgerCore
import Smoothing
import Statements

extension Ledger {
    /// The lowest uniform pledge for `pod` that would have met `targets` over `from...through`, found by
    /// replaying the recorded income as `simulate` does (0% to 100% in steps of 0.5 points), writing nothing.
    /// With `perMember`, each member's pledge is then lowered in turn while the targets hold.
    ///
    /// `from` must be a closed month or the first open one (as for `simulate`).
    public func advise(pod: PodID, from: Month, through: Month, targets: Advice.Targets, perMember: Bool = false) throws -> AdviceReport {
        try reading { try $0.advise(pod: pod, from: from, through: through, targets: targets, perMember: perMember) }
    }
}

extension Snapshot {
    func advise(pod: PodID, from: Month, through: Month, targets: Advice.Targets, perMember: Bool) throws -> AdviceReport {
        guard !targets.isEmpty else { throw Advice.Problem.noTargets }
        guard try timeline().versions.contains(where: { $0.settings.pod(pod) != nil }) else { throw PodLedgerError.unknownPod(pod.raw) }
        let range = try replayRange(from: from, through: through)
        let actual = try monthResults(from: range.first, through: through)
        let outcome = try Advice.advise(pod: pod, targets: targets, perMember: perMember, actual: actual) { overrides in
            range.replay(settings: try range.settings { Self.scoped(overrides, to: $0) })
        }
        let policies = Set(actual.compactMap { $0.pod(pod).map { PolicyKind($0.policy) } })
        let name = range.months.reversed().lazy.compactMap { range.timeline.settings(for: $0).pod(pod)?.name }.first ?? pod.raw
        return AdviceReport(outcome: outcome, currency: currency, podName: name, policy: policies.count == 1 ? policies.first : nil)
    }

    /// `overrides` without the pledges of members that `settings` do not have in the pod (a member removed from
    /// the network part-way through the range): their pledge cannot matter in such a month.
    static func scoped(_ overrides: SimulationOverrides, to settings: NetworkSettings) -> SimulationOverrides {
        guard !overrides.memberPledgeBasisPoints.isEmpty else { return overrides }
        var scoped = overrides
        scoped.memberPledgeBasisPoints = overrides.memberPledgeBasisPoints.filter { member, _ in
            settings.member(member)?.pod == overrides.pod
        }
        return scoped
    }
}
