import Foundation
import GRDB
import LedgerCore
@testable import LedgerStore
import Testing

@Suite("A large import")
struct BulkImportTests {
    let folder = TemporaryFolder()

    static let rowCount = 100_000

    /// Deterministic rows spread over 8 members, 3 pods and 24 months, some negative.
    static func records() -> [IncomeRecord] {
        let members = [("aurora", "alice"), ("aurora", "bob"), ("aurora", "eve"), ("borealis", "carol"), ("borealis", "dan"),
                       ("cirrus", "fay"), ("cirrus", "gus"), ("cirrus", "hal")]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        return (0..<rowCount).map { index in
            let (pod, member) = members[Int(next() % UInt64(members.count))]
            let month = Month(ordinal: Fixture.month("2023-01").ordinal + Int(next() % 24))!
            let day = Day(year: month.year, month: month.month, day: 1 + Int(next() % 28))!
            var amount = Int64(next() % 1_000_000) + 1
            if next() % 10 == 0 { amount = -amount }
            return IncomeRecord(pod: Fixture.pod(pod), member: Fixture.member(member), day: day, amountMinor: amount,
                                description: "payment \(index % 97)", reference: index % 3 == 0 ? "REF-\(index)" : nil,
                                key: "\(member)|row-\(index)", sourceFile: "bulk.csv", sourceLine: index + 2)
        }
    }

    @Test func oneHundredThousandRowsInOneBatch() throws {
        let store = try Fixture.ledger(in: folder)
        let records = Self.records()
        var expectedByAccount: [String: Int64] = [:]
        var expectedByMonth: [Month: Int] = [:]
        var expectedIncome: [Month: [MemberID: Int64]] = [:]
        for record in records {
            expectedByAccount["members:\(record.pod):\(record.member)", default: 0] += record.amountMinor
            expectedByAccount["income:\(record.pod):\(record.member)", default: 0] -= record.amountMinor
            expectedByMonth[record.day.month, default: 0] += 1
            expectedIncome[record.day.month, default: [:]][record.member, default: 0] += record.amountMinor
        }

        let clock = ContinuousClock()
        var summary = IncomeBatchSummary()
        let importTime = try clock.measure { summary = try importRecords(store, records) }
        #expect(summary.addedRows == Self.rowCount)
        #expect(summary.presentRows == 0)
        #expect(summary.addedByMonth == expectedByMonth)
        #expect(try rawCount(store, "entries") == Self.rowCount)
        #expect(try rawCount(store, "postings") == 2 * Self.rowCount)
        #expect(try rawCount(store, "income_rows") == Self.rowCount)
        let balances = try store.balances(throughMonth: nil)
        #expect(Dictionary(uniqueKeysWithValues: balances.map { ($0.account.description, $0.balanceMinor) }) == expectedByAccount.filter { $0.value != 0 })
        #expect(try store.incomeByMonth(from: Fixture.month("2023-01"), through: Fixture.month("2024-12")) == expectedIncome)

        var checkProblems: [CheckProblem] = []
        let checkTime = try clock.measure { checkProblems = try store.check() }
        #expect(checkProblems.isEmpty)

        // The same rows again: every one is present, nothing is added.
        var again = IncomeBatchSummary()
        let reimportTime = try clock.measure { again = try importRecords(store, records, dryRun: true) }
        #expect(again.addedRows == 0)
        #expect(again.presentRows == Self.rowCount)
        #expect(again.presentByMonth == expectedByMonth)

        var registerCount = 0
        let registerTime = try clock.measure {
            try store.forEachPosting(account: .member(Fixture.pod("aurora"), Fixture.member("alice"))) { _ in registerCount += 1 }
        }
        #expect(registerCount == records.filter { $0.member.raw == "alice" }.count)
        // Informational only: tests do not time (DESIGN 15).
        print("LedgerStore bulk: import \(Self.rowCount) rows \(importTime), check \(checkTime), re-import (dry run) \(reimportTime), register \(registerTime)")
    }

    /// The indexes of the ledger, with the SQL that made them.
    static func indexes(_ store: LedgerStore) throws -> [String: String] {
        try store.dbQueue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
                .map { ($0[0] as String, $0[1] as String) })
        }
    }

    /// A bulk load drops `postings_by_account` while it writes; the index must be back, the same, whether the
    /// load commits, is a dry run, or fails half-way.
    @Test func aBulkLoadLeavesEveryIndexAsItWas() throws {
        let store = try Fixture.ledger(in: folder)
        let before = try Self.indexes(store)
        #expect(before["postings_by_account"] != nil)
        let records = Array(Self.records().prefix(LedgerWriter.bulkEntriesMin + 1_000))

        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.importIncome(dryRun: false) { batch in
                for record in records { _ = try batch.add(record) }
                throw Stop()
            }
        }
        #expect(try Self.indexes(store) == before)
        #expect(try rawCount(store, "entries") == 0)

        #expect(try importRecords(store, records, dryRun: true).addedRows == records.count)
        #expect(try Self.indexes(store) == before)
        #expect(try rawCount(store, "postings") == 0)

        #expect(try importRecords(store, records).addedRows == records.count)
        #expect(try Self.indexes(store) == before)
        #expect(try store.check().isEmpty)
        // The rebuilt index serves the register: one account's postings, in entry order.
        var lines: [Int64] = []
        try store.forEachPosting(account: .member(Fixture.pod("aurora"), Fixture.member("alice"))) { lines.append($0.entryID) }
        #expect(lines == lines.sorted())
        #expect(lines.count == records.filter { $0.member.raw == "alice" }.count)
    }

    /// Rows are written a chunk at a time: a key repeated within a chunk, across chunks, and in the ledger
    /// already, is found each time, and a conflicting one names the row it conflicts with.
    @Test(arguments: [1, LedgerWriter.chunkRows - 1, LedgerWriter.chunkRows, LedgerWriter.chunkRows + 1, 3 * LedgerWriter.chunkRows + 7])
    func keysAreFoundWhetherBufferedOrWritten(count: Int) throws {
        let store = try Fixture.ledger(in: folder)
        let records = Array(Self.records().prefix(count))
        var added: [Bool] = []
        try store.importIncome(dryRun: false) { batch in
            for record in records { added.append(try batch.add(record)) }
            // The same rows again in the same batch: the last ones are still buffered, the first ones written.
            for record in records { added.append(try batch.add(record)) }
        }
        #expect(added == Array(repeating: true, count: count) + Array(repeating: false, count: count))
        #expect(try rawCount(store, "entries") == count)
        #expect(try rawCount(store, "postings") == 2 * count)
        #expect(try store.check().isEmpty)

        let last = records[count - 1]
        let changed = IncomeRecord(pod: last.pod, member: last.member, day: last.day, amountMinor: last.amountMinor + 1,
                                   description: last.description, reference: last.reference, key: last.key,
                                   sourceFile: "again.csv", sourceLine: 7)
        do {
            try importRecords(store, [changed])
            Issue.record("a conflicting row was accepted")
        } catch let error as StoreError {
            #expect("\(error)".contains("bulk.csv:\(last.sourceLine)"), "\(error)")
            #expect("\(error)".contains("again.csv:7"), "\(error)")
        }
        // Within one batch, against a buffered row.
        do {
            try importRecords(store, Array(Self.records().dropFirst(count).prefix(3)) + [
                IncomeRecord(pod: last.pod, member: last.member, day: last.day, amountMinor: last.amountMinor, description: "other",
                             reference: last.reference, key: "fresh|key", sourceFile: "x.csv", sourceLine: 1),
                IncomeRecord(pod: last.pod, member: last.member, day: last.day, amountMinor: last.amountMinor, description: "changed",
                             reference: last.reference, key: "fresh|key", sourceFile: "x.csv", sourceLine: 2),
            ])
            Issue.record("a conflicting row was accepted")
        } catch let error as StoreError {
            #expect("\(error)".contains("x.csv:1"), "\(error)")
            #expect("\(error)".contains("x.csv:2"), "\(error)")
        }
        #expect(try rawCount(store, "entries") == count)
    }
}
