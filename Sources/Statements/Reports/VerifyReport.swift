import LedgerCore

/// `podledger verify FINGERPRINT`: whether this ledger's history contains a fingerprint, unchanged up to it.
public struct VerifyReport: Hashable, Sendable {
    /// A record of the chain: its number, the words that name it and its month.
    public struct Position: Hashable, Sendable {
        public let seq: Int64
        public let record: String
        public let month: String

        public init(seq: Int64, record: String, month: String) {
            self.seq = seq
            self.record = record
            self.month = month
        }
    }

    public let fingerprint: Fingerprint
    /// Where the fingerprint is in the history; nil when it is not there.
    public let found: Position?
    /// The ledger's fingerprint now: after the last record that still matches its rows.
    public let head: Fingerprint?
    public let recordsVerified: Int64
    /// What breaks the chain, if something does: a fingerprint after it cannot be vouched for.
    public let problem: String?

    public init(fingerprint: Fingerprint, found: Position?, head: Fingerprint?, recordsVerified: Int64, problem: String?) {
        self.fingerprint = fingerprint
        self.found = found
        self.head = head
        self.recordsVerified = recordsVerified
        self.problem = problem
    }

    public var contains: Bool { found != nil }

    public func render(_ format: ReportFormat) -> String { rendered(format) }
}

extension VerifyReport: DocumentRendering {
    func document() -> Document {
        var paragraphs: [String] = []
        if let found {
            paragraphs.append("Yes: \(fingerprint) is this ledger's fingerprint after record \(found.seq), \(found.record). "
                + "Nothing written up to it has been changed since.")
        } else {
            paragraphs.append("No: \(fingerprint) is not in this ledger's history"
                + (problem == nil ? "." : " as it can be verified.")
                + " Either it was never this ledger's fingerprint (another ledger, or a typing mistake), or the records it vouched for were changed.")
        }
        paragraphs.append("The ledger's \(recordsVerified) record\(recordsVerified == 1 ? "" : "s") "
            + (problem == nil ? "all match their fingerprints" : "match their fingerprints up to record \(recordsVerified)")
            + (head.map { "; its fingerprint now is \($0)." } ?? "."))
        if let problem { paragraphs.append("Then: \(problem).") }
        return Document(title: nil, sections: [Section(title: nil, blocks: paragraphs.map { .paragraph($0) })], minorDigits: 0)
    }

    var json: JSON {
        .object([
            ("fingerprint", .string(fingerprint.description)),
            ("contains", .bool(contains)),
            ("record", found.map { .integer(Int($0.seq)) } ?? .null),
            ("record_description", found.map { .string($0.record) } ?? .null),
            ("month", found.map { .string($0.month) } ?? .null),
            ("records_verified", .integer(Int(recordsVerified))),
            ("head", head.map { .string($0.description) } ?? .null),
            ("problem", problem.map(JSON.string) ?? .null),
        ])
    }
}
