import IncomeImport
import LedgerCore
import LedgerStore

/// What one `import` did (or, with `--dry-run`, would do).
public struct ImportSummary: Sendable, Equatable {
    public let dryRun: Bool
    public let newRows: Int
    public let presentRows: Int
    public let newByMonth: [Month: Int]
    public let presentByMonth: [Month: Int]
}

extension Ledger {
    /// Imports every row of every file, or nothing (SPEC §2.2): one transaction around all files.
    public func importIncome(files: [String], rulesFile: String? = nil, dryRun: Bool = false) throws -> ImportSummary {
        let timeline = try networkTimeline()
        guard !timeline.versions.isEmpty else { throw PodLedgerError.noNetwork }
        let lastClosed = try store.closedMonths().last
        let rules = try rulesFile.map { file in try ImportRules(parsing: try Ledger.readText(file), file: file) }
        var settingsByMonth: [Month: NetworkSettings] = [:]
        var membersByMonth: [Month: [MemberID: MemberSettings]] = [:]
        var rowCount = 0
        let summary = try store.importIncome(dryRun: dryRun) { batch in
            for file in files {
                let reader = IncomeFileReader(path: file, currency: currency, rules: rules)
                try reader.read { row in
                    rowCount += 1
                    guard rowCount <= Limits.importRowsMax else { throw PodLedgerError.tooManyRows(limit: Limits.importRowsMax) }
                    let month = row.day.month
                    if let lastClosed, month <= lastClosed {
                        throw PodLedgerError.row(file: row.file, line: row.line, message:
                            "\(row.day) is in \(month), which is closed; reopen it first with `podledger reopen --month \(month)`, then import and close it again")
                    }
                    let members: [MemberID: MemberSettings]
                    if let cached = membersByMonth[month] {
                        members = cached
                    } else {
                        let settings = settingsByMonth[month] ?? timeline.settings(for: month)!
                        settingsByMonth[month] = settings
                        members = Dictionary(uniqueKeysWithValues: settings.members.map { ($0.id, $0) })
                        membersByMonth[month] = members
                    }
                    guard let member = members[row.member] else {
                        throw PodLedgerError.row(file: row.file, line: row.line, message:
                            "unknown member '\(row.member)'; add them to the network file and run `podledger network apply`, or fix the member id")
                    }
                    guard member.isActive(in: month) else {
                        let span = member.left.map { "from \(member.joined) through \($0)" } ?? "from \(member.joined)"
                        throw PodLedgerError.row(file: row.file, line: row.line, message:
                            "member '\(row.member)' is not active in \(month) (active \(span)); fix the date or the member's joined/left months in the network file")
                    }
                    _ = try batch.add(IncomeRecord(
                        pod: member.pod, member: member.id, day: row.day, amountMinor: row.amountMinor,
                        description: row.description, reference: row.reference, key: row.key,
                        sourceFile: row.file, sourceLine: row.line))
                }
            }
        }
        return ImportSummary(dryRun: dryRun, newRows: summary.addedRows, presentRows: summary.presentRows,
                             newByMonth: summary.addedByMonth, presentByMonth: summary.presentByMonth)
    }
}

public enum ImportReport {
    public static func text(_ summary: ImportSummary) -> String {
        var out = summary.dryRun ? "dry run: nothing written\n" : ""
        out += "\(summary.newRows) new row\(summary.newRows == 1 ? "" : "s"), \(summary.presentRows) already present\n"
        let months = Set(summary.newByMonth.keys).union(summary.presentByMonth.keys).sorted()
        for month in months {
            out += "  \(month): \(summary.newByMonth[month] ?? 0) new, \(summary.presentByMonth[month] ?? 0) already present\n"
        }
        return out
    }
}
