import Foundation
import LedgerCore
import LedgerStore
@testable import PodLedger
import Smoothing
import Statements
import Testing

/// `podledger statement` on the demo network of `Samples/`, as `make demo` builds it: goldens for every
/// format, settlements against the ledger, `--all`, usage errors, hostile names, and the HTML statement
/// rendered by headless Chromium.
@Suite struct StatementCLITests {
    static let samples = CLI.packageRoot.appendingPathComponent("Samples")
    static let december = try! Month(parsing: "2024-12")
    static let demoPods = ["aurora", "kauri", "tui"]

    /// `init --network Samples/network.toml`, `import Samples/income/*.csv`, `redistribute --through 2024-12`.
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
        let figures = try #require(Ledger.volatility(of: alice, in: results))
        #expect(figures.monthsCount == 3)
        #expect(figures.meanIncomeMinor == 130_000 && figures.meanNetMinor == 153_333)
        #expect(figures.monthsBelowFloorBefore == 2, "January under aurora's 3,000.00 and March below zero")
        #expect(figures.monthsBelowFloorAfter == 0, "January's net 3,000.00 is not below the floor; March's net is 100.00")
        #expect(figures.worstMonthBefore.month == (try Month(parsing: "2024-03")))
        #expect(Ledger.volatility(of: try MemberID("nobody"), in: results) == nil)
    }

    // MARK: --all, -o, previews

    @Test func allWritesEveryPodAndTheNetwork() throws {
        let cli = try Self.demo()
        let work = cli.directory.appendingPathComponent("all-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let result = try cli.run(["statement", "--all", "--month", "2024-12", "--ledger", cli.ledger], cwd: work, useLedger: false)
        #expect(result.status == 0, "\(result.stderr)")
        let names = ["2024-12-aurora.html", "2024-12-aurora.md", "2024-12-kauri.html", "2024-12-kauri.md",
                     "2024-12-tui.html", "2024-12-tui.md", "2024-12-network.html", "2024-12-network.md"]
        #expect(result.stdout == "wrote 8 statement files for 2024-12 to Reports:\n" + names.map { "  Reports/\($0)\n" }.joined())
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

        let csvOnly = cli.directory.appendingPathComponent("csv-\(UUID().uuidString)")
        let csv = try cli.run(["statement", "--all", "--month", "2024-12", "--output-dir", csvOnly.path, "--format", "csv", "--format", "json"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: csvOnly.path).count == 8)
        #expect(FileManager.default.fileExists(atPath: csvOnly.appendingPathComponent("2024-12-network.json").path))
    }

    @Test func outputFileHoldsWhatStdoutWouldShow() throws {
        let cli = try Self.demo()
        let file = cli.directory.appendingPathComponent("out-\(UUID().uuidString)/kauri.csv")
        let written = try cli.run(["statement", "--pod", "kauri", "--month", "2024-06", "--format", "csv", "-o", file.path])
        #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
        let printed = try cli.run(["statement", "--pod", "kauri", "--month", "2024-06", "--format", "csv"])
        #expect(try String(contentsOf: file, encoding: .utf8) == printed.stdout)
        #expect(printed.stdout.hasPrefix("pod,name,month,currency,policy,status\r\nkauri,Kauri Writers' Circle,2024-06,NZD,average,closed\r\n"))
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
            #expect(!markdown.contains("<") && !markdown.contains("http://"), "\(request): no raw HTML, no autolink")
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
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.directory.appendingPathComponent("out").path).sorted()
                == ["2024-02-network.md", "2024-02-pod-network.md"])
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
}

// MARK: - Headless Chromium

enum Chromium {
    /// `chromium` on the PATH (Debian's package), or nil.
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin"]
        return directories.map { "\($0)/chromium" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// Renders `page` at 1200×1600 to a PNG and returns its bytes; stops Chromium after 90 seconds.
    static func screenshot(of page: URL, in directory: URL) throws -> [UInt8] {
        guard let path else { throw Failed(description: "chromium is not installed") }
        let png = directory.appendingPathComponent("shot-\(UUID().uuidString).png")
        let profile = directory.appendingPathComponent("chromium-profile-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-color-profile=srgb",
            "--user-data-dir=\(profile.path)", "--screenshot=\(png.path)", "--window-size=1200,1600", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failed(description: "chromium did not finish within 90 seconds")
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: png.path) else {
            throw Failed(description: "chromium exited with \(process.terminationStatus) and wrote no screenshot")
        }
        return [UInt8](data)
    }
}

// MARK: - A small PNG reader (8-bit RGB/RGBA, non-interlaced) with its own inflate (RFC 1950/1951)

struct PNG {
    struct Colour: Hashable {
        let red: UInt8, green: UInt8, blue: UInt8
        init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    let width: Int
    let height: Int
    /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
    let channels: Int
    /// Unfiltered rows, `width × channels` bytes each.
    let pixels: [UInt8]

    func colourCounts() -> [Colour: Int] {
        var counts: [Colour: Int] = [:]
        var index = 0
        while index + 2 < pixels.count {
            counts[Colour(pixels[index], pixels[index + 1], pixels[index + 2]), default: 0] += 1
            index += channels
        }
        return counts
    }

    static func decode(_ bytes: [UInt8]) throws -> PNG {
        guard bytes.count > 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw Malformed(description: "not a PNG signature")
        }
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        var offset = 8
        var width = 0, height = 0, channels = 0
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = be32(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let body = offset + 8
            guard body + length + 4 <= bytes.count else { throw Malformed(description: "chunk \(type) runs past the end") }
            switch type {
            case "IHDR":
                width = be32(body)
                height = be32(body + 4)
                guard bytes[body + 8] == 8, bytes[body + 12] == 0 else { throw Malformed(description: "only 8-bit, non-interlaced") }
                switch bytes[body + 9] {
                case 2: channels = 3
                case 6: channels = 4
                default: throw Malformed(description: "colour type \(bytes[body + 9])")
                }
            case "IDAT":
                compressed += bytes[body..<body + length]
            default:
                break
            }
            offset = body + length + 4
            if type == "IEND" { break }
        }
        guard width > 0, height > 0, channels > 0, compressed.count > 2 else { throw Malformed(description: "no image") }
        var inflater = Inflater(bytes: Array(compressed.dropFirst(2)))  // zlib header; the Adler-32 is not checked
        let raw = try inflater.inflate(expected: height * (1 + width * channels))
        let stride = width * channels
        guard raw.count >= height * (stride + 1) else { throw Malformed(description: "image data too short") }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1
            let target = row * stride
            for column in 0..<stride {
                let x = Int(raw[source + column])
                let left = column >= channels ? Int(pixels[target + column - channels]) : 0
                let up = row > 0 ? Int(pixels[target - stride + column]) : 0
                let upLeft = row > 0 && column >= channels ? Int(pixels[target - stride + column - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4:
                    let estimate = left + up - upLeft
                    let (a, b, c) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                    predicted = a <= b && a <= c ? left : b <= c ? up : upLeft
                default: throw Malformed(description: "filter \(filter) in row \(row)")
                }
                pixels[target + column] = UInt8((x + predicted) & 0xFF)
            }
        }
        return PNG(width: width, height: height, channels: channels, pixels: pixels)
    }
}

/// DEFLATE (RFC 1951): stored, fixed and dynamic Huffman blocks, decoded canonically (as zlib's puff.c).
struct Inflater {
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                               4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    let bytes: [UInt8]
    var position = 0
    var bitBuffer = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func bits(_ count: Int) throws -> Int {
        while bitCount < count {
            guard position < bytes.count else { throw PNG.Malformed(description: "compressed data ends early") }
            bitBuffer |= Int(bytes[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << count) - 1)
        bitBuffer >>= count
        bitCount -= count
        return value
    }

    mutating func decode(_ huffman: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1...15 {
            code |= try bits(1)
            let count = huffman.counts[length]
            if code - first < count { return huffman.symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw PNG.Malformed(description: "bad Huffman code")
    }

    mutating func inflate(expected: Int) throws -> [UInt8] {
        output.reserveCapacity(expected)
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0:
                bitBuffer = 0
                bitCount = 0
                guard position + 4 <= bytes.count else { throw PNG.Malformed(description: "stored block header") }
                let length = Int(bytes[position]) | Int(bytes[position + 1]) << 8
                position += 4
                guard position + length <= bytes.count else { throw PNG.Malformed(description: "stored block too long") }
                output += bytes[position..<position + length]
                position += length
            case 1:
                let literal = Huffman(lengths: [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
                    + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8))
                try codes(literal: literal, distance: Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let literalCount = try bits(5) + 257
                let distanceCount = try bits(5) + 1
                let codeCount = try bits(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var codeLengths = [Int](repeating: 0, count: 19)
                for index in 0..<codeCount { codeLengths[order[index]] = try bits(3) }
                let lengthCode = Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < literalCount + distanceCount {
                    let symbol = try decode(lengthCode)
                    switch symbol {
                    case 0..<16: lengths.append(symbol)
                    case 16:
                        guard let previous = lengths.last else { throw PNG.Malformed(description: "repeat with no length") }
                        lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                    }
                }
                try codes(literal: Huffman(lengths: Array(lengths[0..<literalCount])),
                          distance: Huffman(lengths: Array(lengths[literalCount..<literalCount + distanceCount])))
            default:
                throw PNG.Malformed(description: "block type 3")
            }
        } while last == 0
        return output
    }

    mutating func codes(literal: Huffman, distance: Huffman) throws {
        while true {
            let symbol = try decode(literal)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < Inflater.lengthBase.count else { throw PNG.Malformed(description: "length symbol \(symbol)") }
                let length = Inflater.lengthBase[index] + (try bits(Inflater.lengthExtra[index]))
                let distanceSymbol = try decode(distance)
                guard distanceSymbol < Inflater.distanceBase.count else { throw PNG.Malformed(description: "distance symbol") }
                let back = Inflater.distanceBase[distanceSymbol] + (try bits(Inflater.distanceExtra[distanceSymbol]))
                guard back <= output.count else { throw PNG.Malformed(description: "distance too far back") }
                let start = output.count - back
                for offset in 0..<length { output.append(output[start + offset]) }
            }
        }
    }
}
