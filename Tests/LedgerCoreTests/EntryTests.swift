import LedgerCore
import PropertyBased
import Testing

@Suite struct EntryTests {
    let pod = try! PodID("aurora")
    let alice = try! MemberID("alice")
    let month = try! Month(parsing: "2024-03")

    @Test func anUnbalancedEntryCannotBeBuilt() {
        #expect(throws: LedgerCoreError.unbalancedEntry(description: "bad", imbalanceMinor: 1)) {
            try Entry(kind: .redistribution, month: month, description: "bad",
                      postings: [Posting(.pool(pod), 101), Posting(.podReserve(pod), -100)])
        }
        #expect(throws: LedgerCoreError.emptyEntry(description: "nothing")) {
            try Entry(kind: .redistribution, month: month, description: "nothing", postings: [Posting(.pool(pod), 0)])
        }
    }

    @Test func overflowingPostingsAreRefusedNotWrapped() {
        #expect(throws: LedgerCoreError.self) {
            try Entry(kind: .redistribution, month: month, description: "wrap",
                      postings: [Posting(.pool(pod), Int64.max), Posting(.pool(pod), 1), Posting(.podReserve(pod), Int64.min)])
        }
    }

    @Test func incomeDebitsTheMemberAndCreditsIncome() throws {
        let entry = try Entry.income(pod: pod, member: alice, day: Day(parsing: "2024-03-15"), amountMinor: 400_000, description: "Invoice 7")
        #expect(entry.postings == [Posting(.member(pod, alice), 400_000), Posting(.income(pod, alice), -400_000)])
        #expect(entry.month == month)
    }

    @Test func everyEntryBuiltBalancesAndItsReversalUndoesIt() async {
        let amounts = Gen<Int64>.value(in: -1_000_000_000...1_000_000_000).array(of: 1...8)
        await propertyCheck(count: 1_000, input: amounts) { (amounts: [Int64]) throws in
            let accounts: [Account] = [.member(pod, alice), .pool(pod), .podReserve(pod), .networkReserve]
            var postings = amounts.enumerated().map { Posting(accounts[$0.offset % accounts.count], $0.element) }
            postings.append(Posting(.income(pod, alice), -amounts.reduce(0, +)))
            let nonZero = postings.filter { $0.amountMinor != 0 }
            if nonZero.isEmpty {
                #expect(throws: LedgerCoreError.self) { try Entry(kind: .redistribution, month: month, description: "p", postings: postings) }
                return
            }
            let entry = try Entry(kind: .redistribution, month: month, description: "p", postings: postings)
            #expect(entry.postings.reduce(0) { $0 + $1.amountMinor } == 0)
            let reversal = entry.reversal(description: "undo")
            #expect(zip(entry.postings, reversal.postings).allSatisfy { $0.amountMinor == -$1.amountMinor && $0.account == $1.account })
            // Any one-unit change to a posting makes it unbuildable.
            var broken = entry.postings
            broken[0] = Posting(broken[0].account, broken[0].amountMinor + 1)
            #expect(throws: LedgerCoreError.self) { try Entry(kind: .redistribution, month: month, description: "p", postings: broken) }
        }
    }
}
