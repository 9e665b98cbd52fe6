import LedgerCore
import Testing

@testable import IncomeImport

/// The bank exports and rules in Samples/rules, as documented in docs/import-rules.md.
@Suite("Sample bank exports and their rules")
struct SampleRulesTests {
    let sep = "\u{1F}"

    func sampleRows(_ name: String) throws -> [IncomeRow] {
        try rows(Fixtures.sample("\(name).csv"), rules: try ImportRules(contentsOfFile: Fixtures.sample("\(name).rules")))
    }

    @Test func newZealandBankExportInWindows1252WithDebitAndCreditColumns() throws {
        let read = try sampleRows("nz-bank-alice")
        #expect(read.map(\.line) == [6, 8, 10, 11])
        #expect(read.map(\.day) == ["2024-03-01", "2024-03-08", "2024-03-15", "2024-03-22"].map(day))
        #expect(read.allSatisfy { $0.member.raw == "alice" })
        #expect(read.map(\.amountMinor) == [150_000, 125_000, 48_000, 32_050])
        #expect(read.map(\.description) == ["Kauri Café Ltd Logo design", "Harbour Books, Devonport Illustrations",
                                            "Te Awa Trust Workshop – March", "O’Brien Design Web copy"])
        #expect(read.map(\.key) == ["240301-0001", "240308-0003", "240315-0004", "240322-0001"].map { "ref\(sep)alice\(sep)\($0)" })
    }

    @Test func europeanExportWithSemicolonsAndDecimalCommas() throws {
        let read = try sampleRows("eu-bank-ben")
        #expect(read.map(\.line) == [4, 6, 8])
        #expect(read.map(\.day) == ["2024-03-01", "2024-03-12", "2024-03-27"].map(day))
        #expect(read.map(\.amountMinor) == [245_000, 118_050, 64_000])
        #expect(read.map(\.description) == ["Studio Nord GmbH Rechnung 2024-017 Übersetzung", "Éditions Lumière Honorar März",
                                            "Studio Nord GmbH Rechnung 2024-019"])
        #expect(read[0].key == "row\(sep)2024-03-01\(sep)ben\(sep)245000\(sep)Studio Nord GmbH Rechnung 2024-017 Übersetzung\(sep)1")
    }

    @Test func usStyleExportWithDollarsAndParentheses() throws {
        let read = try sampleRows("us-invoices-pod")
        #expect(read.map(\.member.raw) == ["chen", "alice", "chen", "ben", "alice"])
        #expect(read.map(\.day) == ["2024-03-02", "2024-03-06", "2024-03-14", "2024-03-21", "2024-03-29"].map(day))
        #expect(read.map(\.amountMinor) == [240_000, 85_000, -20_000, 112_550, 9_525])
        #expect(read.map(\.description)[0...1] == ["Blue Heron Press invoice 1041", "Cedar & Pine LLC invoice 1042"])
        #expect(read.map(\.reference) == ["pay_7Hq2Lm", "pay_8Kd3Nx", "pay_9Rt5Vb", "pay_1Zx8Qw", "pay_2Mn4Jk"])
    }

    @Test func samplesUseOnlyTheSampleNetworksMembers() throws {
        let members = Set(try ["nz-bank-alice", "eu-bank-ben", "us-invoices-pod"].flatMap(sampleRows).map(\.member.raw))
        #expect(members == ["alice", "ben", "chen"])
    }
}
