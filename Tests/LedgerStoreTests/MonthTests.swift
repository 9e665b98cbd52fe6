import Foundation
import GRDB
import LedgerCore
@testable import LedgerStore
import Testing

@Suite("Closing and reopening months")
struct MonthTests {
    let folder = TemporaryFolder()

    static func ledgerWithIncome(in folder: TemporaryFolder) throws -> LedgerStore {
        let store = try Fixture.ledger(in: folder)
        try importRecords(store, [
            Fixture.record("alice", day: "2024-01-10", amount: 500_000, line: 2),
            Fixture.record("bob", day: "2024-01-11", amount: 100_000, line: 3),
            Fixture.record("alice", day: "2024-02-10", amount: 450_000, line: 4),
            Fixture.record("alice", day: "2024-03-10", amount: 300_000, line: 5),
            Fixture.record("bob", day: "2024-03-12", amount: 20_000, line: 6),
        ])
        return store
    }

    @Test func monthsCloseInOrder() async throws {
        let store = try Self.ledgerWithIncome(in: folder)
        #expect(try store.closedMonths().isEmpty)
        try store.closeMonths([(Fixture.month("2024-01"), try Fixture.redistribution("2024-01"))])
        // Closing out of order is a bug of the caller (the library checks which months may close): the
        // store stops rather than write it. Each case runs in a child process.
        let path = store.path
        await #expect(processExitsWith: .failure) { [path = path as String] in
            try LedgerStore.open(at: path).closeMonths([(Fixture.month("2024-03"), [])])
        }
        await #expect(processExitsWith: .failure) { [path = path as String] in
            try LedgerStore.open(at: path).closeMonths([(Fixture.month("2024-01"), [])])
        }
        // A gap inside one call: the process stops before anything is committed, February included.
        await #expect(processExitsWith: .failure) { [path = path as String] in
            try LedgerStore.open(at: path).closeMonths([(Fixture.month("2024-02"), try Fixture.redistribution("2024-02")), (Fixture.month("2024-04"), [])])
        }
        #expect(try store.closedMonths() == [Fixture.month("2024-01")])
        #expect(try rawCount(store, "entries") == 7)
        try store.closeMonths([(Fixture.month("2024-02"), try Fixture.redistribution("2024-02")), (Fixture.month("2024-03"), [])])
        #expect(try store.closedMonths() == ["2024-01", "2024-02", "2024-03"].map(Fixture.month))
        #expect(try store.check().isEmpty)
    }

    @Test func redistributionEntriesAreLinkedToTheirClose() throws {
        let store = try Self.ledgerWithIncome(in: folder)
        try store.closeMonths([(Fixture.month("2024-01"), try Fixture.redistribution("2024-01"))])
        let links = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.kind, e.month, ev.month, ev.action FROM entries e JOIN month_events ev ON ev.id = e.close_event_id
                """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as String)" }
        }
        #expect(links == ["redistribution 2024-01 2024-01 close", "redistribution 2024-01 2024-01 close"])
    }

    @Test func closingRefusesEntriesThatDoNotBelong() throws {
        let store = try Self.ledgerWithIncome(in: folder)
        let before = try LedgerContent(store)
        let pod = Fixture.pod("aurora")
        let leaky = try Entry(kind: .redistribution, month: Fixture.month("2024-01"), description: "to pool only",
                              postings: [Posting(.member(pod, Fixture.member("alice")), -500), Posting(.pool(pod), 500)])
        #expect(throws: StoreError.poolNotZero(month: Fixture.month("2024-01"), account: "pods:aurora:pool", balanceMinor: 500)) {
            try store.closeMonths([(Fixture.month("2024-01"), [leaky])])
        }
        let wrongMonth = try Fixture.redistribution("2024-02")
        #expect(throws: StoreError.self) { try store.closeMonths([(Fixture.month("2024-01"), wrongMonth)]) }
        let income = try Entry.income(pod: pod, member: Fixture.member("bob"), day: Fixture.day("2024-01-02"), amountMinor: 5, description: "x")
        #expect(throws: StoreError.self) { try store.closeMonths([(Fixture.month("2024-01"), [income])]) }
        #expect(try LedgerContent(store) == before)
    }

    /// Reopening a month that is not closed is refused by the library (`Ledger.reopen`); the store stops.
    @Test func reopeningAnOpenMonthStopsTheStore() async throws {
        let store = try Self.ledgerWithIncome(in: folder)
        try store.closeMonths([(Fixture.month("2024-01"), try Fixture.redistribution("2024-01"))])
        let path = store.path
        await #expect(processExitsWith: .failure) { [path = path as String] in
            _ = try LedgerStore.open(at: path).reopen(from: Fixture.month("2024-04"))
        }
        #expect(try store.closedMonths() == [Fixture.month("2024-01")])
    }

    @Test func reopenWritesReversalsAndTheMonthsCloseAgain() throws {
        let store = try Self.ledgerWithIncome(in: folder)
        try store.closeMonths([
            (Fixture.month("2024-01"), try Fixture.redistribution("2024-01", amountMinor: 50_000)),
            (Fixture.month("2024-02"), try Fixture.redistribution("2024-02", amountMinor: 40_000)),
            (Fixture.month("2024-03"), try Fixture.redistribution("2024-03", amountMinor: 1_000)),
        ])
        let nets = try store.memberNetsByMonth(from: Fixture.month("2024-01"), through: Fixture.month("2024-03"))
        #expect(nets[Fixture.month("2024-01")] == [Fixture.member("alice"): 450_000, Fixture.member("bob"): 150_000])
        #expect(nets[Fixture.month("2024-02")] == [Fixture.member("alice"): 410_000, Fixture.member("bob"): 40_000])
        let entriesBefore = try rawCount(store, "entries")

        let reopened = try store.reopen(from: Fixture.month("2024-02"))
        #expect(reopened == [Fixture.month("2024-02"), Fixture.month("2024-03")])
        #expect(try store.closedMonths() == [Fixture.month("2024-01")])
        #expect(try rawCount(store, "entries") == entriesBefore + 4)

        // Each reversal names its entry, is in the same month, and cancels it account by account.
        let reversals = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.month, o.month, o.kind, (SELECT COUNT(*) FROM postings p WHERE p.entry_id = r.id),
                  (SELECT SUM(p.amount_minor) FROM postings p WHERE p.entry_id IN (r.id, o.id) AND p.line = 0)
                FROM entries r JOIN entries o ON o.id = r.reverses_entry_id WHERE r.kind = 'reversal' ORDER BY o.id
                """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String) \($0[3] as Int) \($0[4] as Int64)" }
        }
        #expect(reversals == [
            "2024-02 2024-02 redistribution 2 0", "2024-02 2024-02 redistribution 2 0",
            "2024-03 2024-03 redistribution 2 0", "2024-03 2024-03 redistribution 2 0",
        ])
        // After the reversal a reopened month's net is its income again.
        let reopenedNets = try store.memberNetsByMonth(from: Fixture.month("2024-02"), through: Fixture.month("2024-03"))
        let income = try store.incomeByMonth(from: Fixture.month("2024-02"), through: Fixture.month("2024-03"))
        #expect(income[Fixture.month("2024-02")] == [Fixture.member("alice"): 450_000])
        #expect(income[Fixture.month("2024-03")] == [Fixture.member("alice"): 300_000, Fixture.member("bob"): 20_000])
        #expect(reopenedNets[Fixture.month("2024-02")] == [Fixture.member("alice"): 450_000, Fixture.member("bob"): 0])
        #expect(reopenedNets[Fixture.month("2024-03")] == income[Fixture.month("2024-03")])
        #expect(try store.check().isEmpty)

        // Income may now be added to the reopened month, and the months close again in order.
        try importRecords(store, [Fixture.record("bob", day: "2024-02-20", amount: 3_000, line: 40)])
        try store.closeMonths([
            (Fixture.month("2024-02"), try Fixture.redistribution("2024-02", amountMinor: 12_345)),
            (Fixture.month("2024-03"), []),
        ])
        #expect(try store.closedMonths() == ["2024-01", "2024-02", "2024-03"].map(Fixture.month))
        let reclosed = try store.memberNetsByMonth(from: Fixture.month("2024-02"), through: Fixture.month("2024-02"))
        #expect(reclosed[Fixture.month("2024-02")] == [Fixture.member("alice"): 437_655, Fixture.member("bob"): 15_345])
        #expect(try store.check().isEmpty)

        // A second reopen reverses only the current close, never the already reversed entries.
        let entriesBeforeSecond = try rawCount(store, "entries")
        #expect(try store.reopen(from: Fixture.month("2024-01")) == ["2024-01", "2024-02", "2024-03"].map(Fixture.month))
        #expect(try rawCount(store, "entries") == entriesBeforeSecond + 4)
        #expect(try store.check().isEmpty)
        #expect(try store.balances(throughMonth: nil).allSatisfy { !$0.account.description.hasPrefix("pods:") })
    }

    @Test func balancesThroughAMonth() throws {
        let store = try Self.ledgerWithIncome(in: folder)
        try store.closeMonths([(Fixture.month("2024-01"), try Fixture.redistribution("2024-01", amountMinor: 7))])
        let january = try store.balances(throughMonth: Fixture.month("2024-01")).map { "\($0.account) \($0.balanceMinor)" }
        #expect(january == [
            "income:aurora:alice -500000", "income:aurora:bob -100000", "members:aurora:alice 499993", "members:aurora:bob 100007",
        ])
        #expect(try store.balances(throughMonth: Fixture.month("2023-12")).isEmpty)
        let all = try store.balances(throughMonth: nil)
        #expect(all.first { $0.account.description == "members:aurora:alice" }?.balanceMinor == 1_249_993)
    }

    @Test func theRegisterMergesIncomeAndRedistributionInEntryOrder() throws {
        let store = try Self.ledgerWithIncome(in: folder)
        try store.closeMonths([(Fixture.month("2024-01"), try Fixture.redistribution("2024-01", amountMinor: 7))])
        try importRecords(store, [Fixture.record("alice", day: "2024-02-11", amount: 9, line: 30)])
        var all: [String] = []
        try store.forEachPosting(account: nil) { all.append("\($0.entryID) \($0.kind) \($0.account) \($0.amountMinor)") }
        #expect(all == [
            "1 income members:aurora:alice 500000", "1 income income:aurora:alice -500000",
            "2 income members:aurora:bob 100000", "2 income income:aurora:bob -100000",
            "3 income members:aurora:alice 450000", "3 income income:aurora:alice -450000",
            "4 income members:aurora:alice 300000", "4 income income:aurora:alice -300000",
            "5 income members:aurora:bob 20000", "5 income income:aurora:bob -20000",
            "6 redistribution members:aurora:alice -7", "6 redistribution pods:aurora:pool 7",
            "7 redistribution pods:aurora:pool -7", "7 redistribution members:aurora:bob 7",
            "8 income members:aurora:alice 9", "8 income income:aurora:alice -9",
        ])
        var alice: [String] = []
        try store.forEachPosting(account: .member(Fixture.pod("aurora"), Fixture.member("alice"))) {
            alice.append("\($0.entryID) \($0.month) \($0.day.map(String.init(describing:)) ?? "-") \($0.amountMinor)")
        }
        #expect(alice == ["1 2024-01 2024-01-10 500000", "3 2024-02 2024-02-10 450000", "4 2024-03 2024-03-10 300000",
                          "6 2024-01 - -7", "8 2024-02 2024-02-11 9"])
        var pool: [Int64] = []
        try store.forEachPosting(account: .pool(Fixture.pod("aurora"))) { pool.append($0.amountMinor) }
        #expect(pool == [7, -7])
        var none = 0
        try store.forEachPosting(account: .networkReserve) { _ in none += 1 }
        #expect(none == 0)
    }
}
