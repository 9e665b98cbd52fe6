import LedgerCore

/// The one way PodLedger puts a pod's agreement into words, used by statements, `redistribute`,
/// `network show`, `simulate` and the change list of `network apply`.
enum PolicyText {
    /// `floor of 3,000.00 a month`, `average of the last 6 months`, `equal shares`.
    static func phrase(_ policy: Policy, minorDigits: Int) -> String {
        switch policy {
        case .floor(let floorMinor): return "floor of \(Figures.grouped(floorMinor, minorDigits: minorDigits)) a month"
        case .average(let window): return "average of the last \(window) month\(window == 1 ? "" : "s")"
        case .equal: return "equal shares"
        case .sickness(let terms):
            return "sickness fund, benefit after \(terms.waitingMonths) month\(terms.waitingMonths == 1 ? "" : "s") for up to \(terms.maxBenefitMonths)"
        }
    }

    /// What happens to the surplus, as the end of a sentence ("…the rest is refunded in proportion…").
    static func surplus(_ surplus: SurplusMode?) -> String {
        switch surplus {
        case .refund?: return "refunded in proportion to what each member contributed"
        case .equal?: return "shared equally among the members"
        case .reserve?: return "kept in the pod reserve"
        case nil: return "handled as the pod's settings say"
        }
    }

    /// A member's pledge in words: `15%`, `15% above 500.00, at most 2,000.00 a month`.
    static func pledge(_ member: MemberSettings, minorDigits: Int) -> String {
        var text = Figures.percent(member.pledgeBasisPoints)
        if member.hurdleMinor > 0 { text += " above \(Figures.grouped(member.hurdleMinor, minorDigits: minorDigits))" }
        if let cap = member.capMinor { text += ", at most \(Figures.grouped(cap, minorDigits: minorDigits)) a month" }
        return text
    }

    /// `from 2024-01`, `2024-01..2024-09`.
    static func span(_ member: MemberSettings) -> String {
        member.left.map { "\(member.joined)..\($0)" } ?? "from \(member.joined)"
    }

    /// A levy in words: `none`, `250.00 a month`, `2% of gross`, `250.00 a month and 2% of gross`.
    static func levy(_ levy: Levy, minorDigits: Int) -> String {
        var parts: [String] = []
        if levy.feeMinor > 0 { parts.append("\(Figures.grouped(levy.feeMinor, minorDigits: minorDigits)) a month") }
        if levy.grossBasisPoints > 0 { parts.append("\(Figures.percent(levy.grossBasisPoints)) of gross") }
        return parts.isEmpty ? "none" : parts.joined(separator: " and ")
    }

    /// Reserve tiers in words: `none`, `+500.00 from a reserve of 8,000.00, +900.00 from 12,000.00`.
    static func tiers(_ tiers: [ReserveTier], minorDigits: Int) -> String {
        guard !tiers.isEmpty else { return "none" }
        return tiers.enumerated().map { index, tier in
            "+\(Figures.grouped(tier.floorBonusMinor, minorDigits: minorDigits)) from \(index == 0 ? "a reserve of " : "")\(Figures.grouped(tier.reserveAtLeastMinor, minorDigits: minorDigits))"
        }.joined(separator: ", ")
    }

    /// The start of the sentence that says what outstanding dues count: `Counting every closed month through
    /// 2024-12 and the payments recorded up to 2024-12-31`.
    static func counting(closedThrough: Month?, asOf: Day) -> String {
        guard let closedThrough else { return "No month is closed yet; counting the payments recorded up to \(asOf)" }
        return "Counting every closed month through \(closedThrough) and the payments recorded up to \(asOf)"
    }

    /// A sickness fund's terms as JSON fields.
    static func sicknessJSON(_ terms: SicknessTerms) -> [(String, JSON)] {
        [("waiting_months", .integer(terms.waitingMonths)), ("max_benefit_months", .integer(terms.maxBenefitMonths)),
         ("account_cap_months", .integer(terms.accountCapMonths)), ("show_sick_names", .bool(terms.showsSickNames))]
    }

    /// A sickness fund's rules in words, for statements.
    static func sicknessRules(_ terms: SicknessTerms) -> String {
        let waiting = terms.waitingMonths == 1 ? "one month" : "\(terms.waitingMonths) months"
        return "Sickness fund: every member deposits a fixed amount into their own account in the fund each month. When a member "
            + "has been sick for longer than \(waiting), the others give them the benefit they chose from their own accounts, "
            + "each in proportion to their own benefit level, for up to \(terms.maxBenefitMonths) months. An account holds at most "
            + "\(terms.accountCapMonths) deposits, the excess going back to its member; a member who leaves gets their account back."
    }
}
