import ArgumentParser
import LedgerCore
import PodLedger

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the books as a static site: every statement, the agreement in plain words, downloads.",
        discussion: """
            Writes index.html and the pages it links to into --output-dir: a page per pod and month, per member \
            and per network month, how-we-share.html and downloads.html, with every statement as CSV and JSON \
            under downloads/. The folder needs nothing else: open index.html, or put it on any static host. \
            --through sets the last month (default: the last closed one; later months are marked as previews). \
            --private publishes pod totals only: no member's name or figure, no member pages, no network file. \
            The folder is written whole or not at all, and replaces the site published there before; a folder \
            holding anything else is refused. See docs/publishing.md.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The folder to write the site into (created when missing).", valueName: "DIR"))
    var outputDir: String

    @Option(help: ArgumentHelp("The last month published (default: the last closed month).", valueName: "YYYY-MM"))
    var through: Month?

    @Flag(name: .customLong("private"), help: "Publish pod-level figures only: no member's income, contribution, receipt, net or dues.")
    var isPrivate = false

    func run() throws {
        try runReportingErrors {
            let site = try global.openLedger(readOnly: true).site(through: through, isPrivate: isPrivate)
            let count = try Ledger.write(site, to: outputDir)
            let folder = outputDir.hasSuffix("/") ? outputDir : outputDir + "/"
            print("wrote \(counted(count, "file")) to \(outputDir)\(isPrivate ? " (pod totals only)" : ""); open \(folder)index.html")
        }
    }
}
