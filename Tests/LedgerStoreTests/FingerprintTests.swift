import Foundation
import GRDB
import LedgerCore
@testable import LedgerStore
import Testing

/// The fingerprint chain of SPEC §9: written with every record, recomputed by `check`, found by `verify`.
@Suite("the fingerprint chain")
struct FingerprintTests {
    let folder = TemporaryFolder()

    /// Every record's number and fingerprint, in chain order: (table, id, seq, fingerprint).
    static func records(_ store: LedgerStore) throws -> [(table: String, id: Int64, seq: Int64, fingerprint: Int64)] {
        try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT 'network_versions', id, chain_seq, fingerprint FROM network_versions
                UNION ALL SELECT 'sickness_events', id, chain_seq, fingerprint FROM sickness_events
                UNION ALL SELECT 'month_events', id, chain_seq, fingerprint FROM month_events
                UNION ALL SELECT 'entries', id, chain_seq, fingerprint FROM entries
                ORDER BY 3
                """).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    @Test func everyRecordTakesTheNextLinkAsItIsWritten() throws {
        let store = try CheckTests.goodLedger(in: folder)
        let records = try Self.records(store)
        // 1 network version, 3 income rows, 4 month events (close, close, reopen, close), 8 redistribution entries and reversals.
        #expect(records.map(\.seq) == Array(1...Int64(records.count)))
        #expect(records.count == 1 + 3 + 4 + 8)
        // The close writes its event, then its entries.
        #expect(records.prefix(5).map(\.table) == ["network_versions", "entries", "entries", "entries", "month_events"])
        // One head per write transaction; the last is the last record's.
        let heads = try store.dbQueue.read { try Int64.fetchAll($0, sql: "SELECT seq FROM chain_heads ORDER BY seq") }
        #expect(heads == [1, 4, 10, 13, 16].map(Int64.init))  // closing two months is one write
        let audit = try store.read { try $0.auditChain() }
        #expect(audit.problem == nil && audit.recordsVerified == 16)
        #expect(audit.head?.fingerprint.prefix == records.last?.fingerprint)
        #expect(try store.read { try $0.headFingerprint() } == audit.head?.fingerprint)
    }

    @Test func theSameHistoryGivesTheSameFingerprint() throws {
        // No timestamp or path is part of a record: two ledgers written alike agree.
        let first = try CheckTests.goodLedger(in: folder)
        let other = TemporaryFolder()
        let second = try CheckTests.goodLedger(in: other)
        #expect(try first.read { try $0.headFingerprint() } == second.read { try $0.headFingerprint() })
        #expect(try first.read { try $0.closeFingerprint(month: Fixture.month("2024-01")) } != nil)
        // February's latest close is its second: its fingerprint is the head's.
        #expect(try first.read { try $0.closeFingerprint(month: Fixture.month("2024-02")) } == first.read { try $0.headFingerprint() })
        #expect(try first.read { try $0.closeFingerprint(month: Fixture.month("2024-03")) } == nil)
    }

    @Test func anAmountEditedWithEveryDerivedTotalIsNamedByTheChainAlone() throws {
        // An income row with a reference (its key does not hold the amount), edited in an open month along with its
        // debit total and both cached balances: nothing but the chain can tell.
        let store = try CheckTests.goodLedger(in: folder)
        try importRecords(store, [Fixture.record("bob", day: "2024-03-05", amount: 70_000, reference: "INV-9", line: 5)])
        #expect(try store.check() == [])
        try CheckTests.tamper(store, """
            UPDATE entries SET amount_minor = 7000, debit_total_minor = 7000 WHERE reference = 'INV-9';
            UPDATE account_balances SET balance_minor = balance_minor - 63000
              WHERE account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:bob');
            UPDATE account_balances SET balance_minor = balance_minor + 63000
              WHERE account_id = (SELECT id FROM accounts WHERE name = 'income:aurora:bob')
            """)
        let messages = try CheckTests.messages(store)
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("record 17 of the fingerprint chain, income entry 12 of 2024-03-05 ('invoice'), is not what was written") == true,
                "\(messages)")
        // Fingerprints before it still verify; the head's no longer does.
        let audit = try store.read { try $0.auditChain(looking: nil) }
        #expect(audit.recordsVerified == 16)
    }

    @Test(arguments: [
        ("the last write's record deleted", "DELETE FROM entries WHERE reference = 'INV-9'",
         "the fingerprint chain ends at record 16, but its heads go on to record 17: records were deleted"),
        ("a record deleted in the middle", "DELETE FROM sickness_events; DELETE FROM postings WHERE entry_id = 4; DELETE FROM entries WHERE id = 4",
         "record 6 of the fingerprint chain is missing (the next one is record 7"),
        ("a record added by hand", "INSERT INTO month_events(month, action, recorded_at) VALUES ('2024-03', 'close', 'x')",
         "the close of 2024-03 has no place in the fingerprint chain"),
        ("a network pledge changed", "UPDATE member_versions SET pledge_bp = 2000 WHERE member = 'alice'",
         "record 1 of the fingerprint chain, the network version effective from 2024-01 (version 1), is not what was written"),
        ("a posting moved to another account", "UPDATE postings SET account_id = (SELECT id FROM accounts WHERE name = 'members:aurora:alice') WHERE entry_id = 5",
         "record 7 of the fingerprint chain, redistribution entry 5 of 2024-01"),
    ])
    func tamperingIsNamedByItsRecord(name: String, sql: String, expected: String) throws {
        let store = try CheckTests.goodLedger(in: folder)
        try importRecords(store, [Fixture.record("bob", day: "2024-03-05", amount: 70_000, reference: "INV-9", line: 5)])
        try CheckTests.tamper(store, sql)
        let messages = try CheckTests.messages(store)
        #expect(messages.contains { $0.hasPrefix(expected) }, "\(name): \(messages)")
    }
}
