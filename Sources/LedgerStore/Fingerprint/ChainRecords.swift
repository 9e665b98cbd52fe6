import Foundation
import GRDB
import LedgerCore

/// A record of the fingerprint chain as stored: its number and fingerprint, and its canonical bytes rebuilt from
/// its rows (never from what was meant to be written), with words that name it in a message.
struct StoredChainRecord {
    let table: String
    let id: Int64
    let seq: Int64?
    let fingerprint: Int64?
    let record: CanonicalRecord
    let name: Name

    /// The words that name the record, and the month it belongs to: given for the few records of the small tables,
    /// read again for an entry only when a message or a position needs them (a chain has one per income row).
    enum Name {
        /// "the close of 2024-03"…
        case given(label: String, month: String)
        case entry
    }

    /// "income entry 12 of 2024-03-15 ('Invoice 7')", "the close of 2024-03"…, and the record's month.
    func described(_ db: Database) throws -> (label: String, month: String) {
        switch name {
        case .given(let label, let month): return (label, month)
        case .entry:
            guard let row = try Row.fetchOne(db, sql: "SELECT kind, month, day, description FROM entries WHERE id = ?", arguments: [id]) else {
                return ("entry \(id)", "")
            }
            let kind: String = row[0]
            let month: String = row[1]
            let day: String? = row[2]
            let description: String = row[3]
            return ("\(kind) entry \(id) of \(day ?? month)" + (description.isEmpty ? "" : " (\(MessageText.quoted(description, charactersMax: 60)))"), month)
        }
    }
}

/// Reads every record of the chain from its rows, in chain order (SPEC §9; docs/fingerprint.md).
enum ChainRecords {
    /// The records of the small tables (network versions, sickness events, month events), each rebuilt from its rows.
    static func smallRecords(_ db: Database) throws -> [StoredChainRecord] {
        var records: [StoredChainRecord] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, chain_seq, fingerprint, effective_month FROM network_versions ORDER BY id") {
            let id: Int64 = row[0]
            let month: String = row[3]
            records.append(StoredChainRecord(table: "network_versions", id: id, seq: row[1], fingerprint: row[2], record: try networkRecord(db, id: id),
                                             name: .given(label: "the network version effective from \(month) (version \(id))", month: month)))
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, chain_seq, fingerprint, kind, member, from_month, through_month FROM sickness_events ORDER BY id") {
            let kind: String = row[3]
            let member: String = row[4]
            let from: String? = row[5]
            let through: String? = row[6]
            let words = kind == "add" ? "\(member) sick from \(from ?? "?")" + (through.map { " through \($0)" } ?? "") : "\(member)'s sickness ending with \(through ?? "?")"
            records.append(StoredChainRecord(table: "sickness_events", id: row[0], seq: row[1], fingerprint: row[2],
                                             record: .sickness(kind: kind, member: member, from: from, through: through),
                                             name: .given(label: "the sickness record of \(words)", month: from ?? through ?? "")))
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, chain_seq, fingerprint, month, action FROM month_events ORDER BY id") {
            let month: String = row[3]
            let action: String = row[4]
            records.append(StoredChainRecord(table: "month_events", id: row[0], seq: row[1], fingerprint: row[2],
                                             record: .monthEvent(month: month, action: action), name: .given(label: "the \(action) of \(month)", month: month)))
        }
        return records
    }

    /// A network version's record from its rows, field for field as `CanonicalRecord.network` writes it.
    static func networkRecord(_ db: Database, id: Int64) throws -> CanonicalRecord {
        var record = CanonicalRecord("network")
        func fields(_ row: Row) {
            for value in row.databaseValues {
                switch value.storage {
                case .null: record.field(nil as String?)
                case .int64(let integer): record.field(integer)
                case .string(let text): record.field(text)
                case .double, .blob: record.field(value.description)  // never stored in these tables
                }
            }
        }
        if let row = try Row.fetchOne(db, sql: "SELECT effective_month, share_bp, fee_minor, gross_bp FROM network_versions WHERE id = ?", arguments: [id]) {
            fields(row)
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT 'pod', pod, name, policy, floor_minor, window_months, reserve_target_minor, surplus, network_fee_minor, network_gross_bp,
                   waiting_months, max_benefit_months, account_cap_months, show_sick_names
            FROM pod_versions WHERE version_id = ? ORDER BY pod
            """, arguments: [id]) { fields(row) }
        for row in try Row.fetchAll(db, sql: """
            SELECT 'tier', pod, reserve_at_least_minor, floor_bonus_minor FROM pod_tiers WHERE version_id = ? ORDER BY pod, reserve_at_least_minor
            """, arguments: [id]) { fields(row) }
        for row in try Row.fetchAll(db, sql: """
            SELECT 'member', member, pod, name, pledge_bp, hurdle_minor, cap_minor, joined, left_month, floor_minor, benefit_minor, deposit_minor
            FROM member_versions WHERE version_id = ? ORDER BY member
            """, arguments: [id]) { fields(row) }
        return record
    }

    /// Every entry with its postings, in id order, rebuilt from `entries` and `postings` in one pass of each. The
    /// canonical bytes are written from SQLite's own column bytes (CanonicalRecord.entry's fields, in its order).
    static func forEachEntry(_ db: Database, _ body: (StoredChainRecord) throws -> Void) throws {
        var accounts: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM accounts") { accounts[row[0]] = row[1] }
        func account(_ id: Int64?) -> String { id.flatMap { accounts[$0] } ?? "?" }
        let postings = try RawStatement(db, sql: "SELECT entry_id, account_id, amount_minor FROM postings ORDER BY entry_id, line")
        var pending: (entry: Int64, account: Int64, amount: Int64)?
        func nextPosting() throws -> (entry: Int64, account: Int64, amount: Int64)? {
            guard try postings.advance() else { return nil }
            let row = postings.row
            return (row.int(0), row.int(1), row.int(2))
        }
        pending = try nextPosting()
        let entries = try RawStatement(db, sql: """
            SELECT id, chain_seq, fingerprint, kind, month, day, description, reference, close_event_id, reverses_entry_id,
                   member_account_id, income_account_id, amount_minor
            FROM entries ORDER BY id
            """)
        while try entries.advance() {
            let row = entries.row
            let id = row.int(0)
            var record = CanonicalRecord("entry")
            let isIncome = row.text(3, equals: "income")
            for column: Int32 in 3...7 { row.withText(column) { $0.map { record.field(utf8: $0) } ?? record.field(nil as String?) } }
            record.field(row.optionalInt(8))
            record.field(row.optionalInt(9))
            if isIncome {
                let amount = row.optionalInt(12) ?? 0
                record.field(account(row.optionalInt(10)))
                record.field(amount)
                record.field(account(row.optionalInt(11)))
                record.field(-amount)
            }
            while let posting = pending, posting.entry <= id {
                if posting.entry == id {
                    record.field(account(posting.account))
                    record.field(posting.amount)
                }
                pending = try nextPosting()
            }
            try body(StoredChainRecord(table: "entries", id: id, seq: row.optionalInt(1), fingerprint: row.optionalInt(2), record: record, name: .entry))
        }
    }

    /// Every record in chain order: the entries streamed, the small tables merged in by number. Records without
    /// a number (a row added by hand) come first, so the walk stops at them.
    static func walk(_ db: Database, _ body: (StoredChainRecord) throws -> Bool) throws {
        let small = try smallRecords(db).sorted { ($0.seq ?? Int64.min) < ($1.seq ?? Int64.min) }
        var index = 0
        var going = true
        try forEachEntry(db) { entry in
            guard going else { return }
            while index < small.count, (small[index].seq ?? Int64.min) < (entry.seq ?? Int64.min) {
                going = try body(small[index])
                index += 1
                if !going { return }
            }
            going = try body(entry)
        }
        while going, index < small.count {
            going = try body(small[index])
            index += 1
        }
    }
}
