import LedgerCore
import Smoothing

/// The whole network's month: every pod's totals, what each pod sent to and got from the network,
/// and the network reserve. Its JSON is the shape of `redistribute --format json` (SPEC §4.1).
public struct NetworkStatement: Hashable, Sendable {
    public let month: Month
    public let currency: Currency
    public let networkShareBasisPoints: Int
    public let preview: Bool
    /// The ledger's fingerprint as of the month's close (SPEC §9); nil for an open month.
    public var fingerprint: Fingerprint?
    /// Sorted by pod id, each with its members.
    public var pods: [PodStatement]
    public let reserveOpeningMinor: Int64
    public let reserveClosingMinor: Int64

    /// A network statement from pod statements already made (with their dues).
    public init(month: Month, currency: Currency, settings: NetworkSettings, preview: Bool, pods: [PodStatement],
                reserveOpeningMinor: Int64, reserveClosingMinor: Int64) {
        self.month = month
        self.currency = currency
        self.networkShareBasisPoints = settings.shareBasisPoints
        self.preview = preview
        self.pods = pods
        self.reserveOpeningMinor = reserveOpeningMinor
        self.reserveClosingMinor = reserveClosingMinor
    }

    public init(result: MonthResult, settings: NetworkSettings, preview: Bool) {
        self.month = result.month
        self.currency = result.currency
        self.networkShareBasisPoints = settings.shareBasisPoints
        self.preview = preview
        self.pods = result.pods.sorted { $0.pod < $1.pod }.map {
            PodStatement(result: $0, month: result.month, currency: result.currency, settings: settings, preview: preview)
        }
        self.reserveOpeningMinor = result.networkReserveOpeningMinor
        self.reserveClosingMinor = result.networkReserveClosingMinor
    }

    /// What the pods sent to the network reserve this month: shares of surplus and levy.
    public var fromPodsMinor: Int64 { pods.reduce(0) { $0 + $1.toNetworkMinor + $1.costs.levyMinor } }
    /// What the network reserve paid to pods as support.
    public var toPodsMinor: Int64 { pods.reduce(0) { $0 + $1.fromNetworkMinor } }
}
