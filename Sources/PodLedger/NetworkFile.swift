import LedgerCore
import TOMLKit

/// Reads a network file (SPEC §2.1) into exact settings.
///
/// Amounts and percents may be TOML strings or numbers. TOML would read `3000.50` as a binary float,
/// so before parsing, a bare decimal literal that is a whole value (`key = 3000.50`) is rewritten as the
/// string `"3000.50"`; any float that still reaches us (an exponent, `inf`) is refused.
///
/// The file's size and nesting are checked before toml++ sees it (`NetworkFile+Limits.swift`).
public enum NetworkFile {
    public static func parse(_ text: String, file: String) throws(PodLedgerError) -> NetworkSettings {
        guard text.utf8.count <= Limits.networkFileBytesMax else {
            throw .networkFile(file: file, message: tooLargeMessage)
        }
        // Checked before the rewrite, which walks Characters and is slow on a long line. The rewrite cannot undo
        // the check: it only turns a bare decimal (digits, '.', signs, '_') into a quoted one on the same line.
        try checkLimits(text, file: file)
        let rewritten = quoteDecimalLiterals(text)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: rewritten)
        } catch let error as TOMLParseError {
            throw .networkFile(file: "\(file):\(error.source.begin.line)", message: "not valid TOML: \(MessageText.escaped(error.description))")
        } catch {
            throw .networkFile(file: file, message: "not valid TOML: \(MessageText.escaped(String(describing: error)))")
        }
        var reader = Reader(file: file)
        return try reader.settings(table)
    }

    /// Rewrites `key = 12.50` (a bare decimal value on its own line) as `key = "12.50"`, outside multi-line strings.
    static func quoteDecimalLiterals(_ text: String) -> String {
        var inMultiline: String? = nil
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let delimiter = inMultiline {
                if occurrences(of: delimiter, in: line) % 2 == 1 { inMultiline = nil }
                lines.append(line)
                continue
            }
            for delimiter in ["\"\"\"", "'''"] where occurrences(of: delimiter, in: line) % 2 == 1 {
                inMultiline = delimiter
            }
            lines.append(inMultiline == nil ? quoteDecimalValue(line) : line)
        }
        return lines.joined(separator: "\n")
    }

    private static func occurrences(of delimiter: String, in line: Substring) -> Int {
        var count = 0
        var rest = line[...]
        while let range = rest.firstRange(of: delimiter) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }

    private static func quoteDecimalValue(_ line: Substring) -> Substring {
        guard let equals = line.firstIndex(of: "=") else { return line }
        let key = line[..<equals]
        guard !key.contains("\""), !key.contains("'"), !key.contains("[") else { return line }
        var value = line[line.index(after: equals)...]
        var comment: Substring = ""
        if let hash = value.firstIndex(of: "#") {
            comment = value[hash...]
            value = value[..<hash]
        }
        let literal = value.filter { $0 != " " && $0 != "\t" && $0 != "\r" }
        let decimalCharacters: Set<Character> = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "-", "+", "_"]
        guard literal.contains("."), literal.allSatisfy({ decimalCharacters.contains($0) }) else { return line }
        let digits = literal.filter { $0 != "_" }
        return Substring(key + "= \"" + digits + "\" " + comment)
    }

    private struct Reader {
        let file: String

        mutating func settings(_ root: TOMLTable) throws(PodLedgerError) -> NetworkSettings {
            try allowOnly(root, ["currency", "network", "pod"], in: "the top level")
            guard let currencyCode = try string(root, "currency", in: "the top level") else {
                // TOML puts a key written after a [table] header into that table.
                let misplaced = ["network"].first { root[$0]?.table?["currency"] != nil }
                throw fail("no currency: add currency = \"NZD\" (the network's ISO 4217 code) at the top of the file, before any [table]"
                    + (misplaced.map { "; the currency written under [\($0)] belongs to that table" } ?? ""))
            }
            let currency: Currency
            do { currency = try Currency(code: currencyCode) } catch { throw fail("\(error)") }
            var shareBasisPoints = 0
            var levy = Levy.none
            if let network = root["network"] {
                guard let table = network.table else { throw fail("[network] must be a table") }
                try allowOnly(table, ["share_percent", "fee", "gross_percent"], in: "[network]")
                shareBasisPoints = try percent(table, "share_percent", in: "[network]") ?? 0
                levy = Levy(feeMinor: try amount(table, "fee", in: "[network]", currency: currency) ?? 0,
                            grossBasisPoints: try percent(table, "gross_percent", in: "[network]") ?? 0)
            }
            var pods: [PodSettings] = []
            var members: [MemberSettings] = []
            guard let podArray = root["pod"]?.array else { throw fail("no [[pod]] tables; a network needs at least one pod") }
            for index in 0..<podArray.count {
                guard let podTable = podArray[index].table else { throw fail("[[pod]] number \(index + 1) is not a table") }
                let (pod, podMembers) = try self.pod(podTable, number: index + 1, currency: currency)
                pods.append(pod)
                members += podMembers
            }
            do {
                return try NetworkSettings(currency: currency, shareBasisPoints: shareBasisPoints, levy: levy, pods: pods, members: members)
            } catch {
                throw fail(error.description)
            }
        }

        func pod(_ table: TOMLTable, number: Int, currency: Currency) throws(PodLedgerError) -> (PodSettings, [MemberSettings]) {
            let place = "[[pod]] number \(number)"
            let keys: Set<String> = ["id", "name", "policy", "floor", "window", "reserve_target", "surplus", "member",
                                     "network_fee", "network_gross_percent", "tier"]
            try allowOnly(table, keys.union(Self.fundKeys), in: place)
            guard let rawID = try string(table, "id", in: place) else { throw fail("\(place) has no id") }
            let id: PodID
            do { id = try PodID(rawID) } catch { throw fail("\(place): \(error)") }
            let where_ = "pod '\(id)'"
            let name = try displayName(table, in: where_) ?? id.raw
            let policy: Policy
            switch try string(table, "policy", in: where_) {
            case "floor":
                try refuse(table, "window", unless: "average", in: where_)
                guard let floor = try amount(table, "floor", in: where_, currency: currency) else {
                    throw fail("\(where_) has policy \"floor\" but no floor; add floor = \"3000.00\"")
                }
                policy = .floor(floorMinor: floor)
            case "average":
                try refuse(table, "floor", unless: "floor", in: where_)
                guard let window = try integer(table, "window", in: where_) else {
                    throw fail("\(where_) has policy \"average\" but no window; add window = 6")
                }
                policy = .average(windowMonths: window)
            case "equal":
                try refuse(table, "floor", unless: "floor", in: where_)
                try refuse(table, "window", unless: "average", in: where_)
                policy = .equal
            case "sickness":
                policy = .sickness(try sicknessTerms(table, in: where_))
            case let other:
                throw fail("\(where_): policy must be \"floor\", \"average\", \"equal\" or \"sickness\", not \(other.map { "\"\(MessageText.escaped($0))\"" } ?? "missing")")
            }
            if policy.sicknessTerms == nil {
                for key in Self.fundKeys.sorted() { try refuse(table, key, unless: "sickness", in: where_) }
            }
            let reserveTarget = try amount(table, "reserve_target", in: where_, currency: currency) ?? 0
            let surplusText = try string(table, "surplus", in: where_) ?? "refund"
            guard let surplus = SurplusMode(rawValue: surplusText) else {
                throw fail("\(where_): surplus must be \"refund\", \"equal\" or \"reserve\", not \"\(MessageText.escaped(surplusText))\"")
            }
            var members: [MemberSettings] = []
            if let memberValue = table["member"] {
                guard let array = memberValue.array else { throw fail("\(where_): members are [[pod.member]] tables") }
                for index in 0..<array.count {
                    guard let memberTable = array[index].table else { throw fail("\(where_): member number \(index + 1) is not a table") }
                    members.append(try member(memberTable, pod: id, number: index + 1, currency: currency, isFund: policy.sicknessTerms != nil))
                }
            }
            let settings = PodSettings(
                id: id, name: name, policy: policy, reserveTargetMinor: reserveTarget, surplus: surplus,
                networkFeeMinor: try amount(table, "network_fee", in: where_, currency: currency),
                networkGrossBasisPoints: try percent(table, "network_gross_percent", in: where_),
                tiers: try tiers(table, in: where_, currency: currency))
            return (settings, members)
        }

        /// The keys of a sickness fund's `[[pod]]` table (SPEC §7).
        static let fundKeys: Set<String> = ["waiting_months", "max_benefit_months", "account_cap_months", "show_sick_names"]

        /// A sickness fund's terms; the other policies' keys are refused, naming the key.
        func sicknessTerms(_ table: TOMLTable, in place: String) throws(PodLedgerError) -> SicknessTerms {
            for key in ["floor", "window", "reserve_target", "surplus", "tier", "network_fee", "network_gross_percent"] where table[key] != nil {
                throw fail("\(place): \(key) is not a setting of a sickness fund (policy = \"sickness\"), whose members deposit fixed amounts into their own accounts; remove it")
            }
            var showsNames = false
            if let value = table["show_sick_names"] {
                guard let flag = value.bool else { throw fail("\(place): show_sick_names must be true or false") }
                showsNames = flag
            }
            let defaults = SicknessTerms()
            return SicknessTerms(waitingMonths: try integer(table, "waiting_months", in: place) ?? defaults.waitingMonths,
                                 maxBenefitMonths: try integer(table, "max_benefit_months", in: place) ?? defaults.maxBenefitMonths,
                                 accountCapMonths: try integer(table, "account_cap_months", in: place) ?? defaults.accountCapMonths,
                                 showsSickNames: showsNames)
        }

        /// A member of a sickness fund: a benefit and a deposit, required; pledge terms and floors refused, naming the key.
        func fundMember(_ table: TOMLTable, id: MemberID, pod: PodID, in place: String, currency: Currency) throws(PodLedgerError) -> MemberSettings {
            for key in ["pledge_percent", "hurdle", "cap", "floor"] where table[key] != nil {
                throw fail("\(place): \(key) is not a setting of a sickness fund's member, who deposits a fixed amount; remove it (the fund uses benefit and deposit)")
            }
            guard let benefit = try amount(table, "benefit", in: place, currency: currency) else {
                throw fail("\(place) has no benefit; add benefit = \"1500.00\" (the monthly benefit when sick)")
            }
            guard let deposit = try amount(table, "deposit", in: place, currency: currency) else {
                throw fail("\(place) has no deposit; add deposit = \"67.50\" (the fixed monthly deposit)")
            }
            guard let joinedText = try string(table, "joined", in: place) else {
                throw fail("\(place) has no joined month; add joined = \"2024-01\"")
            }
            return MemberSettings(
                id: id, name: try displayName(table, in: place) ?? id.raw, pod: pod, pledgeBasisPoints: 0, hurdleMinor: 0, capMinor: nil,
                joined: try month(joinedText, key: "joined", in: place),
                left: try string(table, "left", in: place).map { (text) throws(PodLedgerError) in try month(text, key: "left", in: place) },
                sickness: SicknessLevel(benefitMinor: benefit, depositMinor: deposit))
        }

        /// `[[pod.tier]]` tables, in the file's order (the settings check that thresholds rise).
        func tiers(_ table: TOMLTable, in place: String, currency: Currency) throws(PodLedgerError) -> [ReserveTier] {
            guard let value = table["tier"] else { return [] }
            guard let array = value.array else { throw fail("\(place): reserve tiers are [[pod.tier]] tables") }
            var tiers: [ReserveTier] = []
            for index in 0..<array.count {
                let where_ = "\(place) tier \(index + 1)"
                guard let tier = array[index].table else { throw fail("\(where_) is not a table") }
                try allowOnly(tier, ["reserve_at_least", "floor_bonus"], in: where_)
                guard let threshold = try amount(tier, "reserve_at_least", in: where_, currency: currency) else {
                    throw fail("\(where_) has no reserve_at_least; add reserve_at_least = \"8000.00\" (the reserve at the start of a month from which the tier applies)")
                }
                guard let bonus = try amount(tier, "floor_bonus", in: where_, currency: currency) else {
                    throw fail("\(where_) has no floor_bonus; add floor_bonus = \"500.00\" (what every member's floor rises by)")
                }
                tiers.append(ReserveTier(reserveAtLeastMinor: threshold, floorBonusMinor: bonus))
            }
            return tiers
        }

        func member(_ table: TOMLTable, pod: PodID, number: Int, currency: Currency, isFund: Bool) throws(PodLedgerError) -> MemberSettings {
            let place = "pod '\(pod)' member number \(number)"
            try allowOnly(table, ["id", "name", "pledge_percent", "hurdle", "cap", "joined", "left", "floor", "benefit", "deposit"], in: place)
            guard let rawID = try string(table, "id", in: place) else { throw fail("\(place) has no id") }
            let id: MemberID
            do { id = try MemberID(rawID) } catch { throw fail("\(place): \(error)") }
            let where_ = "member '\(id)'"
            if isFund { return try fundMember(table, id: id, pod: pod, in: where_, currency: currency) }
            for key in ["benefit", "deposit"] where table[key] != nil {
                throw fail("\(where_): \(key) is a setting of members of sickness funds (policy = \"sickness\"); remove it")
            }
            guard let pledge = try percent(table, "pledge_percent", in: where_) else {
                throw fail("\(where_) has no pledge_percent; add pledge_percent = \"15\"")
            }
            guard let joinedText = try string(table, "joined", in: where_) else {
                throw fail("\(where_) has no joined month; add joined = \"2024-01\"")
            }
            return MemberSettings(
                id: id, name: try displayName(table, in: where_) ?? id.raw, pod: pod, pledgeBasisPoints: pledge,
                hurdleMinor: try amount(table, "hurdle", in: where_, currency: currency) ?? 0,
                capMinor: try amount(table, "cap", in: where_, currency: currency),
                joined: try month(joinedText, key: "joined", in: where_),
                left: try string(table, "left", in: where_).map { (text) throws(PodLedgerError) in try month(text, key: "left", in: where_) },
                floorMinor: try amount(table, "floor", in: where_, currency: currency))
        }

        // MARK: typed values

        func fail(_ message: String) -> PodLedgerError { .networkFile(file: file, message: message) }

        func allowOnly(_ table: TOMLTable, _ keys: Set<String>, in place: String) throws(PodLedgerError) {
            for key in table.keys where !keys.contains(key) {
                throw fail("\(place): unknown key \(MessageText.quoted(key)); allowed keys are \(keys.sorted().joined(separator: ", "))")
            }
        }

        func string(_ table: TOMLTable, _ key: String, in place: String) throws(PodLedgerError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw fail("\(place): \(key) must be a string") }
            return text
        }

        func displayName(_ table: TOMLTable, in place: String) throws(PodLedgerError) -> String? {
            guard let name = try string(table, "name", in: place) else { return nil }
            guard name.count <= Limits.nameCharactersMax else {
                throw fail("\(place): name is longer than \(Limits.nameCharactersMax) characters")
            }
            // Tab included: a name is one line of a statement's table.
            if let (scalar, character) = MessageText.first(in: name, where: { $0.properties.generalCategory == .control }) {
                throw fail("\(place): the name holds the control character \(MessageText.codePoint(scalar)) at character \(character): "
                    + "\(MessageText.quoted(name)); names are printed on statements, so remove it")
            }
            return name
        }

        func integer(_ table: TOMLTable, _ key: String, in place: String) throws(PodLedgerError) -> Int? {
            guard let value = table[key] else { return nil }
            if let number = value.int { return number }
            if let text = value.string, let number = Int(text) { return number }
            throw fail("\(place): \(key) must be a whole number")
        }

        /// A key that belongs to another policy: refused rather than silently ignored.
        func refuse(_ table: TOMLTable, _ key: String, unless policy: String, in place: String) throws(PodLedgerError) {
            guard table[key] != nil else { return }
            throw fail("\(place): \(key) is a setting of policy \"\(policy)\" pods; remove it, or set policy = \"\(policy)\"")
        }

        /// The exact text of an amount or percent: a string, an integer, or a decimal rewritten as a string.
        func numberText(_ table: TOMLTable, _ key: String, in place: String, example: String) throws(PodLedgerError) -> String? {
            guard let value = table[key] else { return nil }
            if let text = value.string { return text }
            if let number = value.int { return String(number) }
            throw fail("\(place): \(key) must be a decimal number written plainly, e.g. \(key) = \"\(example)\"")
        }

        func amount(_ table: TOMLTable, _ key: String, in place: String, currency: Currency) throws(PodLedgerError) -> Int64? {
            guard let text = try numberText(table, key, in: place, example: "3000.00") else { return nil }
            do { return try Money.parseMinor(text, minorDigits: currency.minorDigits) } catch { throw fail("\(place): \(key): \(error)") }
        }

        func percent(_ table: TOMLTable, _ key: String, in place: String) throws(PodLedgerError) -> Int? {
            guard let text = try numberText(table, key, in: place, example: "12.5") else { return nil }
            do { return try BasisPoints.parse(text) } catch { throw fail("\(place): \(key): \(error)") }
        }

        func month(_ text: String, key: String, in place: String) throws(PodLedgerError) -> Month {
            do { return try Month(parsing: text) } catch { throw fail("\(place): \(key): \(error)") }
        }
    }
}
