import ArgumentParser
import LedgerCore
import PodLedger

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say whether this ledger's history contains a fingerprint (exit 0) or not (exit 1).",
        discussion: """
            A fingerprint is the first 16 hex digits of the ledger's SHA-256 chain over every record that changed \
            the books; statements and published pages show it as of each month's close. `verify` recomputes the \
            chain from the records and answers yes, with the record and month it belongs to, only when nothing \
            written up to it has changed. See docs/fingerprint.md.
            """
    )

    enum Format: String, FormatChoice { case text, json }

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The fingerprint: 16 hex digits, as a statement shows it.", valueName: "FINGERPRINT"))
    var fingerprint: String

    @Option(help: "The output format.")
    var format: Format = .text

    func validate() throws {
        guard Fingerprint(parsing: fingerprint) != nil else {
            throw ValidationError("'\(fingerprint)' is not a fingerprint: give the 16 hex digits a statement shows (e.g. 3f9a0c1d2e4b5a68)")
        }
    }

    func run() throws {
        try runReportingErrors {
            let report = try global.openLedger(readOnly: true).verify(Fingerprint(parsing: fingerprint)!)
            print(report.render(format.report), terminator: "")
            if !report.contains { throw ExitCode(1) }
        }
    }
}
