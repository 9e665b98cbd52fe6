import Crypto
import Foundation
import GRDB
import LedgerCore

/// A SHA-256 hash of the chain, kept inline (32 bytes, no allocation: an import makes one a row).
struct ChainHash {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == 32, "a SHA-256 hash has 32 bytes, not \(bytes.count)")
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    init(_ digest: SHA256Digest) { self = digest.withUnsafeBytes { ChainHash($0) } }

    func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try Swift.withUnsafeBytes(of: words, body)
    }

    var data: Data { withUnsafeBytes { Data($0) } }
    var fingerprint: Fingerprint { withUnsafeBytes { Fingerprint(hash: $0) } }
}

/// One link of the fingerprint chain: the record's number, `h_i` and its fingerprint.
struct ChainLink {
    let seq: Int64
    let hash: ChainHash
    var fingerprint: Fingerprint { hash.fingerprint }
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
            head = ChainLink(seq: row[0], hash: try Self.stored(row[1]))
        } else {
            head = ChainLink(seq: 0, hash: try Self.genesis(db))
        }
        headWritten = head.seq
    }

    /// `h_0`: the SHA-256 of the ledger's creation record (format, format version, currency).
    static func genesis(_ db: Database) throws -> ChainHash {
        var meta: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM ledger_meta") { meta[row[0]] = row[1] }
        let record = CanonicalRecord.genesis(format: meta["format"] ?? "", formatVersion: meta["format_version"] ?? "", currency: meta["currency"] ?? "")
        var hasher = SHA256()
        record.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return ChainHash(hasher.finalize())
    }

    /// A hash as `chain_heads` stores it.
    static func stored(_ data: Data) throws -> ChainHash {
        guard data.count == 32 else { throw StoreError.corrupt(path: "", detail: "a chain head holds \(data.count) bytes instead of 32") }
        return data.withUnsafeBytes { ChainHash($0) }
    }

    static func hash(after previous: ChainHash, _ record: CanonicalRecord) -> ChainHash {
        var hasher = SHA256()
        previous.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        record.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return ChainHash(hasher.finalize())
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
        try db.execute(sql: "INSERT INTO chain_heads(seq, hash) VALUES (?, ?)", arguments: [head.seq, head.hash.data])
        headWritten = head.seq
    }
}
