import Foundation
import LedgerCore
@testable import PodLedger
import Statements
import Testing

/// A ledger written by an earlier PodLedger opens, is migrated in one transaction, and keeps its books.
@Suite struct MigrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// `v1-ledger.sqlite` was made by the first released format (the sample network, three months closed,
    /// March reopened and closed again); `v1-ledger-balance.csv` is what that version's `balance --format csv`
    /// printed for it.
    @Test func aVersion1LedgerOpensMigratedWithTheSameBooks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("podledger-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("old.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("v1-ledger.sqlite").path, toPath: path)
        // Reading commands migrate it too (once), then read it.
        let ledger = try Ledger.open(at: path, readOnly: true)
        #expect(try ledger.check() == [])
        let before = try String(contentsOf: Self.fixtures.appendingPathComponent("v1-ledger-balance.csv"), encoding: .utf8)
        #expect(try ledger.balances(through: nil).render(.csv) == before)
        #expect(try ledger.closedMonths().map(\.description) == ["2024-01", "2024-02", "2024-03"])
        // The migration gave every record it found its place in the fingerprint chain: the head verifies.
        let head = try #require(try ledger.fingerprint())
        let report = try ledger.verify(head)
        #expect(report.contains && report.problem == nil && report.found?.seq == report.recordsVerified && report.recordsVerified > 100)
        // And it takes what the new format adds: a payment.
        let writable = try Ledger.open(at: path)
        try writable.pay(Payment(day: try Day(parsing: "2024-04-02"), from: .member(try MemberID("alice")), to: .pod(try PodID("aurora")),
                                 amountMinor: 10_000, reference: "M-1", description: ""))
        #expect(try writable.check() == [])
        // The chain goes on from the migrated head, which still verifies.
        #expect(try writable.fingerprint() != head)
        #expect(try writable.verify(head).found?.seq == report.recordsVerified)
    }
}
