import Foundation
import Testing

/// `pay`, `dues` and `reconcile` on the small test network (SPEC §8): goldens of every format and every refusal.
@Suite struct PaymentCLITests {
    /// The test network with its quarter closed: alice owes, ben is owed.
    static func closedQuarter() throws -> CLI {
        let cli = try CLI.withNetwork()
        #expect(try cli.run(["import", CLI.golden.appendingPathComponent("good.csv").path]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-03"]).status == 0)
        return cli
    }

    @Test func payDuesAndReconcile() throws {
        let cli = try Self.closedQuarter()
        let payments = [
            ["pay", "--from", "alice", "--to", "pod:aurora", "--amount", "300.00", "--date", "2024-02-05", "--reference", "B-1"],
            ["pay", "--from", "alice", "--to", "ben", "--amount", "100.00", "--date", "2024-03-05", "--description", "direct"],
            ["pay", "--from", "pod:aurora", "--to", "ben", "--amount", "20.00", "--date", "2024-04-02"],
            ["pay", "--from", "network", "--to", "pod:aurora", "--amount", "5.00", "--date", "2024-04-03"],
        ]
        var out = ""
        for payment in payments {
            let result = try cli.run(payment)
            #expect(result.status == 0, "\(payment): \(result.stderr)")
            out += result.stdout
        }
        // The same reference again adds nothing.
        out += try cli.run(payments[0]).stdout
        try expectGolden(out, "pay.txt")
        for format in ["text", "md", "csv", "json"] {
            let dues = try cli.run(["dues", "--format", format])
            #expect(dues.status == 0, "\(dues.stderr)")
            try expectGolden(dues.stdout, "dues.\(format == "text" ? "txt" : format)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["dues", "--format", "json"]).stdout.utf8)) as? [String: Any])
        #expect(json["through"] as? String == "2024-03")
        // The pod's bank: 300.00 in from alice, 20.00 out to ben, 5.00 in from the network.
        let agrees = try cli.run(["reconcile", "--pod", "aurora", "--bank-balance", "285.00", "--date", "2024-04-30"])
        #expect(agrees.status == 0)
        try expectGolden(agrees.stdout, "reconcile-agrees.txt")
        let differs = try cli.run(["reconcile", "--pod", "aurora", "--bank-balance", "290.00", "--date", "2024-04-30", "--format", "json"])
        #expect(differs.status == 1)
        try expectGolden(differs.stdout, "reconcile-differs.json")
        // Before the payments of April: 300.00.
        #expect(try cli.run(["reconcile", "--pod", "aurora", "--bank-balance", "300.00", "--date", "2024-03-31"]).status == 0)
        #expect(try cli.run(["check"]).status == 0)
    }

    static let refusals: [(name: String, arguments: [String])] = [
        ("member-to-another-pod", ["pay", "--from", "alice", "--to", "pod:kauri", "--amount", "1.00", "--date", "2024-02-01"]),
        ("member-to-network", ["pay", "--from", "alice", "--to", "network", "--amount", "1.00", "--date", "2024-02-01"]),
        ("unknown-member", ["pay", "--from", "zed", "--to", "pod:aurora", "--amount", "1.00", "--date", "2024-02-01"]),
        ("unknown-pod", ["pay", "--from", "pod:kauri", "--to", "network", "--amount", "1.00", "--date", "2024-02-01"]),
        ("zero-amount", ["pay", "--from", "alice", "--to", "pod:aurora", "--amount", "0.00", "--date", "2024-02-01"]),
        ("negative-amount", ["pay", "--from", "alice", "--to", "pod:aurora", "--amount=-5.00", "--date", "2024-02-01"]),
        ("self", ["pay", "--from", "alice", "--to", "alice", "--amount", "1.00", "--date", "2024-02-01"]),
        ("bad-party", ["pay", "--from", "Alice Ngata", "--to", "pod:aurora", "--amount", "1.00", "--date", "2024-02-01"]),
        ("bad-date", ["pay", "--from", "alice", "--to", "pod:aurora", "--amount", "1.00", "--date", "2024-02-30"]),
        ("same-reference-other-amount", ["pay", "--from", "alice", "--to", "pod:aurora", "--amount", "2.00", "--date", "2024-02-01", "--reference", "R"]),
        ("dues-unknown-pod", ["dues", "--pod", "kauri"]),
        ("reconcile-unknown-pod", ["reconcile", "--pod", "kauri", "--bank-balance", "0", "--date", "2024-02-01"]),
    ]

    @Test(arguments: refusals.map(\.name))
    func refusalsAreNamedAndChangeNothing(_ name: String) throws {
        let cli = try Self.closedQuarter()
        #expect(try cli.run(["pay", "--from", "alice", "--to", "pod:aurora", "--amount", "1.00", "--date", "2024-02-01", "--reference", "R"]).status == 0)
        let before = try cli.dump()
        let result = try cli.run(Self.refusals.first { $0.name == name }!.arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        try expectGolden(result.stderr.replacingOccurrences(of: cli.directory.path, with: "DIR"), "errors/pay-\(name).stderr")
        #expect(try cli.dump() == before)
    }

    // MARK: import --payments

    static let paymentsCSV = """
        date,from,to,amount,reference,description
        2024-02-05,alice,pod:aurora,300.00,B-1,January settlement
        2024-03-05,alice,ben,100.00,,"Direct, to Ben"
        2024-03-05,alice,ben,100.00,,"Direct, to Ben"
        2024-04-02,pod:aurora,ben,20.00,,
        2024-04-03,network,pod:aurora,5.00,NET-1,Support

        """

    /// A pod's bank export read through rules: the direction from the sign, the bank's names mapped.
    static let bankCSV = """
        Date;Payee;Amount;Id
        05/02/2024;ALICE  NGATA;300,00;T1
        05/03/2024;b tupou;-20,00;T2
        06/03/2024;Network Trust;5,00;T3
        07/03/2024;ALICE NGATA;0,00;T4

        """

    static let bankRules = """
        separator ;
        date %Date
        date-format %d/%m/%Y
        amount %Amount
        decimal-mark ,
        account pod:aurora
        counterparty %Payee
        name "Alice Ngata" alice
        name B TUPOU ben
        name "NETWORK TRUST" network
        reference %Id

        """

    @Test func importPaymentsIsIdempotentAndAgreesWithPay() throws {
        let cli = try Self.closedQuarter()
        let file = try cli.write("payments.csv", Self.paymentsCSV)
        let dry = try cli.run(["import", "--payments", file, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(try cli.sqlite("SELECT count(*) FROM entries WHERE kind = 'payment'") == "0\n")
        let first = try cli.run(["import", "--payments", file])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try cli.run(["import", "--payments", file, "--format", "json"])
        #expect(again.status == 0)
        try expectGolden(dry.stdout + first.stdout + again.stdout, "import-payments.txt")
        // Two identical rows without a reference are both kept: five rows, five payments.
        #expect(try cli.sqlite("SELECT count(*) FROM entries WHERE kind = 'payment'") == "5\n")
        // The same payments recorded with `pay` give the same dues to the cent.
        let paid = try Self.closedQuarter()
        for arguments in [
            ["--from", "alice", "--to", "pod:aurora", "--amount", "300.00", "--date", "2024-02-05"],
            ["--from", "alice", "--to", "ben", "--amount", "200.00", "--date", "2024-03-05"],
            ["--from", "pod:aurora", "--to", "ben", "--amount", "20.00", "--date", "2024-04-02"],
            ["--from", "network", "--to", "pod:aurora", "--amount", "5.00", "--date", "2024-04-03"],
        ] {
            #expect(try paid.run(["pay"] + arguments).status == 0)
        }
        #expect(try cli.run(["dues", "--format", "json"]).stdout == paid.run(["dues", "--format", "json"]).stdout)
        #expect(try cli.run(["check"]).status == 0)
    }

    @Test func aBankExportIsReadThroughItsRules() throws {
        let cli = try Self.closedQuarter()
        let file = try cli.write("bank.csv", Self.bankCSV)
        let rules = try cli.write("bank.rules", Self.bankRules)
        let result = try cli.run(["import", "--payments", file, "--rules", rules])
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden(result.stdout, "import-payments-bank.txt")
        // Money in from alice and the network, out to ben: 300.00 − 20.00 + 5.00.
        #expect(try cli.run(["reconcile", "--pod", "aurora", "--bank-balance", "285.00", "--date", "2024-03-31"]).status == 0)
        #expect(try cli.run(["import", "--payments", file, "--rules", rules]).stdout.hasPrefix("0 new payments, 3 already present"))
    }

    static let importRefusals: [(name: String, csv: String, rules: String?)] = [
        ("negative", "date,from,to,amount\n2024-02-05,alice,pod:aurora,-3.00\n", nil),
        ("zero", "date,from,to,amount\n2024-02-05,alice,pod:aurora,0.00\n", nil),
        ("not-a-party", "date,from,to,amount\n2024-02-05,Alice Ngata,pod:aurora,3.00\n", nil),
        ("unknown-member", "date,from,to,amount\n2024-02-05,zed,pod:aurora,3.00\n", nil),
        ("no-route", "date,from,to,amount\n2024-02-05,alice,network,3.00\n", nil),
        ("before-first-month", "date,from,to,amount\n2023-12-20,alice,pod:aurora,3.00\n", nil),
        ("missing-to", "date,from,amount\n2024-02-05,alice,3.00\n", nil),
        ("other-content-same-reference", "date,from,to,amount,reference\n2024-02-05,alice,pod:aurora,4.00,R\n", nil),
        ("second-row-bad", "date,from,to,amount\n2024-02-05,alice,pod:aurora,3.00\n2024-02-06,ben,pod:aurora,x\n", nil),
        ("unmapped-name", "Date;Payee;Amount;Id\n05/02/2024;J SMITH;3,00;T9\n", bankRules),
        ("income-rules", "date,member,amount\n2024-02-05,alice,3.00\n", "date %date\nmember %member\namount %amount\n"),
        ("half-account", "date,payee,amount\n2024-02-05,alice,3.00\n", "date %date\ncounterparty %payee\namount %amount\n"),
    ]

    @Test(arguments: importRefusals.map(\.name))
    func importRefusalsAreNamedAndChangeNothing(_ name: String) throws {
        let cli = try Self.closedQuarter()
        #expect(try cli.run(["pay", "--from", "alice", "--to", "pod:aurora", "--amount", "1.00", "--date", "2024-02-01", "--reference", "R"]).status == 0)
        let refusal = Self.importRefusals.first { $0.name == name }!
        let file = try cli.write("payments.csv", refusal.csv)
        var arguments = ["import", "--payments", file]
        if let rules = refusal.rules { arguments += ["--rules", try cli.write("bank.rules", rules)] }
        let before = try cli.dump()
        let result = try cli.run(arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        try expectGolden(result.stderr.replacingOccurrences(of: cli.directory.path, with: "DIR"), "errors/import-payments-\(name).stderr")
        #expect(try cli.dump() == before)
    }
}
