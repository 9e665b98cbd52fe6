import LedgerCore
import LedgerStore
import Smoothing
import Statements

extension Ledger {
    /// The static site of the books (SPEC §9, `podledger publish`): every month from the network's first
    /// through `through` (default: the last closed month; later months are previews, marked as such), each
    /// closed month checked against the ledger as its statement would be. `isPrivate`: pod-level figures only
    /// (`Site`). Every closed month's pages show the fingerprint as of its close, and the index the one as of the
    /// last closed month published.
    public func site(through: Month? = nil, isPrivate: Bool = false) throws -> Site {
        try reading { snapshot in
            let timeline = try snapshot.timeline()
            let first = timeline.firstMonth
            let closedMonths = try snapshot.transaction.closedMonths()
            guard let last = through ?? closedMonths.last else { throw PodLedgerError.nothingToPublish(first: first) }
            guard last >= first else { throw PodLedgerError.beforeFirstMonth(last, first: first) }
            let results = try snapshot.monthResults(from: first, through: last)
            let sickness = try snapshot.transaction.sicknessPeriods()
            // One sheet per month: its statements with dues and expenses, a closed month checked against its postings.
            var networks: [NetworkStatement] = []
            var lastSheet: Snapshot.MonthSheet?
            for result in results {
                let sheet = try snapshot.monthSheet(result, history: [], timeline: timeline, closedMonths: closedMonths, sickness: sickness)
                networks.append(sheet.networkStatement)
                lastSheet = sheet
            }
            guard let lastSheet, let lastNetwork = networks.last, lastNetwork.month == last else {
                preconditionFailure("monthResults(through: \(last)) did not end at \(last)")
            }
            let version = timeline.version(for: last)
            let members = isPrivate ? [] : memberStatements(results: results, last: lastSheet, network: lastNetwork, timeline: timeline)

            // The books for plain-text accounting tools (docs/exports.md); they post to members' accounts, so a
            // private site leaves them out.
            let exports: [Site.Download] = isPrivate ? [] : try ExportFormat.allCases.map { format in
                Site.Download(name: "export.\(format.fileExtension)", description: format.siteDescription,
                              contents: try exportText(in: snapshot.transaction, through: last, format: format))
            }

            let networkFile = isPrivate ? nil : NetworkFile.text(of: version.settings, header: [
                "The network file of these books: the settings the ledger records for \(last) (in effect from \(version.effectiveFrom)),",
                "written by `podledger publish`. Start books of your own with `podledger init --network network.toml`.",
            ])
            return Site(Site.Input(
                months: networks, results: results, closedThrough: closedMonths.last, settings: version.settings,
                settingsEffectiveFrom: version.effectiveFrom, members: members, networkFile: networkFile, exports: exports,
                fingerprint: try closedMonths.last(where: { $0 <= last }).flatMap { try snapshot.transaction.closeFingerprint(month: $0) },
                isPrivate: isPrivate))
        }
    }

    /// Every member's statement from their first month through the last month published: their months, the
    /// year to date, how the last month is settled (when they were active in it) and what they still owe.
    private func memberStatements(results: [MonthResult], last sheet: Snapshot.MonthSheet, network: NetworkStatement,
                                  timeline: NetworkTimeline) -> [MemberStatement] {
        let last = network.month
        let lines = MemberStatement.linesByMember(results: results, firstOpenMonth: sheet.firstOpenMonth)
        let names = timeline.names
        let settings = timeline.settings(for: last)
        return lines.keys.sorted().compactMap { member -> MemberStatement? in
            guard let own = lines[member], let firstLine = own.first, let lastLine = own.last else { return nil }
            let statement = network.pods.first { $0.members.contains { $0.member == member } }
            let outstanding = sheet.dues[lastLine.pod]?.member(member).map {
                MemberStatement.Outstanding(pod: lastLine.pod, closedThrough: sheet.duesThrough, asOf: Day.last(of: last), dues: $0.dues)
            }
            var memberStatement = MemberStatement(
                member: member, name: settings.member(member)?.name ?? names[member.raw] ?? member.raw, currency: currency,
                from: firstLine.month, through: last, lines: own,
                volatility: MemberStatement.volatility(of: member, lines: own, from: firstLine.month, through: last),
                settlement: statement.map { MemberStatement.MonthSettlement(member: member, statement: $0) },
                outstanding: outstanding, fund: statement.flatMap { MemberStatement.FundMonth(member: member, statement: $0) })
            memberStatement.fingerprint = network.fingerprint
            return memberStatement
        }
    }

    /// Writes `site` into `directory` (created when missing), whole or not at all (`AtomicDirectory`). The folder
    /// becomes the site: a file of an earlier site that this one no longer has is removed (a page of a member
    /// left out by `--private` must not stay published), but hidden entries at its top (`.git`, `.nojekyll`) are
    /// kept. So that nothing else is ever removed, an existing folder must be empty or hold a site published
    /// before (marked by `Ledger.siteMarker`). Returns the number of files written.
    @discardableResult
    public static func write(_ site: Site, to directory: String) throws -> Int {
        let target = AtomicDirectory.trimmingTrailingSlashes(directory)
        if let status = try? FileSystem.status(target), status.kind == .directory || status.kind == .symlink,
           let entries = try? FileSystem.entries(of: target) {
            let visible = entries.filter { $0.map { !$0.hasPrefix(".") } ?? true }
            if !visible.isEmpty && !entries.contains(siteMarker) {
                throw PodLedgerError.notASiteFolder(path: directory)
            }
        }
        return try AtomicDirectory(directory, existing: .replaced).write { staging in
            var count = 0
            try site.forEachFile { path, contents in
                try staging.write(contents, to: path)
                count += 1
            }
            try staging.write("This folder is a site written by `podledger publish`: the next publish into it replaces it whole.\n", to: siteMarker)
            return count + 1
        }
    }

    /// The file that marks a folder as a site `publish` wrote, so that publishing again may replace it.
    public static let siteMarker = ".podledger-site"
}
