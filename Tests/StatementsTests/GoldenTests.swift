import LedgerCore
import Smoothing
import Testing
@testable import Statements

/// Every format of every statement, against reviewed golden files.
@Suite struct GoldenTests {
    @Test(arguments: ReportFormat.allCases)
    func podStatementClosed(format: ReportFormat) throws {
        let statement = Fixtures.auroraStatement()
        try expectGolden(statement.render(format, history: Fixtures.history), "pod-aurora-2024-03.\(format.fileExtension)")
    }

    @Test(arguments: ReportFormat.allCases)
    func podStatementPreview(format: ReportFormat) throws {
        let statement = PodStatement(pod: Fixtures.pod("kauri"), in: Fixtures.marchResult, settings: Fixtures.settings(), preview: true)!
        try expectGolden(statement.render(format), "pod-kauri-2024-03-preview.\(format.fileExtension)")
    }

    @Test(arguments: ReportFormat.allCases)
    func equalPodStatement(format: ReportFormat) throws {
        let statement = PodStatement(pod: Fixtures.pod("tui"), in: Fixtures.marchResult, settings: Fixtures.settings(), preview: false)!
        try expectGolden(statement.render(format), "pod-tui-2024-03.\(format.fileExtension)")
    }

    @Test(arguments: ReportFormat.allCases)
    func memberStatement(format: ReportFormat) throws {
        try expectGolden(Fixtures.aliceStatement().render(format), "member-alice-2024.\(format.fileExtension)")
    }

    @Test(arguments: ReportFormat.allCases)
    func networkStatement(format: ReportFormat) throws {
        try expectGolden(Fixtures.networkStatement().render(format), "network-2024-03.\(format.fileExtension)")
    }
}

extension GoldenTests {
    /// A year of history: the charts with twelve months, a refund month below zero and a member who joined in June.
    @Test func podStatementWithAYearOfHistory() throws {
        let year = try ChartTests.year()
        let statement = PodStatement(pod: Fixtures.pod("aurora"), in: year.last!, settings: Fixtures.settings(), preview: false)!
        try expectGolden(statement.render(.html, history: year), "pod-aurora-2024-12-year.html")
    }
}
