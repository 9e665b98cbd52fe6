import ArgumentParser
import PodLedger
import Statements

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic network and lumpy income CSVs, deterministic for a seed (for benchmarks)."
    )

    @Option(help: "Number of pods.")
    var pods: Int = 10

    @Option(help: "Number of months, from 2024-01.")
    var months: Int = 12

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Where to write network.toml and income-YYYY-MM.csv.", valueName: "DIR"))
    var outputDir: String

    func validate() throws {
        guard (1...100_000).contains(pods) else { throw ValidationError("--pods must be from 1 to 100000") }
        guard (1...240).contains(months) else { throw ValidationError("--months must be from 1 to 240") }
    }

    func run() throws {
        try runReportingErrors {
            let written = try SampleNetwork(pods: pods, months: months, seed: seed).write(to: outputDir)
            print("wrote \(written.networkFile) (\(pods) pods, \(written.members) members) and \(written.incomeFiles.count) income files (\(written.rows) rows)")
        }
    }
}
