import Foundation
import LedgerCore
import Smoothing
import Testing
@testable import Statements

@Suite struct StatementModelTests {
    @Test func podStatementCarriesTheFiguresAndNames() {
        let statement = Fixtures.auroraStatement()
        #expect(statement.name == "Aurora Collective")
        #expect(statement.members.map(\.name) == ["Alice Ngata", "Ben Tupou", "Mere Rāwiri"])
        #expect(statement.incomeMinor == 1_000_000)
        #expect(statement.receivedMinor == 202_000)
        #expect(statement.netMinor == 1_087_500)
        #expect(statement.members.map(\.netMinor) == [347_500, 440_000, 300_000])
        #expect(statement.members[2].receivedFromNetworkMinor == 42_000)
        #expect(statement.members[0].hurdleMinor == 50_000 && statement.members[0].capMinor == 200_000)
        #expect(statement.settlement == Settlement.transfers(for: Fixtures.auroraMarch))
        #expect(PodStatement(pod: Fixtures.pod("nobody"), in: Fixtures.marchResult, settings: Fixtures.settings(), preview: false) == nil)
    }

    @Test func unknownNamesFallBackToIDs() throws {
        let empty = try NetworkSettings(currency: Fixtures.nzd, shareBasisPoints: 0, pods: [], members: [])
        let statement = PodStatement(result: Fixtures.tuiMarch, month: Fixtures.march, currency: Fixtures.nzd, settings: empty, preview: false)
        #expect(statement.name == "tui")
        #expect(statement.members.map(\.name) == ["ana", "kiri", "tama"])
        #expect(statement.surplus == nil)
        #expect(statement.render(.text).contains("handled as the pod's settings say") == false, "equal pods do not mention surplus")
    }

    @Test func previewIsMarkedInEveryFormat() throws {
        let preview = Fixtures.auroraStatement(preview: true)
        let closed = Fixtures.auroraStatement()
        for format in [ReportFormat.text, .md, .html] {
            #expect(preview.render(format).contains("PREVIEW — month not closed"))
            #expect(!closed.render(format).contains("PREVIEW"))
        }
        #expect(preview.render(.csv).contains("aurora,Aurora Collective,2024-03,NZD,floor,preview\r\n"))
        let json = try JSONSerialization.jsonObject(with: Data(preview.render(.json).utf8)) as! [String: Any]
        #expect(json["preview"] as? Bool == true)
    }

    @Test func unmetNeedIsExplained() {
        let pod = PodResult(
            pod: Fixtures.pod("aurora"), policy: .floor(floorMinor: 300_000),
            members: [Fixtures.line("mere", income: 0, pledge: 1000, contribution: 0, need: 300_000, fromPod: 10_000, unmet: 290_000)],
            contributionsMinor: 0, reserveOpeningMinor: 10_000, reserveDrawMinor: 10_000, reserveDepositMinor: 0,
            surplusToReserveMinor: 0, reserveClosingMinor: 0, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 290_000)
        let statement = PodStatement(result: pod, month: Fixtures.march, currency: Fixtures.nzd, settings: Fixtures.settings(), preview: false)
        #expect(statement.render(.text).contains("Still unmet: 2,900.00."))
        #expect(statement.render(.text).contains("Pod reserve  Mere Rāwiri  100.00"))
    }

    /// SPEC §4.1: these names keep their meaning; amounts are strings with the currency's digits.
    @Test(arguments: [("NZD", "^-?[0-9]+\\.[0-9]{2}$"), ("JPY", "^-?[0-9]+$"), ("BHD", "^-?[0-9]+\\.[0-9]{3}$")])
    func podJSONHasTheSpecFields(code: String, pattern: String) throws {
        let currency = try Currency(code: code)
        let statement = PodStatement(result: Fixtures.auroraMarch, month: Fixtures.march, currency: currency,
                                     settings: Fixtures.settings(), preview: false)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(statement.render(.json).utf8)) as? [String: Any])
        let amount = try Regex(pattern)
        #expect(json["pod"] as? String == "aurora")
        #expect(json["month"] as? String == "2024-03")
        #expect(json["currency"] as? String == code)
        #expect(json["policy"] as? String == "floor")
        for key in ["contributions", "reserve_opening", "reserve_closing", "to_network", "from_network", "unmet"] {
            let value = try #require(json[key] as? String, "\(key)")
            #expect(value.wholeMatch(of: amount) != nil, "\(key): \(value)")
        }
        let members = try #require(json["members"] as? [[String: Any]])
        #expect(members.map { $0["member"] as? String } == ["alice", "ben", "mere"])
        for member in members {
            for key in ["income", "contribution", "received", "net"] {
                let value = try #require(member[key] as? String, "\(key)")
                #expect(value.wholeMatch(of: amount) != nil, "\(key): \(value)")
            }
        }
        if code == "JPY" {
            #expect(members[0]["income"] as? String == "400000")
        }
        if code == "BHD" {
            #expect(members[0]["income"] as? String == "400.000")
        }
    }

    @Test func networkJSONIsTheRedistributeShape() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.networkStatement().render(.json).utf8)) as? [String: Any])
        #expect(json["month"] as? String == "2024-03")
        #expect(json["currency"] as? String == "NZD")
        let pods = try #require(json["pods"] as? [[String: Any]])
        #expect(pods.map { $0["pod"] as? String } == ["aurora", "kauri", "tui"])
        #expect(pods.map { $0["to_network"] as? String } == ["0.00", "20.00", "62.00"])
        let network = try #require(json["network"] as? [String: Any])
        #expect(network["reserve_opening"] as? String == "400.00")
        #expect(network["reserve_closing"] as? String == "62.00")
        let statement = Fixtures.networkStatement()
        #expect(statement.reserveOpeningMinor + statement.fromPodsMinor - statement.toPodsMinor == statement.reserveClosingMinor)
    }

    @Test func memberStatementTotalsTheYearToDate() throws {
        let december = try Month(parsing: "2023-12")
        func month(_ month: Month, income: Int64) -> MonthResult {
            MonthResult(
                month: month, currency: Fixtures.nzd,
                pods: [PodResult(
                    pod: Fixtures.pod("tui"), policy: .equal,
                    members: [Fixtures.line("ana", income: income, pledge: 1000, contribution: income / 10, fromPod: 500)],
                    contributionsMinor: income / 10, reserveOpeningMinor: 0, reserveDrawMinor: 0, reserveDepositMinor: 0,
                    surplusToReserveMinor: 0, reserveClosingMinor: 0, toNetworkMinor: income / 10 - 500, fromNetworkMinor: 0,
                    unmetMinor: 0)],
                networkReserveOpeningMinor: 0, networkReserveClosingMinor: 0, entries: [])
        }
        let results = [month(Fixtures.february, income: 20_000), month(december, income: 10_000),
                       month(Fixtures.january, income: -5_000), month(Fixtures.march, income: 99_999)]
        let statement = MemberStatement(member: Fixtures.member("ana"), from: december, through: Fixtures.february,
                                        results: results, settings: Fixtures.settings())
        #expect(statement.months.map(\.month) == [december, Fixtures.january, Fixtures.february], "sorted, March left out")
        #expect(statement.yearToDate.monthsCount == 2)
        #expect(statement.yearToDate.incomeMinor == 15_000)
        #expect(statement.totals.incomeMinor == 25_000)
        #expect(statement.totals.receivedMinor == 1_500)
        #expect(statement.months[1].contributionMinor == -500, "figures are shown as given")
        #expect(!statement.hasPreviewMonths)
        #expect(statement.render(.text).contains("Year to date 2024"))
        #expect(statement.volatility == nil && !statement.render(.text).contains("How steady"))

        let nobody = MemberStatement(member: Fixtures.member("zed"), from: december, through: Fixtures.february,
                                     results: results, settings: Fixtures.settings())
        #expect(nobody.months.isEmpty)
        #expect(nobody.render(.text).contains("No month in this range"))
    }

    /// Smoothing's figures, shown as they are: averages, swing (coefficient of variation) as a percent, months
    /// below the floor, worst months; before the pod is income, after it is net.
    @Test func volatilityShowsSmoothingsFigures() throws {
        let figures = Fixtures.aliceVolatility
        // January 5,000.00 / 4,325.00 and February 2,800.00 / 3,000.00: σ 1,100.00 on 3,900.00 and 662.50 on 3,662.50.
        #expect(figures.monthsCount == 2)
        #expect(figures.meanIncomeMinor == 390_000 && figures.meanNetMinor == 366_250)
        #expect(figures.coefficientOfVariationBeforeBasisPoints == 2820 && figures.coefficientOfVariationAfterBasisPoints == 1808)
        #expect(figures.monthsBelowFloorBefore == 1 && figures.monthsBelowFloorAfter == 0)
        let statement = Fixtures.aliceStatement()
        #expect(statement.volatilityThreshold == .floor(300_000))
        let text = statement.render(.text)
        #expect(statement.render(.md).contains(
            "Over 2 closed months, your income swung 28.20% around its average before the pod and 18.08% after it: the pod made it steadier."))
        #expect(text.contains("Swing                                       28.20%         18.08%\n"))
        #expect(text.contains("Months below the floor of 3,000.00               1              0\n"))
        #expect(text.contains("Worst month                                2024-02        2024-02\n"))
        #expect(text.contains("Worst month's amount                      2,800.00       3,000.00\n"))
        let csv = statement.render(.csv)
        #expect(csv.contains("\r\nswing,28.2,18.08\r\n"))
        #expect(csv.contains("\r\naverage,3900.00,3662.50\r\n"))
        #expect(csv.contains("\r\nworst_month_amount,2800.00,3000.00\r\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(statement.render(.json).utf8)) as? [String: Any])
        let volatility = try #require(json["volatility"] as? [String: Any])
        #expect(volatility["swing_before_percent"] as? String == "28.2")
        #expect(volatility["swing_after_percent"] as? String == "18.08")
        #expect(volatility["floor"] as? String == "3000.00")
        #expect((volatility["worst_month_after"] as? [String: Any])?["amount"] as? String == "3000.00")
        #expect(statement.render(.html).contains("<td data-label=\"Per month\">Swing</td><td data-label=\"Before the pod\" class=\"num\">28.20%</td><td data-label=\"After the pod\" class=\"num\">18.08%</td>"))
    }

    /// A swing that cannot be measured (average not above zero) is "n/a", an empty CSV field and JSON null; a
    /// member of an average pod counts months below zero; a swing that grows is said to grow.
    @Test func volatilityEdgeCases() throws {
        func month(_ month: Month, income: Int64, received: Int64) -> MonthResult {
            MonthResult(
                month: month, currency: Fixtures.nzd,
                pods: [PodResult(
                    pod: Fixtures.pod("kauri"), policy: .average(windowMonths: 3),
                    members: [Fixtures.line("hemi", income: income, pledge: 0, contribution: 0, fromPod: received)],
                    contributionsMinor: 0, reserveOpeningMinor: 0, reserveDrawMinor: 0, reserveDepositMinor: 0,
                    surplusToReserveMinor: 0, reserveClosingMinor: 0, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 0)],
                networkReserveOpeningMinor: 0, networkReserveClosingMinor: 0, entries: [])
        }
        let losses = [month(Fixtures.january, income: -10_000, received: 0), month(Fixtures.february, income: 5_000, received: 0)]
        let flat = MemberStatement(member: Fixtures.member("hemi"), from: Fixtures.january, through: Fixtures.february,
                                   results: losses, settings: Fixtures.settings(),
                                   volatility: Volatility.figures(results: losses).pods[0].members[0].figures)
        #expect(flat.volatilityThreshold == .zero)
        let text = flat.render(.text)
        #expect(flat.render(.md).contains("Over 2 closed months, the swing cannot be measured: it needs an average above zero."))
        #expect(text.contains("Swing                            n/a            n/a\n"))
        #expect(text.contains("Months below zero                  1              1\n"))
        #expect(flat.render(.csv).contains("\r\nswing,,\r\n"))
        #expect(flat.render(.md).contains("| Swing | n/a | n/a |"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(flat.render(.json).utf8)) as? [String: Any])
        let volatility = try #require(json["volatility"] as? [String: Any])
        #expect(volatility["swing_before_percent"] is NSNull && volatility["floor"] as? String == "0.00")

        let wilder = [month(Fixtures.january, income: 10_000, received: 0), month(Fixtures.february, income: 10_000, received: 5_000)]
        let worse = MemberStatement(member: Fixtures.member("hemi"), from: Fixtures.january, through: Fixtures.february,
                                    results: wilder, settings: Fixtures.settings(),
                                    volatility: Volatility.figures(results: wilder).pods[0].members[0].figures)
        #expect(worse.render(.md).contains("swung 0.00% around its average before the pod and 20.00% after it: it swung more after the pod."))
    }

    /// Amounts far beyond a real pod's still fit: the table falls back to one block per member.
    @Test func hugeAmountsStillFit80Columns() {
        let big: Int64 = 99_999_999_999_999_999
        let pod = PodResult(
            pod: Fixtures.pod("aurora"), policy: .floor(floorMinor: big),
            members: [
                Fixtures.line("alice", income: big, pledge: 10_000, contribution: big, need: 0),
                Fixtures.line("ben", income: -big, pledge: 10_000, contribution: 0, need: big, fromPod: big),
            ],
            contributionsMinor: big, reserveOpeningMinor: 0, reserveDrawMinor: 0, reserveDepositMinor: 0,
            surplusToReserveMinor: 0, reserveClosingMinor: 0, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 0)
        let statement = PodStatement(result: pod, month: Fixtures.march, currency: Fixtures.nzd, settings: Fixtures.settings(), preview: true)
        let text = statement.render(.text)
        for line in text.split(separator: "\n") {
            #expect(DisplayWidth.of(String(line)) <= 80, "too wide: \(line)")
        }
        #expect(text.contains("999,999,999,999,999.99"))
        #expect(text.contains("-999,999,999,999,999.99"))
        _ = statement.render(.html, history: Fixtures.history)
    }
}
