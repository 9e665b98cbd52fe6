import LedgerCore
import Testing

@Suite struct CalendarTests {
    @Test func monthsParseAndStep() throws {
        let month = try Month(parsing: "2024-12")
        #expect(month.next.description == "2025-01")
        #expect(month.previous.description == "2024-11")
        #expect(try Month(parsing: "2024-01").through(Month(parsing: "2024-03")).map(\.description) == ["2024-01", "2024-02", "2024-03"])
    }

    @Test(arguments: ["2024-13", "2024-00", "24-01", "2024/01", "2024-1", "", "abcd-ef"])
    func refusesBadMonths(text: String) {
        #expect(throws: LedgerCoreError.invalidMonth(text)) { try Month(parsing: text) }
    }

    @Test func daysAreRealCalendarDays() throws {
        #expect(try Day(parsing: "2024-02-29").month.description == "2024-02")
        #expect(throws: LedgerCoreError.invalidDay("2023-02-29")) { try Day(parsing: "2023-02-29") }
        #expect(throws: LedgerCoreError.invalidDay("2024-04-31")) { try Day(parsing: "2024-04-31") }
        #expect(throws: LedgerCoreError.invalidDay("15/03/2024")) { try Day(parsing: "15/03/2024") }
        #expect(try Day(parsing: "2024-03-05") < Day(parsing: "2024-03-15"))
    }

    @Test func idsAreSlugs() throws {
        #expect(try MemberID("alice-2").raw == "alice-2")
        for bad in ["Alice", "-x", "", "a b", "a_b", "ä"] {
            #expect(throws: LedgerCoreError.invalidID(kind: "member", bad)) { try MemberID(bad) }
        }
    }

    @Test func accountNamesRoundTrip() throws {
        let pod = try PodID("aurora")
        let member = try MemberID("alice")
        for account in [Account.income(pod, member), .member(pod, member), .pool(pod), .podReserve(pod), .networkReserve] {
            #expect(try Account(parsing: account.description) == account)
        }
        #expect(throws: LedgerCoreError.invalidAccount("pods:aurora:vault")) { try Account(parsing: "pods:aurora:vault") }
    }
}
