import LedgerCore
import Testing
@testable import Statements

/// `podledger export`'s renderers without a ledger: the account-name rule (every account kind, hostile ids, no
/// two accounts meeting), the text escaping of each tool, and each format's bytes for a small model in a
/// 0-digit and a 3-digit currency. The tools themselves check real exports in CLITests/ExportCLITests.
@Suite struct ExportTests {
    // MARK: Account names

    /// Every kind of account over `pods` × `members`.
    static func everyAccount(pods: [String], members: [String]) -> [Account] {
        var accounts: [Account] = [.networkReserve, .networkBank, .networkLevyDue]
        for podRaw in pods {
            let pod = PodID(unchecked: podRaw)
            accounts += [.pool(pod), .podReserve(pod), .podBank(pod), .expenses(pod), .podCosts(pod), .podLevyDue(pod)]
            for memberRaw in members {
                let member = MemberID(unchecked: memberRaw)
                accounts += [.income(pod, member), .member(pod, member), .paid(pod, member), .ownAccount(pod, member)]
            }
        }
        return accounts
    }

    /// Ids chosen to collide if the rule were careless: roots and fixed words as ids, leading digits, an id that
    /// reads like the `ID` prefix, hyphens anywhere, one character.
    static let hostilePods = ["7seas", "pods", "income", "expenses", "network", "pool", "id7", "7", "i", "a--b", "x-", "0"]
    static let hostileMembers = ["0", "7", "id7", "i7", "income", "pool", "reserve", "levy-due", "bank", "a-b", "ab", "9-lives"]

    /// A random slug `[a-z0-9][a-z0-9-]*` of 1 to 6 characters, from a small alphabet so that near-misses are common.
    static func randomSlug(_ random: inout SplitMix) -> String {
        let first = Array("aid0179")
        let rest = Array("aid0179-")
        var slug = String(first[Int(random.next() % UInt64(first.count))])
        for _ in 0..<Int(random.next() % 6) { slug.append(rest[Int(random.next() % UInt64(rest.count))]) }
        return slug
    }

    static func hostileAndRandomAccounts() -> [Account] {
        var random = SplitMix(seed: 0xE2_9075)
        let pods = hostilePods + (0..<40).map { _ in randomSlug(&random) }
        let members = hostileMembers + (0..<40).map { _ in randomSlug(&random) }
        return Array(Set(everyAccount(pods: Array(Set(pods)), members: Array(Set(members))))).sorted()
    }

    /// Whether `name` is `other` or an account under it (`a:b` is the parent of `a:b:c`, not of `a:bc`).
    static func isSelfOrParent(_ name: String, of other: String) -> Bool {
        other == name || other.hasPrefix(name + ":")
    }

    @Test func distinctAccountsNeverMeetAndNoneIsTheParentOfAnotherInAnyFormat() {
        let accounts = Self.hostileAndRandomAccounts()
        #expect(accounts.count > 5_000)
        for format in [ExportFormat.hledger, .ledger, .beancount] {
            let names = accounts.map { ExportRenderer.name($0, format) }
            #expect(Set(names).count == accounts.count, "two accounts share a \(format) name")
            // Sorted, a parent comes right before the first of its children.
            let sorted = names.sorted()
            for (name, next) in zip(sorted, sorted.dropFirst()) where Self.isSelfOrParent(name, of: next) {
                Issue.record("\(format): \(name) is the parent of \(next)")
            }
        }
    }

    @Test func beancountNamesHaveATypeRootAndCapitalisedComponentsOfLettersDigitsAndHyphens() {
        let roots = Set(ExportAccountNames.BeancountRoot.allCases.map(\.rawValue))
        for account in Self.hostileAndRandomAccounts() {
            let components = ExportAccountNames.beancount(account).split(separator: ":", omittingEmptySubsequences: false)
            #expect(roots.contains(String(components[0])), "\(account)")
            for component in components.dropFirst() {
                let valid = !component.isEmpty && ("A"..."Z").contains(component.first!)
                    && component.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                #expect(valid, "\(account): component '\(component)'")
            }
        }
    }

    @Test func journalNamesArePodLedgersOwn() {
        for account in Self.hostileAndRandomAccounts() {
            #expect(ExportAccountNames.journal(account) == account.description)
        }
    }

    @Test(arguments: [
        (Account.income(PodID(unchecked: "aurora"), MemberID(unchecked: "alice")), "Income:Aurora:Alice"),
        (.member(PodID(unchecked: "aurora"), MemberID(unchecked: "alice")), "Assets:Members:Aurora:Alice"),
        (.member(PodID(unchecked: "7seas"), MemberID(unchecked: "id7")), "Assets:Members:ID7seas:Id7"),
        (.member(PodID(unchecked: "7seas"), MemberID(unchecked: "7")), "Assets:Members:ID7seas:ID7"),
        (.pool(PodID(unchecked: "pods")), "Assets:Pods:Pods:Pool"),
        (.podReserve(PodID(unchecked: "kauri")), "Assets:Pods:Kauri:Reserve"),
        (.podBank(PodID(unchecked: "kauri")), "Assets:Pods:Kauri:Bank"),
        (.podCosts(PodID(unchecked: "kauri")), "Assets:Pods:Kauri:Costs"),
        (.podLevyDue(PodID(unchecked: "kauri")), "Assets:Pods:Kauri:Levy-due"),
        (.networkReserve, "Assets:Network:Reserve"),
        (.networkBank, "Assets:Network:Bank"),
        (.networkLevyDue, "Assets:Network:Levy-due"),
        (.paid(PodID(unchecked: "tui"), MemberID(unchecked: "9-lives")), "Equity:Paid:Tui:ID9-lives"),
        (.expenses(PodID(unchecked: "expenses")), "Expenses:Expenses"),
        (.ownAccount(PodID(unchecked: "brood"), MemberID(unchecked: "ana")), "Assets:Accounts:Brood:Ana"),
    ])
    func beancountNames(account: Account, expected: String) {
        #expect(ExportAccountNames.beancount(account) == expected)
    }

    // MARK: Text

    @Test(arguments: [
        ("Invoice; \"quoted\" | pipe", "Invoice\u{FF1B} \"quoted\" | pipe", "Invoice\u{FF1B} \"quoted\" \u{FF5C} pipe"),
        ("a  ;  b\tc\nd", "a \u{FF1B} b c d", "a \u{FF1B} b c d"),
        // A combining mark after `;` makes one Character of the two: the `;` is still replaced.
        ("x;\u{301}y", "x\u{FF1B}\u{301}y", "x\u{FF1B}\u{301}y"),
        ("  (starts with paren  ", "(starts with paren", "(starts with paren"),
        ("\u{1B}[31mred\u{1B}[0m café 日本 🎉", "red café 日本 🎉", "red café 日本 🎉"),
    ])
    func journalText(input: String, ledger: String, hledger: String) {
        #expect(Escaping.journalText(input) == ledger)
        #expect(Escaping.journalText(input, splitsPayee: true) == hledger)
    }

    @Test(arguments: [
        ("plain", "\"plain\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("back\\slash", "\"back\\\\slash\""),
        ("quote then accent \"\u{301}", "\"quote then accent \\\"\u{301}\""),
        ("line\nbreak; | 日本", "\"line break; | 日本\""),
        ("", "\"\""),
    ])
    func beancountString(input: String, expected: String) {
        #expect(Escaping.beancountString(input) == expected)
    }

    @Test func aCSVFieldWithACombiningMarkAfterAQuoteIsStillQuoted() {
        #expect(Escaping.csvQuoted("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(Escaping.csvQuoted("a,\u{301}b") == "\"a,\u{301}b\"")
    }

    // MARK: Formats

    static func model(_ code: String) throws -> (LedgerExport, [LedgerExport.Entry]) {
        let pod = try PodID("7seas")
        let member = try MemberID("ana")
        let day = try Day(parsing: "2024-01-05")
        let monthEnd = try Day(parsing: "2024-01-31")
        let export = LedgerExport(currency: try Currency(code: code), through: try Month(parsing: "2024-01"), accounts: [
            .init(account: .member(pod, member), firstUsed: day), .init(account: .income(pod, member), firstUsed: day),
            .init(account: .pool(pod), firstUsed: monthEnd),
        ])
        let entries = [
            LedgerExport.Entry(number: 1, kind: .income, date: day, description: "Fee; \"draft\" | 日本", reference: "R,1;2",
                               postings: [Posting(.member(pod, member), 123_456), Posting(.income(pod, member), -123_456)]),
            LedgerExport.Entry(number: 2, kind: .redistribution, date: monthEnd, description: "2024-01 7seas: contributions", reference: nil,
                               postings: [Posting(.member(pod, member), -5), Posting(.pool(pod), 5)]),
        ]
        return (export, entries)
    }

    static func rendered(_ format: ExportFormat, _ code: String) throws -> String {
        let (export, entries) = try model(code)
        let renderer = ExportRenderer(format: format, export: export)
        return renderer.header() + entries.map(renderer.render).joined()
    }

    @Test func hledgerJournalInA3DigitCurrency() throws {
        #expect(try Self.rendered(.hledger, "BHD") == """
            ; hledger file exported by podledger: every entry of the ledger through 2024-01, by date then entry number.
            ; A month's redistribution (and a reopen's reversals) is dated on the month's last day. Amounts are as
            ; posted, debits positive and credits negative, in BHD with 3 decimals. See docs/exports.md.

            decimal-mark .
            commodity 1000.000 BHD

            account income  ; type: R
            account members  ; type: A
            account pods  ; type: A
            account income:7seas:ana
            account members:7seas:ana
            account pods:7seas:pool

            2024-01-05 * (1) Fee\u{FF1B} "draft" \u{FF5C} 日本
                ; kind: income
                ; reference: R,1\u{FF1B}2
                members:7seas:ana       123.456 BHD
                income:7seas:ana       -123.456 BHD

            2024-01-31 * (2) 2024-01 7seas: contributions
                ; kind: redistribution
                members:7seas:ana        -0.005 BHD
                pods:7seas:pool           0.005 BHD


            """)
    }

    @Test func ledgerJournalInA0DigitCurrency() throws {
        #expect(try Self.rendered(.ledger, "JPY") == """
            ; Ledger file exported by podledger: every entry of the ledger through 2024-01, by date then entry number.
            ; A month's redistribution (and a reopen's reversals) is dated on the month's last day. Amounts are as
            ; posted, debits positive and credits negative, in JPY with 0 decimals. See docs/exports.md.

            commodity JPY
                format 1000 JPY

            tag kind
            tag reference

            account income:7seas:ana
            account members:7seas:ana
            account pods:7seas:pool

            2024-01-05 * (1) Fee\u{FF1B} "draft" | 日本
                ; kind: income
                ; reference: R,1\u{FF1B}2
                members:7seas:ana        123456 JPY
                income:7seas:ana        -123456 JPY

            2024-01-31 * (2) 2024-01 7seas: contributions
                ; kind: redistribution
                members:7seas:ana            -5 JPY
                pods:7seas:pool               5 JPY


            """)
    }

    @Test func hledgerCommodityDirectiveOfA0DigitCurrencyEndsWithThePoint() throws {
        #expect(try Self.rendered(.hledger, "JPY").contains("\ncommodity 1000. JPY\n"))
    }

    @Test func beancountFileInA3DigitCurrency() throws {
        #expect(try Self.rendered(.beancount, "BHD") == """
            ; Beancount file exported by podledger: every entry of the ledger through 2024-01, by date then entry number.
            ; A month's redistribution (and a reopen's reversals) is dated on the month's last day. Amounts are as
            ; posted, debits positive and credits negative, in BHD with 3 decimals. See docs/exports.md.

            option "operating_currency" "BHD"

            2024-01-05 open Assets:Members:ID7seas:Ana BHD
              podledger: "members:7seas:ana"
            2024-01-31 open Assets:Pods:ID7seas:Pool BHD
              podledger: "pods:7seas:pool"
            2024-01-05 open Income:ID7seas:Ana BHD
              podledger: "income:7seas:ana"

            2024-01-05 * "Fee; \\"draft\\" | 日本"
              entry: 1
              kind: "income"
              reference: "R,1;2"
              Assets:Members:ID7seas:Ana       123.456 BHD
              Income:ID7seas:Ana              -123.456 BHD

            2024-01-31 * "2024-01 7seas: contributions"
              entry: 2
              kind: "redistribution"
              Assets:Members:ID7seas:Ana        -0.005 BHD
              Assets:Pods:ID7seas:Pool           0.005 BHD


            """)
    }

    @Test func csvHasOneRowPerPostingWithTheSevenColumns() throws {
        #expect(try Self.rendered(.csv, "NZD") == [
            "date,entry,kind,account,amount,description,reference",
            "2024-01-05,1,income,members:7seas:ana,1234.56,\"Fee; \"\"draft\"\" | 日本\",\"R,1;2\"",
            "2024-01-05,1,income,income:7seas:ana,-1234.56,\"Fee; \"\"draft\"\" | 日本\",\"R,1;2\"",
            "2024-01-31,2,redistribution,members:7seas:ana,-0.05,2024-01 7seas: contributions,",
            "2024-01-31,2,redistribution,pods:7seas:pool,0.05,2024-01 7seas: contributions,",
        ].joined(separator: "\r\n") + "\r\n")
    }

    @Test func anEmptyLedgerIsAHeaderAlone() throws {
        let export = LedgerExport(currency: try Currency(code: "NZD"), through: nil, accounts: [])
        let journal = ExportRenderer(format: .hledger, export: export).header()
        #expect(journal.hasPrefix("; hledger file exported by podledger: every entry of the ledger, by date then entry number.\n"))
        #expect(journal.hasSuffix("decimal-mark .\ncommodity 1000.00 NZD\n\n\n"))
        #expect(ExportRenderer(format: .csv, export: export).header() == "date,entry,kind,account,amount,description,reference\r\n")
    }
}
