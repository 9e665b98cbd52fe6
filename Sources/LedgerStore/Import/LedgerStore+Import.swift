import GRDB
import LedgerCore

/// One imported income row, as IncomeImport produced it.
public struct IncomeRecord: Sendable, Equatable {
    public let pod: PodID
    public let member: MemberID
    public let day: Day
    public let amountMinor: Int64
    public let description: String
    /// The payer's or bank's id for the payment, when the file has one.
    public let reference: String?
    /// The idempotency key (SPEC §2.2): re-importing a row with the same key adds nothing.
    public let key: String
    public let sourceFile: String
    /// 1-based line of the row in its file.
    public let sourceLine: Int

    public init(pod: PodID, member: MemberID, day: Day, amountMinor: Int64, description: String, reference: String?, key: String,
                sourceFile: String, sourceLine: Int) {
        self.pod = pod
        self.member = member
        self.day = day
        self.amountMinor = amountMinor
        self.description = description
        self.reference = reference
        self.key = key
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    /// `FILE:LINE`, how errors name the row.
    public var source: String { "\(sourceFile):\(sourceLine)" }
}

/// What an import did (or, for a dry run, would do).
public struct IncomeBatchSummary: Sendable, Equatable {
    public var addedRows: Int
    public var presentRows: Int
    public var addedByMonth: [Month: Int]
    public var presentByMonth: [Month: Int]

    public init(addedRows: Int = 0, presentRows: Int = 0, addedByMonth: [Month: Int] = [:], presentByMonth: [Month: Int] = [:]) {
        self.addedRows = addedRows
        self.presentRows = presentRows
        self.addedByMonth = addedByMonth
        self.presentByMonth = presentByMonth
    }
}

/// Adds income rows inside one write transaction (`LedgerTransaction.incomeBatch()`); valid until it ends.
///
/// Each new row is one `entries` row written with one prepared INSERT (its two postings are
/// implied by its columns, see `Schema`): the import's cost per row is one statement.
public final class IncomeBatch {
    /// Months closed when the import began; a new row dated in one of them is refused.
    public let closedMonths: Set<Month>
    private let writer: LedgerWriter
    private let currency: Currency
    private let insertIncome: RawStatement
    private let findByHash: RawStatement
    /// Account ids of (members:P:M, income:P:M) by member, for the rows' usual handful of members.
    private var accountPairs: [PodMember: AccountPair] = [:]

    /// A member's `members:P:M` and `income:P:M`: their ids, and their names for the rows' fingerprint records.
    struct AccountPair {
        let member: Int64
        let income: Int64
        let memberName: String
        let incomeName: String
    }
    /// Ids of `source_files` rows by path; rows of one file come in a run, so the last one is kept apart.
    private var sourceFileIDs: [String: Int64] = [:]
    private var lastSourceFile: (path: String, id: Int64)?
    public private(set) var summary = IncomeBatchSummary()
    /// `LedgerTransaction.volumeMinor()` with the rows added so far.
    private var volumeMinor: Int64
    private let transaction: LedgerTransaction
    /// Holds the day being inserted, bound to the INSERT without a copy.
    private let dayBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 10)

    private struct PodMember: Hashable {
        let pod: PodID
        let member: MemberID
    }

    deinit { dayBuffer.deallocate() }

    fileprivate init(transaction: LedgerTransaction, writer: LedgerWriter, closedMonths: Set<Month>, currency: Currency, volumeMinor: Int64) throws {
        self.transaction = transaction
        self.writer = writer
        self.closedMonths = closedMonths
        self.currency = currency
        self.volumeMinor = volumeMinor
        insertIncome = try RawStatement(writer.db, sql: """
            INSERT INTO entries(kind, month, day, description, debit_total_minor, row_key, key_hash, member_account_id,
                                income_account_id, amount_minor, reference, source_file_id, source_line, chain_seq, fingerprint)
            VALUES ('income', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key_hash) DO NOTHING
            """)
        findByHash = try RawStatement(writer.db, sql: """
            SELECT id, row_key, member_account_id, day, amount_minor, description FROM entries WHERE key_hash = ?
            """)
    }

    /// What `add` did with a row.
    public typealias Outcome = RecordOutcome

    /// Adds the row, unless it is already there or is new in a closed month. Same key with different
    /// content throws `StoreError.conflictingRow` naming both rows' `FILE:LINE` and what differs.
    public func add(_ record: IncomeRecord) throws -> Outcome {
        transaction.ensureOpen()
        let month = record.day.month
        guard record.amountMinor != 0 else {
            throw StoreError.invalidRecord(source: record.source, reason: "the amount is zero, which records nothing; remove the row")
        }
        guard record.amountMinor != Int64.min else {
            throw StoreError.invalidRecord(source: record.source, reason: "the amount is too large to record")
        }
        var keyHash = KeyHash.fnv1a64(record.key)
        // Open addressing: a slot taken by another key (a 64-bit hash collision) sends the row to the
        // next slot; rows are never deleted, so a key is always found along the same sequence.
        for _ in 0..<KeyHash.probesMax {
            if closedMonths.contains(month) {
                // Only a row that is already there may be dated in a closed month.
                switch try inspect(slot: keyHash, for: record) {
                case .free: return .inClosedMonth
                case .sameRow: return .present
                case .otherKey: keyHash &+= 1
                }
                continue
            }
            let accounts = try accountPair(record.pod, record.member)
            let magnitude = Int64(record.amountMinor.magnitude)
            guard magnitude <= Limits.volumeMinorMax - volumeMinor else {
                throw StoreError.volumeExceeded(source: record.source, limitMinor: Limits.volumeMinorMax, minorDigits: currency.minorDigits)
            }
            Self.writeDay(record.day, into: dayBuffer)
            let link = writer.chain.next(chainRecord(record, accounts: accounts))
            try insertNew(record, keyHash: keyHash, accounts: accounts, sourceFileID: try sourceFileID(record.sourceFile), link: link)
            if insertIncome.changes == 1 {
                writer.chain.take(link)
                volumeMinor += magnitude
                try writer.addToBalance(accounts.member, record.amountMinor, account: Account.member(record.pod, record.member))
                try writer.addToBalance(accounts.income, -record.amountMinor, account: Account.income(record.pod, record.member))
                summary.addedRows += 1
                summary.addedByMonth[month, default: 0] += 1
                return .added
            }
            switch try inspect(slot: keyHash, for: record) {
            case .free: preconditionFailure("the INSERT found key hash \(keyHash) taken")
            case .sameRow: return .present
            case .otherKey: keyHash &+= 1
            }
        }
        preconditionFailure("\(KeyHash.probesMax) colliding 64-bit hashes for row key '\(record.key)'")
    }

    /// Binds the row without copying its text (SQLITE_STATIC: every buffer outlives the step) and
    /// runs the INSERT; `insertIncome.changes` then says whether it was added.
    private func insertNew(_ record: IncomeRecord, keyHash: Int64, accounts: AccountPair, sourceFileID: Int64,
                           link: ChainLink) throws {
        let statement = insertIncome
        try statement.bind(13, link.seq)
        try statement.bind(14, link.fingerprint.prefix)
        // "YYYY-MM-DD" in a buffer of the batch (written by `add`): the day, and its first 7 bytes the month.
        try statement.bindStatic(1, dayBuffer, count: 7)
        try statement.bindStatic(2, dayBuffer, count: 10)
        try statement.bind(4, Int64(record.amountMinor.magnitude))
        try statement.bind(6, keyHash)
        try statement.bind(7, accounts.member)
        try statement.bind(8, accounts.income)
        try statement.bind(9, record.amountMinor)
        try statement.bind(11, sourceFileID)
        try statement.bind(12, Int64(record.sourceLine))
        var description = record.description
        var key = record.key
        try description.withUTF8 { description in
            try statement.bindStatic(3, description)
            try key.withUTF8 { key in
                try statement.bindStatic(5, key)
                if var reference = record.reference {
                    try reference.withUTF8 { reference in
                        try statement.bindStatic(10, reference)
                        try statement.step()
                    }
                } else {
                    try statement.bindNull(10)
                    try statement.step()
                }
            }
        }
    }

    /// The row's record in the fingerprint chain: an income entry debiting `members:P:M` and crediting `income:P:M`.
    /// The day is in `dayBuffer`.
    private func chainRecord(_ record: IncomeRecord, accounts: AccountPair) -> CanonicalRecord {
        .income(day: UnsafeBufferPointer(start: dayBuffer, count: 10), description: record.description, reference: record.reference,
                memberAccount: accounts.memberName, incomeAccount: accounts.incomeName, amountMinor: record.amountMinor)
    }

    private static func writeDay(_ day: Day, into buffer: UnsafeMutablePointer<UInt8>) {
        func put(_ value: Int, at offset: Int, digits: Int) {
            var rest = value
            for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(day.year, at: 0, digits: 4)
        buffer[4] = UInt8(ascii: "-")
        put(day.month.month, at: 5, digits: 2)
        buffer[7] = UInt8(ascii: "-")
        put(day.day, at: 8, digits: 2)
    }

    private enum Slot { case free, sameRow, otherKey }

    /// What the key-hash slot holds for this record. The same key with the same content counts the
    /// row as present; the same key with other content throws `conflictingRow`.
    private func inspect(slot keyHash: Int64, for record: IncomeRecord) throws -> Slot {
        let accounts = try accountPair(record.pod, record.member)
        try findByHash.bind(1, keyHash)
        let found = try findByHash.withFirstRow { row -> (id: Int64, sameKey: Bool, sameContent: Bool) in
            let sameContent = row.int(2) == accounts.member && row.text(3, equals: record.day.description)
                && row.int(4) == record.amountMinor && row.text(5, equals: record.description)
            return (row.int(0), row.text(1, equals: record.key), sameContent)
        }
        guard let found else { return .free }
        guard found.sameKey else { return .otherKey }
        if !found.sameContent { try throwConflict(record, storedEntryID: found.id) }
        summary.presentRows += 1
        summary.presentByMonth[record.day.month, default: 0] += 1
        return .sameRow
    }

    /// Names both rows and what differs. A member whose account changed pod is still the same member.
    private func throwConflict(_ record: IncomeRecord, storedEntryID: Int64) throws {
        guard let row = try Row.fetchOne(writer.db, sql: """
            SELECT a.name, e.day, e.amount_minor, e.description, f.path, e.source_line
            FROM entries e JOIN accounts a ON a.id = e.member_account_id JOIN source_files f ON f.id = e.source_file_id
            WHERE e.id = ?
            """, arguments: [storedEntryID]) else {
            preconditionFailure("entry \(storedEntryID) was just found by its key hash")
        }
        let memberAccount: String = row[0]
        let day: String = row[1]
        let amountMinor: Int64 = row[2]
        let description: String = row[3]
        let storedSource = "\(row[4] as String):\(row[5] as Int64)"
        let member: String
        if case .member(_, let id)? = try? Account(parsing: memberAccount) { member = id.raw } else { member = memberAccount }
        var differences: [String] = []
        if member != record.member.raw { differences.append("member differs (\(MessageText.quoted(member)) there, \(MessageText.quoted(record.member.raw)) here)") }
        if day != record.day.description { differences.append("date differs (\(day) there, \(record.day) here)") }
        if amountMinor != record.amountMinor {
            let digits = currency.minorDigits
            differences.append("amount differs (\(Money.format(amountMinor, minorDigits: digits)) there, "
                + "\(Money.format(record.amountMinor, minorDigits: digits)) here)")
        }
        if description != record.description {
            differences.append("description differs (\(MessageText.quoted(description, charactersMax: Limits.descriptionCharactersMax)) there, \(MessageText.quoted(record.description, charactersMax: Limits.descriptionCharactersMax)) here)")
        }
        if differences.isEmpty { return }  // Only the pod of the member's account differs: the same row.
        throw StoreError.conflictingRow(key: record.key, stored: storedSource, new: record.source,
                                        differences: differences.joined(separator: ", and its "))
    }

    private func sourceFileID(_ path: String) throws -> Int64 {
        if let last = lastSourceFile, last.path == path { return last.id }
        let id: Int64
        if let known = sourceFileIDs[path] {
            id = known
        } else if let stored = try Int64.fetchOne(writer.db, sql: "SELECT id FROM source_files WHERE path = ?", arguments: [path]) {
            id = stored
        } else {
            try writer.db.execute(sql: "INSERT INTO source_files(path) VALUES (?)", arguments: [path])
            id = writer.db.lastInsertedRowID
        }
        sourceFileIDs[path] = id
        lastSourceFile = (path, id)
        return id
    }

    private func accountPair(_ pod: PodID, _ member: MemberID) throws -> AccountPair {
        let key = PodMember(pod: pod, member: member)
        if let pair = accountPairs[key] { return pair }
        let pair = AccountPair(member: try writer.accountID(.member(pod, member)), income: try writer.accountID(.income(pod, member)),
                               memberName: Account.member(pod, member).description, incomeName: Account.income(pod, member).description)
        accountPairs[key] = pair
        return pair
    }
}

/// The compact index of row keys: FNV-1a, 64 bits, over the key's UTF-8 bytes. Stable across
/// platforms and releases (it is stored), unlike Swift's seeded `Hasher`.
enum KeyHash {
    static let probesMax = 64

    static func fnv1a64(_ key: String) -> Int64 { fnv1a64(utf8: key.utf8) }

    /// `fnv1a64` of a key's UTF-8 bytes as SQLite holds them (`check` hashes every stored key).
    static func fnv1a64<Bytes: Sequence<UInt8>>(utf8 bytes: Bytes) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}

extension LedgerStore {
    /// Runs `body` in one `BEGIN IMMEDIATE` transaction with a batch of this transaction (see
    /// `LedgerTransaction.incomeBatch()`). If `body` throws, nothing is written and its error is rethrown
    /// unchanged. With `dryRun` the same work runs and is rolled back, so the summary is exactly what a
    /// real run would report.
    public func importIncome(dryRun: Bool, _ body: (IncomeBatch) throws -> Void) throws -> IncomeBatchSummary {
        try write(commit: !dryRun) { transaction in
            let batch = try transaction.incomeBatch()
            try body(batch)
            return batch.summary
        }
    }
}

extension LedgerTransaction {
    /// A batch that adds income rows to this transaction: each becomes an `income` entry (`members:P:M`
    /// debit, `income:P:M` credit) through prepared statements. Valid until the transaction ends.
    public func incomeBatch() throws -> IncomeBatch {
        try IncomeBatch(transaction: self, writer: try writer(), closedMonths: Set(try closedMonths()), currency: currency,
                        volumeMinor: try volumeMinor())
    }

    /// The sum of the magnitudes of every amount recorded from outside (income rows, payments, expenses): what
    /// `Limits.volumeMinorMax` bounds, so that every sum the ledger and its reports form fits in 64 bits.
    public func volumeMinor() throws -> Int64 {
        ensureOpen()
        return try Int64.fetchOne(db, sql: """
            SELECT COALESCE(SUM(debit_total_minor), 0) FROM entries WHERE kind = 'income' OR kind = 'payment' OR kind = 'expense'
            """) ?? 0
    }
}
