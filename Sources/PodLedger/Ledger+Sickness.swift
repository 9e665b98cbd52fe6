import LedgerCore
import LedgerStore
import Statements

extension Ledger {
    /// Records that a member of a sickness fund is sick from `from` (through `through`, or still), in one
    /// transaction with the network, the closed months and the member's other periods it is checked against.
    public func addSickness(member: MemberID, from: Month, through: Month?) throws {
        try writing { snapshot in
            let timeline = try snapshot.timeline()
            guard timeline.versions.contains(where: { $0.settings.member(member) != nil }) else { throw PodLedgerError.unknownMember(member.raw) }
            guard let settings = timeline.settings(for: from).member(member), settings.isActive(in: from) else {
                throw PodLedgerError.sickness("member \(MessageText.quoted(member.raw)) is not active in \(from); check the member id and the month")
            }
            guard timeline.settings(for: from).pod(settings.pod)?.policy.sicknessTerms != nil else {
                throw PodLedgerError.sickness("member \(MessageText.quoted(member.raw)) is in pod \(settings.pod), which is not a sickness fund (policy = \"sickness\")")
            }
            if let through, through < from { throw PodLedgerError.sickness("the period ends (\(through)) before it begins (\(from))") }
            let period = SicknessPeriod(member: member, from: from, through: through)
            if let other = try snapshot.transaction.sicknessPeriods().first(where: { $0.member == member && $0.overlaps(period) }) {
                throw PodLedgerError.sickness("\(member) is already recorded sick from \(other.from) \(other.through.map { "through \($0)" } ?? "on (still sick)"); "
                    + "periods of one member do not overlap: end that one first (`podledger sickness end`) or pick other months")
            }
            if let lastClosed = try snapshot.transaction.closedMonths().last, from <= lastClosed {
                throw PodLedgerError.sickness("the period touches \(from), a closed month; run `podledger reopen --month \(from)` first, then record it and close the months again")
            }
            try snapshot.transaction.recordSickness(member: member, from: from, through: through)
        }
    }

    /// Ends the member's open period of sickness with `through`, the last month they are sick.
    public func endSickness(member: MemberID, through: Month) throws {
        try writing { snapshot in
            guard let open = try snapshot.transaction.sicknessPeriods().first(where: { $0.member == member && $0.through == nil }) else {
                throw PodLedgerError.sickness("\(member) has no open period of sickness to end; `podledger sickness list` shows what is recorded")
            }
            guard through >= open.from else {
                throw PodLedgerError.sickness("\(member) has been sick since \(open.from); the period cannot end before it (\(through))")
            }
            if let lastClosed = try snapshot.transaction.closedMonths().last, through < lastClosed {
                throw PodLedgerError.sickness("ending the period with \(through) changes \(through.next), a closed month; "
                    + "run `podledger reopen --month \(through.next)` first, then end it and close the months again")
            }
            try snapshot.transaction.recordSicknessEnd(member: member, through: through)
        }
    }

    /// Every period of sickness recorded.
    public func sickness() throws -> SicknessReport {
        try reading { snapshot in
            let timeline = try snapshot.timeline()
            let names = timeline.names
            return SicknessReport(lines: try snapshot.transaction.sicknessPeriods().compactMap { period in
                guard let member = timeline.settings(for: period.from).member(period.member),
                      let terms = timeline.settings(for: period.from).pod(member.pod)?.policy.sicknessTerms else { return nil }
                return SicknessReport.Line(period: period, name: names[period.member.raw] ?? period.member.raw, pod: member.pod, terms: terms)
            })
        }
    }
}
