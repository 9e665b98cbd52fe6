import LedgerCore
import Smoothing

/// A sickness fund's month as its members read it (SPEC §7): the own accounts, what was given and paid, who is
/// sick (by name only where the fund allows it) and how long the accounts would last.
public struct FundStatement: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        public let member: MemberID
        public let name: String
        public let benefitLevelMinor: Int64
        public let depositMinor: Int64
        public let fund: FundLine
        /// The month the member's sickness began, when sick this month.
        public let sickFrom: Month?
        /// The last month of that sickness as recorded; nil while it is open-ended (or the member is not sick).
        public let sickThrough: Month?
        /// Recipients: which month of benefit this is (1 for the first) and how many may follow.
        public let benefitMonth: Int?
        public let benefitMonthsLeft: Int?
        /// Sick and waiting: the first month with a benefit; nil when the period, as recorded, ends before it.
        public let benefitStarts: Month?
        /// Sick and waiting, and the period as recorded ends within the waiting months: it brings no benefit.
        public let endsWithinWaiting: Bool
    }

    public let terms: SicknessTerms
    /// By member id.
    public let lines: [Line]
    public let unmetMinor: Int64

    public init(result: PodResult, terms: SicknessTerms, settings: NetworkSettings, month: Month, sickness: [SicknessPeriod]) {
        self.terms = terms
        lines = result.members.compactMap { member in
            guard let fund = member.fund else { return nil }
            let level = settings.member(member.member)?.sickness
            let period = sickness.last { $0.member == member.member && $0.covers(month) }
            var benefitMonth: Int?
            var left: Int?
            var starts: Month?
            var endsWithinWaiting = false
            if let period {
                let first = period.from.ordinal + terms.waitingMonths
                if fund.recipient {
                    benefitMonth = month.ordinal - first + 1
                    left = terms.maxBenefitMonths - benefitMonth!
                } else if month.ordinal < first {
                    if let through = period.through, through.ordinal < first {
                        endsWithinWaiting = true
                    } else {
                        starts = Month(ordinal: first)
                    }
                }
            }
            return Line(member: member.member, name: settings.member(member.member)?.name ?? member.member.raw,
                        benefitLevelMinor: level?.benefitMinor ?? 0, depositMinor: level?.depositMinor ?? member.contributionMinor,
                        fund: fund, sickFrom: period?.from, sickThrough: period?.through, benefitMonth: benefitMonth, benefitMonthsLeft: left, benefitStarts: starts,
                        endsWithinWaiting: endsWithinWaiting)
        }
        unmetMinor = result.unmetMinor
    }

    public var accountsOpeningMinor: Int64 { lines.reduce(0) { $0 + $1.fund.accountOpeningMinor } }
    public var accountsClosingMinor: Int64 { lines.reduce(0) { $0 + $1.fund.accountClosingMinor } }
    public var depositsMinor: Int64 { lines.reduce(0) { $0 + $1.depositMinor } }
    public var giftsMinor: Int64 { lines.reduce(0) { $0 + $1.fund.giftMinor } }
    public var benefitsMinor: Int64 { lines.reduce(0) { $0 + $1.fund.benefitMinor } }
    public var refundsMinor: Int64 { lines.reduce(0) { $0 + $1.fund.refundMinor } }
    public var sick: [Line] { lines.filter { $0.fund.sick } }
    public var recipients: [Line] { lines.filter { $0.fund.recipient } }

    /// The monthly amount the capacity is measured in: this month's benefits when someone receives one, else one
    /// average benefit level (floor of the mean).
    public var capacityBasisMinor: Int64 {
        let due = recipients.reduce(0) { $0 + $1.benefitLevelMinor }
        if due > 0 { return due }
        return lines.isEmpty ? 0 : lines.reduce(0) { $0 + $1.benefitLevelMinor } / Int64(lines.count)
    }

    /// Whole months of `capacityBasisMinor` the own accounts hold at the end of the month.
    public var capacityMonths: Int64? {
        capacityBasisMinor > 0 ? accountsClosingMinor / capacityBasisMinor : nil
    }
}
