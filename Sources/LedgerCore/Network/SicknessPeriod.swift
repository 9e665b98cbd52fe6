/// A period in which a member of a sickness fund is sick (SPEC §7), by month: from a month through a month, or
/// still sick (no `through`).
public struct SicknessPeriod: Hashable, Sendable {
    public let member: MemberID
    public let from: Month
    /// Nil while the member is still sick.
    public let through: Month?

    public init(member: MemberID, from: Month, through: Month?) {
        self.member = member
        self.from = from
        self.through = through
    }

    public func covers(_ month: Month) -> Bool {
        from <= month && (through.map { month <= $0 } ?? true)
    }

    /// Whether the two periods share a month.
    public func overlaps(_ other: SicknessPeriod) -> Bool {
        let endsBefore = { (period: SicknessPeriod, month: Month) in period.through.map { $0 < month } ?? false }
        return !endsBefore(self, other.from) && !endsBefore(other, from)
    }
}

extension Array where Element == SicknessPeriod {
    /// Each member sick in `month`, with the month their sickness began.
    public func sickFrom(in month: Month) -> [MemberID: Month] {
        var sick: [MemberID: Month] = [:]
        for period in self where period.covers(month) { sick[period.member] = period.from }
        return sick
    }
}
