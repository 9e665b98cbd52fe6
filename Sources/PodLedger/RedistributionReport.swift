import LedgerCore
import Smoothing
import Statements

/// What `redistribute` prints: each pod's month in a few aligned lines, or the JSON of SPEC §4.1.
public enum RedistributionReport {
    public static func text(_ result: MonthResult, settings: NetworkSettings, dryRun: Bool) -> String {
        let digits = result.currency.minorDigits
        func money(_ minor: Int64) -> String { Money.format(minor, minorDigits: digits) }
        var out = "\(result.month)  \(dryRun ? "dry run: nothing written" : "closed")\n"
        for pod in result.pods {
            let name = settings.pod(pod.pod).map { Column.clean($0.name) } ?? pod.pod.raw
            var policy = pod.policy.name
            if case .floor(let floor) = pod.policy { policy += " " + money(floor) }
            if case .average(let window) = pod.policy { policy += " over \(window) months" }
            out += "  \(pod.pod)  \(name)  (\(policy))\n"
            out += "    " + Column.left("member", 14) + Column.right("income", 12) + Column.right("pledge", 8)
                + Column.right("contribution", 14) + Column.right("received", 12) + Column.right("net", 12) + "\n"
            for member in pod.members {
                out += "    " + Column.left(member.member.raw, 14) + Column.right(money(member.incomeMinor), 12)
                    + Column.right(BasisPoints.format(member.pledgeBasisPoints) + "%", 8)
                    + Column.right(money(member.contributionMinor), 14) + Column.right(money(member.receivedMinor), 12)
                    + Column.right(money(member.netMinor), 12) + "\n"
            }
            out += "    pool \(money(pod.contributionsMinor)); reserve \(money(pod.reserveOpeningMinor)) -> \(money(pod.reserveClosingMinor))"
                + " (draw \(money(pod.reserveDrawMinor)), deposit \(money(pod.reserveDepositMinor + pod.surplusToReserveMinor)));"
                + " to network \(money(pod.toNetworkMinor)); from network \(money(pod.fromNetworkMinor)); unmet \(money(pod.unmetMinor))\n"
        }
        out += "  network reserve \(money(result.networkReserveOpeningMinor)) -> \(money(result.networkReserveClosingMinor))\n"
        return out
    }

    /// `{"month", "currency", "pods": [POD...], "network": {...}}` (SPEC §4.1): the network statement's JSON,
    /// without its final newline.
    public static func json(_ result: MonthResult, settings: NetworkSettings, preview: Bool) -> String {
        NetworkStatement(result: result, settings: settings, preview: preview).renderJSON().trimmingSuffixNewline
    }
}
