import Foundation
import LedgerCore
import PodLedger
import Smoothing
import Statements
import Testing

/// The broodfonds of `Samples/agreements/broodfonds/`: its network, the sickness `record-sickness.sh` records, and
/// its two years closed, like the commands of docs/sickness-funds.md. The month that page works through by hand is
/// checked figure by figure (amounts in cents), its statement excerpt against the statement rendered here, and
/// the fund's rules over all 24 months.
@Suite struct SicknessSampleTests {
    static let folder = AgreementSampleTests.agreements.appendingPathComponent("broodfonds")
    static let pod = try! PodID("te-aro")
    static let first = try! Month(parsing: "2024-01")
    static let last = try! Month(parsing: "2025-12")

    /// The `sickness` commands of `record-sickness.sh`, each as its arguments after `sickness`
    /// (`add --member M --from YYYY-MM [--through YYYY-MM]`, `end --member M --through YYYY-MM`), in order.
    static func scriptCommands() throws -> [[String]] {
        let script = try String(contentsOf: folder.appendingPathComponent("record-sickness.sh"), encoding: .utf8)
        return script.split(separator: "\n").compactMap { line in
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = code.split(separator: " ").map(String.init)
            guard words.first == "sick", words.count > 1 else { return nil }
            return Array(words.dropFirst())
        }
    }

    /// Records what the script records, through the library: the same commands, the same order.
    static func record(_ ledger: Ledger) throws {
        for command in try scriptCommands() {
            var options: [String: String] = [:]
            for index in stride(from: 1, to: command.count - 1, by: 2) { options[command[index]] = command[index + 1] }
            let member = try MemberID(try #require(options["--member"]))
            switch command[0] {
            case "add":
                try ledger.addSickness(member: member, from: Month(parsing: try #require(options["--from"])),
                                       through: try options["--through"].map { try Month(parsing: $0) })
            case "end":
                try ledger.endSickness(member: member, through: Month(parsing: try #require(options["--through"])))
            default:
                Issue.record("record-sickness.sh runs `sickness \(command[0])`, which this test does not know")
            }
        }
    }

    /// A new ledger from the sample's network with its sickness recorded and, unless `closing` is false, its two
    /// years closed (`--strict`: a fund's months need no income).
    static func ledger(closing: Bool = true) throws -> Ledger {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-\(UUID().uuidString)/broodfonds.sqlite").path
        let (ledger, _) = try Ledger.create(at: path, networkFile: folder.appendingPathComponent("network.toml").path)
        try record(ledger)
        if closing { _ = try ledger.redistribute(through: last, only: false, dryRun: false, strict: true) }
        return ledger
    }

    static func fund(_ ledger: Ledger, _ month: String) throws -> PodResult {
        try AgreementSampleTests.pod(try AgreementSampleTests.month(ledger, month), pod.raw)
    }

    static func line(_ pod: PodResult, _ id: String) throws -> (member: MemberResult, fund: FundLine) {
        let member = try AgreementSampleTests.member(pod, id)
        return (member, try #require(member.fund))
    }

    static func page() throws -> String {
        try String(contentsOf: AgreementSampleTests.root.appendingPathComponent("docs/sickness-funds.md"), encoding: .utf8)
    }

    // MARK: The sample as recorded

    @Test func theScriptRecordsTenPeriodsAndTheTwoYearsCloseStrictlyWithoutIncome() throws {
        let ledger = try Self.ledger(closing: false)
        let periods = try ledger.sickness().lines.map { "\($0.period.member) \($0.period.from)–\($0.period.through?.description ?? "")" }
        #expect(periods == [
            "aroha 2024-10–", "daniel 2024-06–2024-09", "hemi 2024-08–2024-08", "kiri 2025-01–2025-02", "mere 2024-01–2024-06",
            "ngaire 2025-04–2025-08", "priya 2025-07–2025-10", "sione 2024-02–2024-03", "tama 2024-01–2024-04", "tevita 2025-11–2025-12",
        ])
        // A fund's month does not depend on income: its members need no income rows, even with --strict.
        var silent: [MemberID] = []
        try ledger.redistribute(through: Self.last, only: false, dryRun: false, strict: true) { silent += $0.membersWithoutIncome }
        #expect(silent.isEmpty)
        #expect(try ledger.closedMonths().count == 24)
        #expect(try ledger.check() == [])
    }

    // MARK: The fund's rules over the two years

    @Test func everyMonthConservesMoneyAndKeepsTheRules() throws {
        let ledger = try Self.ledger()
        let settings = try ledger.networkTimeline()
        let terms = try #require(settings.settings(for: Self.first).pod(Self.pod)?.policy.sicknessTerms)
        let periods = try ledger.sickness().lines.map(\.period)
        let results = try ledger.monthResults(from: Self.first, through: Self.last)
        #expect(results.count == 24)
        var monthsCut: [String] = []
        var benefitMonths: [MemberID: Int] = [:]
        for result in results {
            let fund = try AgreementSampleTests.pod(result, Self.pod.raw)
            let lines = try fund.members.map { member in (member, try #require(member.fund)) }
            let deposits = lines.reduce(0) { $0 + $1.0.contributionMinor }
            let opening = lines.reduce(0) { $0 + $1.1.accountOpeningMinor }
            let closing = lines.reduce(0) { $0 + $1.1.accountClosingMinor }
            let benefits = lines.reduce(0) { $0 + $1.1.benefitMinor }
            let refunds = lines.reduce(0) { $0 + $1.1.refundMinor }
            let gifts = lines.reduce(0) { $0 + $1.1.giftMinor }
            // Σ deposits + Σ accounts opening = Σ benefits + Σ refunds + Σ accounts closing.
            #expect(deposits + opening == benefits + refunds + closing, "\(result.month)")
            #expect(gifts == benefits, "\(result.month): what was given is what was paid")
            #expect(fund.contributionsMinor == deposits && fund.reserveOpeningMinor == opening && fund.reserveClosingMinor == closing)
            #expect(fund.toNetworkMinor == 0 && fund.fromNetworkMinor == 0)
            #expect(lines.reduce(0) { $0 + $1.0.receivedMinor } == benefits + refunds)
            if fund.unmetMinor > 0 { monthsCut.append(result.month.description) }
            let due = lines.filter { $0.1.recipient }.reduce(0) { $0 + $1.0.needMinor }
            #expect(due == benefits + fund.unmetMinor, "\(result.month): benefits paid and unmet make up the recipients' levels")
            let sick = periods.sickFrom(in: result.month)
            for (member, line) in lines {
                #expect(line.accountOpeningMinor >= 0 && line.accountClosingMinor >= 0, "\(result.month) \(member.member): own account")
                let from = sick[member.member]
                #expect(line.sick == (from != nil), "\(result.month) \(member.member)")
                if let from {
                    let month = result.month.ordinal - from.ordinal   // 0 in the month the sickness began
                    // No benefit in the waiting months, nor past the limit.
                    #expect(line.recipient == (month >= terms.waitingMonths && month < terms.waitingMonths + terms.maxBenefitMonths))
                    #expect(line.giftMinor == 0, "\(result.month) \(member.member): the sick give nothing")
                }
                if line.benefitMinor > 0 {
                    #expect(line.recipient)
                    benefitMonths[member.member, default: 0] += 1
                }
                if !line.recipient { #expect(line.benefitMinor == 0 && member.needMinor == 0) }
            }
        }
        #expect(monthsCut == ["2024-03", "2024-04"])                    // the young fund's accounts are too small
        #expect(benefitMonths.values.allSatisfy { $0 <= terms.maxBenefitMonths })
        #expect(benefitMonths[try MemberID("hemi")] == nil)            // sick one month: within the waiting month
        #expect(benefitMonths[try MemberID("aroha")] == 14)            // 2024-11 through 2025-12, and still sick
        // The leaver: everything back in 2025-06, then no account at all.
        let felix = try MemberID("felix")
        let june = try Self.line(try Self.fund(ledger, "2025-06"), "felix")
        #expect(june.fund.refundMinor > 0 && june.fund.accountClosingMinor == 0)
        for result in results where result.month > (try Month(parsing: "2025-06")) {
            #expect(try AgreementSampleTests.pod(result, Self.pod.raw).members.allSatisfy { $0.member != felix })
        }
        let balances = try ledger.balances(through: Self.last).lines
        #expect(!balances.contains { $0.account == .ownAccount(Self.pod, felix) })   // no balance left
        #expect(balances.reduce(0) { $0 + $1.balanceMinor } == 0)
    }

    // MARK: Statements of a fund that keeps its members' health private

    @Test func aPrivateFundsMemberStatementsNameNobodyWhoIsSick() throws {
        let ledger = try Self.ledger()
        for text in ["2024-03", "2025-06", "2025-08"] {
            let month = try Month(parsing: text)
            let statement = try ledger.podStatement(pod: Self.pod, month: month).statement
            let fund = try #require(statement.fund)
            #expect(!fund.terms.showsSickNames)
            let sick = fund.sick
            #expect(!sick.isEmpty)
            for line in fund.lines {
                let rendered = try ledger.memberStatement(member: line.member, from: month, through: month).render(.text)
                for other in sick where other.member != line.member {
                    #expect(!rendered.contains(other.name), "\(text): \(line.member)'s statement names \(other.name), who is sick")
                }
            }
        }
        // A donor pays their part to the fund, a recipient gets theirs from it.
        let amelia = try ledger.memberStatement(member: MemberID("amelia"), from: Month(parsing: "2024-03"), through: Month(parsing: "2024-03"))
        let settlement = try #require(amelia.settlement)
        #expect(settlement.pays.map(\.party) == [.podReserve(Self.pod)] && settlement.pays.map(\.amountMinor) == [90_00])
        #expect(settlement.receives.isEmpty)
        let mere = try ledger.memberStatement(member: MemberID("mere"), from: Month(parsing: "2024-03"), through: Month(parsing: "2024-03"))
        #expect(try #require(mere.settlement).receives.map(\.party) == [.podReserve(Self.pod)])
    }

    @Test func sicknessThatEndsWithinTheWaitingMonthBringsNoBenefitAndTheStatementSaysSo() throws {
        let ledger = try Self.ledger()
        let august = try Month(parsing: "2024-08")
        let line = try #require(try ledger.podStatement(pod: Self.pod, month: august).statement.fund?.lines.first { $0.member.raw == "hemi" })
        #expect(line.fund.sick && !line.fund.recipient && line.benefitStarts == nil)
        let text = try ledger.memberStatement(member: MemberID("hemi"), from: august, through: august).render(.text)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!text.contains("starts in"))
        #expect(text.contains("Hemi Walker is sick from 2024-08 through 2024-08 as recorded: the period ends within the waiting time, so it brings no benefit."))
    }

    @Test func aFundHasNoSharedCostsSoAnExpenseForItIsRefused() throws {
        let ledger = try Self.ledger(closing: false)
        let expense = Expense(pod: Self.pod, day: try Day(parsing: "2024-03-05"), amountMinor: 120_00, description: "Hall for the yearly meeting",
                              reference: "HALL-2024")
        #expect {
            try ledger.recordExpense(expense)
        } throws: { error in
            guard case PodLedgerError.invalidExpense(_, let reason) = error else { return false }
            return reason.contains("sickness fund")
        }
        #expect(try ledger.balances(through: nil).lines.allSatisfy { $0.account != .expenses(Self.pod) })
    }

    // MARK: docs/sickness-funds.md

    /// `text` from the first occurrence of `start` up to (not including) the first `end` after it.
    static func excerpt(_ text: String, from start: String, upTo end: String) throws -> String {
        let from = try #require(text.range(of: start))
        let to = try #require(text.range(of: end, range: from.upperBound..<text.endIndex))
        return String(text[from.lowerBound..<to.lowerBound])
    }

    @Test func juneTwentyTwentyFiveByHand() throws {
        let ledger = try Self.ledger()
        #expect(try ledger.check() == [])
        let fund = try Self.fund(ledger, "2025-06")
        let settings = try ledger.networkTimeline().settings(for: Month(parsing: "2025-06"))
        func level(_ member: MemberResult) throws -> SicknessLevel { try #require(settings.member(member.member)?.sickness) }

        #expect(fund.members.count == 48)                               // 46 founders (Felix in his last month), Yusuf, Quinn
        #expect(fund.members.allSatisfy { !["zara", "wen"].contains($0.member.raw) })
        // Deposits by level: 9 × 112.50 + 15 × 90.00 + 15 × 67.50 + 9 × 45.00.
        var taking: [Int64: Int] = [:]
        var deposits: [Int64: Int64] = [:]
        for member in fund.members {
            let level = try level(member)
            taking[level.benefitMinor, default: 0] += 1
            deposits[level.benefitMinor, default: 0] += member.contributionMinor
            #expect(member.contributionMinor == level.depositMinor)
        }
        #expect(taking == [2_500_00: 9, 2_000_00: 15, 1_500_00: 15, 1_000_00: 9])
        #expect(deposits == [2_500_00: 1_012_50, 2_000_00: 1_350_00, 1_500_00: 1_012_50, 1_000_00: 405_00])
        #expect(fund.contributionsMinor == 3_780_00)
        #expect(fund.reserveOpeningMinor == 19_095_00)                 // May's closing
        #expect(try Self.fund(ledger, "2025-05").reserveClosingMinor == 19_095_00)

        // Who receives: Aroha (since 2024-10, 8th month of benefit), Ngaire (since 2025-04, 2nd); nobody waiting.
        let report = try ledger.podStatement(pod: Self.pod, month: Month(parsing: "2025-06"))
        let statement = report.statement
        let lines = try #require(statement.fund).lines
        #expect(lines.filter(\.fund.sick).map(\.member.raw) == ["aroha", "ngaire"])
        #expect(lines.filter(\.fund.recipient).map(\.member.raw) == ["aroha", "ngaire"])
        let aroha = try #require(lines.first { $0.member.raw == "aroha" })
        let ngaire = try #require(lines.first { $0.member.raw == "ngaire" })
        #expect(aroha.sickFrom?.description == "2024-10" && aroha.benefitMonth == 8 && aroha.benefitMonthsLeft == 16)
        #expect(ngaire.sickFrom?.description == "2025-04" && ngaire.benefitMonth == 2)

        // Gifts: G = 4,000.00 over the donors' levels, 80,000.00: 5% of each level, exact, in one round.
        let donors = try fund.members.filter { !(try #require($0.fund)).sick }
        #expect(donors.count == 46)
        #expect(try donors.reduce(0) { $0 + (try level($1)).benefitMinor } == 80_000_00)
        var given: [Int64: Int64] = [:]
        for donor in donors {
            let line = try #require(donor.fund)
            let level = try level(donor).benefitMinor
            #expect(line.giftMinor == level / 20, "\(donor.member)")   // 4,000.00 × level ÷ 80,000.00
            #expect(line.accountOpeningMinor + donor.contributionMinor >= line.giftMinor)
            given[level, default: 0] += line.giftMinor
        }
        #expect(given == [2_500_00: 1_000_00, 2_000_00: 1_500_00, 1_500_00: 1_050_00, 1_000_00: 450_00])
        let quinn = try Self.line(fund, "quinn")                        // the tightest donor
        #expect(quinn.fund.accountOpeningMinor == 77_09 && quinn.fund.giftMinor == 100_00 && quinn.fund.accountClosingMinor == 67_09)
        let quinnHolds = quinn.fund.accountOpeningMinor + quinn.member.contributionMinor
        #expect(quinnHolds == 167_09)
        // Relative to what each donor is asked, nobody holds less than Quinn: 167.09 for 100.00.
        #expect(donors.allSatisfy { ($0.fund!.accountOpeningMinor + $0.contributionMinor) * quinn.fund.giftMinor >= quinnHolds * $0.fund!.giftMinor })

        // Benefits in full, no cap refund, Felix's account back.
        #expect(fund.unmetMinor == 0 && fund.toNetworkMinor == 0 && fund.fromNetworkMinor == 0)
        let arohaLine = try Self.line(fund, "aroha")
        let ngaireLine = try Self.line(fund, "ngaire")
        let felix = try Self.line(fund, "felix")
        #expect(arohaLine.fund.benefitMinor == 2_500_00 && ngaireLine.fund.benefitMinor == 1_500_00)
        #expect(try fund.members.allSatisfy { member in
            try #require(member.fund).accountClosingMinor <= 18 * (try level(member)).depositMinor
        })
        #expect(fund.members.filter { ($0.fund?.refundMinor ?? 0) > 0 }.map(\.member.raw) == ["felix"])
        #expect(felix.fund.accountOpeningMinor == 313_04 && felix.fund.giftMinor == 75_00 && felix.fund.refundMinor == 305_54)
        #expect(felix.fund.accountClosingMinor == 0)
        #expect(fund.reserveClosingMinor == 18_569_46)                  // 22,875.00 − 4,000.00 − 305.54
        #expect(fund.contributionsMinor + fund.reserveOpeningMinor == 22_875_00)

        // The members' month.
        #expect(arohaLine.fund.accountOpeningMinor == 1_145_16 && arohaLine.fund.accountClosingMinor == 1_257_66 && arohaLine.member.netMinor == 2_387_50)
        #expect(ngaireLine.fund.accountOpeningMinor == 434_95 && ngaireLine.fund.accountClosingMinor == 502_45 && ngaireLine.member.netMinor == 1_432_50)
        #expect(felix.member.netMinor == 238_04 && quinn.member.netMinor == -90_00)
        #expect(arohaLine.fund.giftMinor == 0 && ngaireLine.fund.giftMinor == 0)
        // Settling: the 45 other donors owe 3,532.50; the own accounts pay out 525.54.
        #expect(donors.filter { $0.member.raw != "felix" }.reduce(0) { $0 + $1.contributionMinor } == 3_532_50)
        #expect(fund.reserveOpeningMinor - fund.reserveClosingMinor == 525_54)
        #expect(Settlement.transfers(for: fund).filter { $0.from == .podReserve(Self.pod) }.reduce(0) { $0 + $1.amountMinor } == 525_54)

        // The statements the page prints.
        let page = try Self.page()
        let text = report.render(.text)
        #expect(page.contains(try Self.excerpt(text, from: "Broodfonds Te Aro — pod statement for 2025-06", upTo: "\nMembers\n")))
        let member = try ledger.memberStatement(member: MemberID("felix"), from: Month(parsing: "2025-06"), through: Month(parsing: "2025-06")).render(.text)
        let settling = try #require(member.range(of: "Settling 2025-06"))
        let end = try #require(member.range(of: "\n\n", range: settling.upperBound..<member.endIndex))
        let own = try #require(member.range(of: "Own account in the fund\n"))
        #expect(page.contains(String(member[own.lowerBound..<end.lowerBound]) + "\n"))
    }

    @Test func marchTwentyTwentyFourFallsShort() throws {
        let ledger = try Self.ledger()
        #expect(try Self.fund(ledger, "2024-02").members.reduce(0) { $0 + ($1.fund?.giftMinor ?? 0) } == 4_500_00)
        let fund = try Self.fund(ledger, "2024-03")
        #expect(fund.reserveOpeningMinor == 2_745_00 && fund.contributionsMinor == 3_622_50)
        let tama = try Self.line(fund, "tama")
        let mere = try Self.line(fund, "mere")
        let sione = try Self.line(fund, "sione")
        #expect([tama, mere, sione].map(\.fund.accountOpeningMinor) == [225_00, 180_00, 225_00])
        #expect([tama, mere, sione].allSatisfy { $0.fund.recipient })
        #expect(fund.needMinor == 7_000_00)                             // G
        let settings = try ledger.networkTimeline().settings(for: Month(parsing: "2024-03"))
        let donors = try fund.members.filter { !(try #require($0.fund)).sick }
        #expect(donors.count == 43)
        #expect(try donors.reduce(0) { $0 + (try #require(settings.member($1.member)?.sickness)).benefitMinor } == 73_500_00)
        #expect(donors.reduce(0) { $0 + $1.fund!.accountOpeningMinor + $1.contributionMinor } == 5_422_50)
        #expect(donors.reduce(0) { $0 + $1.fund!.accountOpeningMinor } == 2_115_00)
        // Every donor gives everything.
        #expect(donors.allSatisfy { $0.fund!.giftMinor == $0.fund!.accountOpeningMinor + $0.contributionMinor && $0.fund!.accountClosingMinor == 0 })
        #expect(fund.unmetMinor == 1_577_50)
        #expect([tama, sione, mere].map(\.fund.benefitMinor) == [1_936_61, 1_936_61, 1_549_28])
        #expect([tama, sione, mere].map(\.member.unmetMinor) == [563_39, 563_39, 450_72])
        #expect([tama, mere, sione].map(\.fund.accountClosingMinor) == [337_50, 270_00, 337_50])
        #expect(fund.reserveClosingMinor == 945_00)
        let april = try Self.fund(ledger, "2024-04")
        #expect(try Self.line(april, "sione").fund.giftMinor == 450_00 && april.unmetMinor == 742_50)
        #expect(try Self.fund(ledger, "2024-05").unmetMinor == 0)
        let text = try ledger.podStatement(pod: Self.pod, month: Month(parsing: "2024-03")).render(.text)
        #expect(try Self.page().contains(try Self.excerpt(text, from: "3 members are sick this month", upTo: "\nMembers\n")))
    }

    @Test func duesAreDepositsLessBenefitsAndRefunds() throws {
        let ledger = try Self.ledger()
        let dues = try #require(try ledger.dues(pod: Self.pod).pods.first)
        func due(_ id: String) throws -> Int64 { try #require(dues.member(try MemberID(id))).dues.dueMinor }
        #expect(try due("amelia") == 24 * 90_00)
        #expect(try due("aroha") == 24 * 112_50 - 14 * 2_500_00)      // −32,300.00
        #expect(try due("felix") == 18 * 67_50 - 305_54)               // 909.46
        #expect(dues.network.dueMinor == 0)
        #expect(try due("aroha") == -32_300_00 && due("felix") == 909_46)
    }
}
