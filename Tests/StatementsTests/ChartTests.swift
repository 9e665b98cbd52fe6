import LedgerCore
import Smoothing
import Testing
@testable import Statements

@Suite struct ChartTests {
    /// Twelve months of aurora with a refund month (negative income), a dry month and a member who joined late.
    static func year() throws -> [MonthResult] {
        try (1...12).map { number in
            let month = try Month(parsing: "2024-\(number < 10 ? "0" : "")\(number)")
            let aliceIncome: Int64 = number == 4 ? -35_000 : Int64(number) * 100_000
            var members = [Fixtures.line("alice", income: aliceIncome, pledge: 0, contribution: 1_000)]
            if number >= 6 { members.append(Fixtures.line("ben", income: number == 7 ? 1_800_000 : 0, pledge: 0, contribution: 0)) }
            return MonthResult(
                month: month, currency: Fixtures.nzd,
                pods: [PodResult(
                    pod: Fixtures.pod("aurora"), policy: .floor(floorMinor: 300_000), members: members, contributionsMinor: 1_000,
                    reserveOpeningMinor: Int64(number - 1) * 1_000, reserveDrawMinor: 0, reserveDepositMinor: 1_000,
                    surplusToReserveMinor: 0, reserveClosingMinor: Int64(number) * 1_000, toNetworkMinor: 0, fromNetworkMinor: 0,
                    unmetMinor: 0)],
                networkReserveOpeningMinor: 0, networkReserveClosingMinor: 0, entries: [])
        }
    }

    static func numbers(in svg: Substring, attribute: String) -> [Int] {
        svg.matches(of: try! Regex("\(attribute)=\"(-?[0-9]+)\"")).compactMap { match in
            (match.output[1].substring).flatMap { Int($0) }
        }
    }

    @Test func lastTwelveMonthsWithinTheViewBox() throws {
        var results = try Self.year()
        let december = results.removeLast()
        // Older months beyond the window, and a month after the statement, are ignored.
        results.append(MonthResult(month: try Month(parsing: "2023-06"), currency: Fixtures.nzd, pods: december.pods,
                                   networkReserveOpeningMinor: 0, networkReserveClosingMinor: 0, entries: []))
        results.append(MonthResult(month: try Month(parsing: "2025-01"), currency: Fixtures.nzd, pods: december.pods,
                                   networkReserveOpeningMinor: 0, networkReserveClosingMinor: 0, entries: []))
        let statement = PodStatement(pod: Fixtures.pod("aurora"), in: december, settings: Fixtures.settings(), preview: false)!
        let html = statement.render(.html, history: results.shuffled())
        let svgs = html.matches(of: try Regex("<svg.*?</svg>").dotMatchesNewlines()).map { html[$0.range] }
        #expect(svgs.count == 3, "alice, ben and the reserve")
        for svg in svgs {
            for x in Self.numbers(in: svg, attribute: "x") + Self.numbers(in: svg, attribute: "x1") + Self.numbers(in: svg, attribute: "x2") {
                #expect((0...SVGChart.width).contains(x))
            }
            for y in Self.numbers(in: svg, attribute: "y") + Self.numbers(in: svg, attribute: "y1") + Self.numbers(in: svg, attribute: "y2") {
                #expect((0...SVGChart.height).contains(y))
            }
            #expect(Self.numbers(in: svg, attribute: "height").allSatisfy { $0 >= 0 })
            #expect(svg.contains(">Jan</text>") && svg.contains(">Dec</text>"))
            #expect(!svg.contains(">2023</text>") && !svg.contains("2025"))
        }
        // alice: 12 months × (income, net); ben: from June only.
        #expect(svgs[0].matches(of: try Regex("<rect ")).count == 24)
        #expect(svgs[1].matches(of: try Regex("<rect ")).count == 14)
        #expect(svgs[0].contains("Apr 2024 — Income: -350.00"), "the refund month is drawn below zero")
        #expect(svgs[0].contains("Apr 2024 — Net: -360.00"))
        #expect(svgs[0].contains("<line class=\"grid\" x1=\"96\" y1=\"174\""), "the scale reaches the negative bottom")
        #expect(!svgs[0].contains(">-400.00</text>") && !svgs[0].contains(">-360.00</text>"),
                "a bottom label too close to zero is left out")
        #expect(svgs[0].contains(">12,000.00</text>") && svgs[0].contains(">6,000.00</text>"),
                "the scale ends at a round figure above alice's 12,000.00, with a line halfway")
        #expect(svgs[1].contains(">20,000.00</text>") && svgs[1].contains(">10,000.00</text>"), "ben's 18,000.00 under 20,000.00")
        #expect(svgs[2].contains("<polyline class=\"reserve\""))
        #expect(svgs[2].matches(of: try Regex("<circle ")).count == 12)
    }

    @Test(arguments: [
        (Int64(0), Int64(0)), (1, 1), (7, 8), (9, 10), (11, 12), (592_966, 600_000), (1_800_000, 2_000_000),
        (300_001, 400_000), (250_000, 250_000), (1_250_001, 1_500_000), (Int64.max, Int64.max),
    ])
    func roundScale(value: Int64, expected: Int64) {
        #expect(SVGChart.niceCeiling(value) == expected)
    }
}
