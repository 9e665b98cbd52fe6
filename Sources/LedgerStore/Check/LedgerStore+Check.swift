import GRDB
import LedgerCore

/// One broken invariant, naming the entry, account or month involved.
public struct CheckProblem: Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// The file is damaged or its months do not replay in order: checks that build on the rows
    /// (recomputing closed months) would only repeat it.
    public let isStructural: Bool

    public init(_ message: String, isStructural: Bool = false) {
        self.message = message
        self.isStructural = isStructural
    }

    public var description: String { message }

    /// `messages` with at most `perPatternMax` of those that differ only in their numbers (entry ids,
    /// amounts, months), and a line saying how many more of each there are: a systematic problem
    /// reported for 100,000 rows is read in 20 lines.
    public static func capRepeats(_ messages: [String], perPatternMax: Int = 20) -> [String] {
        func pattern(_ message: String) -> String {
            var out = ""
            for character in message {
                let isDigit = character.isASCII && character.isNumber
                if !isDigit { out.append(character) } else if out.last != "#" { out.append("#") }
            }
            return out
        }
        var counts: [String: Int] = [:]
        var kept: [String] = []
        var firstOfPattern: [(pattern: String, message: String)] = []
        for message in messages {
            let key = pattern(message)
            counts[key, default: 0] += 1
            if counts[key] == 1 { firstOfPattern.append((key, message)) }
            if counts[key]! <= perPatternMax { kept.append(message) }
        }
        for (key, message) in firstOfPattern where counts[key]! > perPatternMax {
            kept.append("\(counts[key]! - perPatternMax) more problems like this one: \(message)")
        }
        return kept
    }
}

extension LedgerStore {
    /// SQLite's check of the file, then `LedgerTransaction.check()` in a read transaction of its own.
    public func check(full: Bool = false) throws -> [CheckProblem] {
        let damage = checkFile(full: full)
        guard damage.isEmpty else { return damage }
        return try read { try $0.check() }
    }

    /// SQLite's own check of the file's pages and b-trees (`quick_check`; `full`: `integrity_check`, which
    /// also reads every index entry), outside any transaction: on a damaged file a transaction may not
    /// survive the check's error. Empty when the file is sound.
    public func checkFile(full: Bool) -> [CheckProblem] {
        (try? dbQueue.inDatabase { db in Self.checkFile(db, full: full) }) ?? [Self.damage("SQLite cannot read the file")]
    }

    /// `checkFile(full:)` on a file that cannot be opened as a ledger (because it is damaged): opened
    /// read-only as a plain SQLite file, nothing written.
    public static func checkFile(at path: String, full: Bool) -> [CheckProblem] {
        var configuration = Configuration()
        configuration.readonly = true
        guard let dbQueue = try? DatabaseQueue(path: path, configuration: configuration) else {
            return [damage("SQLite cannot open the file")]
        }
        return (try? dbQueue.inDatabase { db in checkFile(db, full: full) }) ?? [damage("SQLite cannot read the file")]
    }

    private static func checkFile(_ db: Database, full: Bool) -> [CheckProblem] {
        let pragma = full ? "integrity_check" : "quick_check"
        do {
            let lines = try String.fetchAll(db, sql: "PRAGMA \(pragma)(100)")
            guard lines != ["ok"] else { return [] }
            return lines.map { damage("SQLite's \(pragma) reports: \($0.replacingOccurrences(of: "\n", with: " "))") }
        } catch let error as DatabaseError {
            // A page so damaged that the check stops at it: the check's own partial report is lost, so
            // find the page by reading each table and index on its own.
            var problems = [damage("SQLite's \(pragma) stops: \(error.message ?? "\(error.resultCode)")")]
            let tables = "SELECT name, rootpage FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY rootpage"
            for row in (try? Row.fetchAll(db, sql: tables)) ?? [] {
                let name: String = row[0]
                let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                do {
                    _ = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quoted) NOT INDEXED")
                } catch {
                    problems.append(damage("the table \(name) (root page \(row[1] as Int64)) cannot be read"))
                }
            }
            return problems
        } catch {
            return [damage("SQLite's \(pragma) failed (\(error))")]
        }
    }

    private static func damage(_ finding: String) -> CheckProblem {
        CheckProblem("\(finding); the ledger file is damaged: restore it from a backup (PodLedger cannot repair it)", isStructural: true)
    }
}

extension LedgerTransaction {
    /// Verifies every invariant the ledger's own rows can show (SPEC §3, §10); empty when all holds.
    /// Run it on a file that `LedgerStore.checkFile` found sound.
    ///
    /// - the schema: every table, index, view and trigger (so every append-only trigger) exactly as
    ///   PodLedger's migrations create them, nothing missing, altered or added;
    /// - every entry has postings that sum to zero and match its recorded `debit_total_minor`
    ///   (an income entry: its amount is nonzero and matches it); months and days are well formed;
    /// - every pod's pool sums to zero over the entries of every closed month;
    /// - the balance cache equals the balances recomputed from the postings;
    /// - month events replay in order: a close targets the month after the last closed one, a
    ///   reopen the last closed month, so closed months never have a gap;
    /// - redistribution entries belong to a close of their month, and are reversed exactly once
    ///   when (and only when) that close was reopened; every reversal mirrors its entry;
    /// - every income entry debits `members:P:M` and credits `income:P:M` of the same member, its
    ///   stored key follows from its content (member and reference, or date, member, amount and
    ///   description) and its key hash from its key;
    /// - the volume of imported amounts is within `Limits.volumeMinorMax`;
    /// - every reference between rows points at an existing row;
    /// - the fingerprint chain: every record's fingerprint recomputed from its rows (SPEC §9).
    ///
    /// Whether each closed month's entries are what the calculator gives is checked by the library
    /// (`Ledger.check`), which knows the calculator.
    public func check() throws -> [CheckProblem] {
        ensureOpen()
        var problems: [CheckProblem] = []
        try checkSchema(into: &problems)
        try checkForeignKeys(into: &problems)
        try checkEntriesBalance(into: &problems)
        let events = try checkMonthEvents(into: &problems)
        try checkPools(closedMonths: Set(LedgerStore.closedMonths(events)), into: &problems)
        try checkRedistributions(events: events, into: &problems)
        try checkIncomeEntries(into: &problems)
        try checkBalanceCache(into: &problems)
        if let problem = try auditChain().problem { problems.append(CheckProblem(problem)) }
        return problems
    }

    /// Compares the schema with the one PodLedger's migrations make, built in memory.
    private func checkSchema(into problems: inout [CheckProblem]) throws {
        let query = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        func objects(_ db: Database) throws -> [String: (type: String, sql: String?)] {
            var result: [String: (type: String, sql: String?)] = [:]
            for row in try Row.fetchAll(db, sql: query) { result[row[1]] = (row[0], row[2]) }
            return result
        }
        let expectedQueue = try DatabaseQueue()
        try Schema.migrator(currencyForNewLedger: currency).migrate(expectedQueue)
        let expected = try expectedQueue.read(objects)
        let actual = try objects(db)
        let restore = "the ledger's schema was changed outside PodLedger, so its guarantees (append-only rows, checked amounts) no longer hold; restore it from a backup"
        for name in Set(expected.keys).union(actual.keys).sorted() {
            switch (expected[name], actual[name]) {
            case (let wanted?, nil):
                problems.append(CheckProblem("the \(wanted.type) \(name) is missing\(Schema.purpose(of: name).map { " (\($0))" } ?? ""); \(restore)"))
            case (nil, let found?):
                problems.append(CheckProblem("the ledger has a \(found.type) \(name) that PodLedger does not create; \(restore)"))
            case (let wanted?, let found?) where wanted.type != found.type || wanted.sql != found.sql:
                problems.append(CheckProblem("the \(found.type) \(name) differs from PodLedger's definition\(Schema.purpose(of: name).map { " (\($0))" } ?? ""); \(restore)"))
            default: break
            }
        }
    }

    private func checkForeignKeys(into problems: inout [CheckProblem]) throws {
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
            let table: String = row[0]
            let rowID: Int64? = row[1]
            let parent: String = row[2]
            problems.append(CheckProblem("a row of \(table)\(rowID.map { " (rowid \($0))" } ?? "") refers to a missing row of \(parent)"))
        }
    }

    private func checkEntriesBalance(into problems: inout [CheckProblem]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT p.entry_id, e.debit_total_minor, COUNT(*), SUM(p.amount_minor), SUM(MAX(p.amount_minor, 0))
            FROM postings p LEFT JOIN entries e ON e.id = p.entry_id
            GROUP BY p.entry_id
            HAVING e.id IS NULL OR SUM(p.amount_minor) <> 0 OR SUM(MAX(p.amount_minor, 0)) IS NOT e.debit_total_minor
            ORDER BY p.entry_id
            """)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let recorded: Int64? = row[1]
            let sum: Int64 = row[3]
            let debits: Int64 = row[4]
            guard let recorded else {
                problems.append(CheckProblem("postings name entry \(id), which does not exist"))
                continue
            }
            if sum != 0 {
                problems.append(CheckProblem("entry \(id) does not balance: its postings sum to \(sum) minor units instead of 0"))
            }
            if debits != recorded {
                problems.append(CheckProblem("entry \(id) has debits of \(debits) minor units but recorded \(recorded) when posted: its postings were altered"))
            }
        }
        let unposted = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.kind, e.debit_total_minor, e.amount_minor, EXISTS(SELECT 1 FROM postings p WHERE p.entry_id = e.id)
            FROM entries e
            WHERE CASE e.kind WHEN 'income' THEN e.debit_total_minor IS NOT abs(e.amount_minor)
                                                 OR EXISTS(SELECT 1 FROM postings p WHERE p.entry_id = e.id)
                              ELSE NOT EXISTS(SELECT 1 FROM postings p WHERE p.entry_id = e.id) END
            ORDER BY e.id
            """)
        while let row = try unposted.next() {
            let id: Int64 = row[0]
            let kind: String = row[1]
            let recorded: Int64 = row[2]
            let amountMinor: Int64? = row[3]
            let hasStoredPostings: Bool = row[4]
            if kind != EntryKind.income.rawValue {
                problems.append(CheckProblem("entry \(id) has no postings"))
            } else if hasStoredPostings {
                problems.append(CheckProblem("income entry \(id) has stored postings, which only redistribution and reversal entries have"))
            } else {
                problems.append(CheckProblem("entry \(id) has debits of \(amountMinor.map { String($0.magnitude) } ?? "?") minor units but recorded \(recorded) when posted: its postings were altered"))
            }
        }
        let malformed = try Row.fetchCursor(db, sql: """
            SELECT id, month, day FROM entries
            WHERE month NOT GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'
               OR (day IS NOT NULL AND (day NOT GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' OR substr(day, 1, 7) <> month))
            ORDER BY id
            """)
        while let row = try malformed.next() {
            problems.append(CheckProblem("entry \(row[0] as Int64) has month '\(row[1] as String)' and day '\(row[2] as String? ?? "")', which do not agree"))
        }
    }

    /// Replays the close and reopen events; returns them for the checks that need closed months.
    private func checkMonthEvents(into problems: inout [CheckProblem]) throws -> [MonthEvent] {
        let events = try monthEvents()
        var closed: [Month] = []
        for event in events {
            switch event.action {
            case .close:
                if let last = closed.last, event.month != last.next {
                    problems.append(CheckProblem("month event \(event.id) closes \(event.month) while the last closed month is \(last): months must close in order, without a gap", isStructural: true))
                }
                closed.append(event.month)
            case .reopen:
                if closed.last == event.month {
                    closed.removeLast()
                } else {
                    problems.append(CheckProblem("month event \(event.id) reopens \(event.month), which is not the last closed month (\(closed.last.map(String.init(describing:)) ?? "none"))", isStructural: true))
                    closed.removeAll { $0 == event.month }
                }
            }
        }
        return events
    }

    private func checkPools(closedMonths: Set<Month>, into problems: inout [CheckProblem]) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT e.month, a.name, SUM(p.amount_minor)
            FROM accounts a CROSS JOIN postings p CROSS JOIN entries e
            WHERE a.name GLOB 'pods:*:pool' AND p.account_id = a.id AND e.id = p.entry_id
            GROUP BY e.month, a.id
            HAVING SUM(p.amount_minor) <> 0
            ORDER BY e.month, a.name
            """)
        for row in rows {
            let monthText: String = row[0]
            let name: String = row[1]
            let balance: Int64 = row[2]
            guard let month = try? Month(parsing: monthText), closedMonths.contains(month) else { continue }
            problems.append(CheckProblem("\(name) sums to \(balance) minor units over closed month \(month) instead of 0"))
        }
    }

    private func checkRedistributions(events: [MonthEvent], into problems: inout [CheckProblem]) throws {
        // Which closes are current and which were undone by a later reopen of their month.
        var currentClose: [Month: Int64] = [:]
        var reopenedCloses = Set<Int64>()
        var eventsByID: [Int64: MonthEvent] = [:]
        for event in events {
            eventsByID[event.id] = event
            switch event.action {
            case .close: currentClose[event.month] = event.id
            case .reopen: if let id = currentClose.removeValue(forKey: event.month) { reopenedCloses.insert(id) }
            }
        }
        var reversalCounts: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT reverses_entry_id, COUNT(*) FROM entries WHERE kind = 'reversal' GROUP BY reverses_entry_id
            """) {
            reversalCounts[row[0]] = row[1]
        }
        let redistributions = try Row.fetchCursor(db, sql: """
            SELECT id, month, close_event_id FROM entries WHERE kind = 'redistribution' ORDER BY id
            """)
        while let row = try redistributions.next() {
            let id: Int64 = row[0]
            let month: String = row[1]
            let closeEventID: Int64 = row[2]
            let reversals = reversalCounts.removeValue(forKey: id) ?? 0
            guard let event = eventsByID[closeEventID], event.action == .close, event.month.description == month else {
                problems.append(CheckProblem("redistribution entry \(id) of \(month) names event \(closeEventID), which is not a close of \(month)"))
                continue
            }
            if reopenedCloses.contains(closeEventID) && reversals != 1 {
                problems.append(CheckProblem("redistribution entry \(id) of \(month) was reopened but is reversed \(reversals) times instead of once"))
            } else if !reopenedCloses.contains(closeEventID) && reversals != 0 {
                problems.append(CheckProblem("redistribution entry \(id) of closed month \(month) is reversed although its close was never reopened"))
            }
        }
        for (id, _) in reversalCounts.sorted(by: { $0.key < $1.key }) {
            problems.append(CheckProblem("a reversal reverses entry \(id), which is not a redistribution entry"))
        }
        // A reversal and its entry cancel out account by account, in the same month.
        let mirrors = try Row.fetchCursor(db, sql: """
            SELECT r.id, r.reverses_entry_id, r.month, o.month,
              EXISTS(SELECT 1 FROM postings p WHERE p.entry_id IN (r.id, r.reverses_entry_id)
                     GROUP BY p.account_id HAVING SUM(p.amount_minor) <> 0)
            FROM entries r JOIN entries o ON o.id = r.reverses_entry_id
            WHERE r.kind = 'reversal'
            ORDER BY r.id
            """)
        while let row = try mirrors.next() {
            let id: Int64 = row[0]
            let original: Int64 = row[1]
            let month: String = row[2]
            let originalMonth: String = row[3]
            let differs: Bool = row[4]
            if month != originalMonth {
                problems.append(CheckProblem("reversal entry \(id) is dated \(month) but reverses entry \(original) of \(originalMonth)"))
            }
            if differs {
                problems.append(CheckProblem("reversal entry \(id) does not mirror entry \(original): their postings do not cancel out account by account"))
            }
        }
    }

    private func checkIncomeEntries(into problems: inout [CheckProblem]) throws {
        // members:P:M and income:P:M: the same "P:M" after their 8- and 7-character prefixes.
        let mismatched = try Row.fetchCursor(db, sql: """
            SELECT e.id, f.path, e.source_line, m.name, i.name
            FROM entries e
            LEFT JOIN source_files f ON f.id = e.source_file_id
            LEFT JOIN accounts m ON m.id = e.member_account_id
            LEFT JOIN accounts i ON i.id = e.income_account_id
            WHERE e.kind = 'income'
              AND (m.name IS NULL OR i.name IS NULL OR m.name NOT GLOB 'members:*' OR i.name NOT GLOB 'income:*'
                   OR substr(m.name, 9) <> substr(i.name, 8))
            ORDER BY e.id
            """)
        while let row = try mismatched.next() {
            let id: Int64 = row[0]
            problems.append(CheckProblem("income entry \(id) (from \(row[1] as String? ?? "?"):\(row[2] as Int64)) debits \(row[3] as String? ?? "a missing account") and credits \(row[4] as String? ?? "a missing account"), which are not one member's pair"))
        }
        // Every income row's key hashed from SQLite's bytes, without a String each.
        let keys = try RawStatement(db, sql: "SELECT id, row_key, key_hash FROM entries WHERE kind = 'income' ORDER BY id")
        while try keys.advance() {
            let row = keys.row
            let hash = row.withText(1) { KeyHash.fnv1a64(utf8: $0 ?? UnsafeBufferPointer(start: nil, count: 0)) }
            let probes = UInt64(bitPattern: row.int(2)) &- UInt64(bitPattern: hash)
            if probes >= UInt64(KeyHash.probesMax) {
                problems.append(CheckProblem("income entry \(row.int(0)) has a row key that does not match its key hash: the key was altered after the row was imported; restore the ledger from a backup"))
            }
        }
        // The key spelled out from the row's content (see IncomeImport's IncomeRowKey): with a reference,
        // `ref␟MEMBER␟REFERENCE`; without, `row␟DAY␟MEMBER␟AMOUNT␟DESCRIPTION␟OCCURRENCE`.
        let member = "substr(m.name, 9 + instr(substr(m.name, 9), ':'))"
        let content = "'row' || char(31) || e.day || char(31) || \(member) || char(31) || e.amount_minor || char(31) || e.description || char(31)"
        let occurrence = "substr(e.row_key, length(\(content)) + 1)"
        let unkeyed = try Row.fetchCursor(db, sql: """
            SELECT e.id, f.path, e.source_line
            FROM entries e JOIN accounts m ON m.id = e.member_account_id LEFT JOIN source_files f ON f.id = e.source_file_id
            WHERE e.kind = 'income' AND CASE WHEN e.reference IS NOT NULL
              THEN e.row_key IS NOT ('ref' || char(31) || \(member) || char(31) || e.reference)
              ELSE NOT (substr(e.row_key, 1, length(\(content))) = \(content)
                        AND \(occurrence) GLOB '[1-9]*' AND NOT \(occurrence) GLOB '*[^0-9]*')
            END
            ORDER BY e.id
            """)
        while let row = try unkeyed.next() {
            problems.append(CheckProblem("income entry \(row[0] as Int64) (from \(row[1] as String? ?? "?"):\(row[2] as Int64)) no longer matches its row key: its member, date, amount, description or reference was changed after it was imported; restore the ledger from a backup"))
        }
        let volume = try volumeMinor()
        if volume > Limits.volumeMinorMax {
            problems.append(CheckProblem("the income imported adds up to \(Money.format(volume, minorDigits: currency.minorDigits)) ignoring signs, more than the \(Money.format(Limits.volumeMinorMax, minorDigits: currency.minorDigits)) one ledger may hold; totals may no longer be exact: restore the ledger from a backup"))
        }
    }

    private func checkBalanceCache(into problems: inout [CheckProblem]) throws {
        let computed = try balanceTotals(throughMonth: nil)
        var cached: [Int64: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT account_id, balance_minor FROM account_balances") {
            cached[row[0]] = row[1]
        }
        let accounts = try Row.fetchAll(db, sql: "SELECT id, name FROM accounts ORDER BY name")
        for row in accounts {
            let id: Int64 = row[0]
            let name: String = row[1]
            let fromPostings = computed[id] ?? 0
            let fromCache = cached[id] ?? 0
            if fromPostings != fromCache {
                problems.append(CheckProblem("the cached balance of \(name) is \(fromCache) minor units but its postings sum to \(fromPostings)"))
            }
        }
    }
}
