import Crypto
import Foundation
import GRDB
import LedgerCore

/// One link of the fingerprint chain: the record's number and `h_i`.
struct ChainLink: Hashable {
    let seq: Int64
    let hash: [UInt8]
    var fingerprint: Fingerprint { Fingerprint(hash: hash) }
}

/// The fingerprint chain of a write transaction (SPEC §9): `h_i = SHA-256(h_{i−1} ‖ canonical bytes of record i)`,
/// `h_0` = SHA-256 of the ledger's creation record. Every record written gets the next number and stores its
/// fingerprint (`chain_seq`, `fingerprint`); the transaction's last hash is appended to `chain_heads` before the
/// commit, so the next transaction continues from it.
final class Chain {
    private(set) var head: ChainLink
    private var headWritten: Int64

    init(_ db: Database) throws {
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_heads ORDER BY seq DESC LIMIT 1") {
            let hash: Data = row[1]
            head = ChainLink(seq: row[0], hash: [UInt8](hash))
        } else {
            head = ChainLink(seq: 0, hash: try Self.genesis(db))
        }
        headWritten = head.seq
    }

    /// `h_0`: the SHA-256 of the ledger's creation record (format, format version, currency).
    static func genesis(_ db: Database) throws -> [UInt8] {
        var meta: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM ledger_meta") { meta[row[0]] = row[1] }
        let record = CanonicalRecord.genesis(format: meta["format"] ?? "", formatVersion: meta["format_version"] ?? "", currency: meta["currency"] ?? "")
        return Array(SHA256.hash(data: record.bytes))
    }

    static func hash(after previous: [UInt8], _ record: CanonicalRecord) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: record.bytes)
        return Array(hasher.finalize())
    }

    /// The link `record` would get, without taking it (an income row may turn out to be present already).
    func next(_ record: CanonicalRecord) -> ChainLink {
        ChainLink(seq: head.seq + 1, hash: Self.hash(after: head.hash, record))
    }

    func take(_ link: ChainLink) {
        precondition(link.seq == head.seq + 1, "chain link \(link.seq) taken after \(head.seq)")
        head = link
    }

    func append(_ record: CanonicalRecord) -> ChainLink {
        let link = next(record)
        take(link)
        return link
    }

    /// Appends the transaction's last hash to `chain_heads` when it wrote records.
    func flush(_ db: Database) throws {
        guard head.seq > headWritten else { return }
        try db.execute(sql: "INSERT INTO chain_heads(seq, hash) VALUES (?, ?)", arguments: [head.seq, Data(head.hash)])
        headWritten = head.seq
    }
}
