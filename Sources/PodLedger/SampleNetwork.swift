import Foundation
import LedgerCore

/// Writes a synthetic network and its income, deterministic for a seed: for benchmarks and experiments.
///
/// The network mixes the three policies, 3–5 members per pod and varied pledges, hurdles and caps; income is
/// lumpy: dry months, a few big contracts, refunds, and quoted descriptions with commas and quotes.
public struct SampleNetwork {
    public let pods: Int
    public let months: Int
    public let seed: UInt64
    public let firstMonth: Month

    public init(pods: Int, months: Int, seed: UInt64, firstMonth: Month = Month(year: 2024, month: 1)!) {
        self.pods = pods
        self.months = months
        self.seed = seed
        self.firstMonth = firstMonth
    }

    /// What was written.
    public struct Written: Sendable {
        public let networkFile: String
        public let incomeFiles: [String]
        public let members: Int
        public let rows: Int
    }

    /// Writes `network.toml` and one `income-YYYY-MM.csv` per month into `directory`.
    public func write(to directory: String) throws -> Written {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var random = SplitMix64(seed: seed)
        let lastMonth = Month(ordinal: firstMonth.ordinal + months - 1)!
        var toml = "# Synthetic network: \(pods) pods, \(months) months from \(firstMonth), seed \(seed).\ncurrency = \"NZD\"\n\n[network]\nshare_percent = \"5\"\n"
        var members: [(id: String, pod: String, joined: Month, left: Month?, baseMinor: Int64)] = []
        for podIndex in 1...max(1, pods) {
            let pod = "p\(podIndex)"
            toml += "\n[[pod]]\nid = \"\(pod)\"\nname = \"Pod \(podIndex)\"\n"
            switch podIndex % 3 {
            case 0: toml += "policy = \"floor\"\nfloor = \"\(2_000 + random.below(20) * 100).00\"\n"
            case 1: toml += "policy = \"average\"\nwindow = \(3 + random.below(4))\n"
            default: toml += "policy = \"equal\"\n"
            }
            toml += "reserve_target = \"\(random.below(5) * 1_000).00\"\nsurplus = \"\(["refund", "equal", "reserve"][random.below(3)])\"\n"
            for memberIndex in 1...(3 + random.below(3)) {
                let id = "\(pod)-m\(memberIndex)"
                let joined = random.below(10) == 0 ? Month(ordinal: firstMonth.ordinal + random.below(max(1, months / 2)))! : firstMonth
                let left: Month? = random.below(12) == 0 ? Month(ordinal: max(joined.ordinal, lastMonth.ordinal - random.below(max(1, months / 3))))! : nil
                toml += "\n[[pod.member]]\nid = \"\(id)\"\nname = \"Member \(memberIndex) of pod \(podIndex)\"\n"
                toml += "pledge_percent = \"\(5 + random.below(16))\(random.below(4) == 0 ? ".5" : "")\"\n"
                if random.below(3) == 0 { toml += "hurdle = \"\(random.below(10) * 100).00\"\n" }
                if random.below(4) == 0 { toml += "cap = \"\(1_000 + random.below(20) * 100).00\"\n" }
                toml += "joined = \"\(joined)\"\n"
                if let left { toml += "left = \"\(left)\"\n" }
                members.append((id, pod, joined, left, Int64(1_500 + random.below(6_000)) * 100))
            }
        }
        let networkFile = (directory as NSString).appendingPathComponent("network.toml")
        try Data(toml.utf8).write(to: URL(fileURLWithPath: networkFile))

        var files: [String] = []
        var rows = 0
        var invoice = 0
        for month in firstMonth.through(lastMonth) {
            var csv = "date,member,amount,currency,description,reference\n"
            for member in members where member.joined <= month && (member.left.map { month <= $0 } ?? true) {
                if random.below(100) < 15 { continue }  // a dry month
                for _ in 0..<(1 + random.below(3)) {
                    invoice += 1
                    let day = 1 + random.below(28)
                    var amount = member.baseMinor / 2 + Int64(random.below(Int(member.baseMinor)))
                    var description = "Invoice \(invoice)"
                    switch random.below(100) {
                    case 0: amount *= 6; description = "Big contract, \"phase \(1 + random.below(3))\""
                    case 1: amount = -amount / 10; description = "Refund: cancelled job, partial"
                    case 2...20: description = "Work for client \(random.below(500)), hours"
                    default: break
                    }
                    csv += "\(month)-\(day < 10 ? "0" : "")\(day),\(member.id),\(Money.format(amount, minorDigits: 2)),NZD,"
                    csv += csvField(description) + ",INV-\(invoice)\n"
                    rows += 1
                }
            }
            let file = (directory as NSString).appendingPathComponent("income-\(month).csv")
            try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
            files.append(file)
        }
        return Written(networkFile: networkFile, incomeFiles: files, members: members.count, rows: rows)
    }

    private func csvField(_ text: String) -> String {
        guard text.contains(",") || text.contains("\"") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same network on every machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
