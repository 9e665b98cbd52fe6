import LedgerCore
import Smoothing

/// The books as a static site (SPEC §9, `podledger publish`): an index, a page per pod and month (its
/// statement), a page per member (their history and dues), the network's page per month, "how we share",
/// and every statement as CSV and JSON to download.
///
/// Pure: the statement models go in, files come out as relative paths and their text. Every page is a
/// `Document` rendered by `HTMLRenderer`, the renderer of the HTML statements, and every download by the
/// statements' own CSV and JSON writers: the site cannot disagree with `podledger statement`. Pages link to
/// each other by relative paths made from ids and months, so the folder works from `file://` and on any
/// static host; nothing is fetched (no fonts, scripts or images) and nothing needs JavaScript.
///
/// A private site (`isPrivate`) publishes each pod as a whole: no member's name or figure on any page or in
/// any download (`Disclosure.podTotals`), no member pages, no network file (it holds each member's terms)
/// and no exports (they post to members' accounts). A public site shows what the statements show
/// (`Disclosure.published`): a sickness fund that keeps its members' health private names nobody as sick, and
/// its members get no page of their own (their months would say who received a benefit).
///
/// Files are rendered one at a time (`forEachFile`), so a large network's site is never held whole in memory.
public struct Site: Sendable {
    /// A file offered for download beside the statements.
    public struct Download: Hashable, Sendable {
        /// The file's name under `downloads/` (`export.hledger`).
        public let name: String
        /// What it is, for the downloads page.
        public let description: String
        public let contents: String

        public init(name: String, description: String, contents: String) {
            self.name = name
            self.description = description
            self.contents = contents
        }
    }

    public struct Input: Sendable {
        /// Every month published, oldest first, as the network's statement (each pod's statement with its dues
        /// and expenses). At least one.
        public var months: [NetworkStatement]
        /// The results of those months (any order), for each pod page's charts.
        public var results: [MonthResult]
        /// The last closed month; months after it are previews, marked as such.
        public var closedThrough: Month?
        /// The settings in effect for the last month published, and the month their version took effect.
        public var settings: NetworkSettings
        public var settingsEffectiveFrom: Month
        /// Each member's statement over the months published (a private site ignores them).
        public var members: [MemberStatement]
        /// The network file (TOML) of `settings`, offered as `downloads/network.toml`; nil: none. A private site
        /// leaves it out.
        public var networkFile: String?
        /// HOOK for `podledger export` (SPEC §9): the ledger's exports, written as `downloads/NAME` and listed on
        /// the downloads page. Empty until the export writers exist (see `Ledger.site`). A private site leaves
        /// them out.
        public var exports: [Download]
        /// The ledger's fingerprint as of the close of the last month published (SPEC §9), shown on the index; nil:
        /// not shown. Each month's pages show their statement's own fingerprint, as of that month's close.
        public var fingerprint: Fingerprint?
        /// Pod-level figures only (`publish --private`).
        public var isPrivate: Bool

        public init(months: [NetworkStatement], results: [MonthResult], closedThrough: Month?, settings: NetworkSettings,
                    settingsEffectiveFrom: Month, members: [MemberStatement], networkFile: String?, exports: [Download] = [],
                    fingerprint: Fingerprint? = nil, isPrivate: Bool) {
            precondition(!months.isEmpty, "a site publishes at least one month")
            self.months = months.sorted { $0.month < $1.month }
            self.results = results
            self.closedThrough = closedThrough
            self.settings = settings
            self.settingsEffectiveFrom = settingsEffectiveFrom
            self.members = members.sorted { $0.member < $1.member }
            self.networkFile = networkFile
            self.exports = exports
            self.fingerprint = fingerprint
            self.isPrivate = isPrivate
        }
    }

    /// One file of the site.
    enum File: Hashable, Sendable {
        case index, howWeShare, downloads
        /// By index into `input.months`.
        case networkMonth(Int)
        case networkData(Int, ReportFormat)
        /// By index into `pods`.
        case podIndex(Int)
        /// By index into `input.months` and into that month's pods.
        case podMonth(month: Int, pod: Int)
        case podData(month: Int, pod: Int, ReportFormat)
        /// By index into `members`.
        case member(Int)
        case memberData(Int, ReportFormat)
        case networkFile
        case export(Int)
    }

    /// A pod of the site: its id, its latest name and its months (indexes into `input.months` and the pods).
    struct Pod: Sendable {
        let id: PodID
        let name: String
        let months: [(month: Int, pod: Int)]
    }

    let input: Input
    let disclosure: Disclosure
    /// Sorted by id.
    let pods: [Pod]
    let podIndexByID: [PodID: Int]
    /// `input.results` indexed by pod, for the charts of every pod's month pages.
    let podHistory: PodHistory
    /// The members with a page, sorted by id: none on a private site.
    let members: [MemberStatement]
    let memberIndexByID: [MemberID: Int]
    /// Members left without a page because a sickness fund they were in keeps its members' health private.
    let membersWithoutPage: Int
    /// Every file, in the order they are written.
    let files: [File]
    private(set) var paths: [String] = []

    public init(_ input: Input) {
        self.input = input
        disclosure = input.isPrivate ? .podTotals : .published
        var byPod: [PodID: [(month: Int, pod: Int)]] = [:]
        var names: [PodID: String] = [:]
        // A (pod, month) of a fund that keeps its members' health private.
        var privateFundMonths = Set<String>()
        for (monthIndex, network) in input.months.enumerated() {
            for (podIndex, statement) in network.pods.enumerated() {
                byPod[statement.pod, default: []].append((monthIndex, podIndex))
                names[statement.pod] = statement.name
                if let fund = statement.fund, !fund.terms.showsSickNames {
                    privateFundMonths.insert("\(statement.pod.raw) \(network.month)")
                }
            }
        }
        pods = byPod.keys.sorted().map { Pod(id: $0, name: names[$0]!, months: byPod[$0]!) }
        podIndexByID = Dictionary(uniqueKeysWithValues: pods.enumerated().map { ($0.element.id, $0.offset) })
        podHistory = PodHistory(results: input.results)
        let candidates = input.isPrivate ? [] : input.members
        members = candidates.filter { member in
            !member.months.contains { privateFundMonths.contains("\($0.pod.raw) \($0.month)") }
        }
        membersWithoutPage = candidates.count - members.count
        memberIndexByID = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($0.element.member, $0.offset) })

        var files: [File] = [.index, .howWeShare, .downloads]
        files += input.months.indices.map(File.networkMonth)
        for (index, pod) in pods.enumerated() {
            files.append(.podIndex(index))
            files += pod.months.map { File.podMonth(month: $0.month, pod: $0.pod) }
        }
        files += members.indices.map(File.member)
        for index in input.months.indices { files += [.networkData(index, .csv), .networkData(index, .json)] }
        for pod in pods {
            for month in pod.months { files += [.podData(month: month.month, pod: month.pod, .csv), .podData(month: month.month, pod: month.pod, .json)] }
        }
        for index in members.indices { files += [.memberData(index, .csv), .memberData(index, .json)] }
        if !input.isPrivate {
            if input.networkFile != nil { files.append(.networkFile) }
            files += input.exports.indices.map(File.export)
        }
        self.files = files
        paths = files.map(path)
    }

    // MARK: Files

    /// Every file's path relative to the site's folder (`index.html`, `pods/aurora/2024-12.html`), in the
    /// order `forEachFile` gives them.
    public var filePaths: [String] { paths }

    /// Renders each file in turn and hands it to `body` with its relative path.
    public func forEachFile(_ body: (_ path: String, _ contents: String) throws -> Void) rethrows {
        for (file, path) in zip(files, paths) { try body(path, contents(of: file)) }
    }

    /// The text of the file at `path`; nil when the site has no such file.
    public func contents(atPath path: String) -> String? {
        paths.firstIndex(of: path).map { contents(of: files[$0]) }
    }

    func path(_ file: File) -> String {
        switch file {
        case .index: return "index.html"
        case .howWeShare: return "how-we-share.html"
        case .downloads: return "downloads.html"
        case .networkMonth(let month): return "network/\(input.months[month].month).html"
        case .networkData(let month, let format): return "downloads/network/\(input.months[month].month).\(format.fileExtension)"
        case .podIndex(let pod): return "pods/\(pods[pod].id.raw)/index.html"
        case .podMonth(let month, let pod): return "pods/\(input.months[month].pods[pod].pod.raw)/\(input.months[month].month).html"
        case .podData(let month, let pod, let format):
            return "downloads/pods/\(input.months[month].pods[pod].pod.raw)/\(input.months[month].month).\(format.fileExtension)"
        case .member(let member): return "members/\(members[member].member.raw).html"
        case .memberData(let member, let format): return "downloads/members/\(members[member].member.raw).\(format.fileExtension)"
        case .networkFile: return "downloads/network.toml"
        case .export(let index): return "downloads/" + input.exports[index].name
        }
    }

    func contents(of file: File) -> String {
        let at = path(file)
        switch file {
        case .index: return page(indexDocument(at: at), at: at)
        case .howWeShare: return page(agreementDocument(at: at), at: at)
        case .downloads: return page(downloadsDocument(at: at), at: at)
        case .networkMonth(let month): return page(networkMonthDocument(month, at: at), at: at)
        case .podIndex(let pod): return page(podIndexDocument(pod, at: at), at: at)
        case .podMonth(let month, let pod): return page(podMonthDocument(month: month, pod: pod, at: at), at: at)
        case .member(let member): return page(memberDocument(member, at: at), at: at)
        case .networkData(let month, let format):
            let network = input.months[month]
            return format == .json ? network.json(disclosure: disclosure).text : CSVRenderer.render(network.document())
        case .podData(let month, let pod, let format):
            let statement = input.months[month].pods[pod]
            return format == .json ? statement.json(disclosure: disclosure).text : CSVRenderer.render(statement.document(disclosure: disclosure))
        case .memberData(let member, let format):
            return format == .json ? members[member].json.text : CSVRenderer.render(members[member].document())
        case .networkFile: return input.networkFile ?? ""
        case .export(let index): return input.exports[index].contents
        }
    }

    /// A page: the document with the site's navigation, in HTML.
    func page(_ document: Document, at path: String) -> String {
        var document = document
        document.navigation = [
            Link(text: "Index", href: relative("index.html", from: path)),
            Link(text: "How we share", href: relative("how-we-share.html", from: path)),
            Link(text: "Downloads", href: relative("downloads.html", from: path)),
        ] + document.navigation
        return HTMLRenderer.render(document)
    }

    /// `target` (relative to the site's folder) as a link from the page at `path`.
    func relative(_ target: String, from path: String) -> String {
        String(repeating: "../", count: path.split(separator: "/").count - 1) + target
    }

    func link(_ text: String, to file: File, from path: String) -> Link {
        Link(text: text, href: relative(self.path(file), from: path))
    }

    // MARK: Shared pieces

    var currency: Currency { input.months[0].currency }
    var digits: Int { currency.minorDigits }
    var firstMonth: Month { input.months[0].month }
    var lastMonth: Month { input.months[input.months.count - 1].month }


    func fingerprintFact(_ value: Fingerprint?) -> [Fact] {
        value.map { [Fact(key: "fingerprint", label: "Fingerprint", value: $0.description)] } ?? []
    }

    /// The pod's page of `month`, when the pod has one.
    func podMonthFile(_ pod: PodID, _ month: Month) -> File? {
        guard let monthIndex = input.months.firstIndex(where: { $0.month == month }),
              let podIndex = input.months[monthIndex].pods.firstIndex(where: { $0.pod == pod }) else { return nil }
        return .podMonth(month: monthIndex, pod: podIndex)
    }

    func status(_ month: Month) -> String {
        guard let closed = input.closedThrough, month <= closed else { return "preview (open)" }
        return "closed"
    }

    var footer: String {
        "Amounts in \(currency.code). Published by PodLedger from the ledger's records"
            + (input.isPrivate ? ", pod totals only." : ".")
    }
}
