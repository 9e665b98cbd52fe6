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
}
