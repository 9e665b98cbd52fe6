import GRDB
import LedgerCore

/// What recording a keyed row did.
public enum RecordOutcome: Sendable, Equatable {
    /// Written.
    case added
    /// A row with the same key and the same content is already there.
    case present
    /// A new expense dated in a closed month: not written (the caller reports every such row at once). Payments
    /// may be dated in any month: they change no close.
    case inClosedMonth
}

/// Where an imported row came from: `FILE:LINE`.
public struct SourceLine: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based.
    public let line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// A payment or an expense as stored: its entry and how it was recorded.
public struct KeyedEntry: Sendable, Equatable {
    public let id: Int64
    public let entry: Entry
    public let reference: String?
    /// Where it was imported from; nil when a command recorded it.
    public let source: SourceLine?
}

extension LedgerTransaction {
    /// Records a payment or an expense entry under its idempotency `key`: added, or present when a row with
    /// the same key and the same content (day, description, postings) is there. The same key with other
    /// content throws `StoreError.conflictingRow` naming both rows. Counts toward the ledger's volume.
    public func record(_ entry: Entry, key: String, reference: String?, source: SourceLine?) throws -> RecordOutcome {
        precondition(entry.kind == .payment || entry.kind == .expense, "record takes payments and expenses")
        let writer = try writer()
        var keyHash = KeyHash.fnv1a64(key)
        for _ in 0..<KeyHash.probesMax {
            guard let stored = try keyedEntry(keyHash: keyHash) else {
                if entry.kind == .expense, try closedMonths().contains(entry.month) { return .inClosedMonth }
                let amount = entry.postings.filter { $0.amountMinor > 0 }.reduce(Int64(0)) { $0 + $1.amountMinor }
                guard amount <= Limits.volumeMinorMax - (try volumeMinor()) else {
                    throw StoreError.volumeExceeded(source: source?.description ?? "this \(entry.kind.rawValue)",
                                                    limitMinor: Limits.volumeMinorMax, minorDigits: currency.minorDigits)
                }
                _ = try writer.insert(entry, keyed: LedgerWriter.Keyed(
                    key: key, keyHash: keyHash, reference: reference, sourceFileID: try source.map { try sourceFileID($0.file) },
                    sourceLine: source?.line))
                return .added
            }
            guard stored.key == key, let found = stored.entry else {
                keyHash &+= 1
                continue
            }
            let differences = differences(found.entry, entry)
            guard differences.isEmpty else {
                let command = entry.kind == .payment ? "pay" : entry.kind.rawValue
                let stored = found.source.map { "imported from \($0)" }
                    ?? "recorded with `podledger \(command)` (entry \(found.id), dated \(found.entry.day.map(String.init(describing:)) ?? "?"))"
                throw StoreError.conflictingRecord(kind: entry.kind.rawValue, key: key, stored: stored, new: source?.description,
                                                   differences: differences.joined(separator: ", and its "))
            }
            return .present
        }
        preconditionFailure("\(KeyHash.probesMax) colliding 64-bit hashes for key '\(key)'")
    }

    /// The payment or expense recorded under `key`, if any.
    public func recorded(key: String) throws -> KeyedEntry? {
        ensureOpen()
        var keyHash = KeyHash.fnv1a64(key)
        for _ in 0..<KeyHash.probesMax {
            guard let stored = try keyedEntry(keyHash: keyHash) else { return nil }
            if stored.key == key { return stored.entry }
            keyHash &+= 1
        }
        return nil
    }

    /// The first occurrence number `n` (from 1) for which `contentKey␟n` is not yet a key: a command that
    /// records the same payment twice without a reference records two payments.
    public func nextOccurrence(of contentKey: String) throws -> Int {
        var occurrence = 1
        while try keyExists(contentKey + "\u{1F}" + String(occurrence)) { occurrence += 1 }
        return occurrence
    }

    /// Every entry of `kind` (payments or expenses) dated on or before `day` (nil: all), in entry order.
    public func keyedEntries(_ kind: EntryKind, through day: Day? = nil) throws -> [KeyedEntry] {
        ensureOpen()
        let accounts = try accountsByID()
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.id, e.day, e.description, e.reference, f.path, e.source_line, p.account_id, p.amount_minor
            FROM entries e LEFT JOIN source_files f ON f.id = e.source_file_id CROSS JOIN postings p
            WHERE e.kind = ?1 AND e.day <= ?2 AND p.entry_id = e.id
            ORDER BY e.id, p.line
            """, arguments: [kind.rawValue, day?.description ?? "9999-99-99"])
        var result: [KeyedEntry] = []
        var index = 0
        while index < rows.count {
            let id: Int64 = rows[index][0]
            let row = rows[index]
            var postings: [Posting] = []
            while index < rows.count, rows[index][0] as Int64 == id {
                guard let account = accounts[rows[index][6]] else { throw corrupt("entry \(id) posts to a missing account") }
                postings.append(Posting(account, rows[index][7]))
                index += 1
            }
            result.append(try keyedEntry(id: id, kind: kind, row: row, postings: postings))
        }
        return result
    }

    // MARK: - Helpers

    private func keyedEntry(id: Int64, kind: EntryKind, row: Row, postings: [Posting]) throws -> KeyedEntry {
        let dayText: String = row[1]
        guard let day = try? Day(parsing: dayText) else { throw corrupt("entry \(id) has day '\(dayText)'") }
        let entry: Entry
        do {
            entry = try Entry(kind: kind, month: day.month, day: day, description: row[2], postings: postings)
        } catch {
            throw corrupt("entry \(id) no longer balances (\(error)); run `podledger check`")
        }
        let path: String? = row[4]
        let line: Int? = row[5]
        return KeyedEntry(id: id, entry: entry, reference: row[3], source: path.flatMap { path in line.map { SourceLine(file: path, line: $0) } })
    }

    /// The key in the slot `keyHash`, with its entry unless it is an income row's (whose keys never equal a
    /// payment's or an expense's); nil when the slot is free.
    private func keyedEntry(keyHash: Int64) throws -> (key: String, entry: KeyedEntry?)? {
        guard let head = try Row.fetchOne(db, sql: """
            SELECT e.id, e.day, e.description, e.reference, f.path, e.source_line, e.row_key, e.kind
            FROM entries e LEFT JOIN source_files f ON f.id = e.source_file_id WHERE e.key_hash = ?
            """, arguments: [keyHash]) else { return nil }
        let id: Int64 = head[0]
        let kindText: String = head[7]
        guard let kind = EntryKind(rawValue: kindText) else { throw corrupt("entry \(id) has kind '\(kindText)'") }
        guard kind != .income else { return (head[6], nil) }
        let accounts = try accountsByID()
        let postings = try Row.fetchAll(db, sql: "SELECT account_id, amount_minor FROM postings WHERE entry_id = ? ORDER BY line",
                                        arguments: [id]).map { row -> Posting in
            guard let account = accounts[row[0]] else { throw corrupt("entry \(id) posts to a missing account") }
            return Posting(account, row[1])
        }
        return (head[6], try keyedEntry(id: id, kind: kind, row: head, postings: postings))
    }

    private func keyExists(_ key: String) throws -> Bool {
        var keyHash = KeyHash.fnv1a64(key)
        for _ in 0..<KeyHash.probesMax {
            guard let stored = try String.fetchOne(db, sql: "SELECT row_key FROM entries WHERE key_hash = ?", arguments: [keyHash]) else {
                return false
            }
            if stored == key { return true }
            keyHash &+= 1
        }
        return true
    }

    func differences(_ stored: Entry, _ new: Entry) -> [String] {
        var differences: [String] = []
        if stored.day != new.day { differences.append("date differs (\(stored.day.map(String.init(describing:)) ?? "none") there, \(new.day.map(String.init(describing:)) ?? "none") here)") }
        func amount(_ entry: Entry) -> Int64 { entry.postings.filter { $0.amountMinor > 0 }.reduce(0) { $0 + $1.amountMinor } }
        if amount(stored) != amount(new) {
            differences.append("amount differs (\(Money.format(amount(stored), minorDigits: currency.minorDigits)) there, "
                + "\(Money.format(amount(new), minorDigits: currency.minorDigits)) here)")
        } else if stored.postings.map(\.account) != new.postings.map(\.account) {
            let accounts = { (entry: Entry) in entry.postings.map(\.account.description).joined(separator: " and ") }
            differences.append("accounts differ (\(accounts(stored)) there, \(accounts(new)) here)")
        }
        if stored.description != new.description {
            differences.append("description differs (\(MessageText.quoted(stored.description)) there, \(MessageText.quoted(new.description)) here)")
        }
        return differences
    }

    private func sourceFileID(_ path: String) throws -> Int64 {
        if let stored = try Int64.fetchOne(db, sql: "SELECT id FROM source_files WHERE path = ?", arguments: [path]) { return stored }
        try db.execute(sql: "INSERT INTO source_files(path) VALUES (?)", arguments: [path])
        return db.lastInsertedRowID
    }
}
