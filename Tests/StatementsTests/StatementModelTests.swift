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
        #expect(statement.renderText().contains("handled as the pod's settings say") == false, "equal pods do not mention surplus")
    }

    @Test func previewIsMarkedInEveryFormat() throws {
        let preview = Fixtures.auroraStatement(preview: true)
        let closed = Fixtures.auroraStatement()
        for format in [StatementFormat.text, .md, .html] {
            #expect(preview.render(format).contains("PREVIEW — month not closed"))
            #expect(!closed.render(format).contains("PREVIEW"))
        }
        #expect(preview.renderCSV().contains("aurora,Aurora Collective,2024-03,NZD,floor,preview\r\n"))
        let json = try JSONSerialization.jsonObject(with: Data(preview.renderJSON().utf8)) as! [String: Any]
        #expect(json["preview"] as? Bool == true)
    }

    @Test func unmetNeedIsExplained() {
        let pod = PodResult(
            pod: Fixtures.pod("aurora"), policy: .floor(floorMinor: 300_000),
            members: [Fixtures.line("mere", income: 0, pledge: 1000, contribution: 0, need: 300_000, fromPod: 10_000, unmet: 290_000)],
            contributionsMinor: 0, reserveOpeningMinor: 10_000, reserveDrawMinor: 10_000, reserveDepositMinor: 0,
            surplusToReserveMinor: 0, reserveClosingMinor: 0, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 290_000)
        let statement = PodStatement(result: pod, month: Fixtures.march, currency: Fixtures.nzd, settings: Fixtures.settings(), preview: false)
        #expect(statement.renderText().contains("Still unmet: 2,900.00."))
        #expect(statement.renderText().contains("Pod reserve  Mere Rāwiri  100.00"))
    }

    /// SPEC §4.1: these names keep their meaning; amounts are strings with the currency's digits.
    @Test(arguments: [("NZD", "^-?[0-9]+\\.[0-9]{2}$"), ("JPY", "^-?[0-9]+$"), ("BHD", "^-?[0-9]+\\.[0-9]{3}$")])
    func podJSONHasTheSpecFields(code: String, pattern: String) throws {
        let currency = try Currency(code: code)
        let statement = PodStatement(result: Fixtures.auroraMarch, month: Fixtures.march, currency: currency,
                                     settings: Fixtures.settings(), preview: false)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(statement.renderJSON().utf8)) as? [String: Any])
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
        let json = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.networkStatement().renderJSON().utf8)) as? [String: Any])
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
        #expect(statement.renderText().contains("Year to date 2024"))
        #expect(statement.volatility == nil && !statement.renderText().contains("How steady"))

        let nobody = MemberStatement(member: Fixtures.member("zed"), from: december, through: Fixtures.february,
                                     results: results, settings: Fixtures.settings())
        #expect(nobody.months.isEmpty)
        #expect(nobody.renderText().contains("No month in this range"))
    }

    @Test func volatilitySummary() {
        #expect(Fixtures.aliceVolatility.swingReductionPercent == 39)
        let flat = VolatilityFigures(monthsCount: 2, gross: .init(meanMinor: 1, standardDeviationMinor: 0, lowestMinor: 1, highestMinor: 1),
                                     net: .init(meanMinor: 1, standardDeviationMinor: 0, lowestMinor: 1, highestMinor: 1))
        #expect(flat.swingReductionPercent == nil)
        let worse = VolatilityFigures(monthsCount: 2, gross: .init(meanMinor: 1, standardDeviationMinor: 100, lowestMinor: 1, highestMinor: 1),
                                      net: .init(meanMinor: 1, standardDeviationMinor: 150, lowestMinor: 1, highestMinor: 1))
        #expect(worse.swingReductionPercent == -50)
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
        let text = statement.renderText()
        for line in text.split(separator: "\n") {
            #expect(DisplayWidth.of(String(line)) <= 80, "too wide: \(line)")
        }
        #expect(text.contains("999,999,999,999,999.99"))
        #expect(text.contains("-999,999,999,999,999.99"))
        _ = statement.renderHTML(history: Fixtures.history)
    }
}
