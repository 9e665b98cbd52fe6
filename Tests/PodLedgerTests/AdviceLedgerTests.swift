import Foundation
import LedgerCore
import PodLedger
import Smoothing
import Statements
import Testing

/// `Ledger.advise` on the sample network closed through 2024-12, checked against `Ledger.simulate`: the advised
/// pledge, replayed by `simulate`, meets the targets, and half a point less does not.
@Suite struct AdviceLedgerTests {
    static let january = try! Month(parsing: "2024-01")
    static let december = try! Month(parsing: "2024-12")
    static let aurora = try! PodID("aurora")

    static let shared: Result<Ledger, AnyError> = Result {
        let ledger = try LedgerLifecycleTests.sampleLedger()
        _ = try ledger.redistribute(through: december, only: false, dryRun: false)
        return ledger
    }.mapError { AnyError(description: "\($0)") }

    struct AnyError: Error, CustomStringConvertible { let description: String }

    static func ledger() throws -> Ledger { try shared.get() }

    /// The pod's volatility figures when `simulate` replays the year under these pledges.
    static func simulated(uniform: Int, members: [MemberID: Int] = [:]) throws -> PodVolatility {
        let report = try ledger().simulate(from: january, through: december,
                                           overrides: SimulationOverrides(pod: aurora, pledgeBasisPoints: uniform, memberPledgeBasisPoints: members))
        return try #require(report.simulated.pod(aurora))
    }

    static func mostBelow(_ pod: PodVolatility) -> Int { pod.members.map(\.figures.monthsBelowFloorAfter).max() ?? 0 }

    @Test func theAdvisedPledgeMeetsTheMonthsBelowTargetAndHalfAPointLessDoesNot() throws {
        let report = try Self.ledger().advise(pod: Self.aurora, from: Self.january, through: Self.december,
                                              targets: Advice.Targets(maxMonthsBelow: 4))
        let advised = try #require(report.outcome.advised)
        let pledge = advised.uniformBasisPoints
        #expect(pledge > 0)
        let atAdvice = try Self.simulated(uniform: pledge)
        #expect(Self.mostBelow(atAdvice) <= 4)
        #expect(Self.mostBelow(try Self.simulated(uniform: pledge - Advice.stepBasisPoints)) > 4)
        // The report's figures are simulate's: months below per member and the pod's swing.
        #expect(advised.figures.members.map(\.monthsBelow) == atAdvice.members.map(\.figures.monthsBelowFloorAfter))
        #expect(advised.figures.swingBasisPoints == atAdvice.figures.coefficientOfVariationAfterBasisPoints)
        // Today's figures are those of `stats`.
        let stats = try #require(try Self.ledger().stats(from: Self.january, through: Self.december).report.pod(Self.aurora))
        #expect(report.outcome.today.members.map(\.monthsBelow) == stats.members.map(\.figures.monthsBelowFloorAfter))
        #expect(report.outcome.today.swingBasisPoints == stats.figures.coefficientOfVariationAfterBasisPoints)
        #expect(report.outcome.today.members.map(\.pledgeBasisPoints) == [1500, 1200, 1000, 1750])
    }

    @Test func theAdvisedPledgeMeetsTheSwingTargetAndHalfAPointLessDoesNot() throws {
        let target: Int64 = 5500
        let report = try Self.ledger().advise(pod: Self.aurora, from: Self.january, through: Self.december,
                                              targets: Advice.Targets(maxSwingBasisPoints: target))
        let pledge = try #require(report.outcome.advised?.uniformBasisPoints)
        #expect(try #require(try Self.simulated(uniform: pledge).figures.coefficientOfVariationAfterBasisPoints) <= target)
        #expect(try #require(try Self.simulated(uniform: pledge - Advice.stepBasisPoints).figures.coefficientOfVariationAfterBasisPoints) > target)
    }

    @Test func perMemberPledgesMeetTheTargetsAndNoneCanGoLowerAlone() throws {
        let targets = Advice.Targets(maxMonthsBelow: 3)
        let report = try Self.ledger().advise(pod: Self.aurora, from: Self.january, through: Self.december, targets: targets, perMember: true)
        let advised = try #require(report.outcome.advised)
        let pledges = Dictionary(uniqueKeysWithValues: advised.figures.members.map { ($0.member, $0.pledgeBasisPoints) })
        #expect(pledges.values.allSatisfy { $0 <= advised.uniformBasisPoints })
        #expect(Self.mostBelow(try Self.simulated(uniform: advised.uniformBasisPoints, members: pledges)) <= 3)
        for (member, pledge) in pledges where pledge > 0 {
            var lower = pledges
            lower[member] = pledge - Advice.stepBasisPoints
            #expect(Self.mostBelow(try Self.simulated(uniform: advised.uniformBasisPoints, members: lower)) > 3, "\(member)")
        }
    }

    @Test func noPledgeKeepsEveryAuroraMemberBelowTheFloorInTwoMonthsAtMost() throws {
        // Three months of 2024 leave some aurora member short of the floor whatever the pod pledges.
        let report = try Self.ledger().advise(pod: Self.aurora, from: Self.january, through: Self.december,
                                              targets: Advice.Targets(maxMonthsBelow: 2))
        #expect(report.outcome.advised == nil)
        let closest = try #require(report.outcome.closest)
        #expect(closest.figures.mostMonthsBelow == 3)
        #expect(Self.mostBelow(try Self.simulated(uniform: closest.uniformBasisPoints)) == 3)
        #expect(Self.mostBelow(try Self.simulated(uniform: BasisPoints.hundredPercent)) > 2)
        #expect(report.render(.text).hasPrefix("Over 2024-01..2024-12, no uniform pledge from 0% to 100% for aurora"))
    }

    @Test func unknownPodsAndRangesAreRefusedLikeSimulate() throws {
        let ledger = try Self.ledger()
        #expect(throws: PodLedgerError.unknownPod("nope")) {
            try ledger.advise(pod: PodID("nope"), from: Self.january, through: Self.december, targets: Advice.Targets(maxMonthsBelow: 1))
        }
        let march2025 = try Month(parsing: "2025-03")
        #expect(throws: PodLedgerError.simulationStartsAfterOpenMonth(from: march2025, next: try Month(parsing: "2025-01"))) {
            try ledger.advise(pod: Self.aurora, from: march2025, through: march2025, targets: Advice.Targets(maxMonthsBelow: 1))
        }
        #expect(throws: Advice.Problem.noFloorOrNeed(try PodID("tui"), from: Self.january, through: Self.december)) {
            try ledger.advise(pod: PodID("tui"), from: Self.january, through: Self.december, targets: Advice.Targets(maxMonthsBelow: 1))
        }
    }
}
