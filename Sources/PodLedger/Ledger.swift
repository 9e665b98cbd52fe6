import Foundation
import LedgerCore
import LedgerStore
import Statements

/// The library's front door: one ledger file holding one network.
///
/// Every use case of the CLI is a method here; the CLI only parses flags and prints.
public final class Ledger: Sendable {
    /// The version of PodLedger (`podledger --version`).
    public static let version = "0.2.0"

    let store: LedgerStore

    public var path: String { store.path }
    public var currency: Currency { store.currency }

    init(store: LedgerStore) {
        self.store = store
    }

    /// Creates a new ledger file; refuses to overwrite one.
    public static func create(at path: String, currency: Currency) throws -> Ledger {
        Ledger(store: try LedgerStore.create(at: path, currency: currency))
    }

    /// Creates a new ledger from a network file: its currency (which must equal `currency` when given),
    /// and the network effective from its first month. All or nothing: on any error no file is left.
    public static func create(at path: String, networkFile: String, currency: Currency? = nil) throws -> (Ledger, NetworkVersion) {
        let settings = try readNetworkFile(networkFile)
        if let currency, currency != settings.currency {
            throw PodLedgerError.currencyMismatch(file: networkFile, fileCurrency: settings.currency.code, ledgerCurrency: currency.code)
        }
        guard let first = settings.firstMonth else {
            throw PodLedgerError.networkFile(file: networkFile, message: "no members; add [[pod.member]] tables")
        }
        var version: NetworkVersion?
        let store = try LedgerStore.create(at: path, currency: settings.currency) { transaction in
            version = try transaction.recordNetwork(settings, effectiveFrom: first, source: networkFile)
        }
        return (Ledger(store: store), version!)
    }

    /// Opens a ledger. `readOnly` for commands that only read: they then work on a ledger in a read-only
    /// folder or file system, and can never write to it.
    public static func open(at path: String, readOnly: Bool = false) throws -> Ledger {
        Ledger(store: try LedgerStore.open(at: path, readOnly: readOnly))
    }

    /// Runs `body` on one consistent snapshot of the ledger.
    func reading<T>(_ body: (Snapshot) throws -> T) throws -> T {
        try store.read { try body(try Snapshot($0)) }
    }

    /// Runs `body` in one write transaction: everything it reads is what its writes commit on.
    func writing<T>(commit: Bool = true, _ body: (Snapshot) throws -> T) throws -> T {
        try store.write(commit: commit) { try body(try Snapshot($0)) }
    }

    // MARK: Network

    /// Reads and parses a network file; a file over `Limits.networkFileBytesMax` is refused unread.
    public static func readNetworkFile(_ file: String) throws -> NetworkSettings {
        guard let data = try readBytes(file, bytesMax: Limits.networkFileBytesMax) else {
            throw PodLedgerError.networkFile(file: file, message: NetworkFile.tooLargeMessage)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw PodLedgerError.fileUnreadable(file: file, reason: "it is not valid UTF-8")
        }
        return try NetworkFile.parse(text, file: file)
    }

    /// Records a network file's values as effective from `from` (default: the first open month), or with
    /// `dryRun` says what it would change and records nothing. Returns the changes from the settings in effect.
    @discardableResult
    public func applyNetwork(file: String, from: Month?, dryRun: Bool = false, allowRemoval: Bool = false) throws -> NetworkChangeReport {
        try applyNetwork(try Ledger.readNetworkFile(file), from: from, source: file, dryRun: dryRun, allowRemoval: allowRemoval)
    }

    /// As `applyNetwork(file:…)`. Refused, with nothing recorded: a network in another currency; a month that
    /// is closed; a member of the settings in effect who is missing from the new ones while still active
    /// (unless `allowRemoval`: a member who leaves is given a `left` month, so their history stays theirs); and
    /// a version that would leave imported income of an open month without an active member, which no
    /// close could then count.
    @discardableResult
    public func applyNetwork(_ settings: NetworkSettings, from: Month?, source: String, dryRun: Bool = false,
                             allowRemoval: Bool = false) throws -> NetworkChangeReport {
        guard settings.currency == currency else {
            throw PodLedgerError.currencyMismatch(file: source, fileCurrency: settings.currency.code, ledgerCurrency: currency.code)
        }
        return try writing(commit: !dryRun) { snapshot in
            let lastClosed = try snapshot.transaction.closedMonths().last
            let first = [snapshot.network?.firstMonth, settings.firstMonth].compactMap { $0 }.min()
            let effective: Month
            if let from {
                effective = from
            } else if let lastClosed {
                effective = lastClosed.next
            } else {
                // Nothing closed: the new values apply from the network's first month.
                guard let first else { throw PodLedgerError.networkFile(file: source, message: "no members; add [[pod.member]] tables") }
                effective = first
            }
            if let lastClosed, effective <= lastClosed {
                throw PodLedgerError.changeInClosedMonth(effective: effective, lastClosed: lastClosed, first: first ?? effective)
            }
            let previous = snapshot.network?.settings(for: effective)
            let changes = (previous ?? NetworkSettings.empty(currency)).changes(to: settings)
            if !allowRemoval {
                // A member with months before `effective` who is still active from it: removing them would take
                // them out of the network from `effective` without a `left` month. (One who joins later has no history.)
                for case .memberRemoved(let member) in changes where member.joined < effective && (member.left.map { $0 >= effective } ?? true) {
                    throw PodLedgerError.memberRemoved(member: member.id.raw, file: source, effective: effective)
                }
            }
            let version = try snapshot.transaction.recordNetwork(settings, effectiveFrom: effective, source: source)
            // The timeline with the new version: every open month's income must still have its member.
            if let timeline = NetworkTimeline(versions: try snapshot.transaction.networkVersions()) {
                try Snapshot.ensureIncomeHasMembers(try snapshot.transaction.incomeByMonth(from: effective, through: .last), timeline: timeline)
            }
            return NetworkChangeReport(effectiveFrom: version.effectiveFrom, currency: currency, changes: changes, dryRun: dryRun, source: source)
        }
    }

    /// The closed months, ascending.
    public func closedMonths() throws -> [Month] {
        try store.closedMonths()
    }

    /// Every recorded version of the network, to find the settings in effect for any month.
    public func networkTimeline() throws -> NetworkTimeline {
        try reading { try $0.timeline() }
    }

    /// The file's bytes, or nil when it holds more than `bytesMax`. A regular file is measured before it
    /// is read; anything else (a pipe, a device) is read up to one byte past the limit.
    static func readBytes(_ file: String, bytesMax: Int) throws -> Data? {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw PodLedgerError.fileUnreadable(file: file, reason: "no such file, or not readable")
        }
        defer { try? handle.close() }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: file),
           attributes[.type] as? FileAttributeType == .typeRegular,
           let size = (attributes[.size] as? NSNumber)?.int64Value, size > Int64(bytesMax) {
            return nil
        }
        let data: Data
        do {
            data = try handle.read(upToCount: bytesMax + 1) ?? Data()
        } catch {
            throw PodLedgerError.fileUnreadable(file: file, reason: "\(error.localizedDescription)")
        }
        return data.count > bytesMax ? nil : data
    }

    static func readText(_ file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PodLedgerError.fileUnreadable(file: file, reason: "no such file, or not readable")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw PodLedgerError.fileUnreadable(file: file, reason: "it is not valid UTF-8")
        }
        return text
    }
}

/// What one transaction sees of the ledger, with the network's versions read once. The use cases
/// compute on a snapshot so that every figure they use comes from the same state of the ledger.
struct Snapshot {
    let transaction: LedgerTransaction
    /// Nil while the ledger has no network.
    let network: NetworkTimeline?

    init(_ transaction: LedgerTransaction) throws {
        self.transaction = transaction
        self.network = NetworkTimeline(versions: try transaction.networkVersions())
    }

    /// The network's timeline; a ledger without one is refused, saying how to record one.
    func timeline() throws -> NetworkTimeline {
        guard let network else { throw PodLedgerError.noNetwork }
        return network
    }

    var currency: Currency { transaction.currency }

    /// Every member with income in a month must be active in it under `timeline`: income of a member who is
    /// not would be left out of the month's close. Throws naming the member and month.
    static func ensureIncomeHasMembers(_ income: [Month: [MemberID: Int64]], timeline: NetworkTimeline) throws {
        for month in income.keys.sorted() {
            let settings = timeline.settings(for: month)
            for member in income[month]!.keys.sorted() where !(settings.member(member)?.isActive(in: month) ?? false) {
                let last = income.keys.filter { income[$0]?[member] != nil }.max() ?? month
                throw PodLedgerError.incomeWithoutMember(member: member.raw, month: month, lastMonth: last,
                                                         settingsFrom: timeline.version(for: month).effectiveFrom)
            }
        }
    }
}

/// The dated versions of the network's settings, in the order they take effect. Never empty: a ledger
/// without a recorded network has no timeline.
public struct NetworkTimeline: Sendable {
    /// Ordered by (effectiveFrom, recording order); at least one.
    public let versions: [NetworkVersion]
    /// The network's first month: the earliest `joined` of any member in any version.
    public let firstMonth: Month

    /// Nil when nothing is recorded (or no version has a member).
    public init?(versions: [NetworkVersion]) {
        guard let first = versions.compactMap({ $0.settings.firstMonth }).min() else { return nil }
        self.versions = versions
        self.firstMonth = first
    }

    /// The version in effect for `month`: the last one effective on or before it. Months before the first
    /// version use the first version, so the first file recorded is the baseline for everything before it.
    public func version(for month: Month) -> NetworkVersion {
        versions.last { $0.effectiveFrom <= month } ?? versions[0]
    }

    /// The settings in effect for `month` (see `version(for:)`).
    public func settings(for month: Month) -> NetworkSettings { version(for: month).settings }
}

