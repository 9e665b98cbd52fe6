import LedgerCore

extension Advice {
    /// One set of pledges tried and its figures.
    public struct Candidate: Hashable, Sendable {
        /// The uniform pledge the candidate starts from (every member's, unless lowered member by member).
        public let uniformBasisPoints: Int
        public let figures: Figures

        public init(uniformBasisPoints: Int, figures: Figures) {
            self.uniformBasisPoints = uniformBasisPoints
            self.figures = figures
        }
    }

    /// What the search found.
    public struct Outcome: Hashable, Sendable {
        public let pod: PodID
        /// The months replayed, in order.
        public let months: [Month]
        public let targets: Targets
        public let perMember: Bool
        /// The pledges in effect, replayed as recorded.
        public let today: Figures
        /// The lowest uniform pledge that meets the targets, with its figures, or with `perMember` the figures
        /// after lowering each member's pledge from it; nil when no candidate meets them.
        public let advised: Candidate?
        /// When no candidate meets the targets: the closest one (`isCloser`); nil otherwise.
        public let closest: Candidate?
        /// How many replays the search took.
        public let replays: Int

        public init(pod: PodID, months: [Month], targets: Targets, perMember: Bool, today: Figures,
                    advised: Candidate?, closest: Candidate?, replays: Int) {
            self.pod = pod
            self.months = months
            self.targets = targets
            self.perMember = perMember
            self.today = today
            self.advised = advised
            self.closest = closest
            self.replays = replays
        }
    }

    /// Searches the lowest uniform pledge for `pod` that meets `targets`, trying `candidates` in ascending order
    /// and stopping at the first that meets them (no monotonicity is assumed). With `perMember`, then lowers
    /// each member's pledge in turn (`lowered`).
    ///
    /// - Parameters:
    ///   - actual: the range's months under the rules in effect (today's figures; they also fix the months).
    ///   - replay: the range replayed under overrides; called with the pod's pledges only.
    /// - Throws: `Problem` when there are no targets, the pod has no member in the range or a target cannot
    ///   apply to it; whatever `replay` throws.
    public static func advise(pod: PodID, targets: Targets, perMember: Bool, actual: [MonthResult],
                              replay: (SimulationOverrides) throws -> [MonthResult]) throws -> Outcome {
        let today = try checked(pod: pod, targets: targets, actual: actual)
        var search = Search(pod: pod, targets: targets)
        var advised: Candidate?
        var closest: Candidate?
        for pledge in candidates {
            let candidate = Candidate(uniformBasisPoints: pledge, figures: try search.figures(uniform: pledge, replay: replay))
            if candidate.figures.meets(targets) {
                advised = candidate
                break
            }
            if closest.map({ isCloser(candidate.figures, than: $0.figures, targets: targets) }) ?? true { closest = candidate }
        }
        if perMember, let found = advised {
            advised = Candidate(uniformBasisPoints: found.uniformBasisPoints,
                                figures: try search.lowered(from: found, members: today.members.map(\.member), replay: replay))
        }
        if advised != nil { closest = nil }
        return Outcome(pod: pod, months: actual.map(\.month).sorted(), targets: targets, perMember: perMember, today: today,
                       advised: try advised.map { try search.measured($0, replay: replay) },
                       closest: try closest.map { try search.measured($0, replay: replay) }, replays: search.replays)
    }

    /// Today's figures, after checking that the targets can apply to the pod over the range.
    static func checked(pod: PodID, targets: Targets, actual: [MonthResult]) throws -> Figures {
        guard !targets.isEmpty else { throw Problem.noTargets }
        let months = actual.map(\.month).sorted()
        guard let from = months.first, let through = months.last else { preconditionFailure("advice over no months") }
        guard let today = figures(pod: pod, results: actual) else { throw Problem.podNotInRange(pod, from: from, through: through) }
        if !today.hasNeed && targets.maxMonthsBelow != nil { throw Problem.noFloorOrNeed(pod, from: from, through: through) }
        if !today.hasNeed && targets.reserveNeverEmpty { throw Problem.reserveUntouched(pod, from: from, through: through) }
        return today
    }

    /// Whether `figures` come closer to `targets` than `other`: more targets met; then, for the targets given,
    /// fewer months below for the worst-off member, then fewer in all; a lower swing (an unmeasurable one last);
    /// fewer months with an empty reserve. Candidates are tried lowest first and only a closer one replaces the
    /// closest so far, so among equally close ones the lowest pledge stays.
    public static func isCloser(_ figures: Figures, than other: Figures, targets: Targets) -> Bool {
        func key(_ figures: Figures) -> [Int64] {
            [-Int64(figures.targetsMet(targets)),
             targets.maxMonthsBelow == nil ? 0 : Int64(figures.mostMonthsBelow),
             targets.maxMonthsBelow == nil ? 0 : Int64(figures.totalMonthsBelow),
             targets.maxSwingBasisPoints == nil ? 0 : figures.swingBasisPoints ?? Int64.max,
             targets.reserveNeverEmpty ? Int64(figures.monthsReserveEmpty) : 0]
        }
        return key(figures).lexicographicallyPrecedes(key(other))
    }

    /// The replays of one search, counted.
    struct Search {
        let pod: PodID
        let targets: Targets
        var replays = 0

        /// Only a swing target needs the swing while searching; the candidates reported are measured in full.
        var measuringSwing: Bool { targets.maxSwingBasisPoints != nil }

        /// Every member of the pod at `uniform`, members named in `members` at their own pledge.
        mutating func figures(uniform: Int, members: [MemberID: Int] = [:], measuringSwing: Bool? = nil,
                              replay: (SimulationOverrides) throws -> [MonthResult]) throws -> Figures {
            replays += 1
            let results = try replay(SimulationOverrides(pod: pod, pledgeBasisPoints: uniform, memberPledgeBasisPoints: members))
            guard let figures = Advice.figures(pod: pod, results: results, measuringSwing: measuringSwing ?? self.measuringSwing) else {
                preconditionFailure("a replay under other pledges lost pod \(pod)'s members")
            }
            return figures
        }

        /// `candidate` with its swing measured: replayed again under the same pledges when the search left the swing out.
        mutating func measured(_ candidate: Candidate, replay: (SimulationOverrides) throws -> [MonthResult]) throws -> Candidate {
            guard !measuringSwing else { return candidate }
            let own = candidate.figures.members.filter { $0.pledgeBasisPoints != candidate.uniformBasisPoints }
            let members = Dictionary(uniqueKeysWithValues: own.map { ($0.member, $0.pledgeBasisPoints) })
            return Candidate(uniformBasisPoints: candidate.uniformBasisPoints,
                             figures: try figures(uniform: candidate.uniformBasisPoints, members: members, measuringSwing: true, replay: replay))
        }

        /// From `start` (which meets the targets), lowers each member's pledge in turn, in id order, by one step
        /// when the targets still hold with it, and goes round again until a round changes nothing. Greedy: the
        /// members first in id order get the first chance to pledge less.
        mutating func lowered(from start: Candidate, members: [MemberID],
                              replay: (SimulationOverrides) throws -> [MonthResult]) throws -> Figures {
            var pledges = Dictionary(uniqueKeysWithValues: members.map { ($0, start.uniformBasisPoints) })
            var best = start.figures
            var changed = true
            while changed {
                changed = false
                for member in members where pledges[member]! >= stepBasisPoints {
                    var trial = pledges
                    trial[member]! -= stepBasisPoints
                    let tried = try figures(uniform: start.uniformBasisPoints, members: trial, replay: replay)
                    guard tried.meets(targets) else { continue }
                    pledges = trial
                    best = tried
                    changed = true
                }
            }
            return best
        }
    }
}
