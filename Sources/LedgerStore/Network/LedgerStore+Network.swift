import GRDB
import LedgerCore

/// One recorded version of the whole network, effective from a month.
public struct NetworkVersion: Sendable, Equatable {
    public let id: Int64
    public let effectiveFrom: Month
    /// UTC timestamp of the recording, ISO 8601 (`2024-03-31T09:15:02.123Z`).
    public let recordedAt: String
    public let settings: NetworkSettings

    public init(id: Int64, effectiveFrom: Month, recordedAt: String, settings: NetworkSettings) {
        self.id = id
        self.effectiveFrom = effectiveFrom
        self.recordedAt = recordedAt
        self.settings = settings
    }
}

extension LedgerStore {
    public func recordNetwork(_ settings: NetworkSettings, effectiveFrom: Month, source: String) throws -> NetworkVersion {
        try write { try $0.recordNetwork(settings, effectiveFrom: effectiveFrom, source: source) }
    }

    public func networkVersions() throws -> [NetworkVersion] {
        try read { try $0.networkVersions() }
    }
}

extension LedgerTransaction {
    /// Records a whole network version.
    ///
    /// - Precondition: the network is in the ledger's currency and `effectiveFrom` is after the last closed
    ///   month: rules of the library (`Ledger.applyNetwork`), checked there with the user's words.
    public func recordNetwork(_ settings: NetworkSettings, effectiveFrom: Month, source: String) throws -> NetworkVersion {
        precondition(settings.currency == currency, "recording a \(settings.currency.code) network in a \(currency.code) ledger")
        _ = try writer()
        do {
            if let lastClosed = try closedMonths().last {
                precondition(effectiveFrom > lastClosed, "a network version effective \(effectiveFrom), in closed month \(lastClosed)")
            }
            let link = try chain().append(.network(settings, effectiveFrom: effectiveFrom))
            try db.execute(
                sql: """
                    INSERT INTO network_versions(effective_month, recorded_at, share_bp, source, fee_minor, gross_bp, chain_seq, fingerprint)
                    VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [effectiveFrom.description, settings.shareBasisPoints, source, settings.levy.feeMinor, settings.levy.grossBasisPoints,
                            link.seq, link.fingerprint.prefix])
            let versionID = db.lastInsertedRowID
            let insertPod = try db.cachedStatement(sql: """
                INSERT INTO pod_versions(version_id, pod, name, policy, floor_minor, window_months, reserve_target_minor, surplus,
                                         network_fee_minor, network_gross_bp, waiting_months, max_benefit_months, account_cap_months,
                                         show_sick_names)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let insertTier = try db.cachedStatement(sql: """
                INSERT INTO pod_tiers(version_id, pod, reserve_at_least_minor, floor_bonus_minor) VALUES (?, ?, ?, ?)
                """)
            for pod in settings.pods {
                let terms = pod.policy.sicknessTerms
                try insertPod.execute(arguments: [
                    versionID, pod.id.raw, pod.name, pod.policy.name, pod.policy.floorMinor, pod.policy.windowMonths, pod.reserveTargetMinor, pod.surplus.rawValue,
                    pod.networkFeeMinor, pod.networkGrossBasisPoints, terms?.waitingMonths, terms?.maxBenefitMonths,
                    terms?.accountCapMonths, terms.map { $0.showsSickNames ? 1 : 0 },
                ])
                for tier in pod.tiers {
                    try insertTier.execute(arguments: [versionID, pod.id.raw, tier.reserveAtLeastMinor, tier.floorBonusMinor])
                }
            }
            let insertMember = try db.cachedStatement(sql: """
                INSERT INTO member_versions(version_id, member, pod, name, pledge_bp, hurdle_minor, cap_minor, joined, left_month, floor_minor,
                                            benefit_minor, deposit_minor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for member in settings.members {
                try insertMember.execute(arguments: [
                    versionID, member.id.raw, member.pod.raw, member.name, member.pledgeBasisPoints, member.hurdleMinor,
                    member.capMinor, member.joined.description, member.left?.description, member.floorMinor,
                    member.sickness?.benefitMinor, member.sickness?.depositMinor,
                ])
            }
            let recordedAt = try String.fetchOne(db, sql: "SELECT recorded_at FROM network_versions WHERE id = ?", arguments: [versionID])
            return NetworkVersion(id: versionID, effectiveFrom: effectiveFrom, recordedAt: recordedAt ?? "", settings: settings)
        }
    }

    /// All versions ordered by (effectiveFrom, id). For a month, the version in effect is the last
    /// one with effectiveFrom <= month (a later recording for the same month wins).
    public func networkVersions() throws -> [NetworkVersion] {
        ensureOpen()
        do {
            var tiers: [Int64: [String: [ReserveTier]]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM pod_tiers ORDER BY version_id, pod, reserve_at_least_minor") {
                tiers[row["version_id"], default: [:]][row["pod"], default: []].append(
                    ReserveTier(reserveAtLeastMinor: row["reserve_at_least_minor"], floorBonusMinor: row["floor_bonus_minor"]))
            }
            var pods: [Int64: [PodSettings]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM pod_versions ORDER BY version_id, pod") {
                let version: Int64 = row["version_id"]
                pods[version, default: []].append(try decodePod(row, tiers: tiers[version]?[row["pod"]] ?? []))
            }
            var members: [Int64: [MemberSettings]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM member_versions ORDER BY version_id, member") {
                members[row["version_id"], default: []].append(try decodeMember(row))
            }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM network_versions ORDER BY effective_month, id")
            return try rows.map { row in
                let id: Int64 = row["id"]
                let monthText: String = row["effective_month"]
                guard let effectiveFrom = try? Month(parsing: monthText) else {
                    throw corrupt("network version \(id) has effective month '\(monthText)'")
                }
                let settings: NetworkSettings
                do {
                    settings = try NetworkSettings(currency: currency, shareBasisPoints: row["share_bp"],
                                                   levy: Levy(feeMinor: row["fee_minor"], grossBasisPoints: row["gross_bp"]),
                                                   pods: pods[id] ?? [], members: members[id] ?? [])
                } catch {
                    throw corrupt("network version \(id): \(error)")
                }
                return NetworkVersion(id: id, effectiveFrom: effectiveFrom, recordedAt: row["recorded_at"], settings: settings)
            }
        }
    }

    private func decodePod(_ row: Row, tiers: [ReserveTier]) throws -> PodSettings {
        let version: Int64 = row["version_id"]
        let raw: String = row["pod"]
        let policyName: String = row["policy"]
        let surplusName: String = row["surplus"]
        let policy: Policy
        switch policyName {
        case "floor":
            guard let floorMinor = row["floor_minor"] as Int64? else { throw corrupt("pod '\(raw)' of network version \(version) has no floor") }
            policy = .floor(floorMinor: floorMinor)
        case "average":
            guard let window = row["window_months"] as Int? else { throw corrupt("pod '\(raw)' of network version \(version) has no window") }
            policy = .average(windowMonths: window)
        case "equal":
            policy = .equal
        case "sickness":
            guard let waiting = row["waiting_months"] as Int?, let maximum = row["max_benefit_months"] as Int?,
                  let cap = row["account_cap_months"] as Int?, let names = row["show_sick_names"] as Int? else {
                throw corrupt("pod '\(raw)' of network version \(version) has no sickness terms")
            }
            policy = .sickness(SicknessTerms(waitingMonths: waiting, maxBenefitMonths: maximum, accountCapMonths: cap, showsSickNames: names != 0))
        default:
            throw corrupt("pod '\(raw)' of network version \(version) has policy '\(policyName)'")
        }
        guard let id = try? PodID(raw), let surplus = SurplusMode(rawValue: surplusName) else {
            throw corrupt("pod '\(raw)' of network version \(version) has an invalid id or surplus '\(surplusName)'")
        }
        return PodSettings(id: id, name: row["name"], policy: policy, reserveTargetMinor: row["reserve_target_minor"], surplus: surplus,
                           networkFeeMinor: row["network_fee_minor"], networkGrossBasisPoints: row["network_gross_bp"], tiers: tiers)
    }

    private func level(benefit: Int64?, deposit: Int64?) -> SicknessLevel? {
        guard let benefit, let deposit else { return nil }
        return SicknessLevel(benefitMinor: benefit, depositMinor: deposit)
    }

    private func decodeMember(_ row: Row) throws -> MemberSettings {
        let version: Int64 = row["version_id"]
        let raw: String = row["member"]
        let podRaw: String = row["pod"]
        let joinedText: String = row["joined"]
        let leftText: String? = row["left_month"]
        guard let id = try? MemberID(raw), let pod = try? PodID(podRaw), let joined = try? Month(parsing: joinedText) else {
            throw corrupt("member '\(raw)' of network version \(version) has an invalid id, pod or joined month")
        }
        var left: Month?
        if let leftText {
            guard let value = try? Month(parsing: leftText) else { throw corrupt("member '\(raw)' of network version \(version) has left month '\(leftText)'") }
            left = value
        }
        return MemberSettings(id: id, name: row["name"], pod: pod, pledgeBasisPoints: row["pledge_bp"], hurdleMinor: row["hurdle_minor"],
                              capMinor: row["cap_minor"], joined: joined, left: left, floorMinor: row["floor_minor"],
                              sickness: level(benefit: row["benefit_minor"], deposit: row["deposit_minor"]))
    }
}
