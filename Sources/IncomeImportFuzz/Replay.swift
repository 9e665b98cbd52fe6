// In the normal build this target is a small tool; in the fuzzing build (`-D PODLEDGER_FUZZ`, see
// `make fuzz`) libFuzzer's `main` takes its place and calls `LLVMFuzzerTestOneInput`.
#if !PODLEDGER_FUZZ
import IncomeImport
import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `IncomeImportFuzz replay FILE...` runs fuzz inputs (a crash file, the corpus) through the fuzz
/// target without libFuzzer; `IncomeImportFuzz read CSV [RULES]` streams a CSV through the reader
/// alone and prints its row count and total, to measure the reader's time and peak memory.
@main
struct Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "replay" where arguments.count >= 2:
            for path in arguments.dropFirst() {
                guard let bytes = FuzzTarget.readFile(path) else {
                    printError("cannot read \(path)")
                    exit(1)
                }
                FuzzTarget.run(bytes)
                print("ok \(path)")
            }
        case "export" where arguments.count == 3:
            export(arguments[1], as: arguments[2])
        case "read" where (2...3).contains(arguments.count):
            read(csv: arguments[1], rules: arguments.count == 3 ? arguments[2] : nil)
        default:
            printError("""
                usage: IncomeImportFuzz replay FILE...       run fuzz inputs through the fuzz target
                       IncomeImportFuzz export FILE PREFIX   write a fuzz input as PREFIX.csv (+ .rules, .currency)
                       IncomeImportFuzz read CSV [RULES]     stream a CSV through the reader (NZD)
                """)
            exit(64)
        }
    }

    /// Writes the files a fuzz input makes the target read: PREFIX.csv, PREFIX.rules when it has rules,
    /// PREFIX.currency when the currency is not NZD. `swift test` replays them from
    /// Tests/IncomeImportTests/Fixtures/fuzz-regressions/.
    static func export(_ input: String, as prefix: String) {
        guard let bytes = FuzzTarget.readFile(input), let files = FuzzTarget.regressionFiles(for: bytes) else {
            printError("cannot read \(input), or it is not a fuzz input that reads a file")
            exit(1)
        }
        func save(_ suffix: String, _ content: [UInt8]) {
            let path = prefix + suffix
            guard let file = fopen(path, "wb"), fwrite(content, 1, content.count, file) == content.count, fclose(file) == 0 else {
                printError("cannot write \(path)")
                exit(1)
            }
            print("wrote \(path)")
        }
        save(".csv", files.csv)
        if let rules = files.rules { save(".rules", Array(rules.utf8)) }
        if files.currency.code != "NZD" { save(".currency", Array((files.currency.code + "\n").utf8)) }
    }

    static func read(csv: String, rules rulesPath: String?) {
        do {
            let rules = try rulesPath.map { try ImportRules(contentsOfFile: $0) }
            var count = 0
            var totalMinor: Int64 = 0
            var withReference = 0
            try IncomeFileReader(path: csv, currency: try Currency(code: "NZD"), rules: rules).read { row in
                count += 1
                totalMinor &+= row.amountMinor
                if row.reference != nil { withReference += 1 }
            }
            print("\(count) rows (\(withReference) with a reference), total \(totalMinor) minor units")
        } catch {
            printError("\(error)")
            exit(1)
        }
    }

    static func printError(_ text: String) {
        let line = Array((text + "\n").utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
#endif
