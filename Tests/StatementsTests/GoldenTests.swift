import LedgerCore
import Smoothing
import Testing
@testable import Statements

/// Every format of every statement, against reviewed golden files.
@Suite struct GoldenTests {
    @Test(arguments: StatementFormat.allCases)
    func podStatementClosed(format: StatementFormat) throws {
        let statement = Fixtures.auroraStatement()
        try expectGolden(statement.render(format, history: Fixtures.history), "pod-aurora-2024-03.\(format.fileExtension)")
    }

    @Test(arguments: StatementFormat.allCases)
    func podStatementPreview(format: StatementFormat) throws {
        let statement = PodStatement(pod: Fixtures.pod("kauri"), in: Fixtures.marchResult, settings: Fixtures.settings(), preview: true)!
        try expectGolden(statement.render(format), "pod-kauri-2024-03-preview.\(format.fileExtension)")
    }

    @Test(arguments: StatementFormat.allCases)
    func equalPodStatement(format: StatementFormat) throws {
        let statement = PodStatement(pod: Fixtures.pod("tui"), in: Fixtures.marchResult, settings: Fixtures.settings(), preview: false)!
        try expectGolden(statement.render(format), "pod-tui-2024-03.\(format.fileExtension)")
    }

    @Test(arguments: StatementFormat.allCases)
    func memberStatement(format: StatementFormat) throws {
        try expectGolden(Fixtures.aliceStatement().render(format), "member-alice-2024.\(format.fileExtension)")
    }

    @Test(arguments: StatementFormat.allCases)
    func networkStatement(format: StatementFormat) throws {
        try expectGolden(Fixtures.networkStatement().render(format), "network-2024-03.\(format.fileExtension)")
    }
}

extension GoldenTests {
    /// A year of history: the charts with twelve months, a refund month below zero and a member who joined in June.
    @Test func podStatementWithAYearOfHistory() throws {
        let year = try ChartTests.year()
        let statement = PodStatement(pod: Fixtures.pod("aurora"), in: year.last!, settings: Fixtures.settings(), preview: false)!
        try expectGolden(statement.renderHTML(history: year), "pod-aurora-2024-12-year.html")
    }
}
