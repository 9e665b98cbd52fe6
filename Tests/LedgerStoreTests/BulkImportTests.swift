import Foundation
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
            let description = "payment \(index % 97)"
            let reference = index % 3 == 0 ? "REF-\(index)" : nil
            // As IncomeImport keys them (`check` verifies it); the occurrence keeps chance duplicates apart.
            let key = reference.map { IncomeRowKey.reference(member: Fixture.member(member), reference: $0) }
                ?? IncomeRowKey.row(content: IncomeRowKey.content(day: day, member: Fixture.member(member), amountMinor: amount,
                                                                  description: description), occurrence: index + 1)
            return IncomeRecord(pod: Fixture.pod(pod), member: Fixture.member(member), day: day, amountMinor: amount,
                                description: description, reference: reference, key: key, sourceFile: "bulk.csv", sourceLine: index + 2)
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
        #expect(try incomeCount(store) == Self.rowCount)
        #expect(try rawCount(store, "entries") == Self.rowCount)
        var postings = 0
        try store.forEachPosting(account: nil) { _ in postings += 1 }
        #expect(postings == 2 * Self.rowCount)
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
}
