import Foundation
import LedgerCore
import Testing

@testable import IncomeImport

/// Payment files (SPEC §8) through the default layout and through rules: parties in columns or fixed, an
/// account's export with the direction from the sign or from credit and debit columns, the bank's names.
@Suite("Payment files and payment rules")
struct PaymentRulesTests {
    func payments(_ csv: String, rules rulesText: String? = nil) throws -> [PaymentRow] {
        let directory = try TemporaryDirectory()
        let path = try directory.write("payments.csv", Array(csv.utf8))
        let rules = try rulesText.map { text throws(IncomeImportError) in try ImportRules(parsing: text, file: "bank.rules", kind: .payments) }
        var rows: [PaymentRow] = []
        try IncomeFileReader(path: path, currency: nzd, rules: rules ?? .defaultPayments).readPayments { rows.append($0) }
        return rows
    }

    func message(_ csv: String, rules rulesText: String? = nil) -> String? {
        do {
            _ = try payments(csv, rules: rulesText)
            return nil
        } catch {
            return "\(error)".replacingOccurrences(of: #"^.*payments\.csv"#, with: "FILE", options: .regularExpression)
        }
    }

    func party(_ text: String) -> PaymentParty { try! PaymentParty(parsing: text) }

    @Test func theDefaultLayoutNamesBothParties() throws {
        let rows = try payments("""
            date,from,to,amount,reference,description
            2024-02-05,alice,pod:aurora,300.00,B-1,January
            2024-03-05,pod:aurora,ben,20,,
            2024-03-05,pod:aurora,ben,20,,
            2024-04-03,network,pod:aurora,5.00,,Support
            """)
        #expect(rows.map(\.payment) == [
            Payment(day: day("2024-02-05"), from: party("alice"), to: party("pod:aurora"), amountMinor: 30_000, reference: "B-1", description: "January"),
            Payment(day: day("2024-03-05"), from: party("pod:aurora"), to: party("ben"), amountMinor: 2_000, reference: nil, description: ""),
            Payment(day: day("2024-03-05"), from: party("pod:aurora"), to: party("ben"), amountMinor: 2_000, reference: nil, description: ""),
            Payment(day: day("2024-04-03"), from: .network, to: party("pod:aurora"), amountMinor: 500, reference: nil, description: "Support"),
        ])
        #expect(rows.map(\.line) == [2, 3, 4, 5])
        #expect(rows[0].key == PaymentKey.reference(from: party("alice"), to: party("pod:aurora"), reference: "B-1"))
        // Two identical rows without a reference get occurrences 1 and 2: both are kept.
        #expect(rows[1].key == PaymentKey.row(content: PaymentKey.content(rows[1].payment), occurrence: 1))
        #expect(rows[2].key == PaymentKey.row(content: PaymentKey.content(rows[2].payment), occurrence: 2))
    }

    @Test func anAccountExportTakesTheDirectionFromTheSign() throws {
        let rules = """
            date %Date
            amount %Amount
            account pod:aurora
            counterparty %Payee
            name "Alice  Ngata" alice
            name B TUPOU ben
            """
        let rows = try payments("""
            Date,Payee,Amount
            2024-02-05,  ALICE NGATA ,300.00
            2024-02-06,b   tupou,-20.00
            2024-02-07,network,5.00
            2024-02-08,ben,0.00
            """, rules: rules)
        #expect(rows.map { [$0.payment.from.description, $0.payment.to.description, String($0.payment.amountMinor)] } == [
            ["alice", "pod:aurora", "30000"], ["pod:aurora", "ben", "2000"], ["network", "pod:aurora", "500"], ["ben", "pod:aurora", "0"],
        ])
    }

    @Test func creditAndDebitColumnsGiveTheDirectionToo() throws {
        let rows = try payments("""
            Date,Who,In,Out
            2024-02-05,alice,300.00,
            2024-02-06,ben,,20.00
            """, rules: "date %Date\ncredit %In\ndebit %Out\naccount pod:aurora\ncounterparty %Who\n")
        #expect(rows.map { "\($0.payment.from)→\($0.payment.to) \($0.payment.amountMinor)" } == ["alice→pod:aurora 30000", "pod:aurora→ben 2000"])
    }

    @Test func partiesMayBeFixed() throws {
        let rows = try payments("When,Who,How much\n2024-02-05,alice,12.50\n", rules: "date %When\nfrom %Who\nto pod:aurora\namount %{How much}\n")
        #expect(rows.map(\.payment.to) == [party("pod:aurora")])
        #expect(rows.map(\.payment.amountMinor) == [1_250])
    }

    @Test(arguments: [
        ("date,from,to,amount\n2024-02-05,alice,pod:aurora,-3.00\n", nil,
         "FILE:2: the payment's amount is -3.00; it must be positive, money going from 'from' to 'to' (for money the other way, swap them)"),
        ("date,from,to,amount\n2024-02-05,,pod:aurora,3.00\n", nil,
         "FILE:2: column 'from' is empty; every payment needs its parties"),
        ("date,from,to,amount\n2024-02-05,pod:,pod:aurora,3.00\n", nil,
         "FILE:2: 'pod:' in column 'from' is not a party: write a member id (alice), pod:POD (pod:aurora) or network"),
        ("date,member,amount\n2024-02-05,alice,3.00\n", nil,
         "FILE:1: missing column 'from'; the default layout needs columns date, from, to and amount, and the header names 'date', 'member', 'amount'; rename the columns, or describe this layout (a bank export?) in an import rules file (given with --rules; see docs/import-rules.md)"),
        ("Date,Payee,Amount\n2024-02-05,\"J \"\"JJ\"\" SMITH\",3.00\n", "date %Date\namount %Amount\naccount pod:aurora\ncounterparty %Payee\n",
         "FILE:2: the bank's name 'J \"JJ\" SMITH' in column 'Payee' is not mapped to a party; add a line to bank.rules with the member's id, as in: name J \"JJ\" SMITH MEMBER-ID (or pod:POD, or network)"),
    ] as [(String, String?, String)])
    func badRowsAreNamed(csv: String, rules: String?, expected: String) {
        #expect(message(csv, rules: rules) == expected)
    }

    /// The name a message suggests for an unmapped counterparty, added to the rules, maps it.
    @Test func theSuggestedNameLineWorks() throws {
        let rules = "date %Date\namount %Amount\naccount pod:aurora\ncounterparty %Payee\n"
        let csv = "Date,Payee,Amount\n2024-02-05,\"J \"\"JJ\"\" SMITH\",3.00\n"
        #expect(try payments(csv, rules: rules + "name J \"JJ\" SMITH alice\n").map(\.payment.from) == [party("alice")])
    }

    @Test(arguments: [
        ("date %1\namount %2\nmember alice\n", "bank.rules:3: 'member' describes income, but these rules are read for payments; import income files with `podledger import`, or name the payer and payee with 'from' and 'to', or, for a pod's bank export, the account with 'account pod:POD' and the other party with 'counterparty %Column'"),
        ("date %1\namount %2\nfrom %3\n", "bank.rules:3: payment rules say who pays whom: 'from' and 'to', each a column ('from %Payer') or a party ('to pod:aurora'); or, for one account's export, 'account pod:POD' and 'counterparty %Column'"),
        ("date %1\namount %2\naccount pod:aurora\n", "bank.rules:3: 'account' needs a 'counterparty' line: the column naming the other party, as in 'counterparty %Payee'"),
        ("date %1\namount %2\naccount %4\ncounterparty %3\n", "bank.rules:3: 'account' is the party whose export this is, as in 'account pod:aurora', not a column"),
        ("date %1\namount %2\naccount Aurora\ncounterparty %3\n", "bank.rules:3: 'account' 'Aurora' is not a party: write a member id (alice), pod:POD (pod:aurora) or network"),
        ("date %1\namount %2\nfrom %3\nto %4\naccount pod:aurora\ncounterparty %3\n", "bank.rules:5: use either 'from' and 'to' (who pays whom, in columns or fixed) or 'account' and 'counterparty' (one account's export, the direction from the amount), not both"),
        ("date %1\namount %2\nfrom %3\nto %4\nname \"ANA alice\n", "bank.rules:5: the name's closing quote is missing: write 'name \"ANA LIMA\" ana'"),
        ("date %1\namount %2\nfrom %3\nto %4\nname \"ANA\"\n", "bank.rules:5: 'name' needs the party after the bank's name, as in 'name \"ANA LIMA\" ana'"),
        ("date %1\namount %2\nfrom %3\nto %4\nname alice\n", "bank.rules:5: 'name' maps a bank's name to a party: 'name \"ANA LIMA\" ana'"),
        ("date %1\namount %2\nfrom %3\nto %4\nname \"A N\" alice\nname \"a  n\" ben\n", "bank.rules:6: the name 'a  n' is already mapped to alice at line 5; a name maps to one party"),
        ("date %1\namount %2\nfrom %3\nto %4\nname \"A N\" Alice\n", "bank.rules:5: 'name' 'Alice' is not a party: write a member id (alice), pod:POD (pod:aurora) or network"),
    ])
    func badPaymentRulesAreNamed(text: String, expected: String) {
        #expect(throws: IncomeImportError.invalidRules(file: "bank.rules", line: Int(expected.split(separator: ":")[1])!,
                                                        reason: String(expected.split(separator: ": ", maxSplits: 1)[1]))) {
            try ImportRules(parsing: text, file: "bank.rules", kind: .payments)
        }
    }

    @Test func incomeRulesRefusePaymentDirectives() {
        #expect(throws: IncomeImportError.invalidRules(file: "test.rules", line: 4, reason: "'name' describes payments, but these rules are read for income; import payments files with `podledger import --payments`, or give income rules a 'member' line")) {
            try rules("date %1\nmember %2\namount %3\nname \"A\" alice\n")
        }
    }

    /// The same name mapped twice to the same party is no conflict.
    @Test func aNameRepeatedForTheSamePartyIsAccepted() throws {
        let parsed = try ImportRules(parsing: "date %1\namount %2\nfrom %3\nto %4\nname \"A N\" alice\nname a n alice\n", file: "bank.rules", kind: .payments)
        #expect(parsed.partyNames == ["A N": party("alice")])
    }
}
