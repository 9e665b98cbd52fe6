import LedgerCore
import Smoothing

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

    /// `{"month", "currency", "pods": [POD...], "network": {...}}` (SPEC §4.1).
    public static func json(_ result: MonthResult) -> String {
        let digits = result.currency.minorDigits
        func money(_ minor: Int64) -> String { JSONText.quote(Money.format(minor, minorDigits: digits)) }
        let pods = result.pods.map { pod in
            JSONText.object([
                ("pod", JSONText.quote(pod.pod.raw)), ("month", JSONText.quote(result.month.description)),
                ("currency", JSONText.quote(result.currency.code)), ("policy", JSONText.quote(pod.policy.name)),
                ("members", JSONText.array(pod.members.map { member in
                    JSONText.object([
                        ("member", JSONText.quote(member.member.raw)), ("income", money(member.incomeMinor)),
                        ("pledge_percent", JSONText.quote(BasisPoints.format(member.pledgeBasisPoints))),
                        ("contribution", money(member.contributionMinor)), ("received", money(member.receivedMinor)),
                        ("net", money(member.netMinor)), ("need", money(member.needMinor)), ("unmet", money(member.unmetMinor)),
                    ])
                })),
                ("contributions", money(pod.contributionsMinor)),
                ("reserve_opening", money(pod.reserveOpeningMinor)), ("reserve_draw", money(pod.reserveDrawMinor)),
                ("reserve_deposit", money(pod.reserveDepositMinor + pod.surplusToReserveMinor)),
                ("reserve_closing", money(pod.reserveClosingMinor)),
                ("to_network", money(pod.toNetworkMinor)), ("from_network", money(pod.fromNetworkMinor)),
                ("unmet", money(pod.unmetMinor)),
            ])
        }
        return JSONText.object([
            ("month", JSONText.quote(result.month.description)), ("currency", JSONText.quote(result.currency.code)),
            ("pods", JSONText.array(pods)),
            ("network", JSONText.object([
                ("reserve_opening", money(result.networkReserveOpeningMinor)),
                ("reserve_closing", money(result.networkReserveClosingMinor)),
            ])),
        ])
    }
}
