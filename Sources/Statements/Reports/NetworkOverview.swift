import LedgerCore

/// `podledger network show`: the settings in effect, month by month. Text and CSV group the months a version
/// covers; JSON lists every month with the pods and their members active in it.
public struct NetworkOverview: Hashable, Sendable {
    public struct MonthSettings: Hashable, Sendable {
        public let month: Month
        /// The month the version in effect was recorded as effective from.
        public let effectiveFrom: Month
        public let settings: NetworkSettings

        public init(month: Month, effectiveFrom: Month, settings: NetworkSettings) {
            self.month = month
            self.effectiveFrom = effectiveFrom
            self.settings = settings
        }
    }

    /// Ascending.
    public let months: [MonthSettings]

    public init(months: [MonthSettings]) {
        self.months = months
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }

    /// Consecutive months under the same version.
    var periods: [(first: Month, last: Month, version: MonthSettings)] {
        var periods: [(first: Month, last: Month, version: MonthSettings)] = []
        for month in months {
            if let last = periods.last, last.version.effectiveFrom == month.effectiveFrom, last.last.next == month.month {
                periods[periods.count - 1].last = month.month
            } else {
                periods.append((month.month, month.month, month))
            }
        }
        return periods
    }
}

extension NetworkOverview: DocumentRendering {
    func document() -> Document {
        let digits = months.first?.settings.currency.minorDigits ?? 2
        var sections: [Section] = []
        for period in periods {
            let settings = period.version.settings
            let span = period.first == period.last ? period.first.description : "\(period.first)..\(period.last)"
            // CSV rows carry their period, so the tables of several versions can be told apart.
            let periodColumns = [
                Column(key: "from", label: "From", alignment: .left, formats: .csv),
                Column(key: "through", label: "Through", alignment: .left, formats: .csv),
                Column(key: "effective_from", label: "Effective from", alignment: .left, formats: .csv),
            ]
            let periodCells: [Cell] = [.text(period.first.description), .text(period.last.description), .text(period.version.effectiveFrom.description)]
            // The agreements' columns only where the version uses them.
            let showsLevy = settings.pods.contains { settings.levy(of: $0) != .none }
            let showsTiers = settings.pods.contains { !$0.tiers.isEmpty }
            let showsOwnFloors = settings.members.contains { $0.floorMinor != nil }
            let pods = Table(
                columns: periodColumns + [
                    Column(key: "pod", label: "Pod", alignment: .left), Column(key: "name", label: "Name", alignment: .left),
                    Column(key: "policy", label: "Policy", alignment: .left),
                    Column(key: "floor", label: "Floor", alignment: .right, formats: .csv),
                    Column(key: "window", label: "Window", alignment: .right, formats: .csv),
                    Column(key: "reserve_target", label: "Reserve target", alignment: .right),
                    Column(key: "surplus", label: "Surplus", alignment: .left),
                ] + (showsLevy ? [Column(key: "levy", label: "Levy", alignment: .left, formats: .csv)] : [])
                  + (showsTiers ? [Column(key: "tiers", label: "Reserve tiers", alignment: .left, formats: .csv)] : []),
                rows: settings.pods.map { pod in
                    var floor = Cell.empty
                    var window = Cell.empty
                    switch pod.policy {
                    case .floor(let floorMinor): floor = .amount(floorMinor)
                    case .average(let months): window = .count(months)
                    case .equal, .sickness: break
                    }
                    // A sickness fund has no reserve target or surplus: its money is in its members' own accounts.
                    let isFund = pod.policy.sicknessTerms != nil
                    return periodCells + [.text(pod.id.raw), .text(pod.name), .label(key: pod.policy.name, text: PolicyText.phrase(pod.policy, minorDigits: digits)),
                                          floor, window, isFund ? .empty : .amount(pod.reserveTargetMinor), isFund ? .empty : .text(pod.surplus.rawValue)]
                        + (showsLevy ? [.text(PolicyText.levy(settings.levy(of: pod), minorDigits: digits))] : [])
                        + (showsTiers ? [.text(PolicyText.tiers(pod.tiers, minorDigits: digits))] : [])
                },
                totals: nil)
            let members = Table(
                columns: periodColumns + [
                    Column(key: "pod", label: "Pod", alignment: .left), Column(key: "member", label: "Member", alignment: .left),
                    Column(key: "name", label: "Name", alignment: .left), Column(key: "pledge_percent", label: "Pledge", alignment: .right),
                    Column(key: "hurdle", label: "Hurdle", alignment: .right), Column(key: "cap", label: "Cap", alignment: .right),
                    Column(key: "joined", label: "Joined", alignment: .left), Column(key: "left", label: "Left", alignment: .left),
                ] + (showsOwnFloors ? [Column(key: "floor", label: "Own floor", alignment: .right, formats: .csv)] : []),
                rows: settings.pods.flatMap { pod in
                    settings.members.filter { $0.pod == pod.id && $0.sickness == nil }.map { member in
                        periodCells + [.text(pod.id.raw), .text(member.id.raw), .text(member.name), .percent(basisPoints: member.pledgeBasisPoints),
                         .amount(member.hurdleMinor), member.capMinor.map(Cell.amount) ?? .empty, .text(member.joined.description),
                         member.left.map { .text($0.description) } ?? .empty]
                            + (showsOwnFloors ? [member.floorMinor.map(Cell.amount) ?? .empty] : [])
                    }
                },
                totals: nil)
            // A sickness fund's members deposit a fixed amount for a benefit level: a table of their own.
            let fundMembers = settings.pods.flatMap { pod in settings.members.filter { $0.pod == pod.id && $0.sickness != nil } }
            let funds = Table(
                columns: periodColumns + [
                    Column(key: "pod", label: "Fund", alignment: .left), Column(key: "member", label: "Member", alignment: .left),
                    Column(key: "name", label: "Name", alignment: .left), Column(key: "benefit", label: "Benefit", alignment: .right),
                    Column(key: "deposit", label: "Deposit", alignment: .right),
                    Column(key: "joined", label: "Joined", alignment: .left), Column(key: "left", label: "Left", alignment: .left),
                ],
                rows: fundMembers.map { member in
                    periodCells + [.text(member.pod.raw), .text(member.id.raw), .text(member.name), .amount(member.sickness!.benefitMinor),
                                   .amount(member.sickness!.depositMinor), .text(member.joined.description), member.left.map { .text($0.description) } ?? .empty]
                },
                totals: nil)
            // People read the agreements as sentences after the pods' table; CSV has them as columns.
            var agreements: [String] = []
            for pod in settings.pods {
                var terms: [String] = []
                if showsLevy { terms.append("levy \(PolicyText.levy(settings.levy(of: pod), minorDigits: digits))") }
                if !pod.tiers.isEmpty { terms.append("reserve tiers \(PolicyText.tiers(pod.tiers, minorDigits: digits))") }
                let ownFloors = settings.members.filter { $0.pod == pod.id }.compactMap { member in
                    member.floorMinor.map { "\(member.id) \(Figures.grouped($0, minorDigits: digits))" }
                }
                if !ownFloors.isEmpty { terms.append("own floors " + ownFloors.joined(separator: ", ")) }
                if !terms.isEmpty { agreements.append("\(pod.id): " + terms.joined(separator: "; ") + ".") }
            }
            sections.append(Section(title: "\(span) (version effective from \(period.version.effectiveFrom))", blocks: [
                .paragraph("Currency \(settings.currency.code); each pod sends \(Figures.percent(settings.shareBasisPoints)) of its surplus to the network reserve"
                    + (settings.levy == .none ? "." : "; the network's levy is \(PolicyText.levy(settings.levy, minorDigits: digits)) for every pod that does not set its own.")),
                .table(pods)] + (agreements.isEmpty ? [] : [.paragraph(agreements.joined(separator: " "))])
                + (members.rows.isEmpty ? [] : [.table(members)]) + (fundMembers.isEmpty ? [] : [.table(funds)])))
        }
        return Document(title: nil, sections: sections, minorDigits: digits)
    }

    /// A levy as JSON: `{"fee", "gross_percent"}`.
    private func levyJSON(_ levy: Levy, digits: Int) -> JSON {
        .object([("fee", .string(Figures.plain(levy.feeMinor, minorDigits: digits))), ("gross_percent", .string(BasisPoints.format(levy.grossBasisPoints)))])
    }

    var json: JSON {
        .object([("months", .array(months.map { entry in
            let settings = entry.settings
            let digits = settings.currency.minorDigits
            func amount(_ minor: Int64) -> JSON { .string(Figures.plain(minor, minorDigits: digits)) }
            return .object([
                ("month", .string(entry.month.description)),
                ("effective_from", .string(entry.effectiveFrom.description)),
                ("currency", .string(settings.currency.code)),
                ("share_percent", .string(BasisPoints.format(settings.shareBasisPoints))),
                ("levy", levyJSON(settings.levy, digits: digits)),
                ("pods", .array(settings.pods.map { pod in
                    var fields: [(String, JSON)] = [("id", .string(pod.id.raw)), ("name", .string(pod.name)), ("policy", .string(pod.policy.name))]
                    switch pod.policy {
                    case .floor(let floor): fields.append(("floor", amount(floor)))
                    case .average(let window): fields.append(("window", .integer(window)))
                    case .equal: break
                    case .sickness(let terms): fields += PolicyText.sicknessJSON(terms)
                    }
                    fields += [
                        ("reserve_target", amount(pod.reserveTargetMinor)),
                        ("surplus", .string(pod.surplus.rawValue)),
                        ("network_fee", pod.networkFeeMinor.map(amount) ?? .null),
                        ("network_gross_percent", pod.networkGrossBasisPoints.map { .string(BasisPoints.format($0)) } ?? .null),
                        ("levy", levyJSON(settings.levy(of: pod), digits: digits)),
                        ("tiers", .array(pod.tiers.map { tier in
                            .object([("reserve_at_least", amount(tier.reserveAtLeastMinor)), ("floor_bonus", amount(tier.floorBonusMinor))])
                        })),
                        ("members", .array(settings.activeMembers(of: pod.id, in: entry.month).map { member in
                            .object([
                                ("id", .string(member.id.raw)), ("name", .string(member.name)),
                                ("pledge_percent", .string(BasisPoints.format(member.pledgeBasisPoints))),
                                ("hurdle", amount(member.hurdleMinor)), ("cap", member.capMinor.map(amount) ?? .null),
                                ("joined", .string(member.joined.description)), ("left", member.left.map { .string($0.description) } ?? .null),
                                ("floor", member.floorMinor.map(amount) ?? .null),
                                ("benefit", member.sickness.map { amount($0.benefitMinor) } ?? .null),
                                ("deposit", member.sickness.map { amount($0.depositMinor) } ?? .null),
                            ])
                        })),
                    ]
                    return .object(fields)
                })),
            ])
        }))])
    }
}

/// `podledger network apply` (and `--dry-run`): what a new version changes, effective from a month.
public struct NetworkChangeReport: Hashable, Sendable {
    public let effectiveFrom: Month
    public let currency: Currency
    public let changes: [NetworkChange]
    public let dryRun: Bool
    /// The file the version came from, as given.
    public let source: String

    public init(effectiveFrom: Month, currency: Currency, changes: [NetworkChange], dryRun: Bool, source: String) {
        self.effectiveFrom = effectiveFrom
        self.currency = currency
        self.changes = changes
        self.dryRun = dryRun
        self.source = source
    }

    public func render(_ format: ReportFormat) -> String { rendered(format) }

    var lines: [String] { changes.map { ChangeText.describe($0, minorDigits: currency.minorDigits) } }
}

extension NetworkChangeReport: DocumentRendering {
    func document() -> Document {
        let head = (dryRun ? "dry run: nothing recorded; " : "recorded \(source); ")
            + (changes.isEmpty ? "no change from the settings in effect for \(effectiveFrom)"
                : "\(changes.count) change\(changes.count == 1 ? "" : "s") from \(effectiveFrom):")
        let table = Table(columns: [Column(key: "change", label: "Change", alignment: .left)],
                          rows: lines.map { [.text($0)] }, totals: nil, showsHeaderInText: false)
        return Document(title: nil, sections: [Section(title: nil, blocks: changes.isEmpty ? [.paragraph(head)] : [.paragraph(head), .table(table)])],
                        minorDigits: currency.minorDigits)
    }

    var json: JSON {
        .object([
            ("dry_run", .bool(dryRun)), ("source", .string(source)), ("effective_from", .string(effectiveFrom.description)),
            ("changes", .array(lines.map(JSON.string))),
        ])
    }
}
