import Foundation
import IncomeImport
import LedgerCore
import LedgerStore
import Statements

extension Ledger {
    /// Imports every row of every file, or nothing (SPEC §2.2): one write transaction around all files,
    /// in which the network, the closed months and the rows already present are read.
    ///
    /// A row already in the ledger is "already present" wherever it falls, closed months included (an
    /// overlapping bank export); only a new row in a closed month is an error, reported once for all such
    /// rows with the months to reopen.
    public func importIncome(files: [String], rulesFile: String? = nil, dryRun: Bool = false) throws -> ImportReport {
        let rules = try rulesFile.map { file in try ImportRules(parsing: try Ledger.readText(file), file: file) }
        return try writing(commit: !dryRun) { snapshot in
            let timeline = try snapshot.timeline()
            let first = timeline.firstMonth
            let batch = try snapshot.transaction.incomeBatch()
            // The settings in effect for each month met; copies share their storage (and member index).
            var settingsByMonth: [Month: NetworkSettings] = [:]
            var rowCount = 0
            var inClosedMonths: [(source: String, month: Month)] = []
            var zeroByMonth: [Month: Int] = [:]
            // The files are read and parsed on a second thread while this one writes: rows arrive in file
            // order, and a reading error arrives after the rows before it, so the outcome is the same as
            // reading and writing in turn.
            let currency = currency
            try RowPipeline.read(files: files, reading: { file, emit in
                try IncomeFileReader(path: file, currency: currency, rules: rules, occurrenceSpill: Ledger.occurrenceSpill).read(emit)
            }) { row in
                rowCount += 1
                guard rowCount <= Limits.importRowsMax else { throw PodLedgerError.tooManyRows(limit: Limits.importRowsMax) }
                let month = row.day.month
                guard month >= first else {
                    throw PodLedgerError.row(file: row.file, line: row.line, message:
                        "\(row.day) is before the network's first month \(first) (the earliest joined month of any member); fix the date, or set the member's joined month earlier in the network file and run `podledger network apply`")
                }
                let settings: NetworkSettings
                if let known = settingsByMonth[month] {
                    settings = known
                } else {
                    settings = timeline.settings(for: month)
                    settingsByMonth[month] = settings
                }
                guard let member = settings.member(row.member) else {
                    throw PodLedgerError.row(file: row.file, line: row.line, message:
                        "unknown member \(MessageText.quoted(row.member.raw)); add them to the network file and run `podledger network apply`, or fix the member id")
                }
                guard member.isActive(in: month) else {
                    let span = member.left.map { "from \(member.joined) through \($0)" } ?? "from \(member.joined)"
                    throw PodLedgerError.row(file: row.file, line: row.line, message:
                        "member \(MessageText.quoted(row.member.raw)) is not active in \(month) (active \(span)); fix the date or the member's joined/left months in the network file")
                }
                // A zero amount records nothing: counted, not written (its member and date were checked).
                guard row.amountMinor != 0 else {
                    zeroByMonth[month, default: 0] += 1
                    return
                }
                let outcome = try batch.add(IncomeRecord(
                    pod: member.pod, member: member.id, day: row.day, amountMinor: row.amountMinor,
                    description: row.description, reference: row.reference, key: row.key,
                    sourceFile: row.file, sourceLine: row.line))
                if outcome == .inClosedMonth { inClosedMonths.append(("\(row.file):\(row.line)", month)) }
            }
            if !inClosedMonths.isEmpty {
                throw PodLedgerError.newRowsInClosedMonths(count: inClosedMonths.count, first: inClosedMonths[0].source,
                                                           months: Set(inClosedMonths.map(\.month)).sorted())
            }
            let summary = batch.summary
            let months = Set(summary.addedByMonth.keys).union(summary.presentByMonth.keys).union(zeroByMonth.keys)
            return ImportReport(dryRun: dryRun, months: months.map { month in
                ImportReport.MonthCount(month: month, newRows: summary.addedByMonth[month] ?? 0,
                                        presentRows: summary.presentByMonth[month] ?? 0, zeroRows: zeroByMonth[month] ?? 0)
            })
        }
    }
}

extension Ledger {
    /// Imports every payment of every file, or nothing (SPEC §8), as `importIncome` does income: each row's
    /// parties must be a route of §8 in its month; a row already recorded (same key, same content) is
    /// counted as already present; a zero amount (an account export's) is skipped and counted.
    public func importPayments(files: [String], rulesFile: String? = nil, dryRun: Bool = false) throws -> ImportReport {
        let rules = try rulesFile.map { file in try ImportRules(parsing: try Ledger.readText(file), file: file, kind: .payments) }
            ?? .defaultPayments
        return try writing(commit: !dryRun) { snapshot in
            let first = try snapshot.timeline().firstMonth
            var counts: [Month: (added: Int, present: Int, zero: Int)] = [:]
            var rowCount = 0
            let currency = currency
            try RowPipeline.read(files: files, reading: { file, emit in
                try IncomeFileReader(path: file, currency: currency, rules: rules, occurrenceSpill: Ledger.occurrenceSpill).readPayments(emit)
            }) { row in
                rowCount += 1
                guard rowCount <= Limits.importRowsMax else { throw PodLedgerError.tooManyRows(limit: Limits.importRowsMax) }
                let payment = row.payment
                let month = payment.day.month
                guard month >= first else {
                    throw PodLedgerError.row(file: row.file, line: row.line, message:
                        "\(payment.day) is before the network's first month \(first); fix the date, or leave out payments made before the network began")
                }
                guard payment.amountMinor != 0 else {
                    counts[month, default: (0, 0, 0)].zero += 1
                    return
                }
                let route: PaymentRoute
                do {
                    route = try snapshot.route(payment)
                } catch PodLedgerError.invalidPayment(_, let reason) {
                    throw PodLedgerError.row(file: row.file, line: row.line, message:
                        "a payment from \(payment.from) to \(payment.to): \(reason)")
                }
                let outcome = try snapshot.transaction.record(try Ledger.entry(payment, route: route), key: row.key,
                                                              reference: payment.reference, source: SourceLine(file: row.file, line: row.line))
                if outcome == .present { counts[month, default: (0, 0, 0)].present += 1 } else { counts[month, default: (0, 0, 0)].added += 1 }
            }
            return ImportReport(dryRun: dryRun, months: counts.map { month, count in
                ImportReport.MonthCount(month: month, newRows: count.added, presentRows: count.present, zeroRows: count.zero)
            }, noun: "payment")
        }
    }
}

extension Ledger {
    /// A file with more distinct rows without a reference than fit `OccurrenceCounter`'s memory bound counts
    /// them in a private temporary SQLite database instead, so an import's memory does not grow with the file.
    static let occurrenceSpill: OccurrenceSpillMaker = { try ScratchCounter() }
}

extension ScratchCounter: OccurrenceSpill {}

/// Reads import files on a second thread and hands their rows, in order, to the calling thread.
///
/// Parsing a CSV row costs about as much as writing it to the ledger, and the two share nothing, so on a
/// machine with two cores an import takes the longer of the two rather than their sum. Rows cross in
/// batches through a queue of at most `batchesMax` batches, so memory stays flat whatever the file size.
enum RowPipeline {
    static let batchRows = 512
    static let batchesMax = 4

    /// Calls `body` with every row of every file, in order, on the calling thread. A reading error is
    /// thrown after the rows read before it; an error thrown by `body` stops the reading. Returns (or
    /// throws) only once the reading thread has ended.
    static func read<Row: Sendable>(
        files: [String], reading: @escaping @Sendable (String, (Row) throws -> Void) throws -> Void, _ body: (Row) throws -> Void
    ) throws {
        let channel = Channel<Row>()
        let thread = Thread {
            do {
                var rows: [Row] = []
                rows.reserveCapacity(batchRows)
                for file in files {
                    try reading(file) { row in
                        rows.append(row)
                        if rows.count == batchRows {
                            try channel.send(rows)
                            rows.removeAll(keepingCapacity: true)
                        }
                    }
                }
                if !rows.isEmpty { try channel.send(rows) }
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        defer { channel.cancelAndWait() }
        while let rows = try channel.receive() {
            for row in rows { try body(row) }
        }
    }

    /// The bounded queue between the reading thread and the writing one.
    private final class Channel<Row>: @unchecked Sendable {
        private let condition = NSCondition()
        private var batches: [[Row]] = []
        /// Set by the reader when it has sent its last batch (with its error, if it failed).
        private var finished = false
        private var failure: (any Error)?
        /// Set by the writer when it stops taking rows.
        private var cancelled = false

        struct Cancelled: Error {}

        /// Reader: queues a batch, waiting while the queue is full; throws once the writer has stopped.
        func send(_ rows: [Row]) throws {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= RowPipeline.batchesMax && !cancelled { condition.wait() }
            if cancelled { throw Cancelled() }
            batches.append(rows)
            condition.broadcast()
        }

        /// Reader: no more batches.
        func finish(_ error: (any Error)?) {
            condition.lock()
            defer { condition.unlock() }
            finished = true
            failure = error
            condition.broadcast()
        }

        /// Writer: the next batch; nil after the last one, or the reader's error once the batches before it are taken.
        func receive() throws -> [Row]? {
            condition.lock()
            defer { condition.unlock() }
            while batches.isEmpty && !finished { condition.wait() }
            if !batches.isEmpty {
                let rows = batches.removeFirst()
                condition.broadcast()
                return rows
            }
            if let failure, !(failure is Cancelled) { throw failure }
            return nil
        }

        /// Writer: stops the reader (if it is still going) and waits for it to end.
        func cancelAndWait() {
            condition.lock()
            defer { condition.unlock() }
            cancelled = true
            condition.broadcast()
            while !finished { condition.wait() }
        }
    }
}
