import Foundation
import LedgerCore
import LedgerStore

/// The library's front door: one ledger file holding one network.
///
/// Every use case of the CLI is a method here; the CLI only parses flags and prints.
public final class Ledger: Sendable {
    public let store: LedgerStore

    public var path: String { store.path }
    public var currency: Currency { store.currency }

    init(store: LedgerStore) {
        self.store = store
    }

    /// Creates a new ledger file; refuses to overwrite one.
    public static func create(at path: String, currency: Currency) throws -> Ledger {
        Ledger(store: try LedgerStore.create(at: path, currency: currency))
    }

    /// Creates a new ledger from a network file: its currency, and the network effective from its first month.
    public static func create(at path: String, networkFile: String) throws -> (Ledger, NetworkVersion) {
        let settings = try readNetworkFile(networkFile)
        let ledger = try create(at: path, currency: settings.currency)
        do {
            let version = try ledger.applyNetwork(settings, from: nil, source: networkFile)
            return (ledger, version)
        } catch {
            // A ledger without its network is of no use: leave nothing behind.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    public static func open(at path: String) throws -> Ledger {
        Ledger(store: try LedgerStore.open(at: path))
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

    /// Records a network file's values as effective from `from` (default: the first open month).
    @discardableResult
    public func applyNetwork(file: String, from: Month?) throws -> NetworkVersion {
        try applyNetwork(try Ledger.readNetworkFile(file), from: from, source: file)
    }

    @discardableResult
    public func applyNetwork(_ settings: NetworkSettings, from: Month?, source: String) throws -> NetworkVersion {
        guard settings.currency == currency else {
            throw PodLedgerError.currencyMismatch(file: source, fileCurrency: settings.currency.code, ledgerCurrency: currency.code)
        }
        let lastClosed = try store.closedMonths().last
        let effective: Month
        if let from {
            effective = from
        } else if let lastClosed {
            effective = lastClosed.next
        } else {
            // Nothing closed: the new values apply from the network's first month.
            let firsts = [try networkTimeline().firstMonth, settings.firstMonth].compactMap { $0 }
            guard let first = firsts.min() else {
                throw PodLedgerError.networkFile(file: source, message: "no members; add [[pod.member]] tables")
            }
            effective = first
        }
        if let lastClosed, effective <= lastClosed {
            throw PodLedgerError.changeInClosedMonth(effective: effective, lastClosed: lastClosed)
        }
        return try store.recordNetwork(settings, effectiveFrom: effective, source: source)
    }

    /// Every recorded version of the network, to find the settings in effect for any month.
    public func networkTimeline() throws -> NetworkTimeline {
        NetworkTimeline(versions: try store.networkVersions())
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

/// The dated versions of the network's settings, in the order they take effect.
public struct NetworkTimeline: Sendable {
    /// Ordered by (effectiveFrom, recording order).
    public let versions: [NetworkVersion]

    /// The settings in effect for `month`: the last version effective on or before it. Months before the
    /// first version use the first version, so the first file recorded is the baseline for everything before it.
    public func settings(for month: Month) -> NetworkSettings? {
        versions.last { $0.effectiveFrom <= month }?.settings ?? versions.first?.settings
    }

    /// The network's first month: the earliest `joined` of any member in any version.
    public var firstMonth: Month? {
        versions.compactMap { $0.settings.firstMonth }.min()
    }
}
