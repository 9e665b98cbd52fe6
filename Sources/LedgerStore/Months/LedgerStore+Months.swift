import GRDB
import LedgerCore

/// One row of `month_events`.
struct MonthEvent {
    enum Action: String { case close, reopen }
    let id: Int64
    let month: Month
    let action: Action
}

extension LedgerStore {
    /// Closed months, ascending: those whose latest event is a close.
    public func closedMonths() throws -> [Month] {
        try read { try $0.closedMonths() }
    }

    /// Posts several months in ONE transaction (see `LedgerTransaction.close(month:entries:)`).
    public func closeMonths(_ months: [(month: Month, entries: [Entry])]) throws {
        guard !months.isEmpty else { return }
        try write { transaction in
            for (month, entries) in months { try transaction.close(month: month, entries: entries) }
        }
    }

    /// Reopens `month` and every later closed month in one transaction. Returns the reopened months ascending.
    public func reopen(from month: Month) throws -> [Month] {
        try write { try $0.reopen(from: month) }
    }
}

extension LedgerTransaction {
    /// Closed months, ascending: those whose latest event is a close.
    public func closedMonths() throws -> [Month] {
        ensureOpen()
        return LedgerStore.closedMonths(try monthEvents())
    }

    /// Posts `month`. Only `.redistribution` entries dated in the month are accepted, and they must leave
    /// every pod's pool at zero; each is linked to the month's new close event.
    ///
    /// - Precondition: `month` is the one after the last closed month (any month when none is closed).
    ///   Which months may close is the library's rule (`Ledger.redistribute`), checked there with the
    ///   user's words; here a violation is a bug.
    public func close(month: Month, entries: [Entry]) throws {
        try LedgerStore.validateClose(month: month, entries: entries)
        let writer = try writer()
        if let lastClosed = try closedMonths().last {
            precondition(month == lastClosed.next, "closing \(month) while the last closed month is \(lastClosed)")
        }
        let eventID = try appendEvent(month: month, action: .close)
        for entry in entries {
            _ = try writer.insert(entry, closeEventID: eventID)
        }
    }

    /// Reopens `month` and every later closed month: for each, latest first, a reversal of every
    /// redistribution entry of its current close, then a `reopen` event. Returns the reopened months ascending.
    ///
    /// - Precondition: `month` is closed (checked by `Ledger.reopen`, which says what to do when it is not).
    public func reopen(from month: Month) throws -> [Month] {
        let events = try monthEvents()
        let closed = LedgerStore.closedMonths(events)
        precondition(closed.contains(month), "reopening \(month), which is not closed")
        let reopened = closed.filter { $0 >= month }
        var currentClose: [Month: Int64] = [:]
        for event in events where event.action == .close { currentClose[event.month] = event.id }
        let writer = try writer()
        for target in reopened.reversed() {
            guard let closeEventID = currentClose[target] else { preconditionFailure("a closed month has a close event") }
            for original in try redistributionEntries(month: target, closeEventID: closeEventID) {
                let reversal = original.entry.reversal(description: "reversal of entry \(original.id): \(original.entry.description)")
                _ = try writer.insert(reversal, reversesEntryID: original.id)
            }
            _ = try appendEvent(month: target, action: .reopen)
        }
        return reopened
    }

    /// Months closed more than once: reopened and closed again, so their figures were revised.
    public func revisedMonths() throws -> Set<Month> {
        var closes: [Month: Int] = [:]
        for event in try monthEvents() where event.action == .close { closes[event.month, default: 0] += 1 }
        return Set(closes.filter { $0.value > 1 }.keys)
    }

    /// The id of the current close event of each closed month.
    public func currentCloseEvents() throws -> [Month: Int64] {
        var current: [Month: Int64] = [:]
        for event in try monthEvents() {
            switch event.action {
            case .close: current[event.month] = event.id
            case .reopen: current[event.month] = nil
            }
        }
        return current
    }

    func monthEvents() throws -> [MonthEvent] {
        try Row.fetchAll(db, sql: "SELECT id, month, action FROM month_events ORDER BY id").map { row in
            let id: Int64 = row[0]
            let monthText: String = row[1]
            let actionText: String = row[2]
            guard let month = try? Month(parsing: monthText), let action = MonthEvent.Action(rawValue: actionText) else {
                throw corrupt("month event \(id) has month '\(monthText)' and action '\(actionText)'")
            }
            return MonthEvent(id: id, month: month, action: action)
        }
    }

    func appendEvent(month: Month, action: MonthEvent.Action) throws -> Int64 {
        let link = try chain().append(.monthEvent(month: month.description, action: action.rawValue))
        try db.execute(
            sql: """
                INSERT INTO month_events(month, action, recorded_at, chain_seq, fingerprint)
                VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?)
                """,
            arguments: [month.description, action.rawValue, link.seq, link.fingerprint.prefix])
        return db.lastInsertedRowID
    }

    /// The redistribution entries posted by one close event, in posting order, rebuilt through `Entry`'s
    /// checking initializer.
    public func redistributionEntries(month: Month, closeEventID: Int64) throws -> [(id: Int64, entry: Entry)] {
        let accounts = try accountsByID()
        // Read through the C API: `check` reads every closed month's entries (537,000 postings on 2,000 pods).
        let rows = try RawStatement(db, sql: """
            SELECT e.id, e.description, p.account_id, p.amount_minor
            FROM entries e CROSS JOIN postings p
            WHERE e.kind = 'redistribution' AND e.month = ? AND e.close_event_id = ?
              AND p.entry_id = e.id
            ORDER BY e.id, p.line
            """)
        try rows.bind(1, month.description)
        try rows.bind(2, closeEventID)
        var result: [(id: Int64, entry: Entry)] = []
        var current: (id: Int64, description: String)?
        var postings: [Posting] = []
        func finish() throws {
            guard let (id, description) = current else { return }
            do {
                result.append((id, try Entry(kind: .redistribution, month: month, description: description, postings: postings)))
            } catch {
                throw corrupt("entry \(id) no longer balances (\(error)); run `podledger check`")
            }
            postings = []
        }
        while try rows.advance() {
            let row = rows.row
            let id = row.int(0)
            if current?.id != id {
                try finish()
                current = (id, row.text(1) ?? "")
            }
            let accountID = row.int(2)
            guard let account = accounts[accountID] else { throw corrupt("entry \(id) posts to missing account \(accountID)") }
            postings.append(Posting(account, row.int(3)))
        }
        try finish()
        return result
    }
}

extension LedgerStore {

    static func validateClose(month: Month, entries: [Entry]) throws {
        var pools: [Account: Int64] = [:]
        for entry in entries {
            guard entry.kind == .redistribution else {
                throw StoreError.invalidEntry(month: month, description: entry.description,
                                              reason: "it is a \(entry.kind.rawValue) entry, and closing a month posts only redistribution entries")
            }
            guard entry.month == month else {
                throw StoreError.invalidEntry(month: month, description: entry.description, reason: "it is dated \(entry.month)")
            }
            for posting in entry.postings {
                guard case .pool = posting.account else { continue }
                let (sum, overflow) = pools[posting.account, default: 0].addingReportingOverflow(posting.amountMinor)
                if overflow { throw StoreError.amountOverflow("the pool \(posting.account) in \(month)") }
                pools[posting.account] = sum
            }
        }
        if let (account, balance) = pools.filter({ $0.value != 0 }).min(by: { $0.key < $1.key }) {
            throw StoreError.poolNotZero(month: month, account: account.description, balanceMinor: balance)
        }
    }

    static func closedMonths(_ events: [MonthEvent]) -> [Month] {
        var latest: [Month: MonthEvent.Action] = [:]
        for event in events { latest[event.month] = event.action }
        return latest.filter { $0.value == .close }.keys.sorted()
    }
}
