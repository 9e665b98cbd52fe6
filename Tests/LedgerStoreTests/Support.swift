import Foundation
import GRDB
import LedgerCore
@testable import LedgerStore
import Testing

/// A fresh folder under the system's temporary directory, removed when the value goes away.
/// Suites hold one as a stored property, so it lives exactly as long as the test.
final class TemporaryFolder: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "podledger-store-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

enum Fixture {
    static let nzd = try! Currency(code: "NZD")

    static func month(_ text: String) -> Month { try! Month(parsing: text) }
    static func day(_ text: String) -> Day { try! Day(parsing: text) }
    static func pod(_ raw: String) -> PodID { try! PodID(raw) }
    static func member(_ raw: String) -> MemberID { try! MemberID(raw) }

    /// A fresh ledger in `folder`.
    static func ledger(in folder: TemporaryFolder) throws -> LedgerStore {
        try LedgerStore.create(at: folder.file("pods.sqlite"), currency: nzd)
    }

    /// Two pods covering every setting: a floor pod and an average pod; caps nil and 0; left nil and set.
    static func network(shareBasisPoints: Int = 1000, alicePledge: Int = 1500) throws -> NetworkSettings {
        try NetworkSettings(
            currency: nzd, shareBasisPoints: shareBasisPoints,
            pods: [
                PodSettings(id: pod("aurora"), name: "Aurora Collective", policy: .floor(floorMinor: 300_000),
                            reserveTargetMinor: 600_000, surplus: .refund),
                PodSettings(id: pod("borealis"), name: "Borealis", policy: .average(windowMonths: 6), reserveTargetMinor: 0,
                            surplus: .reserve),
                PodSettings(id: pod("cirrus"), name: "Cirrus ✦ Équipe", policy: .equal, reserveTargetMinor: 1, surplus: .equal),
            ],
            members: [
                MemberSettings(id: member("alice"), name: "Alice Ngata", pod: pod("aurora"), pledgeBasisPoints: alicePledge,
                               hurdleMinor: 50_000, capMinor: 200_000, joined: month("2024-01"), left: month("2024-12")),
                MemberSettings(id: member("bob"), name: "Bob", pod: pod("aurora"), pledgeBasisPoints: 1250, hurdleMinor: 0,
                               capMinor: nil, joined: month("2024-01"), left: nil),
                MemberSettings(id: member("carol"), name: "Carol", pod: pod("borealis"), pledgeBasisPoints: 10_000, hurdleMinor: 0,
                               capMinor: 0, joined: month("2024-02"), left: nil),
                MemberSettings(id: member("dan"), name: "Dan", pod: pod("cirrus"), pledgeBasisPoints: 0, hurdleMinor: 1,
                               capMinor: nil, joined: month("2023-12"), left: month("2023-12")),
            ])
    }

    static func record(_ member: String, pod: String = "aurora", day: String, amount: Int64, description: String = "invoice",
                       reference: String? = nil, key: String? = nil, file: String = "bank.csv", line: Int = 2) -> IncomeRecord {
        IncomeRecord(pod: Fixture.pod(pod), member: Fixture.member(member), day: Fixture.day(day), amountMinor: amount,
                     description: description, reference: reference, key: key ?? realKey(member, day: day, amount: amount,
                                                                                         description: description, reference: reference),
                     sourceFile: file, sourceLine: line)
    }

    /// The key IncomeImport gives such a row (first occurrence), which `check` verifies against the row.
    static func realKey(_ member: String, day: String, amount: Int64, description: String, reference: String?) -> String {
        if let reference { return IncomeRowKey.reference(member: Fixture.member(member), reference: reference) }
        return IncomeRowKey.row(content: IncomeRowKey.content(day: Fixture.day(day), member: Fixture.member(member), amountMinor: amount,
                                                              description: description), occurrence: 1)
    }

    /// A month's redistribution: `from` pledges `amountMinor` to the pod's pool, which pays it to `to`.
    static func redistribution(_ monthText: String, pod podRaw: String = "aurora", from: String = "alice", to: String = "bob",
                               amountMinor: Int64 = 10_000) throws -> [Entry] {
        let pod = pod(podRaw)
        return [
            try Entry(kind: .redistribution, month: month(monthText), description: "contributions",
                      postings: [Posting(.member(pod, member(from)), -amountMinor), Posting(.pool(pod), amountMinor)]),
            try Entry(kind: .redistribution, month: month(monthText), description: "support",
                      postings: [Posting(.pool(pod), -amountMinor), Posting(.member(pod, member(to)), amountMinor)]),
        ]
    }
}

/// Raw SQL on the ledger file through a second connection, as an attacker or a careless tool would.
func rawSQL(_ store: LedgerStore, _ sql: String) throws {
    let dbQueue = try DatabaseQueue(path: store.path)
    try dbQueue.writeWithoutTransaction { try $0.execute(sql: sql) }
    try dbQueue.close()
}

func rawCount(_ store: LedgerStore, _ table: String, where condition: String = "1") throws -> Int {
    try store.dbQueue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? -1 }
}

func incomeCount(_ store: LedgerStore) throws -> Int { try rawCount(store, "entries", where: "kind = 'income'") }

/// Every table's row count plus every balance: the ledger's content, to compare before and after.
struct LedgerContent: Equatable {
    var counts: [String: Int]
    var balances: [String]
    var cache: [String]

    init(_ store: LedgerStore) throws {
        counts = [:]
        for table in ["entries", "postings", "accounts", "source_files", "account_balances", "month_events", "network_versions", "pod_versions",
                      "member_versions"] {
            counts[table] = try rawCount(store, table)
        }
        balances = try store.balances(throughMonth: nil).map { "\($0.account)=\($0.balanceMinor)" }
        cache = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT account_id, balance_minor FROM account_balances ORDER BY account_id").map { "\($0[0] as Int64)=\($0[1] as Int64)" }
        }
    }
}

/// Imports the records in one batch, returning the summary.
@discardableResult
func importRecords(_ store: LedgerStore, _ records: [IncomeRecord], dryRun: Bool = false) throws -> IncomeBatchSummary {
    try store.importIncome(dryRun: dryRun) { batch in
        for record in records { _ = try batch.add(record) }
    }
}
