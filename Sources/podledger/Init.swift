import ArgumentParser
import LedgerCore
import PodLedger
import Statements

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a ledger (refuses to overwrite one).",
        discussion: "With --network, the ledger takes the file's currency and records the network from its first month."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "ISO 4217 currency code, e.g. NZD.")
    var currency: String?

    @Option(help: ArgumentHelp("A network file (TOML) to record at once.", valueName: "FILE"))
    var network: String?

    func validate() throws {
        if currency == nil && network == nil {
            throw ValidationError("give --currency CODE or --network FILE")
        }
    }

    func run() throws {
        try runReportingErrors {
            let path = global.ledgerPath
            if let network {
                let (ledger, version) = try Ledger.create(at: path, networkFile: network, currency: try currency.map(Currency.init(code:)))
                print("created \(path) (\(ledger.currency.code)); network: \(counted(version.settings.pods.count, "pod")), \(counted(version.settings.members.count, "member")), effective from \(version.effectiveFrom)")
            } else if let currency {
                let ledger = try Ledger.create(at: path, currency: try Currency(code: currency))
                print("created \(path) (\(ledger.currency.code)); next: podledger network apply FILE")
            }
        }
    }
}
