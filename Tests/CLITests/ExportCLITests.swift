import Foundation
import LedgerCore
import Statements
import Testing

/// `podledger export` (SPEC §9) checked by the tools themselves: the demo ledger's and hostile ledgers' exports
/// pass `hledger check`, `ledger --pedantic balance` and `bean-check`, and every account balance each tool prints
/// equals `podledger balance` to the minor unit (the tools come from `make test-deps`). Also: `--through`, the
/// CSV's rows against the register and the balances, determinism, `-o`, and usage errors.
@Suite struct ExportCLITests {
    // MARK: The tools

    struct ToolResult {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    struct ToolMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is not installed: run `make test-deps` (Debian packages hledger, ledger, beancount)" }
    }

    /// Runs `name` (looked up on the PATH) with `arguments`.
    static func tool(_ name: String, _ arguments: [String]) throws -> ToolResult {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let path = directories.map({ "\($0)/\(name)" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ToolMissing(name: name)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard error is small (a checker's findings); read it after standard output.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `-46548.09`, `1234`, `-0.5 BHD` (a tool may drop trailing zeros) as minor units; nil when it is not a number
    /// with at most `digits` decimals.
    static func minorUnits(_ text: String, digits: Int) -> Int64? {
        var number = Substring(text.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        let negative = number.hasPrefix("-")
        if negative { number = number.dropFirst() }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= digits, let value = Int64(parts[0] + fraction + String(repeating: "0", count: digits - fraction.count)) else {
            return nil
        }
        return negative ? -value : value
    }

    /// `podledger balance --format csv [--month M]`: account name to balance, in minor units.
    static func podledgerBalances(_ cli: CLI, through: String?, digits: Int) throws -> [String: Int64] {
        let result = try cli.run(["balance", "--format", "csv"] + (through.map { ["--month", $0] } ?? []))
        #expect(result.status == 0, "\(result.stderr)")
        var balances: [String: Int64] = [:]
        for line in result.stdout.split(separator: "\r\n").dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let amount = minorUnits(String(fields[1]), digits: digits) else {
                Issue.record("podledger balance printed '\(line)'")
                continue
            }
            balances[String(fields[0])] = amount
        }
        return balances
    }

    /// The balances a tool prints for the export `file`, by the tool's account name. Zero balances are left out,
    /// as `podledger balance` leaves them out.
    static func toolBalances(_ format: ExportFormat, file: String, digits: Int) throws -> [String: Int64] {
        var balances: [String: Int64] = [:]
        func add(_ account: String, _ amount: String, line: Substring) {
            guard let minor = minorUnits(amount, digits: digits) else {
                Issue.record("\(format) printed '\(line)'")
                return
            }
            #expect(balances[account] == nil, "\(format) printed \(account) twice")
            if minor != 0 { balances[account] = minor }
        }
        switch format {
        case .hledger:
            let result = try tool("hledger", ["-f", file, "balance", "--flat", "--no-total", "-O", "csv"])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            // "account","balance" then "income:aurora:alice","-46548.09 NZD"; no field holds a comma or a quote.
            for line in result.stdout.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                guard fields.count == 2 else {
                    Issue.record("hledger printed '\(line)'")
                    continue
                }
                add(fields[0], fields[1], line: line)
            }
        case .ledger:
            let result = try tool("ledger", ["-f", file, "balance", "--flat", "--no-total"])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            // "       -46548.09 NZD  income:aurora:alice": the amount, two spaces, the account.
            for line in result.stdout.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard let gap = trimmed.range(of: "  ") else {
                    Issue.record("ledger printed '\(line)'")
                    continue
                }
                add(String(trimmed[gap.upperBound...]), String(trimmed[..<gap.lowerBound]), line: line)
            }
        case .beancount:
            let result = try tool("bean-query", ["-f", "csv", file, "SELECT account, sum(position) GROUP BY account"])
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            // "account,sum_position" then "Assets:Members:Aurora:Alice, 42366.65 NZD" (padded; empty when zero).
            for line in result.stdout.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard fields.count == 2 else {
                    Issue.record("bean-query printed '\(line)'")
                    continue
                }
                if !fields[1].isEmpty { add(fields[0], fields[1], line: line) }
            }
        case .csv:
            preconditionFailure("CSV is checked against the register, not a tool")
        }
        return balances
    }

    /// The tool's own check of `file`: silent success.
    static func expectToolCheckPasses(_ format: ExportFormat, file: String) throws {
        let result: ToolResult
        switch format {
        case .hledger: result = try tool("hledger", ["-f", file, "check", "--strict", "ordereddates"])
        case .ledger: result = try tool("ledger", ["--pedantic", "-f", file, "balance"])
        case .beancount: result = try tool("bean-check", [file])
        case .csv: preconditionFailure("CSV has no checker")
        }
        #expect(result.status == 0, "\(format)'s check failed on \(file): \(result.stderr.prefix(2_000))")
        #expect(result.stderr.isEmpty, "\(format): \(result.stderr.prefix(2_000))")
    }

    /// Exports `cli`'s ledger in `format` (through `through`) with `-o`, runs the tool's check, and compares every
    /// balance the tool prints with `podledger balance`, names mapped by the export's rule. Returns how many
    /// accounts were compared.
    @discardableResult
    static func expectToolAgrees(_ cli: CLI, _ format: ExportFormat, through: String? = nil, digits: Int,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let file = cli.directory.appendingPathComponent("export-\(through ?? "all").\(format.fileExtension)").path
        let exported = try cli.run(["export", "--format", format.rawValue, "-o", file] + (through.map { ["--through", $0] } ?? []))
        #expect(exported.status == 0, "\(exported.stderr)", sourceLocation: sourceLocation)
        #expect(exported.stdout.isEmpty && exported.stderr.isEmpty, sourceLocation: sourceLocation)
        try expectToolCheckPasses(format, file: file)
        var expected: [String: Int64] = [:]
        for (name, balance) in try podledgerBalances(cli, through: through, digits: digits) {
            let account = try Account(parsing: name)
            expected[format == .beancount ? ExportAccountNames.beancount(account) : ExportAccountNames.journal(account)] = balance
        }
        let actual = try toolBalances(format, file: file, digits: digits)
        #expect(!expected.isEmpty, sourceLocation: sourceLocation)
        for name in Set(expected.keys).union(actual.keys).sorted() where expected[name] != actual[name] {
            let inTool = actual[name].map { String($0) } ?? "absent"
            let inPodledger = expected[name].map { String($0) } ?? "absent"
            Issue.record("\(format): \(name) is \(inTool) in the tool, \(inPodledger) in podledger balance (minor units)",
                         sourceLocation: sourceLocation)
        }
        return actual.count
    }

    static let toolFormats: [ExportFormat] = [.hledger, .ledger, .beancount]

    // MARK: The demo ledger

    @Test(arguments: toolFormats)
    func theDemoExportPassesTheToolsCheckAndEveryBalanceIsPodledgers(format: ExportFormat) throws {
        let cli = try StatementCLITests.demo()
        let compared = try Self.expectToolAgrees(cli, format, digits: 2)
        // The demo's 38 nonzero accounts: 12 income, 12 members, 12 paid, Aurora's bank and reserve.
        #expect(compared == 38)
    }

    @Test(arguments: toolFormats)
    func throughAMonthTheToolsBalancesAreThatMonthsBalances(format: ExportFormat) throws {
        let cli = try StatementCLITests.demo()
        #expect(try Self.expectToolAgrees(cli, format, through: "2024-06", digits: 2) > 30)
    }

    @Test func throughAMonthHoldsNoLaterEntryAndEveryEarlierOne() throws {
        let cli = try StatementCLITests.demo()
        let all = try cli.run(["export", "--format", "csv"]).stdout.split(separator: "\r\n").dropFirst()
        let through = try cli.run(["export", "--format", "csv", "--through", "2024-06"]).stdout.split(separator: "\r\n").dropFirst()
        #expect(!through.isEmpty && through.count < all.count)
        #expect(through.allSatisfy { $0.prefix(10) <= "2024-06-30" })
        // The same rows, in the same order, as the full export's rows up to June's end.
        #expect(Array(through) == all.filter { $0.prefix(10) <= "2024-06-30" })
        #expect(through.contains { $0.hasPrefix("2024-06-30,") && $0.contains(",redistribution,") })
    }

    @Test func theCSVHasARowPerPostingAndItsSumsAreTheBalances() throws {
        let cli = try StatementCLITests.demo()
        let result = try cli.run(["export", "--format", "csv"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.first == "date,entry,kind,account,amount,description,reference")
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast()
        let register = try cli.run(["register", "--format", "csv"]).stdout.split(separator: "\r\n")
        #expect(rows.count == register.count - 1)
        // date,entry,kind,account,amount: the first five fields never hold a comma.
        var sums: [String: Int64] = [:]
        var kinds: Set<String> = []
        var previous: (date: Substring, entry: Int)?
        for row in rows {
            let fields = row.split(separator: ",", maxSplits: 5, omittingEmptySubsequences: false)
            guard fields.count == 6, let amount = Self.minorUnits(String(fields[4]), digits: 2), let entry = Int(fields[1]) else {
                Issue.record("row '\(row)'")
                continue
            }
            sums[String(fields[3]), default: 0] += amount
            kinds.insert(String(fields[2]))
            // By date, then entry number.
            if let previous { #expect((previous.date, previous.entry) <= (fields[0], entry), "\(row) after \(previous)") }
            previous = (fields[0], entry)
        }
        #expect(kinds == ["income", "redistribution", "payment"])
        #expect(sums.filter { $0.value != 0 } == (try Self.podledgerBalances(cli, through: nil, digits: 2)))
    }

    // MARK: Determinism and -o

    @Test(arguments: ExportFormat.allCases)
    func theSameLedgerGivesTheSameBytesOnStandardOutputAndInAFile(format: ExportFormat) throws {
        let cli = try StatementCLITests.demo()
        let first = try cli.run(["export", "--format", format.rawValue])
        let second = try cli.run(["export", "--format", format.rawValue])
        #expect(first.status == 0 && !first.stdout.isEmpty)
        #expect(first.stdout == second.stdout)
        // A copy of the ledger at another path exports the same bytes.
        let copy = cli.directory.appendingPathComponent("copy-\(format.rawValue).sqlite").path
        _ = try cli.sqlite("VACUUM INTO '\(copy)'")
        let fromCopy = try cli.run(["export", "--format", format.rawValue, "--ledger", copy], useLedger: false)
        #expect(fromCopy.stdout == first.stdout)
        let file = cli.directory.appendingPathComponent("same.\(format.fileExtension)")
        #expect(try cli.run(["export", "--format", format.rawValue, "-o", file.path]).status == 0)
        #expect(try Data(contentsOf: file) == Data(first.stdout.utf8))
    }

    @Test func outputReplacesAFileWholeAndRefusesADirectory() throws {
        let cli = try StatementCLITests.demo()
        let file = cli.directory.appendingPathComponent("exports/replaced.journal")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old\n".utf8).write(to: file)
        #expect(try cli.run(["export", "--format", "hledger", "-o", file.path]).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8).hasPrefix("; hledger file exported by podledger"))
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["replaced.journal"])
        let refused = try cli.run(["export", "--format", "hledger", "-o", cli.directory.path])
        #expect(refused.status == 1)
        #expect(refused.stderr == "podledger: error: \(cli.directory.path): cannot write the export there: it is a directory\n")
    }

    // MARK: Usage

    @Test func anUnknownFormatIsRefusedNamingTheFour() throws {
        let cli = try StatementCLITests.demo()
        let result = try cli.run(["export", "--format", "xml"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(
            "Error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'hledger', 'ledger', 'beancount' or 'csv'.\n"),
            "\(result.stderr)")
    }

    @Test func theFormatIsRequiredAndTheMonthMustBeAMonth() throws {
        let cli = try StatementCLITests.demo()
        let missing = try cli.run(["export"])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: Missing expected argument '--format <format>'\n"), "\(missing.stderr)")
        let badMonth = try cli.run(["export", "--format", "csv", "--through", "2024-13"])
        #expect(badMonth.status == 64)
        #expect(badMonth.stderr.hasPrefix("Error: The value '2024-13' is invalid for '--through <YYYY-MM>'"), "\(badMonth.stderr)")
    }

    // MARK: Hostile ledgers

    /// Descriptions and references that break careless writers: `;` (a comment in hledger and Ledger), `|`
    /// (hledger's payee separator), quotes, a backslash, a leading `(` (a transaction code) or `*` (a status),
    /// a formula, runs of spaces, a tab, a combining accent after a quote, an emoji, an empty one.
    static let hostileDescriptions = [
        "Invoice; \"quoted\" | pipe — café 日本", "(starts with paren", "* starts with star", "back\\slash \"q\"", "=SUM(A1)",
        "  leading  spaces  ", "tab\there", "a  ;  b", "@ price = 3", "quote then accent \"\u{301} x", "emoji 🎉 ok", "-minus first", "",
    ]

    /// An amount given in thousandths, written with the currency's digits (truncated for fewer).
    static func amount(_ thousandths: Int64, digits: Int) -> String {
        var divisor: Int64 = 1
        for _ in digits..<3 { divisor *= 10 }
        return Money.format(thousandths / divisor, minorDigits: digits)
    }

    static func csvField(_ text: String) -> String {
        text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } || text.first == " " || text.last == " "
            ? "\"" + text.unicodeScalars.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\"" : text
    }

    /// A network whose ids collide with the account grammar (pods `7seas` and `pods`; members `0`, `id7`, `income`,
    /// `pool`, `9-lives`) and a sickness fund, in `code`; seeded random income with hostile descriptions and
    /// references; an expense, a reopen (reversals) and a second close, payments. `check` passes.
    static func makeHostile(currency code: String) throws -> (cli: CLI, digits: Int) {
        let digits = try Currency(code: code).minorDigits
        func money(_ thousandths: Int64) -> String { amount(thousandths, digits: digits) }
        let cli = try CLI()
        _ = try cli.write("network.toml", """
            currency = "\(code)"

            [network]
            share_percent = "10"
            fee = "\(money(5_000))"

            [[pod]]
            id = "7seas"
            name = "Seven \\"Seas\\"; Café | 日本"
            policy = "floor"
            floor = "\(money(500_000))"
            reserve_target = "\(money(300_000))"
            surplus = "refund"

            [[pod.member]]
            id = "0"
            name = "Zero \\"Nil\\""
            pledge_percent = "20"
            joined = "2024-01"

            [[pod.member]]
            id = "id7"
            name = "Ida Seven"
            pledge_percent = "15"
            joined = "2024-01"

            [[pod.member]]
            id = "income"
            name = "Inco Me"
            pledge_percent = "10"
            joined = "2024-01"

            [[pod]]
            id = "pods"
            name = "Pods"
            policy = "equal"

            [[pod.member]]
            id = "pool"
            name = "Pool"
            pledge_percent = "30"
            joined = "2024-01"

            [[pod.member]]
            id = "9-lives"
            name = "Nine Lives"
            pledge_percent = "25"
            joined = "2024-01"

            [[pod]]
            id = "brood"
            name = "Broodfonds"
            policy = "sickness"
            waiting_months = 1

            [[pod.member]]
            id = "ana"
            name = "Ana"
            benefit = "\(money(300_000))"
            deposit = "\(money(20_000))"
            joined = "2024-01"

            [[pod.member]]
            id = "bo"
            name = "Bo"
            benefit = "\(money(50_000))"
            deposit = "\(money(15_000))"
            joined = "2024-01"

            [[pod.member]]
            id = "cy"
            name = "Cy"
            benefit = "\(money(250_000))"
            deposit = "\(money(18_500))"
            joined = "2024-01"

            """)
        var random = SplitMix(seed: code == "JPY" ? 0x4A50_59 : 0x4248_44)
        var csv = "date,member,amount,description,reference\n"
        for member in ["0", "id7", "income", "pool", "9-lives", "ana", "bo", "cy"] {
            for month in 1...4 {
                for row in 0..<2 {
                    let day = 1 + Int(random.next() % 28)
                    let thousandths = 100_000 + Int64(random.next() % 800_000)
                    let description = hostileDescriptions[Int(random.next() % UInt64(hostileDescriptions.count))]
                    let reference = random.next() % 2 == 0 ? "" : "R;\(member),\(month)|\(row) \"x\""
                    csv += ["2024-0\(month)-\(day < 10 ? "0" : "")\(day)", member, money(thousandths), description, reference]
                        .map(csvField).joined(separator: ",") + "\n"
                }
            }
        }
        _ = try cli.write("income.csv", csv)
        let steps: [[String]] = [
            ["init", "--network", "network.toml"],
            ["import", "income.csv"],
            ["sickness", "add", "--member", "bo", "--from", "2024-02", "--through", "2024-03"],
            ["expense", "--pod", "7seas", "--date", "2024-02-10", "--amount", money(12_345), "--description", "Software; \"licence\" | 日本",
             "--reference", "INV;1"],
            ["redistribute", "--through", "2024-03"],
            ["reopen", "--month", "2024-02"],
            ["expense", "--pod", "7seas", "--date", "2024-02-11", "--amount", money(1_001), "--description", "Stamps\\; (post)"],
            ["redistribute", "--through", "2024-03"],
            ["pay", "--from", "0", "--to", "pod:7seas", "--amount", money(10_500), "--date", "2024-04-02",
             "--description", "Settle; \"Q1\" | ok", "--reference", "P,1;2"],
            ["pay", "--from", "pod:7seas", "--to", "network", "--amount", money(2_000), "--date", "2024-04-03"],
            ["check"],
        ]
        for step in steps {
            let result = try cli.run(step)
            guard result.status == 0 else { throw StatementCLITests.DemoFailed(step: step.joined(separator: " "), stderr: result.stderr) }
        }
        return (cli, digits)
    }

    @Test(arguments: ["BHD", "JPY"])
    func aHostileLedgersExportPassesEveryToolAndEveryBalanceIsPodledgers(currency: String) throws {
        let (cli, digits) = try Self.makeHostile(currency: currency)
        var compared: [Int] = []
        for format in Self.toolFormats {
            compared.append(try Self.expectToolAgrees(cli, format, digits: digits))
            compared.append(try Self.expectToolAgrees(cli, format, through: "2024-02", digits: digits))
        }
        // Every tool saw the same accounts: among them the sickness fund's own accounts, the expenses and the banks.
        #expect(Set(compared).count <= 2 && compared.allSatisfy { $0 > 15 }, "\(compared)")
        let csv = try cli.run(["export", "--format", "csv"]).stdout
        #expect(["income", "redistribution", "reversal", "expense", "payment"].allSatisfy { csv.contains(",\($0),") })
        #expect(csv.contains(",accounts:brood:bo,"))
        // Text made safe, never dropped: the hledger file still says what the description said.
        let journal = try cli.run(["export", "--format", "hledger"]).stdout
        #expect(journal.contains(" Software\u{FF1B} \"licence\" \u{FF5C} 日本\n"))
        #expect(journal.contains("    ; reference: INV\u{FF1B}1\n"))
        let beancount = try cli.run(["export", "--format", "beancount"]).stdout
        #expect(beancount.contains(" * \"Settle; \\\"Q1\\\" | ok\"\n"))
        #expect(beancount.contains("open Assets:Members:ID7seas:ID0 \(currency)\n  podledger: \"members:7seas:0\"\n"))
    }
}

/// SplitMix64, so the hostile ledgers are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
