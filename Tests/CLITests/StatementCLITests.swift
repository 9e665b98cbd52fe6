import Foundation
import LedgerCore
import LedgerStore
@testable import PodLedger
import Smoothing
import Statements
import Testing
import TestSupport

/// `podledger statement` on the demo network of `Samples/`, as `make demo` builds it: goldens for every
/// format, settlements against the ledger, `--all`, usage errors, hostile names, and the HTML statement
/// rendered by headless Chromium.
@Suite struct StatementCLITests {
    static let samples = CLI.packageRoot.appendingPathComponent("Samples")
    static let december = try! Month(parsing: "2024-12")
    static let demoPods = ["aurora", "kauri", "tui"]
    /// The demo's members active in December 2024 (losa joined in June; sione left after September).
    static let decemberMembers = ["alice", "ben", "mere", "chen", "hemi", "losa", "priya", "ana", "greta", "kiri", "tama"]
    /// What `statement --all --month 2024-12` writes with its default formats, pods and members by name, then the network.
    static let decemberSet: [String] = (demoPods.flatMap { ["2024-12-\($0).html", "2024-12-\($0).md"] }
        + decemberMembers.flatMap { ["2024-12-member-\($0).html", "2024-12-member-\($0).md"] }).sorted()
        + ["2024-12-network.html", "2024-12-network.md"]

    /// `init --network Samples/network.toml`, `import Samples/income/*.csv`, `redistribute --through 2024-12`,
    /// then the sample payments: `import --payments` of the Kauri and Tūī file and of Aurora's bank export.
    static func makeDemo() throws -> CLI {
        let cli = try CLI()
        let created = try cli.run(["init", "--network", samples.appendingPathComponent("network.toml").path])
        guard created.status == 0 else { throw DemoFailed(step: "init", stderr: created.stderr) }
        let incomeDirectory = samples.appendingPathComponent("income")
        let files = try FileManager.default.contentsOfDirectory(atPath: incomeDirectory.path)
            .filter { $0.hasSuffix(".csv") }.sorted().map { incomeDirectory.appendingPathComponent($0).path }
        let imported = try cli.run(["import"] + files)
        guard imported.status == 0 else { throw DemoFailed(step: "import", stderr: imported.stderr) }
        let closed = try cli.run(["redistribute", "--through", "2024-12"])
        guard closed.status == 0 else { throw DemoFailed(step: "redistribute", stderr: closed.stderr) }
        let payments = samples.appendingPathComponent("payments")
        for arguments in [
            [payments.appendingPathComponent("kauri-tui-2024.csv").path],
            [payments.appendingPathComponent("aurora-bank-2024.csv").path, "--rules", payments.appendingPathComponent("aurora-bank.rules").path],
        ] {
            let paid = try cli.run(["import", "--payments"] + arguments)
            guard paid.status == 0 else { throw DemoFailed(step: "import --payments", stderr: paid.stderr) }
        }
        return cli
    }

    struct DemoFailed: Error, CustomStringConvertible {
        let step: String
        let stderr: String
        var description: String { "building the demo ledger failed at \(step): \(stderr)" }
    }

    /// One demo ledger shared by the tests that only read it.
    static let shared: Result<CLI, DemoFailed> = {
        do {
            return .success(try makeDemo())
        } catch let error as DemoFailed {
            return .failure(error)
        } catch {
            return .failure(DemoFailed(step: "setup", stderr: "\(error)"))
        }
    }()

    static func demo() throws -> CLI { try shared.get() }

    static func fileExtension(_ format: String) -> String { format == "text" ? "txt" : format }

    // MARK: Goldens of the demo's statements

    static let formats = ["text", "md", "csv", "json", "html"]

    @Test(arguments: demoPods, formats)
    func podStatementGolden(pod: String, format: String) throws {
        let cli = try Self.demo()
        let result = try cli.run(["statement", "--pod", pod, "--month", "2024-12", "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try expectGolden(result.stdout, "statements/2024-12-\(pod).\(Self.fileExtension(format))")
    }

    @Test(arguments: formats)
    func memberStatementGolden(format: String) throws {
        let cli = try Self.demo()
        let result = try cli.run(["statement", "--member", "alice", "--from", "2024-01", "--through", "2024-12", "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden(result.stdout, "statements/2024-alice.\(Self.fileExtension(format))")
    }

    @Test(arguments: formats)
    func networkStatementGolden(format: String) throws {
        let cli = try Self.demo()
        let result = try cli.run(["statement", "--network", "--month", "2024-12", "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        try expectGolden(result.stdout, "statements/2024-12-network.\(Self.fileExtension(format))")
    }

    /// A member statement of one month still totals the year to date: January through that month.
    @Test func yearToDateRunsFromJanuary() throws {
        let cli = try Self.demo()
        let june = try cli.run(["statement", "--member", "alice", "--month", "2024-06", "--format", "json"]).stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(june.utf8)) as? [String: Any])
        #expect((json["months"] as? [Any])?.count == 1)
        let ytd = try #require(json["year_to_date"] as? [String: Any])
        #expect(ytd["months"] as? Int == 6)
        let year = try cli.run(["statement", "--member", "alice", "--from", "2024-01", "--through", "2024-06", "--format", "json"]).stdout
        let whole = try #require(try JSONSerialization.jsonObject(with: Data(year.utf8)) as? [String: Any])
        let totals = try #require(whole["totals"] as? [String: Any])
        for field in ["income", "contribution", "received", "net"] {
            #expect(ytd[field] as? String == totals[field] as? String, "\(field)")
        }
    }

    /// A member statement says in words what the member pays or receives, and to or from whom, to settle its
    /// last month.
    @Test func aMemberStatementSaysWhoPaysWhom() throws {
        let cli = try Self.demo()
        let ben = try cli.run(["statement", "--member", "ben", "--month", "2024-03"]).stdout
        #expect(ben.contains("In 2024-03 Ben Tupou receives 1,097.23: 723.92 from Alice Ngata and 373.31 from\nSione Fifita."), "\(ben)")
        let mere = try cli.run(["statement", "--member", "mere", "--month", "2024-12", "--format", "json"]).stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(mere.utf8)) as? [String: Any])
        let settlement = try #require(json["settlement"] as? [String: Any])
        #expect((settlement["pays"] as? [[String: Any]])?.first?["to"] as? String == "pods:aurora:reserve")
        #expect((settlement["pays"] as? [[String: Any]])?.first?["amount"] as? String == "412.59")
        #expect((settlement["receives"] as? [Any])?.isEmpty == true)
    }

    /// The demo's figures that the goldens hold, said once in plain words so a reviewer can check them.
    @Test func demoFiguresReadRight() throws {
        let cli = try Self.demo()
        let aurora = try cli.run(["statement", "--pod", "aurora", "--month", "2024-12"]).stdout
        #expect(aurora.contains("Status: closed"))
        #expect(aurora.contains("Total        15,752.97             1,791.03      0.00  13,961.94"))
        #expect(aurora.contains("Alice Ngata  Pod reserve  696.00"))
        #expect(!aurora.contains("PREVIEW"))
        let sione = try cli.run(["statement", "--member", "sione", "--through", "2024-12", "--format", "json"]).stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(sione.utf8)) as? [String: Any])
        #expect(json["from"] as? String == "2024-01", "--through alone is the year to date")
        #expect((json["months"] as? [Any])?.count == 9, "sione left after September")
        let volatility = try #require(json["volatility"] as? [String: Any])
        #expect(volatility["months"] as? Int == 9)
        #expect(volatility["swing_before_percent"] as? String == "34.97")
        #expect(volatility["swing_after_percent"] as? String == "21.64")
    }

    // MARK: Settlements against the ledger

    /// Every pod's settlement of every closed demo month: positive transfers that sum to zero per pod, give
    /// each member `received − contribution`, and move every account exactly as the ledger's postings do.
    @Test func everyDemoSettlementMatchesTheLedger() throws {
        let cli = try Self.demo()
        let ledger = try Ledger.open(at: cli.ledger)
        var podMonths = 0
        var transfers = 0
        var previous: [Account: Int64] = [:]
        for month in try Month(parsing: "2024-01").through(Self.december) {
            var current: [Account: Int64] = [:]
            for balance in try ledger.balances(through: month).lines { current[balance.account] = balance.balanceMinor }
            let income = try ledger.store.incomeByMonth(from: month, through: month)[month] ?? [:]
            var networkMoves: Int64 = 0
            for pod in Self.demoPods {
                let statement = try ledger.podStatement(pod: pod, month: month).statement
                #expect(!statement.preview)
                var positions: [Party: Int64] = [:]
                for transfer in statement.settlement {
                    #expect(transfer.amountMinor > 0)
                    #expect(transfer.from != transfer.to)
                    positions[transfer.from, default: 0] -= transfer.amountMinor
                    positions[transfer.to, default: 0] += transfer.amountMinor
                }
                transfers += statement.settlement.count
                #expect(positions.values.reduce(0, +) == 0, "\(pod) \(month): the payments sum to zero")
                let parties = statement.members.count + 2
                #expect(statement.settlement.count <= parties - 1, "\(pod) \(month): at most parties − 1 payments")
                func moved(_ account: Account) -> Int64 { (current[account] ?? 0) - (previous[account] ?? 0) }
                for line in statement.members {
                    let party = Party.member(statement.pod, line.member)
                    #expect(positions[party] ?? 0 == line.receivedMinor - line.contributionMinor, "\(line.member) \(month)")
                    let ledgerPosition = moved(party.account) - (income[line.member] ?? 0)
                    #expect(positions[party] ?? 0 == ledgerPosition, "\(line.member) \(month): settlement against the ledger")
                    #expect(moved(party.account) == line.netMinor, "\(line.member) \(month): net against the ledger")
                }
                let reserve = Party.podReserve(statement.pod)
                #expect(positions[reserve] ?? 0 == moved(reserve.account), "\(pod) \(month): pod reserve against the ledger")
                #expect(positions[reserve] ?? 0 == statement.reserveClosingMinor - statement.reserveOpeningMinor)
                #expect(moved(.pool(statement.pod)) == 0, "\(pod) \(month): the pool ends at zero")
                networkMoves += positions[.networkReserve] ?? 0
                podMonths += 1
            }
            #expect(networkMoves == (current[.networkReserve] ?? 0) - (previous[.networkReserve] ?? 0),
                    "\(month): the network reserve moves by the pods' settlements together")
            previous = current
        }
        #expect(podMonths == 36)
        #expect(transfers > 36, "the demo's months are not all trivial")
    }

    /// A closed month whose postings were changed behind the tool's back (the members' nets untouched, so
    /// only the settlement can notice) gets no statement in any form; other months still do.
    @Test func aSettlementThatDisagreesWithTheLedgerIsRefused() throws {
        let cli = try Self.makeDemo()
        let tamper = """
            INSERT INTO entries(kind, month, description, debit_total_minor, close_event_id)
              VALUES ('redistribution', '2024-03', 'moved by hand', 100,
                      (SELECT max(id) FROM month_events WHERE month = '2024-03' AND action = 'close'));
            INSERT INTO postings(entry_id, line, account_id, amount_minor) VALUES
              ((SELECT max(id) FROM entries), 0, (SELECT id FROM accounts WHERE name = 'pods:aurora:reserve'), -100),
              ((SELECT max(id) FROM entries), 1, (SELECT id FROM accounts WHERE name = 'network:reserve'), 100);
            SELECT count(*) FROM entries WHERE description = 'moved by hand';
            """
        #expect(try cli.sqlite(tamper).trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        for arguments in [["--pod", "tui", "--month", "2024-03"], ["--network", "--month", "2024-03"],
                          ["--pod", "aurora", "--month", "2024-03", "--format", "json"]] {
            let refused = try cli.run(["statement"] + arguments)
            #expect(refused.status == 1)
            #expect(refused.stdout.isEmpty)
            try expectGolden(refused.stderr, "statements/settlement-disagrees.stderr")
        }
        let output = cli.directory.appendingPathComponent("out")
        let all = try cli.run(["statement", "--all", "--month", "2024-03", "--output-dir", output.path])
        #expect(all.status == 1)
        #expect(!FileManager.default.fileExists(atPath: output.path), "nothing is written")
        let april = try cli.run(["statement", "--pod", "aurora", "--month", "2024-04"])
        #expect(april.status == 0, "\(april.stderr)")
        let member = try cli.run(["statement", "--member", "alice", "--month", "2024-03"])
        #expect(member.status == 0, "a member statement has no settlement; the nets still match: \(member.stderr)")
    }

    /// A member who moved pods: one set of figures over all their months, each month against its own pod's floor.
    @Test func volatilityFollowsAMemberAcrossPods() throws {
        let nzd = try Currency(code: "NZD")
        let alice = try MemberID("alice")
        func month(_ text: String, pod: String, policy: Policy, income: Int64, received: Int64) throws -> MonthResult {
            let line = MemberResult(member: alice, incomeMinor: income, pledgeBasisPoints: 0, contributionMinor: 0, needMinor: 0,
                                    receivedFromPodMinor: received, receivedFromNetworkMinor: 0, unmetMinor: 0)
            let other = MemberResult(member: try MemberID("zed"), incomeMinor: 1, pledgeBasisPoints: 0, contributionMinor: 0,
                                     needMinor: 0, receivedFromPodMinor: 0, receivedFromNetworkMinor: 0, unmetMinor: 0)
            return MonthResult(
                month: try Month(parsing: text), currency: nzd,
                pods: [PodResult(pod: try PodID(pod), policy: policy, members: [line, other], contributionsMinor: 0,
                                 reserveOpeningMinor: 0, reserveDrawMinor: 0, reserveDepositMinor: 0, surplusToReserveMinor: 0,
                                 reserveClosingMinor: 0, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 0)],
                networkReserveOpeningMinor: 0, networkReserveClosingMinor: 0, entries: [])
        }
        let results = [
            try month("2024-01", pod: "aurora", policy: .floor(floorMinor: 300_000), income: 250_000, received: 50_000),
            try month("2024-02", pod: "kauri", policy: .average(windowMonths: 3), income: 150_000, received: 0),
            try month("2024-03", pod: "kauri", policy: .average(windowMonths: 3), income: -10_000, received: 20_000),
        ]
        let figures = try #require(Volatility.figures(member: alice, results: results))
        #expect(figures.monthsCount == 3)
        #expect(figures.meanIncomeMinor == 130_000 && figures.meanNetMinor == 153_333)
        #expect(figures.monthsBelowFloorBefore == 2, "January under aurora's 3,000.00 and March below zero")
        #expect(figures.monthsBelowFloorAfter == 0, "January's net 3,000.00 is not below the floor; March's net is 100.00")
        #expect(figures.worstMonthBefore.month == (try Month(parsing: "2024-03")))
        #expect(Volatility.figures(member: try MemberID("nobody"), results: results) == nil)
    }

    // MARK: --all, -o, previews

    @Test func allWritesEveryPodAndTheNetwork() throws {
        let cli = try Self.demo()
        let work = cli.directory.appendingPathComponent("all-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let result = try cli.run(["statement", "--all", "--month", "2024-12", "--ledger", cli.ledger], cwd: work, useLedger: false)
        #expect(result.status == 0, "\(result.stderr)")
        let names = Self.decemberSet
        #expect(result.stdout == "wrote 30 statement files for 2024-12 to Reports:\n" + names.map { "  Reports/\($0)\n" }.joined())
        let reports = work.appendingPathComponent("Reports")
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted() == names.sorted())
        for pod in Self.demoPods {
            for format in ["html", "md"] {
                let single = try cli.run(["statement", "--pod", pod, "--month", "2024-12", "--format", format]).stdout
                let written = try String(contentsOf: reports.appendingPathComponent("2024-12-\(pod).\(format)"), encoding: .utf8)
                #expect(written == single, "\(pod).\(format) is the same as the single statement")
            }
        }
        let network = try cli.run(["statement", "--network", "--month", "2024-12", "--format", "md"]).stdout
        #expect(try String(contentsOf: reports.appendingPathComponent("2024-12-network.md"), encoding: .utf8) == network)
        // A member's statement in the set is their year to date, as `statement --member M --through 2024-12` prints it.
        for member in ["mere", "losa"] {
            let single = try cli.run(["statement", "--member", member, "--through", "2024-12", "--format", "md"]).stdout
            #expect(try String(contentsOf: reports.appendingPathComponent("2024-12-member-\(member).md"), encoding: .utf8) == single)
        }

        let csvOnly = cli.directory.appendingPathComponent("csv-\(UUID().uuidString)")
        let csv = try cli.run(["statement", "--all", "--month", "2024-12", "--output-dir", csvOnly.path, "--format", "csv", "--format", "json"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: csvOnly.path).count == 30)
        #expect(FileManager.default.fileExists(atPath: csvOnly.appendingPathComponent("2024-12-network.json").path))
    }

    @Test func outputFileHoldsWhatStdoutWouldShow() throws {
        let cli = try Self.demo()
        let file = cli.directory.appendingPathComponent("out-\(UUID().uuidString)/kauri.csv")
        let written = try cli.run(["statement", "--pod", "kauri", "--month", "2024-06", "--format", "csv", "-o", file.path])
        #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
        let printed = try cli.run(["statement", "--pod", "kauri", "--month", "2024-06", "--format", "csv"])
        #expect(try String(contentsOf: file, encoding: .utf8) == printed.stdout)
        #expect(printed.stdout.hasPrefix("pod,name,month,currency,policy,status,fingerprint\r\nkauri,Kauri Writers' Circle,2024-06,NZD,average,closed,"))
        // The fingerprint of the books as of June's close: 16 hex digits, found by `verify`.
        let fingerprint = String(printed.stdout.split(separator: "\r\n")[1].split(separator: ",").last!)
        #expect(fingerprint.count == 16 && fingerprint.allSatisfy(\.isHexDigit))
        let verified = try cli.run(["verify", fingerprint])
        #expect(verified.status == 0 && verified.stdout.contains("the close of 2024-06") || verified.stdout.contains("redistribution entry"), "\(verified.stdout)")
        #expect(printed.stdout.hasSuffix("\r\n") && !printed.stdout.hasSuffix("\n\n") && !printed.stdout.hasSuffix("\r\n\n"),
                "CSV ends with one CRLF on stdout too")
    }

    @Test func anOpenMonthIsAPreview() throws {
        let cli = try Self.demo()
        let preview = try cli.run(["statement", "--pod", "aurora", "--month", "2025-01"])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("| PREVIEW — month not closed |"))
        #expect(preview.stdout.contains("Status: preview (open)"))
        let member = try cli.run(["statement", "--member", "ben", "--from", "2024-11", "--through", "2025-01", "--format", "md"])
        #expect(member.stdout.contains("| 2025-01 \\* |"), "the open month is starred")
        #expect(member.stdout.contains("Over 2 closed months"), "volatility over the closed months only")
        let json = try cli.run(["statement", "--network", "--month", "2025-02", "--format", "json"])
        #expect(json.stdout.contains("\"preview\": true"))
    }

    // MARK: Usage and domain errors

    @Test(arguments: [
        ["--month", "2024-12"],
        ["--pod", "aurora", "--network", "--month", "2024-12"],
        ["--pod", "aurora"],
        ["--network"],
        ["--all"],
        ["--pod", "aurora", "--from", "2024-01", "--through", "2024-12"],
        ["--member", "alice"],
        ["--member", "alice", "--from", "2024-01"],
        ["--member", "alice", "--month", "2024-03", "--through", "2024-05"],
        ["--member", "alice", "--from", "2024-05", "--through", "2024-02"],
        ["--all", "--month", "2024-12", "-o", "x.html"],
        ["--pod", "aurora", "--month", "2024-12", "--output-dir", "x"],
        ["--pod", "aurora", "--month", "2024-12", "--format", "html", "--format", "md"],
        ["--pod", "aurora", "--month", "2024-13"],
        ["--pod", "aurora", "--month", "2024-12", "--format", "pdf"],
    ])
    func misuseExits64(arguments: [String]) throws {
        let cli = try Self.demo()
        let result = try cli.run(["statement"] + arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test(arguments: [
        (["--pod", "nope", "--month", "2024-12"], "unknown-pod.stderr"),
        (["--pod", "Not A Slug", "--month", "2024-12"], "unknown-pod-not-a-slug.stderr"),
        (["--member", "zed", "--through", "2024-12"], "unknown-member.stderr"),
        (["--pod", "aurora", "--month", "2023-12"], "before-first-month.stderr"),
        (["--all", "--month", "2023-12"], "before-first-month.stderr"),
    ])
    func domainErrorsExit1(arguments: [String], golden: String) throws {
        let cli = try Self.demo()
        let result = try cli.run(["statement"] + arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        try expectGolden(result.stderr, "statements/\(golden)")
    }

    @Test func unwritableOutputIsADomainError() throws {
        let cli = try Self.demo()
        let file = try cli.write("not-a-directory-\(UUID().uuidString)", "x")
        let result = try cli.run(["statement", "--all", "--month", "2024-12", "--output-dir", file])
        #expect(result.status == 1)
        #expect(result.stderr == "podledger: error: \(file): cannot write a statement there: it is a file, not a directory\n")
        let blocked = try cli.run(["statement", "--pod", "aurora", "--month", "2024-12", "-o", file + "/aurora.txt"])
        #expect(blocked.status == 1)
        #expect(blocked.stderr == "podledger: error: \(file): cannot write a statement there: it is a file, not a directory\n")
    }

    @Test func aLedgerWithoutANetworkSaysSo() throws {
        let cli = try CLI()
        #expect(try cli.run(["init", "--currency", "NZD"]).status == 0)
        for arguments in [["--pod", "aurora", "--month", "2024-01"], ["--member", "alice", "--through", "2024-01"],
                          ["--network", "--month", "2024-01"], ["--all", "--month", "2024-01"]] {
            let result = try cli.run(["statement"] + arguments)
            #expect(result.status == 1)
            #expect(result.stderr == "podledger: error: the ledger has no network yet; record one with `podledger network apply FILE`\n")
        }
    }

    // MARK: Hostile names

    static let hostileNetwork = #"""
        currency = "NZD"

        [network]
        share_percent = "10"

        [[pod]]
        id = "network"
        name = "<script>alert(1)</script> | *pod*"
        policy = "floor"
        floor = "3000.00"
        reserve_target = "1000.00"

        [[pod.member]]
        id = "formula"
        name = "=HYPERLINK(\"http://x\",\"pay me\")"
        pledge_percent = "20"
        joined = "2024-01"

        [[pod.member]]
        id = "escape"
        name = "[31mRed[0m ]8;;http://evil link]8;; \u2066isolated\u2069"
        pledge_percent = "10"
        joined = "2024-01"

        [[pod.member]]
        id = "markup"
        name = "\"><img src=x onerror=alert(1)> [link](http://x) `code` @SUM(A1) \u202Eevil"
        pledge_percent = "15"
        joined = "2024-01"
        """#

    static let hostileIncome = """
        date,member,amount,description
        2024-01-05,formula,9000.00,big month
        2024-01-06,escape,1200.00,small month
        2024-01-07,markup,4000.00,ok month
        2024-02-05,formula,1000.00,dry month
        2024-02-06,escape,6000.00,big month
        2024-02-07,markup,2500.00,ok month

        """

    /// A name holding a control character (ESC, BEL, a line break) is refused when the network file is read
    /// (HostileInputCLITests); the renderers' escaping of such names, which a ledger written by an earlier
    /// version may hold, is tested in StatementsTests/HostileTextTests.
    @Test func hostileNamesAreSafeInEveryFormat() throws {
        let cli = try CLI()
        let network = try cli.write("hostile.toml", Self.hostileNetwork)
        #expect(try cli.run(["init", "--network", network]).status == 0)
        let income = try cli.write("income.csv", Self.hostileIncome)
        let imported = try cli.run(["import", income])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try cli.run(["redistribute", "--through", "2024-02"]).status == 0)
        let requests: [[String]] = [
            ["--pod", "network", "--month", "2024-02"], ["--member", "escape", "--through", "2024-02"],
            ["--member", "formula", "--through", "2024-02"], ["--network", "--month", "2024-02"],
        ]
        for request in requests {
            var outputs: [String: String] = [:]
            for format in Self.formats {
                let result = try cli.run(["statement"] + request + ["--format", format])
                #expect(result.status == 0, "\(request) \(format): \(result.stderr)")
                outputs[format] = result.stdout
            }
            let text = try #require(outputs["text"])
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(request)")
            for line in text.split(separator: "\n") {
                #expect(line.count <= 80, "\(request): too wide: \(line)")
            }
            let markdown = try #require(outputs["md"])
            #expect(!markdown.contains("http://"), "\(request): no autolink")
            #expect(!markdown.replacingOccurrences(of: "\\<", with: "").contains("<"), "\(request): no raw HTML (every < escaped)")
            #expect(!markdown.unicodeScalars.contains { $0.value == 0x1B })
            let csv = try #require(outputs["csv"])
            for line in csv.components(separatedBy: "\r\n") {
                for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                    let value = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                    #expect(!["=", "@", "+"].contains(value.first.map(String.init) ?? ""), "\(request): formula in CSV: \(line)")
                }
            }
            #expect(!csv.unicodeScalars.contains { $0.value == 0x1B })
            let html = try #require(outputs["html"])
            #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("\u{1B}"), "\(request)")
            let json = try #require(outputs["json"])
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "\(request): valid JSON")
        }
        // A pod whose id is `network` does not overwrite the network statement.
        let all = try cli.run(["statement", "--all", "--month", "2024-02", "--format", "md", "--output-dir", "out"])
        #expect(all.status == 0, "\(all.stderr)")
        let out = try FileManager.default.contentsOfDirectory(atPath: cli.directory.appendingPathComponent("out").path).sorted()
        #expect(out.filter { !$0.contains("-member-") } == ["2024-02-network.md", "2024-02-pod-network.md"])
        let pod = try cli.run(["statement", "--pod", "network", "--month", "2024-02", "--format", "json"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(pod.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "<script>alert(1)</script> | *pod*", "JSON keeps names exactly")
        let html = try cli.run(["statement", "--pod", "network", "--month", "2024-02", "--format", "html"]).stdout
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *pod*"))
        let csv = try cli.run(["statement", "--pod", "network", "--month", "2024-02", "--format", "csv"]).stdout
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"pay me\"\")\""), "the formula is neutralised, quotes doubled")
        #expect(csv.contains(",1000.00,20,"), "amounts and percents stay numbers: formula's income and pledge in February")
    }

    // MARK: The HTML statement in a browser

    @Test(.enabled(if: Chromium.path != nil, "chromium is not installed; `make test` installs it (apt-get install chromium)"))
    func chromiumRendersTheAuroraStatement() throws {
        let cli = try Self.demo()
        let page = cli.directory.appendingPathComponent("aurora-\(UUID().uuidString).html")
        let written = try cli.run(["statement", "--pod", "aurora", "--month", "2024-12", "--format", "html", "-o", page.path])
        #expect(written.status == 0, "\(written.stderr)")
        let statement = try PNG.decode(Chromium.screenshot(of: page, in: cli.directory))
        #expect(statement.width == 1200 && statement.height == 1600)
        let colours = statement.colourCounts()
        #expect(colours.count > 200, "text, tables and charts give many distinct colours, not \(colours.count)")
        let background = colours.values.max() ?? 0
        #expect(background < statement.width * statement.height * 9 / 10, "no single colour covers the page")
        // The charts' bars are solid fills in the style sheet's colours: income #9db4d3, net #1f4e79.
        #expect(colours[PNG.Colour(0x9d, 0xb4, 0xd3)] ?? 0 > 2_000, "income bars are drawn")
        #expect(colours[PNG.Colour(0x1f, 0x4e, 0x79)] ?? 0 > 2_000, "net bars are drawn")

        // The same check tells a blank page apart: an empty page of the same size has one colour.
        let empty = cli.directory.appendingPathComponent("empty-\(UUID().uuidString).html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: empty)
        let blank = try PNG.decode(Chromium.screenshot(of: empty, in: cli.directory))
        #expect(blank.width == 1200 && blank.height == 1600)
        #expect(blank.colourCounts().count == 1)
    }

    /// Every HTML statement fits a 390 px wide phone without scrolling sideways: the chart cards shrink and
    /// wide tables stack their rows.
    @Test(.enabled(if: Chromium.path != nil, "chromium is not installed; `make test` installs it (apt-get install chromium)"))
    func everyStatementFitsAPhone() throws {
        let cli = try Self.demo()
        let requests = [["--pod", "aurora", "--month", "2024-12"], ["--pod", "kauri", "--month", "2024-12"], ["--pod", "tui", "--month", "2024-12"],
                        ["--network", "--month", "2024-12"], ["--member", "alice", "--through", "2024-12"]]
        for request in requests {
            let page = cli.directory.appendingPathComponent("phone-\(UUID().uuidString).html")
            #expect(try cli.run(["statement"] + request + ["--format", "html", "-o", page.path]).status == 0)
            let layout = try Chromium.layoutWidth(of: page, viewportWidth: 390, in: cli.directory)
            #expect(layout.scrollWidth <= layout.clientWidth, "\(request) is \(layout.scrollWidth) px wide in a \(layout.clientWidth) px phone")
            #expect(layout.clientWidth > 300)
        }
    }
}
