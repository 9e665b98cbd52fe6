import Dispatch
import LedgerCore
import LedgerStore
import Smoothing
import Statements

/// A pod's statement with the months before it that its HTML charts draw.
public struct PodStatementReport: Sendable {
    public let statement: PodStatement
    /// Up to 11 months before the statement's month, oldest first (closed ones recomputed and checked).
    public let history: [MonthResult]

    public func render(_ format: ReportFormat) -> String {
        statement.render(format, history: history)
    }
}

extension Ledger {
    /// Months of history (the statement's month included) drawn by a pod statement's HTML charts.
    public static let statementChartMonths = 12

    /// The pod's statement for `month`, checked against the ledger when the month is closed, a preview
    /// (marked as such) when it is open.
    public func podStatement(pod: PodID, month: Month) throws -> PodStatementReport {
        try reading { snapshot in
            guard try snapshot.timeline().versions.contains(where: { $0.settings.pod(pod) != nil }) else {
                throw PodLedgerError.unknownPod(pod.raw)
            }
            let sheet = try snapshot.monthSheet(month: month)
            guard let statement = sheet.podStatement(pod) else { throw PodLedgerError.podInactive(pod: pod.raw, month: month) }
            return PodStatementReport(statement: statement, history: sheet.history)
        }
    }

    /// `podStatement(pod:month:)` from a pod id as typed by a user: an id that cannot exist is an unknown pod.
    public func podStatement(pod raw: String, month: Month) throws -> PodStatementReport {
        guard let pod = try? PodID(raw) else { throw PodLedgerError.unknownPod(raw) }
        return try podStatement(pod: pod, month: month)
    }

    /// The member's months from `from` through `through`, year-to-date totals, and how steady their income
    /// was before and after the pod over the closed months of the range (nil when none of them is closed).
    public func memberStatement(member: MemberID, from: Month, through: Month) throws -> MemberStatement {
        guard from <= through else { throw PodLedgerError.emptyRange(from: from, through: through) }
        return try reading { snapshot in
            let timeline = try snapshot.timeline()
            let first = timeline.firstMonth
            guard let latest = timeline.versions.last(where: { $0.settings.member(member) != nil }) else {
                throw PodLedgerError.unknownMember(member.raw)
            }
            // From January of the last year too, for the year-to-date totals.
            let january = Month(year: through.year, month: 1)!
            let results = try snapshot.monthResults(from: min(from, january), through: through)
            let firstOpen = try snapshot.transaction.closedMonths().last?.next ?? first
            // Names as of the end of the range, or as last recorded if the member was dropped from the network file.
            let inEffect = timeline.settings(for: through)
            let settings = inEffect.member(member) == nil ? latest.settings : inEffect
            let lines = MemberStatement.linesByMember(results: results, firstOpenMonth: firstOpen)[member] ?? []
            // How the last month is settled, from the statement of the member's pod that month.
            let lastStatement = try results.last.flatMap { last -> PodStatement? in
                guard last.month == through, let pod = last.pods.first(where: { $0.members.contains { $0.member == member } }) else { return nil }
                return PodStatement(result: pod, month: through, currency: last.currency, settings: inEffect, preview: through >= firstOpen,
                                    sickness: try snapshot.transaction.sicknessPeriods())
            }
            let settlement = lastStatement.map { MemberStatement.MonthSettlement(member: member, statement: $0) }
            // What they still owe at the end of the range, in the pod they were last in.
            let closed = try snapshot.transaction.closedMonths().last(where: { $0 <= through })
            let pod = lines.last?.pod ?? settings.member(member)?.pod
            let outstanding = try pod.flatMap { pod in
                try snapshot.dues(through: closed, paymentsThrough: Day.last(of: through)).first { $0.pod == pod }?.member(member)
                    .map { MemberStatement.Outstanding(pod: pod, closedThrough: closed, asOf: Day.last(of: through), dues: $0.dues) }
            }
            var statement = MemberStatement(
                member: member, name: settings.member(member)?.name ?? member.raw, currency: currency, from: from, through: through,
                lines: lines, volatility: MemberStatement.volatility(of: member, lines: lines, from: from, through: through),
                settlement: settlement, outstanding: outstanding, fund: lastStatement.flatMap { MemberStatement.FundMonth(member: member, statement: $0) })
            statement.fingerprint = try snapshot.transaction.closeFingerprint(month: through)
            return statement
        }
    }

    public func memberStatement(member raw: String, from: Month, through: Month) throws -> MemberStatement {
        guard let member = try? MemberID(raw) else { throw PodLedgerError.unknownMember(raw) }
        return try memberStatement(member: member, from: from, through: through)
    }

    /// Every pod's month and the network reserve, checked against the ledger when the month is closed.
    public func networkStatement(month: Month) throws -> NetworkStatement {
        try reading { try $0.monthSheet(month: month, historyMonths: 1) }.networkStatement
    }

    /// Writes the statement of every pod active in `month`, of every member active in it (the year to date) and
    /// the network statement, in each of `formats`, into `outputDirectory` (created when missing):
    /// `2024-12-aurora.html`, …, `2024-12-member-alice.html`, …, `2024-12-network.html`. A pod whose id is
    /// `network` is written as `2024-12-pod-network.html`. The folder shows the whole new set or none of it, and
    /// keeps whatever else it holds (`AtomicDirectory`): nothing is written unless every statement could be made
    /// and written. Returns the paths written: pods and members (by name), then the network.
    @discardableResult
    public func writeAll(month: Month, outputDirectory: String, formats: [ReportFormat]) throws -> [String] {
        let (sheet, firstMonth) = try reading { (try $0.monthSheet(month: month), try $0.timeline().firstMonth) }
        let network = sheet.networkStatement
        // The history covers the last 12 months, so January of the month's year: every member's year to date.
        let from = max(Month(year: month.year, month: 1)!, firstMonth)
        let lines = MemberStatement.linesByMember(results: sheet.history + [sheet.result], firstOpenMonth: sheet.firstOpenMonth)
        let currency = self.currency
        let history = PodHistory(results: sheet.history)
        /// Every file of one pod: its statement and its members' statements, in each format.
        @Sendable func files(of statement: PodStatement) -> [(name: String, text: String)] {
            // A pod named like the network's or a member's file gets `pod-` in front of its id.
            let stem = statement.pod.raw == "network" || statement.pod.raw.hasPrefix("member-") || statement.pod.raw.hasPrefix("pod-")
                ? "pod-" + statement.pod.raw : statement.pod.raw
            var files = formats.map { ("\(month)-\(stem).\($0.fileExtension)", statement.render($0, history: history)) }
            for line in statement.members {
                let own = lines[line.member] ?? []
                var member = MemberStatement(
                    member: line.member, name: line.name, currency: currency, from: from, through: month, lines: own,
                    volatility: MemberStatement.volatility(of: line.member, lines: own, from: from, through: month),
                    settlement: MemberStatement.MonthSettlement(member: line.member, statement: statement),
                    outstanding: statement.outstanding.flatMap { outstanding in
                        outstanding.members.first { $0.member == line.member }.map {
                            MemberStatement.Outstanding(pod: statement.pod, closedThrough: outstanding.closedThrough, asOf: Day.last(of: month), dues: $0.dues)
                        }
                    },
                    fund: MemberStatement.FundMonth(member: line.member, statement: statement))
                member.fingerprint = statement.fingerprint
                files += formats.map { ("\(month)-member-\(line.member).\($0.fileExtension)", member.render($0)) }
            }
            return files
        }
        let names = try AtomicDirectory(outputDirectory).write { staging in
            // Each pod's files are rendered and written on every core, a pod at a time: a large network's set is
            // never held in memory whole, and writing overlaps rendering.
            let written = Self.renderInParallel(network.pods) { statement in
                Result { try files(of: statement).map { file in
                    try staging.write(file.text, to: file.name)
                    return file.name
                } }
            }
            var names: [String] = []
            for result in written { names += try result.get() }
            for format in formats {
                let name = "\(month)-network.\(format.fileExtension)"
                try staging.write(network.render(format), to: name)
                names.append(name)
            }
            return names
        }
        let folder = outputDirectory.hasSuffix("/") ? outputDirectory : outputDirectory + "/"
        return names.sorted { Ledger.writeOrder($0, $1, month: month) }.map { folder + $0 }
    }

    /// `render` of every item, computed on every core, in the items' order.
    static func renderInParallel<Item: Sendable, Output: Sendable>(_ items: [Item], _ render: @Sendable (Item) -> Output) -> [Output] {
        var slots = [Output?](repeating: nil, count: items.count)
        slots.withUnsafeMutableBufferPointer { buffer in
            // Each slot is written by exactly one iteration, and read only after `concurrentPerform` returns.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: items.count) { index in slots[index] = render(items[index]) }
        }
        return slots.map { $0! }
    }

    /// Writes a rendered statement to `path`, creating its directory when missing: whole or not at all
    /// (`AtomicDirectory.writeFile`).
    public static func writeStatement(_ text: String, to path: String) throws {
        try AtomicDirectory.writeFile(text, to: path)
    }

    /// Pods before the network statement, then by name (so each pod's formats sit together).
    static func writeOrder(_ lhs: String, _ rhs: String, month: Month) -> Bool {
        let networkPrefix = "\(month)-network."
        let lhsNetwork = lhs.hasPrefix(networkPrefix)
        let rhsNetwork = rhs.hasPrefix(networkPrefix)
        if lhsNetwork != rhsNetwork { return rhsNetwork }
        return lhs < rhs
    }
}

extension Snapshot {
    // MARK: Checking statements against the ledger

    /// One month's result with the settings in effect and the months before it, for statements. A closed
    /// month is recomputed from the ledger (members' nets checked by `monthResults`) and its settlement is
    /// checked against the ledger's postings; an open month is a preview.
    struct MonthSheet {
        let result: MonthResult
        let settings: NetworkSettings
        let closed: Bool
        let history: [MonthResult]
        /// The first month that is not closed.
        let firstOpenMonth: Month
        /// Every pod's dues at the end of the month (SPEC §8).
        let dues: [PodID: Dues.PodDues]
        /// The last closed month the dues count (the month itself once closed); nil when none is closed.
        let duesThrough: Month?
        /// The month was reopened and closed again.
        let revised: Bool
        /// Display names of everyone the network ever had.
        let names: [String: String]
        /// Each pod's expenses recorded in the month.
        let expenseLines: [PodID: [PodStatement.ExpenseLine]]
        /// The periods of sickness in force.
        let sickness: [SicknessPeriod]
        /// The ledger's fingerprint as of the month's close; nil when it is open.
        let fingerprint: Fingerprint?

        func podStatement(_ pod: PodID) -> PodStatement? {
            guard let podResult = result.pods.first(where: { $0.pod == pod }) else { return nil }
            return podStatement(podResult)
        }

        func podStatement(_ pod: PodResult) -> PodStatement {
            let outstanding = dues[pod.pod].map { dues in
                PodStatement.Outstanding(pod: pod.pod, dues: dues, closedThrough: duesThrough, asOf: Day.last(of: result.month),
                                         names: { names[$0.raw] ?? $0.raw })
            }
            var statement = PodStatement(result: pod, month: result.month, currency: result.currency, settings: settings, preview: !closed,
                                         outstanding: outstanding, revised: revised, expenseLines: expenseLines[pod.pod] ?? [], sickness: sickness)
            statement.fingerprint = fingerprint
            return statement
        }

        var networkStatement: NetworkStatement {
            var statement = NetworkStatement(month: result.month, currency: result.currency, settings: settings, preview: !closed,
                                             pods: result.pods.sorted { $0.pod < $1.pod }.map(podStatement),
                                             reserveOpeningMinor: result.networkReserveOpeningMinor, reserveClosingMinor: result.networkReserveClosingMinor)
            statement.fingerprint = fingerprint
            return statement
        }
    }

    func monthSheet(month: Month, historyMonths: Int = Ledger.statementChartMonths) throws -> MonthSheet {
        let timeline = try timeline()
        let first = timeline.firstMonth
        guard month >= first else { throw PodLedgerError.beforeFirstMonth(month, first: first) }
        let historyStart = max(first, Month(ordinal: month.ordinal - (historyMonths - 1)) ?? first)
        let results = try monthResults(from: historyStart, through: month)
        guard let result = results.last, result.month == month else {
            preconditionFailure("monthResults(through: \(month)) did not end at \(month)")
        }
        return try monthSheet(result, history: Array(results.dropLast()), timeline: timeline, closedMonths: try transaction.closedMonths(),
                              sickness: try transaction.sicknessPeriods())
    }

    /// The sheet of `result` (computed by `monthResults`), with `history` (the months before it) for charts.
    func monthSheet(_ result: MonthResult, history: [MonthResult], timeline: NetworkTimeline, closedMonths: [Month],
                    sickness: [SicknessPeriod]) throws -> MonthSheet {
        let month = result.month
        let first = timeline.firstMonth
        let settings = timeline.settings(for: month)
        let closed = closedMonths.contains(month)
        if closed { try verifySettlements(result) }
        let duesThrough = closedMonths.last(where: { $0 <= month })
        let dues = try self.dues(through: duesThrough, paymentsThrough: Day.last(of: month))
        let revised = try closed && transaction.revisedMonths().contains(month)
        var expenseLines: [PodID: [PodStatement.ExpenseLine]] = [:]
        for stored in try transaction.keyedEntries(.expense, through: Day.last(of: month)) where stored.entry.month == month {
            guard let day = stored.entry.day, let posting = stored.entry.postings.first(where: { if case .expenses = $0.account { true } else { false } }),
                  let pod = posting.account.pod else { continue }
            expenseLines[pod, default: []].append(PodStatement.ExpenseLine(day: day, description: stored.entry.description,
                                                                           reference: stored.reference, amountMinor: posting.amountMinor))
        }
        return MonthSheet(result: result, settings: settings, closed: closed, history: history,
                          firstOpenMonth: closedMonths.last?.next ?? first,
                          dues: Dictionary(uniqueKeysWithValues: dues.map { ($0.pod, $0) }), duesThrough: duesThrough,
                          revised: revised, names: timeline.names, expenseLines: expenseLines, sickness: sickness,
                          fingerprint: closed ? try transaction.closeFingerprint(month: month) : nil)
    }

    /// The settlements of a closed month (every pod's) against the ledger: for every account that a
    /// settlement pays or the month's postings move, the transfers to it minus the transfers from it must
    /// equal what the ledger's entries of the month did to it, less the income imported into a member's
    /// account. So a member gets exactly `received − contribution`, each pod reserve moves by what the
    /// ledger says, the network reserve by the pods' total, and each pool ends at zero.
    func verifySettlements(_ result: MonthResult) throws {
        let month = result.month
        var ledger: [Account: Int64] = [:]
        // A sickness fund's own accounts are, for settling, the fund's: its party is the pod reserve's.
        func settling(_ account: Account) -> Account {
            if case .ownAccount(let pod, _) = account { return .podReserve(pod) }
            return account
        }
        for movement in try transaction.balances(from: month, throughMonth: month) { ledger[settling(movement.account), default: 0] += movement.balanceMinor }
        let income = try transaction.incomeByMonth(from: month, through: month)[month] ?? [:]
        for pod in result.pods {
            for member in pod.members {
                ledger[.member(pod.pod, member.member), default: 0] -= income[member.member] ?? 0
            }
        }
        var settled: [Account: Int64] = [:]
        for pod in result.pods {
            for transfer in Settlement.transfers(for: pod) {
                settled[transfer.from.account, default: 0] -= transfer.amountMinor
                settled[transfer.to.account, default: 0] += transfer.amountMinor
            }
        }
        // Only what closes move: income, payments and the bank accounts are the month's other entries.
        let accounts = Set(ledger.keys).union(settled.keys).filter { account in
            switch account {
            case .income, .paid, .podBank, .networkBank, .expenses, .podLevyDue, .networkLevyDue: return false
            case .member, .pool, .podReserve, .networkReserve, .podCosts: return true
            case .ownAccount: preconditionFailure("own accounts are settled as their fund's")
            }
        }
        // The first disagreement by name, looked for among the disagreements only (sorting every account spelt
        // two names at each comparison).
        if let account = accounts.filter({ (ledger[$0] ?? 0) != (settled[$0] ?? 0) }).min() {
            throw PodLedgerError.settlementDisagrees(
                month: month, account: account.description, ledgerMinor: ledger[account] ?? 0,
                settlementMinor: settled[account] ?? 0, minorDigits: result.currency.minorDigits)
        }
    }
}
