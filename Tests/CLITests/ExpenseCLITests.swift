import Foundation
import Testing

/// `expense`, `import --expenses` and a pod statement with expenses, levy and a tier (SPEC §6): goldens of the
/// output and of every refusal, and the network file's agreement keys refused where they do not belong.
@Suite struct ExpenseCLITests {
    /// The test network with a levy, a tier and an own floor, its income imported and nothing closed.
    static let network = """
        currency = "NZD"

        [network]
        share_percent = "10"
        fee = "40.00"
        gross_percent = "1"

        [[pod]]
        id = "aurora"
        name = "Aurora Collective"
        policy = "floor"
        floor = "3000.00"
        reserve_target = "6000.00"
        surplus = "refund"

        [[pod.tier]]
        reserve_at_least = "500.00"
        floor_bonus = "100.00"

        [[pod.member]]
        id = "alice"
        name = "Alice Ngata"
        pledge_percent = "15"
        joined = "2024-01"

        [[pod.member]]
        id = "ben"
        name = "Ben Tupou"
        pledge_percent = "100"
        floor = "1800.00"
        joined = "2024-01"

        """

    static let income = """
        date,member,amount,reference
        2024-01-15,alice,4000.00,A1
        2024-01-20,ben,2500.00,B1
        2024-02-03,alice,6000.00,A2
        2024-02-11,ben,900.00,B2

        """

    static let expenses = """
        date,pod,amount,description,reference
        2024-01-05,aurora,1800.00,Accountant's year-end fee,EXP-1
        2024-02-01,aurora,45.00,Video calls,EXP-2
        2024-02-01,aurora,45.00,Video calls,

        """

    static func ledger() throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run(["init", "--network", try cli.write("network.toml", Self.network)]).status == 0)
        #expect(try cli.run(["import", try cli.write("income.csv", Self.income)]).status == 0)
        return cli
    }

    @Test func expensesAreRecordedReversedAndExplained() throws {
        let cli = try Self.ledger()
        let file = try cli.write("expenses.csv", Self.expenses)
        var out = ""
        for arguments in [
            ["import", "--expenses", file, "--dry-run"],
            ["import", "--expenses", file],
            ["import", "--expenses", file],
            ["expense", "--pod", "aurora", "--date", "2024-02-14", "--amount", "120.00", "--description", "Coworking desk", "--reference", "CW-2"],
            ["expense", "--pod", "aurora", "--date", "2024-02-14", "--amount", "120.00", "--description", "Coworking desk", "--reference", "CW-2"],
            ["expense", "--pod", "aurora", "--reverse", "CW-2"],
            ["expense", "--pod", "aurora", "--reverse", "CW-2"],
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            out += "$ " + arguments.joined(separator: " ").replacingOccurrences(of: cli.directory.path, with: "DIR") + "\n" + result.stdout
        }
        try expectGolden(out, "expenses.txt")
        #expect(try cli.run(["redistribute", "--through", "2024-02"]).status == 0)
        // January: the 1,800.00 fee is more than the pool; February pays what was carried, the levy, and the calls.
        for format in ["txt", "json"] {
            for month in ["2024-01", "2024-02"] {
                let statement = try cli.run(["statement", "--pod", "aurora", "--month", month, "--format", format == "txt" ? "text" : format])
                #expect(statement.status == 0, "\(statement.stderr)")
                try expectGolden(statement.stdout, "statements/agreements-\(month).\(format)")
            }
        }
        #expect(try cli.run(["check"]).status == 0)
        let register = try cli.run(["register", "--account", "expenses:aurora"])
        #expect(register.stdout.contains("reversal: Coworking desk"), "\(register.stdout)")
    }

    static let refusals: [(name: String, arguments: [String])] = [
        ("closed-month", ["expense", "--pod", "aurora", "--date", "2024-01-31", "--amount", "1.00", "--description", "Late"]),
        ("unknown-pod", ["expense", "--pod", "kauri", "--date", "2024-02-01", "--amount", "1.00", "--description", "Software"]),
        ("zero", ["expense", "--pod", "aurora", "--date", "2024-02-01", "--amount", "0", "--description", "Software"]),
        ("negative", ["expense", "--pod", "aurora", "--date", "2024-02-01", "--amount", "-5.00", "--description", "Software"]),
        ("no-description", ["expense", "--pod", "aurora", "--date", "2024-02-01", "--amount", "5.00", "--description", " "]),
        ("before-first-month", ["expense", "--pod", "aurora", "--date", "2023-12-01", "--amount", "5.00", "--description", "Early"]),
        ("reverse-unknown", ["expense", "--pod", "aurora", "--reverse", "NOPE"]),
        ("reverse-closed", ["expense", "--pod", "aurora", "--reverse", "J-1"]),
        ("same-reference-other-amount", ["expense", "--pod", "aurora", "--date", "2024-01-10", "--amount", "9.00", "--description", "Audit", "--reference", "J-1"]),
    ]

    @Test(arguments: refusals.map(\.name))
    func refusalsAreNamedAndChangeNothing(_ name: String) throws {
        let cli = try Self.ledger()
        #expect(try cli.run(["expense", "--pod", "aurora", "--date", "2024-01-10", "--amount", "8.00", "--description", "Audit", "--reference", "J-1"]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-01"]).status == 0)
        let before = try cli.dump()
        let result = try cli.run(Self.refusals.first { $0.name == name }!.arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        try expectGolden(result.stderr, "errors/expense-\(name).stderr")
        #expect(try cli.dump() == before)
    }

    static let importRefusals: [(name: String, csv: String)] = [
        ("closed-month", "date,pod,amount,description\n2024-01-20,aurora,5.00,Late\n"),
        ("negative", "date,pod,amount,description\n2024-02-20,aurora,-5.00,Refund\n"),
        ("no-description", "date,pod,amount,description\n2024-02-20,aurora,5.00,\n"),
        ("unknown-pod", "date,pod,amount,description\n2024-02-20,kea,5.00,Software\n"),
        ("missing-pod", "date,amount,description\n2024-02-20,5.00,Software\n"),
    ]

    @Test(arguments: importRefusals.map(\.name))
    func importRefusalsAreNamedAndChangeNothing(_ name: String) throws {
        let cli = try Self.ledger()
        #expect(try cli.run(["redistribute", "--through", "2024-01"]).status == 0)
        let file = try cli.write("expenses.csv", Self.importRefusals.first { $0.name == name }!.csv)
        let before = try cli.dump()
        let result = try cli.run(["import", "--expenses", file])
        #expect(result.status == 1)
        try expectGolden(result.stderr.replacingOccurrences(of: cli.directory.path, with: "DIR"), "errors/import-expenses-\(name).stderr")
        #expect(try cli.dump() == before)
    }

    @Test(arguments: [
        ("tier-in-equal-pod", "policy = \"equal\"\n\n[[pod.tier]]\nreserve_at_least = \"0\"\nfloor_bonus = \"1\"\n",
         "pod 'a': reserve tiers raise floors or average targets, and an equal pod has neither; remove its [[pod.tier]] tables"),
        ("unsorted-tiers", "policy = \"floor\"\nfloor = \"100\"\n\n[[pod.tier]]\nreserve_at_least = \"900\"\nfloor_bonus = \"1\"\n\n[[pod.tier]]\nreserve_at_least = \"500\"\nfloor_bonus = \"2\"\n",
         "pod 'a': tier 2: reserve_at_least 500.00 is not above tier 1's 900.00; list tiers from the lowest reserve up, each threshold once"),
        ("tier-without-bonus", "policy = \"floor\"\nfloor = \"100\"\n\n[[pod.tier]]\nreserve_at_least = \"900\"\n",
         "pod 'a' tier 1 has no floor_bonus; add floor_bonus = \"500.00\" (what every member's floor rises by)"),
        ("own-floor-in-average-pod", "policy = \"average\"\nwindow = 3\n\n[[pod.member]]\nid = \"m\"\npledge_percent = \"10\"\njoined = \"2024-01\"\nfloor = \"10\"\n",
         "member 'm': a member's own floor needs a floor pod, and pod 'a' has policy average; remove the member's floor, or make the pod a floor pod"),
        ("negative-fee", "policy = \"equal\"\nnetwork_fee = \"-1.00\"\n",
         "pod 'a': network_fee must not be negative"),
        ("percent-over-100", "policy = \"equal\"\nnetwork_gross_percent = \"101\"\n",
         "pod 'a': network_gross_percent: invalid percent '101': it must be between 0 and 100"),
    ] as [(String, String, String)])
    func agreementKeysOutOfPlaceAreRefused(name: String, pod: String, message: String) throws {
        let cli = try CLI()
        let file = try cli.write("\(name).toml", "currency = \"NZD\"\n\n[[pod]]\nid = \"a\"\n" + pod)
        let result = try cli.run(["init", "--network", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.ledger))
    }
}
