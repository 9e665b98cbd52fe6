import Foundation
import GRDB
import LedgerCore

/// Where a fingerprint was found in the ledger's history.
public struct ChainPosition: Hashable, Sendable {
    /// The record's number in the chain (1 for the first).
    public let seq: Int64
    /// Words that name the record: "the close of 2024-03", "income entry 12 (…)".
    public let record: String
    /// The month the record belongs to.
    public let month: String
    public let fingerprint: Fingerprint
}

/// The chain recomputed from the rows (SPEC §9).
public struct ChainAudit: Hashable, Sendable {
    /// Records that match, from the first.
    public let recordsVerified: Int64
    /// The head: the fingerprint after the last record that matches; nil for a ledger without records.
    public let head: ChainPosition?
    /// What is wrong at the first record that does not match; nil when the whole chain holds.
    public let problem: String?
    /// The first record, among those that match, whose fingerprint is the one looked for (`verify`).
    public let found: ChainPosition?
}

extension LedgerTransaction {
    /// The chain of this transaction's writes, created on the first record written.
    func chain() throws -> Chain {
        precondition(isWritable, "a write through a read transaction")
        if let chainStorage { return chainStorage }
        let chain = try Chain(db)
        chainStorage = chain
        return chain
    }

    /// Recomputes the chain from every record's rows and compares each link with the stored fingerprint and the
    /// stored heads; stops at the first record that does not match. `looking` is a fingerprint to find (`verify`).
    public func auditChain(looking: Fingerprint? = nil) throws -> ChainAudit {
        ensureOpen()
        var heads: [Int64: Data] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT seq, hash FROM chain_heads") { heads[row[0]] = row[1] }
        var previous = ChainLink(seq: 0, hash: try Chain.genesis(db))
        var head: (stored: StoredChainRecord, link: ChainLink)?
        var found: ChainPosition?
        var problem: String?
        let restore = "restore the ledger from a backup; `podledger verify` with a fingerprint published earlier shows how far the history still holds"
        func position(_ stored: StoredChainRecord, _ link: ChainLink) throws -> ChainPosition {
            let (label, month) = try stored.described(db)
            return ChainPosition(seq: link.seq, record: label, month: month, fingerprint: link.fingerprint)
        }
        try ChainRecords.walk(db) { stored in
            let expected = previous.seq + 1
            guard let seq = stored.seq, let fingerprint = stored.fingerprint else {
                problem = "\(try stored.described(db).label) has no place in the fingerprint chain: it was added outside PodLedger; \(restore)"
                return false
            }
            guard seq == expected else {
                let label = try stored.described(db).label
                problem = seq > expected
                    ? "record \(expected) of the fingerprint chain is missing (the next one is record \(seq), \(label)): a record was deleted; \(restore)"
                    : "\(label) claims place \(seq) in the fingerprint chain, which record \(seq) already holds; \(restore)"
                return false
            }
            let link = ChainLink(seq: seq, hash: Chain.hash(after: previous.hash, stored.record))
            guard link.fingerprint.prefix == fingerprint, heads[seq].map({ $0 == link.hash.data }) ?? true else {
                problem = "record \(seq) of the fingerprint chain, \(try stored.described(db).label), is not what was written: it or a record before it was "
                    + "changed after it was written (fingerprint \(Fingerprint(prefix: fingerprint)) stored, \(link.fingerprint) recomputed); \(restore)"
                return false
            }
            previous = link
            head = (stored, link)
            if found == nil, let looking, looking == link.fingerprint { found = try position(stored, link) }
            return true
        }
        if problem == nil, let last = heads.keys.max(), last > previous.seq {
            problem = "the fingerprint chain ends at record \(previous.seq), but its heads go on to record \(last): records were deleted; \(restore)"
        }
        return ChainAudit(recordsVerified: previous.seq, head: try head.map { try position($0.stored, $0.link) }, problem: problem, found: found)
    }

    /// The fingerprint as of the month's latest close: the last record that close wrote; nil when the month is not
    /// closed or was closed before fingerprints were kept.
    public func closeFingerprint(month: Month) throws -> Fingerprint? {
        ensureOpen()
        let value = try Int64.fetchOne(db, sql: """
            WITH last_close AS (SELECT id, action FROM month_events WHERE month = ? ORDER BY id DESC LIMIT 1)
            SELECT fingerprint FROM (
              SELECT chain_seq, fingerprint FROM month_events WHERE id = (SELECT id FROM last_close WHERE action = 'close')
              UNION ALL SELECT chain_seq, fingerprint FROM entries WHERE close_event_id = (SELECT id FROM last_close WHERE action = 'close')
            ) WHERE fingerprint IS NOT NULL ORDER BY chain_seq DESC LIMIT 1
            """, arguments: [month.description])
        return value.map(Fingerprint.init(prefix:))
    }

    /// The fingerprint of the ledger now: the last record's; nil for a ledger without records.
    public func headFingerprint() throws -> Fingerprint? {
        ensureOpen()
        guard let hash = try Data.fetchOne(db, sql: "SELECT hash FROM chain_heads ORDER BY seq DESC LIMIT 1") else { return nil }
        return Fingerprint(hash: [UInt8](hash))
    }
}

extension Schema {
    /// Gives every record of a ledger made before fingerprints their place in the chain, in this order: network
    /// versions, sickness events, month events, entries, each by id (docs/fingerprint.md). The append-only
    /// triggers of those tables are dropped for the update and made again exactly as before.
    static func chainExistingRecords(_ db: Database) throws {
        let tables = ["network_versions", "sickness_events", "month_events", "entries"]
        var links: [(table: String, id: Int64, link: ChainLink)] = []
        var previous = ChainLink(seq: 0, hash: try Chain.genesis(db))
        func add(_ stored: StoredChainRecord) {
            let link = ChainLink(seq: previous.seq + 1, hash: Chain.hash(after: previous.hash, stored.record))
            links.append((stored.table, stored.id, link))
            previous = link
        }
        let small = try ChainRecords.smallRecords(db)
        for table in tables.dropLast() { for stored in small where stored.table == table { add(stored) } }
        try ChainRecords.forEachEntry(db) { add($0) }
        guard !links.isEmpty else { return }
        for table in tables { try db.execute(sql: "DROP TRIGGER \(table)_no_update") }
        for table in tables {
            let update = try db.makeStatement(sql: "UPDATE \(table) SET chain_seq = ?, fingerprint = ? WHERE id = ?")
            for item in links where item.table == table {
                try update.execute(arguments: [item.link.seq, item.link.fingerprint.prefix, item.id])
            }
        }
        try createAppendOnlyTriggers(db, for: appendOnlyTables.filter { tables.contains($0.table) }, actions: ["UPDATE"])
        try db.execute(sql: "INSERT INTO chain_heads(seq, hash) VALUES (?, ?)", arguments: [previous.seq, previous.hash.data])
    }
}
