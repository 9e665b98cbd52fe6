import LedgerCore
import LedgerStore
import Statements

extension Ledger {
    /// Whether this ledger's history contains `fingerprint` with nothing before it rewritten: the chain recomputed
    /// from every record's rows (SPEC §9).
    public func verify(_ fingerprint: Fingerprint) throws -> VerifyReport {
        try reading { snapshot in
            let audit = try snapshot.transaction.auditChain(looking: fingerprint)
            return VerifyReport(fingerprint: fingerprint,
                                found: audit.found.map { VerifyReport.Position(seq: $0.seq, record: $0.record, month: $0.month) },
                                head: audit.head?.fingerprint, recordsVerified: audit.recordsVerified, problem: audit.problem)
        }
    }

    /// The ledger's fingerprint now (the last record's), nil for a ledger without records.
    public func fingerprint() throws -> Fingerprint? {
        try reading { try $0.transaction.headFingerprint() }
    }
}
