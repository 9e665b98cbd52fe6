import LedgerCore

extension NetworkFile {
    /// The network file (SPEC §2.1) of `settings`: what `parse` reads back as the same settings. The ledger
    /// records the settings, not the file first given (its comments and layout), so a published site offers
    /// this rendering of what the statements were computed with.
    ///
    /// Every value is written, defaults included, except the keys a policy refuses (a sickness fund has no
    /// `surplus` or `reserve_target`); amounts and percents are strings with their exact digits; names are TOML
    /// basic strings. `header` lines are written first, each as a `#` comment.
    public static func text(of settings: NetworkSettings, header: [String] = []) -> String {
        let digits = settings.currency.minorDigits
        func amount(_ minor: Int64) -> String { quoted(Money.format(minor, minorDigits: digits)) }
        func percent(_ basisPoints: Int) -> String { quoted(BasisPoints.format(basisPoints)) }
        var lines = header.map { "# " + $0.filter { !$0.isNewline } }
        if !lines.isEmpty { lines.append("") }
        lines += ["currency = \(quoted(settings.currency.code))", "", "[network]", "share_percent = \(percent(settings.shareBasisPoints))"]
        if settings.levy.feeMinor != 0 { lines.append("fee = \(amount(settings.levy.feeMinor))") }
        if settings.levy.grossBasisPoints != 0 { lines.append("gross_percent = \(percent(settings.levy.grossBasisPoints))") }
        let membersByPod = Dictionary(grouping: settings.members, by: \.pod)
        for pod in settings.pods {
            lines += ["", "[[pod]]", "id = \(quoted(pod.id.raw))", "name = \(quoted(pod.name))", "policy = \(quoted(pod.policy.name))"]
            switch pod.policy {
            case .floor(let floorMinor): lines.append("floor = \(amount(floorMinor))")
            case .average(let window): lines.append("window = \(window)")
            case .equal: break
            case .sickness(let terms):
                lines += ["waiting_months = \(terms.waitingMonths)", "max_benefit_months = \(terms.maxBenefitMonths)",
                          "account_cap_months = \(terms.accountCapMonths)", "show_sick_names = \(terms.showsSickNames)"]
            }
            if pod.policy.sicknessTerms == nil {
                lines += ["reserve_target = \(amount(pod.reserveTargetMinor))", "surplus = \(quoted(pod.surplus.rawValue))"]
            }
            if let fee = pod.networkFeeMinor { lines.append("network_fee = \(amount(fee))") }
            if let percentOfGross = pod.networkGrossBasisPoints { lines.append("network_gross_percent = \(percent(percentOfGross))") }
            for tier in pod.tiers {
                lines += ["", "[[pod.tier]]", "reserve_at_least = \(amount(tier.reserveAtLeastMinor))", "floor_bonus = \(amount(tier.floorBonusMinor))"]
            }
            for member in membersByPod[pod.id] ?? [] {
                lines += ["", "[[pod.member]]", "id = \(quoted(member.id.raw))", "name = \(quoted(member.name))"]
                if let level = member.sickness {
                    lines += ["benefit = \(amount(level.benefitMinor))", "deposit = \(amount(level.depositMinor))"]
                } else {
                    lines.append("pledge_percent = \(percent(member.pledgeBasisPoints))")
                    if member.hurdleMinor != 0 { lines.append("hurdle = \(amount(member.hurdleMinor))") }
                    if let cap = member.capMinor { lines.append("cap = \(amount(cap))") }
                    if let floor = member.floorMinor { lines.append("floor = \(amount(floor))") }
                }
                lines.append("joined = \(quoted(member.joined.description))")
                if let left = member.left { lines.append("left = \(quoted(left.description))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A TOML basic string: `"` and `\` escaped, control characters (and DEL) as `\uXXXX`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
