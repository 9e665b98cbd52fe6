import LedgerCore
import Smoothing
@testable import Statements

/// A small network with hand-checked figures (SPEC §5 worked by hand, amounts in cents).
///
/// 2024-03, share 10%, network reserve opening 400.00:
/// - aurora (floor 3000.00, reserve 455.00 at start, target 6000.00, refund):
///   alice 4000.00 × 15% above 500.00 → 525.00; ben 5000.00 × 12% → 600.00; mere 1000.00 × 10% above 800.00 → 20.00.
///   Pool 1145.00. Only mere needs: 3000.00 − 980.00 = 2020.00. Pool + reserve = 1600.00 → all to mere, reserve
///   drawn to 0, 420.00 unmet, covered by the network.
/// - kauri (average, reserve 3800.00, target 4000.00, equal): chen 6000.00 → 900.00; hemi 2000.00 × 12.5% → 250.00;
///   priya 1200.00 × 20% above 1000.00 → 40.00. Pool 1190.00; needs hemi 650.00, priya 140.00; left 400.00:
///   200.00 to the reserve, 20.00 to the network, 180.00 shared: 60.00 each.
/// - tui (equal): ana 2000.00 → 200.00; kiri 0; tama 3000.00 × 14% → 420.00. Pool 620.00: 62.00 to the
///   network, 186.00 each.
/// - network: 400.00 + 20.00 + 62.00 − 420.00 = 62.00.
enum Fixtures {
    static let nzd = try! Currency(code: "NZD")
    static let january = try! Month(parsing: "2024-01")
    static let february = try! Month(parsing: "2024-02")
    static let march = try! Month(parsing: "2024-03")

    static func pod(_ raw: String) -> PodID { try! PodID(raw) }
    static func member(_ raw: String) -> MemberID { try! MemberID(raw) }

    struct Names {
        var aurora = "Aurora Collective"
        var kauri = "Kauri Writers' Circle"
        var tui = "Tūī Audio & Image"
        var members: [String: String] = [
            "alice": "Alice Ngata", "ben": "Ben Tupou", "mere": "Mere Rāwiri",
            "chen": "Chen Wei", "hemi": "Hemi Walker", "priya": "Priya Raman",
            "ana": "Ana Folau", "kiri": "Kiri O'Donnell", "tama": "Tama Reihana",
        ]
    }

    static func settings(names: Names = Names()) -> NetworkSettings {
        func m(_ id: String, _ pod: String, _ pledge: Int, hurdle: Int64 = 0, cap: Int64? = nil) -> MemberSettings {
            MemberSettings(id: member(id), name: names.members[id]!, pod: Fixtures.pod(pod), pledgeBasisPoints: pledge,
                           hurdleMinor: hurdle, capMinor: cap, joined: january, left: nil)
        }
        return try! NetworkSettings(
            currency: nzd, shareBasisPoints: 1000,
            pods: [
                PodSettings(id: pod("aurora"), name: names.aurora, policy: .floor(floorMinor: 300_000),
                            reserveTargetMinor: 600_000, surplus: .refund),
                PodSettings(id: pod("kauri"), name: names.kauri, policy: .average(windowMonths: 3),
                            reserveTargetMinor: 400_000, surplus: .equal),
                PodSettings(id: pod("tui"), name: names.tui, policy: .equal, reserveTargetMinor: 0, surplus: .refund),
            ],
            members: [
                m("alice", "aurora", 1500, hurdle: 50_000, cap: 200_000), m("ben", "aurora", 1200, cap: 250_000),
                m("mere", "aurora", 1000, hurdle: 80_000),
                m("chen", "kauri", 1500), m("hemi", "kauri", 1250, cap: 200_000), m("priya", "kauri", 2000, hurdle: 100_000),
                m("ana", "tui", 1000), m("kiri", "tui", 2000, cap: 300_000), m("tama", "tui", 1400),
            ])
    }

    static func line(_ id: String, income: Int64, pledge: Int, contribution: Int64, need: Int64 = 0,
                     fromPod: Int64 = 0, fromNetwork: Int64 = 0, unmet: Int64 = 0) -> MemberResult {
        MemberResult(member: member(id), incomeMinor: income, pledgeBasisPoints: pledge, contributionMinor: contribution,
                     needMinor: need, receivedFromPodMinor: fromPod, receivedFromNetworkMinor: fromNetwork, unmetMinor: unmet)
    }

    static let auroraMarch = PodResult(
        pod: pod("aurora"), policy: .floor(floorMinor: 300_000),
        members: [
            line("alice", income: 400_000, pledge: 1500, contribution: 52_500),
            line("ben", income: 500_000, pledge: 1200, contribution: 60_000),
            line("mere", income: 100_000, pledge: 1000, contribution: 2_000, need: 202_000, fromPod: 160_000, fromNetwork: 42_000),
        ],
        contributionsMinor: 114_500, reserveOpeningMinor: 45_500, reserveDrawMinor: 45_500, reserveDepositMinor: 0,
        surplusToReserveMinor: 0, reserveClosingMinor: 0, toNetworkMinor: 0, fromNetworkMinor: 42_000, unmetMinor: 0)

    static let kauriMarch = PodResult(
        pod: pod("kauri"), policy: .average(windowMonths: 3),
        members: [
            line("chen", income: 600_000, pledge: 1500, contribution: 90_000, fromPod: 6_000),
            line("hemi", income: 200_000, pledge: 1250, contribution: 25_000, need: 65_000, fromPod: 71_000),
            line("priya", income: 120_000, pledge: 2000, contribution: 4_000, need: 14_000, fromPod: 20_000),
        ],
        contributionsMinor: 119_000, reserveOpeningMinor: 380_000, reserveDrawMinor: 0, reserveDepositMinor: 20_000,
        surplusToReserveMinor: 0, reserveClosingMinor: 400_000, toNetworkMinor: 2_000, fromNetworkMinor: 0, unmetMinor: 0)

    static let tuiMarch = PodResult(
        pod: pod("tui"), policy: .equal,
        members: [
            line("ana", income: 200_000, pledge: 1000, contribution: 20_000, fromPod: 18_600),
            line("kiri", income: 0, pledge: 2000, contribution: 0, fromPod: 18_600),
            line("tama", income: 300_000, pledge: 1400, contribution: 42_000, fromPod: 18_600),
        ],
        contributionsMinor: 62_000, reserveOpeningMinor: 0, reserveDrawMinor: 0, reserveDepositMinor: 0,
        surplusToReserveMinor: 0, reserveClosingMinor: 0, toNetworkMinor: 6_200, fromNetworkMinor: 0, unmetMinor: 0)

    static let marchResult = MonthResult(
        month: march, currency: nzd, pods: [auroraMarch, kauriMarch, tuiMarch],
        networkReserveOpeningMinor: 40_000, networkReserveClosingMinor: 6_200, entries: [])

    /// aurora alone in January (everyone above the floor but mere; 1155.00 to the reserve) and February
    /// (needs of 1575.00, pool 875.00, 700.00 drawn from the reserve).
    static let history: [MonthResult] = [
        MonthResult(
            month: january, currency: nzd,
            pods: [PodResult(
                pod: pod("aurora"), policy: .floor(floorMinor: 300_000),
                members: [
                    line("alice", income: 500_000, pledge: 1500, contribution: 67_500),
                    line("ben", income: 400_000, pledge: 1200, contribution: 48_000),
                    line("mere", income: 300_000, pledge: 1000, contribution: 22_000, need: 22_000, fromPod: 22_000),
                ],
                contributionsMinor: 137_500, reserveOpeningMinor: 0, reserveDrawMinor: 0, reserveDepositMinor: 115_500,
                surplusToReserveMinor: 0, reserveClosingMinor: 115_500, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 0)],
            networkReserveOpeningMinor: 40_000, networkReserveClosingMinor: 40_000, entries: []),
        MonthResult(
            month: february, currency: nzd,
            pods: [PodResult(
                pod: pod("aurora"), policy: .floor(floorMinor: 300_000),
                members: [
                    line("alice", income: 280_000, pledge: 1500, contribution: 34_500, need: 54_500, fromPod: 54_500),
                    line("ben", income: 300_000, pledge: 1200, contribution: 36_000, need: 36_000, fromPod: 36_000),
                    line("mere", income: 250_000, pledge: 1000, contribution: 17_000, need: 67_000, fromPod: 67_000),
                ],
                contributionsMinor: 87_500, reserveOpeningMinor: 115_500, reserveDrawMinor: 70_000, reserveDepositMinor: 0,
                surplusToReserveMinor: 0, reserveClosingMinor: 45_500, toNetworkMinor: 0, fromNetworkMinor: 0, unmetMinor: 0)],
            networkReserveOpeningMinor: 40_000, networkReserveClosingMinor: 40_000, entries: []),
    ]

    static func auroraStatement(preview: Bool = false, settings: NetworkSettings = settings()) -> PodStatement {
        PodStatement(pod: pod("aurora"), in: marchResult, settings: settings, preview: preview)!
    }

    /// Smoothing's figures for alice over the closed months of her statement (January and February; March is open).
    static let aliceVolatility: VolatilityFigures = Volatility.figures(results: history).pod(pod("aurora"))!
        .members.first { $0.member == member("alice") }!.figures

    static func aliceStatement(settings: NetworkSettings = settings()) -> MemberStatement {
        MemberStatement(member: member("alice"), from: january, through: march, results: history + [marchResult],
                        settings: settings, firstOpenMonth: march, volatility: aliceVolatility)
    }

    static func networkStatement(settings: NetworkSettings = settings(), preview: Bool = false) -> NetworkStatement {
        NetworkStatement(result: marchResult, settings: settings, preview: preview)
    }
}
