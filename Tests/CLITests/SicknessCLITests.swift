import Foundation
import Testing

/// `sickness add | end | list`, closing months of a sickness fund beside a floor pod, its statements, dues and
/// payments (SPEC §7, §8): goldens of the output and of every refusal, and the fund's keys refused where they do
/// not belong.
@Suite struct SicknessCLITests {
    /// A floor pod and a fund of four (Eli leaves in May); the fund keeps at most 12 deposits and pays for 3 months.
    static let network = """
        currency = "NZD"

        [network]
        share_percent = "10"

        [[pod]]
        id = "aurora"
        name = "Aurora Collective"
        policy = "floor"
        floor = "3000.00"
        reserve_target = "6000.00"
        surplus = "refund"

        [[pod.member]]
        id = "alice"
        name = "Alice Ngata"
        pledge_percent = "15"
        joined = "2024-01"

        [[pod.member]]
        id = "ben"
        name = "Ben Tupou"
        pledge_percent = "15"
        joined = "2024-01"

        [[pod]]
        id = "brood"
        name = "Broodfonds Te Aro"
        policy = "sickness"
        waiting_months = 1
        max_benefit_months = 3
        account_cap_months = 12

        [[pod.member]]
        id = "ana"
        name = "Ana Rua"
        benefit = "1500.00"
        deposit = "67.50"
        joined = "2024-01"

        [[pod.member]]
        id = "cas"
        name = "Cas Wiremu"
        benefit = "1000.00"
        deposit = "45.00"
        joined = "2024-01"

        [[pod.member]]
        id = "dee"
        name = "Dee Marsh"
        benefit = "2000.00"
        deposit = "90.00"
        joined = "2024-01"

        [[pod.member]]
        id = "eli"
        name = "Eli Park"
        benefit = "1000.00"
        deposit = "45.00"
        joined = "2024-01"
        left = "2024-05"

        """

    static let income = """
        date,member,amount,reference
        2024-01-15,alice,4000.00,A1
        2024-01-20,ben,2500.00,B1
        2024-02-03,alice,6000.00,A2
        2024-02-11,ben,900.00,B2
        2024-03-03,alice,1000.00,A3
        2024-03-11,ben,900.00,B3
        2024-01-15,ana,3000.00,N1
        2024-03-15,dee,5200.00,D3

        """

    static func ledger(network: String = Self.network) throws -> CLI {
        let cli = try CLI()
        #expect(try cli.run(["init", "--network", try cli.write("network.toml", network)]).status == 0)
        #expect(try cli.run(["import", try cli.write("income.csv", Self.income)]).status == 0)
        return cli
    }

    static func transcript(_ cli: CLI, _ commands: [[String]]) throws -> String {
        var out = ""
        for arguments in commands {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            out += "$ podledger " + arguments.joined(separator: " ") + "\n" + result.stdout
        }
        return out
    }

    @Test func sicknessIsRecordedClosedAndExplained() throws {
        let cli = try Self.ledger()
        try expectGolden(try Self.transcript(cli, [
            ["sickness", "add", "--member", "cas", "--from", "2024-02"],
            ["sickness", "add", "--member", "dee", "--from", "2024-03", "--through", "2024-03"],
            ["sickness", "list"],
            ["sickness", "end", "--member", "cas", "--through", "2024-04"],
            ["sickness", "list", "--format", "json"],
            ["redistribute", "--through", "2024-05"],
        ]), "sickness/record-and-close.txt")
        // No warning about the fund's members without income: income moves nothing in a fund.
        let june = try cli.run(["redistribute", "--month", "2024-06", "--dry-run"])
        #expect(june.stderr.contains("alice, ben (active)"), "\(june.stderr)")
        #expect(!june.stderr.contains("ana"), "\(june.stderr)")
        for (arguments, golden) in [
            (["statement", "--pod", "brood", "--month", "2024-03"], "pod-2024-03.txt"),
            (["statement", "--pod", "brood", "--month", "2024-03", "--format", "json"], "pod-2024-03.json"),
            (["statement", "--pod", "brood", "--month", "2024-05"], "pod-2024-05.txt"),
            (["statement", "--member", "cas", "--month", "2024-03"], "member-cas-2024-03.txt"),
            (["statement", "--member", "eli", "--month", "2024-05", "--format", "json"], "member-eli-2024-05.json"),
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            try expectGolden(result.stdout, "sickness/\(golden)")
        }
        // Health is private by default: the pod statement names nobody as sick.
        let pod = try cli.run(["statement", "--pod", "brood", "--month", "2024-03"]).stdout
        #expect(pod.contains("2 members are sick this month") && !pod.contains("since 2024-02"), "\(pod)")
        #expect(try cli.run(["check"]).status == 0)
        // `network show` lists a fund's members with their level and deposit, not a pledge they do not make.
        let network = try cli.run(["network", "show"]).stdout
        #expect(network.contains("Fund   Member  Name         Benefit  Deposit  Joined   Left\n"), "\(network)")
        #expect(network.contains("brood  eli     Eli Park    1,000.00    45.00  2024-01  2024-05"), "\(network)")
        #expect(!network.contains("brood   ana"), "a fund member is not in the pledges' table: \(network)")
    }

    @Test func theFundsDuesArePaidLikeAnyPods() throws {
        // Deposits are what members owe the fund; benefits and refunds what the fund owes them (SPEC §8).
        let cli = try Self.ledger()
        #expect(try cli.run(["sickness", "add", "--member", "cas", "--from", "2024-02", "--through", "2024-04"]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-05"]).status == 0)
        try expectGolden(try Self.transcript(cli, [
            ["dues", "--pod", "brood"],
            ["pay", "--from", "ana", "--to", "pod:brood", "--amount", "200.00", "--date", "2024-05-02"],
            ["pay", "--from", "pod:brood", "--to", "cas", "--amount", "585.00", "--date", "2024-05-03"],
            ["dues", "--pod", "brood"],
        ]), "sickness/dues.txt")
        let dues = try cli.run(["dues", "--pod", "brood", "--format", "json"]).stdout
        #expect(dues.contains("\"cas\""), "\(dues)")
        #expect(try cli.run(["check"]).status == 0)
        // Eli left in May with the account refunded: the fund owes Eli what Eli had not paid in less the refund.
        let eli = try cli.run(["statement", "--member", "eli", "--month", "2024-05"]).stdout
        #expect(eli.contains("Own account in the fund"), "\(eli)")
    }

    @Test func sickNamesAreShownWhenTheFundAllowsIt() throws {
        let cli = try Self.ledger(network: Self.network.replacingOccurrences(of: "account_cap_months = 12", with: "account_cap_months = 12\nshow_sick_names = true"))
        #expect(try cli.run(["sickness", "add", "--member", "cas", "--from", "2024-02"]).status == 0)
        #expect(try cli.run(["sickness", "add", "--member", "dee", "--from", "2024-03", "--through", "2024-03"]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-03"]).status == 0)
        let pod = try cli.run(["statement", "--pod", "brood", "--month", "2024-03"]).stdout
        #expect(pod.contains("Sick this month: Cas Wiremu (since 2024-02; benefit 337.50, month 1 of 3, 2 more"), "\(pod)")
        #expect(pod.contains("Dee Marsh (since 2024-03; within the waiting time, no benefit)"), "\(pod)")
    }

    @Test(arguments: [
        ("a period deleted", "DELETE FROM sickness_events WHERE member = 'dee';",
         "2024-03: redistribution entry"),
        ("a period moved", "UPDATE sickness_events SET from_month = '2024-03' WHERE member = 'cas';",
         "2024-03: redistribution entry"),
    ])
    func checkFindsTamperedSickness(name: String, sql: String, expected: String) throws {
        // The closed months are recomputed with the recorded periods: a period changed by hand shows in the entries.
        let cli = try Self.ledger()
        #expect(try cli.run(["sickness", "add", "--member", "cas", "--from", "2024-02"]).status == 0)
        #expect(try cli.run(["sickness", "add", "--member", "dee", "--from", "2024-03", "--through", "2024-03"]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-04"]).status == 0)
        #expect(try cli.run(["check"]).status == 0)
        try ReliabilityCLITests.tamper(cli, sql)
        let result = try cli.run(["check"])
        #expect(result.status == 1, "\(name)")
        #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
    }

    static let refusals: [(name: String, arguments: [String])] = [
        ("closed-month", ["sickness", "add", "--member", "ana", "--from", "2024-03"]),
        ("overlap", ["sickness", "add", "--member", "cas", "--from", "2024-04"]),
        ("through-before-from", ["sickness", "add", "--member", "ana", "--from", "2024-08", "--through", "2024-07"]),
        ("not-a-fund", ["sickness", "add", "--member", "alice", "--from", "2024-07"]),
        ("unknown-member", ["sickness", "add", "--member", "zed", "--from", "2024-07"]),
        ("not-active", ["sickness", "add", "--member", "eli", "--from", "2024-07"]),
        ("end-nothing-open", ["sickness", "end", "--member", "dee", "--through", "2024-06"]),
        ("end-before-start", ["sickness", "end", "--member", "cas", "--through", "2024-01"]),
        ("end-in-closed-month", ["sickness", "end", "--member", "cas", "--through", "2024-03"]),
        ("bad-month", ["sickness", "add", "--member", "ana", "--from", "2024-13"]),
    ]

    @Test(arguments: refusals.map(\.name))
    func refusalsAreNamedAndChangeNothing(_ name: String) throws {
        let cli = try Self.ledger()
        #expect(try cli.run(["sickness", "add", "--member", "cas", "--from", "2024-02"]).status == 0)
        #expect(try cli.run(["redistribute", "--through", "2024-05"]).status == 0)
        let before = try cli.dump()
        let result = try cli.run(Self.refusals.first { $0.name == name }!.arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        try expectGolden(result.stderr, "errors/sickness-\(name).stderr")
        #expect(try cli.dump() == before)
    }

    @Test(arguments: [
        ("pledge-in-fund", "policy = \"sickness\"\n\n[[pod.member]]\nid = \"m\"\nbenefit = \"1000\"\ndeposit = \"45\"\npledge_percent = \"10\"\njoined = \"2024-01\"\n",
         "member 'm': pledge_percent is not a setting of a sickness fund's member, who deposits a fixed amount; remove it"),
        ("reserve-target-in-fund", "policy = \"sickness\"\nreserve_target = \"100\"\n",
         "pod 'a': reserve_target is not a setting of a sickness fund (policy = \"sickness\")"),
        ("tier-in-fund", "policy = \"sickness\"\n\n[[pod.tier]]\nreserve_at_least = \"0\"\nfloor_bonus = \"1\"\n",
         "pod 'a': tier is not a setting of a sickness fund"),
        ("missing-deposit", "policy = \"sickness\"\n\n[[pod.member]]\nid = \"m\"\nbenefit = \"1000\"\njoined = \"2024-01\"\n",
         "member 'm' has no deposit; add deposit = \"67.50\""),
        ("benefit-in-floor-pod", "policy = \"floor\"\nfloor = \"100\"\n\n[[pod.member]]\nid = \"m\"\npledge_percent = \"10\"\nbenefit = \"1000\"\njoined = \"2024-01\"\n",
         "member 'm': benefit is a setting of members of sickness funds (policy = \"sickness\"); remove it"),
        ("waiting-in-floor-pod", "policy = \"floor\"\nfloor = \"100\"\nwaiting_months = 2\n",
         "pod 'a': waiting_months is a setting of policy \"sickness\" pods; remove it, or set policy = \"sickness\""),
        ("zero-benefit", "policy = \"sickness\"\n\n[[pod.member]]\nid = \"m\"\nbenefit = \"0\"\ndeposit = \"45\"\njoined = \"2024-01\"\n",
         "member 'm': benefit and deposit must be more than 0"),
        ("no-benefit-months", "policy = \"sickness\"\nmax_benefit_months = 0\n",
         "pod 'a': max_benefit_months must be from 1 to 120"),
    ] as [(String, String, String)])
    func fundKeysOutOfPlaceAreRefused(name: String, pod: String, message: String) throws {
        let cli = try CLI()
        let file = try cli.write("\(name).toml", "currency = \"NZD\"\n\n[[pod]]\nid = \"a\"\n" + pod)
        let result = try cli.run(["init", "--network", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.ledger))
    }
}
