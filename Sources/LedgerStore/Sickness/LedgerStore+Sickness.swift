import GRDB
import LedgerCore

extension LedgerTransaction {
    /// Records that `member` is sick from `from` (through `through`, or still). The caller checks the period
    /// against the network, the closed months and the member's other periods.
    public func recordSickness(member: MemberID, from: Month, through: Month?) throws {
        _ = try writer()
        let link = try chain().append(.sickness(kind: "add", member: member.raw, from: from.description, through: through?.description))
        try db.execute(sql: """
            INSERT INTO sickness_events(kind, member, from_month, through_month, recorded_at, chain_seq, fingerprint)
            VALUES ('add', ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?)
            """, arguments: [member.raw, from.description, through?.description, link.seq, link.fingerprint.prefix])
    }

    /// Records that the member's open period of sickness ends with `through`. The caller checks there is one.
    public func recordSicknessEnd(member: MemberID, through: Month) throws {
        _ = try writer()
        let link = try chain().append(.sickness(kind: "end", member: member.raw, from: nil, through: through.description))
        try db.execute(sql: """
            INSERT INTO sickness_events(kind, member, through_month, recorded_at, chain_seq, fingerprint)
            VALUES ('end', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?)
            """, arguments: [member.raw, through.description, link.seq, link.fingerprint.prefix])
    }

    /// The periods of sickness in force: the events replayed in the order recorded, by member then start.
    public func sicknessPeriods() throws -> [SicknessPeriod] {
        ensureOpen()
        var periods: [SicknessPeriod] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, kind, member, from_month, through_month FROM sickness_events ORDER BY id") {
            let id: Int64 = row[0]
            let kind: String = row[1]
            guard let member = try? MemberID(row[2] as String) else { throw corrupt("sickness record \(id) names an invalid member") }
            let through = try (row[4] as String?).map { text in
                guard let month = try? Month(parsing: text) else { throw corrupt("sickness record \(id) has month '\(text)'") }
                return month
            }
            switch kind {
            case "add":
                guard let fromText: String = row[3], let from = try? Month(parsing: fromText) else { throw corrupt("sickness record \(id) has no start") }
                periods.append(SicknessPeriod(member: member, from: from, through: through))
            default:
                guard let index = periods.lastIndex(where: { $0.member == member && $0.through == nil }), let through else {
                    throw corrupt("sickness record \(id) ends a period of '\(member)' that is not open")
                }
                periods[index] = SicknessPeriod(member: member, from: periods[index].from, through: through)
            }
        }
        return periods.sorted { ($0.member, $0.from) < ($1.member, $1.from) }
    }
}
