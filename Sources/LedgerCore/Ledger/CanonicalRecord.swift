/// The canonical bytes of one record that changes the books, as the fingerprint chain hashes them (SPEC §9;
/// docs/fingerprint.md): `h_i = SHA-256(h_{i−1} ‖ bytes_i)`.
///
/// A record is a sequence of fields, each written as a netstring: the field's UTF-8 byte count in decimal,
/// `:`, then the bytes; a missing value (SQL NULL) is the single byte `-`. Integers are written in decimal
/// with a leading `-` when negative. The first field names the record's kind. No field is ever ambiguous,
/// whatever text it holds, and no timestamp or file path is part of a record: the same history gives the
/// same fingerprint on every machine.
public struct CanonicalRecord: Hashable, Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(_ kind: String) {
        bytes.reserveCapacity(128)
        field(kind)
    }

    public mutating func field(_ text: String?) {
        guard var text else { return bytes.append(UInt8(ascii: "-")) }
        text.withUTF8 { field(utf8: $0) }
    }

    public mutating func field(utf8 text: UnsafeBufferPointer<UInt8>) {
        appendDecimal(Int64(text.count))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: text)
    }

    public mutating func field(_ value: Int64?) {
        guard let value else { return bytes.append(UInt8(ascii: "-")) }
        // The digits are written backwards into a buffer on the stack (an import writes two amounts a row).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            var rest = value.magnitude
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            field(utf8: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    public mutating func field(_ value: Int?) { field(value.map(Int64.init)) }

    private mutating func appendDecimal(_ value: Int64) {
        if value >= 10 { appendDecimal(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}

extension CanonicalRecord {
    /// The record that starts every ledger's chain: `h_0` is its SHA-256.
    public static func genesis(format: String, formatVersion: String, currency: String) -> CanonicalRecord {
        var record = CanonicalRecord("ledger")
        record.field(format)
        record.field(formatVersion)
        record.field(currency)
        return record
    }

    /// An entry: income, expense, payment, redistribution or reversal, with every posting in order.
    public static func entry(kind: String, month: String, day: String?, description: String, reference: String?,
                             closeEventID: Int64?, reversesEntryID: Int64?, postings: [(account: String, amountMinor: Int64)]) -> CanonicalRecord {
        var record = CanonicalRecord("entry")
        record.field(kind)
        record.field(month)
        record.field(day)
        record.field(description)
        record.field(reference)
        record.field(closeEventID)
        record.field(reversesEntryID)
        for posting in postings {
            record.field(posting.account)
            record.field(posting.amountMinor)
        }
        return record
    }

    /// An income row's entry, the same bytes as `entry(kind: "income", …)` with the postings `memberAccount`
    /// `amountMinor` and `incomeAccount` `−amountMinor`, written without building them: an import writes one a row.
    /// `day` is `YYYY-MM-DD` and the month its first 7 bytes.
    public static func income(day: UnsafeBufferPointer<UInt8>, description: String, reference: String?,
                              memberAccount: String, incomeAccount: String, amountMinor: Int64) -> CanonicalRecord {
        var record = CanonicalRecord("entry")
        record.field("income")
        record.field(utf8: UnsafeBufferPointer(rebasing: day[..<7]))
        record.field(utf8: day)
        record.field(description)
        record.field(reference)
        record.field(nil as Int64?)
        record.field(nil as Int64?)
        record.field(memberAccount)
        record.field(amountMinor)
        record.field(incomeAccount)
        record.field(-amountMinor)
        return record
    }

    /// A month's close or reopen event (its entries are records of their own, after it).
    public static func monthEvent(month: String, action: String) -> CanonicalRecord {
        var record = CanonicalRecord("month")
        record.field(month)
        record.field(action)
        return record
    }

    /// A sickness event: `add` (from, through or none) or `end` (through).
    public static func sickness(kind: String, member: String, from: String?, through: String?) -> CanonicalRecord {
        var record = CanonicalRecord("sickness")
        record.field(kind)
        record.field(member)
        record.field(from)
        record.field(through)
        return record
    }
}

extension CanonicalRecord {
    /// A network version with every pod, tier and member, as its rows are stored: the version's fields, then
    /// `pod` groups sorted by pod id, `tier` groups sorted by pod id and threshold, `member` groups sorted by
    /// member id (ids compared byte by byte).
    public static func network(_ settings: NetworkSettings, effectiveFrom: Month) -> CanonicalRecord {
        func byBytes(_ lhs: String, _ rhs: String) -> Bool { Array(lhs.utf8).lexicographicallyPrecedes(Array(rhs.utf8)) }
        var record = CanonicalRecord("network")
        record.field(effectiveFrom.description)
        record.field(settings.shareBasisPoints)
        record.field(settings.levy.feeMinor)
        record.field(settings.levy.grossBasisPoints)
        let pods = settings.pods.sorted { byBytes($0.id.raw, $1.id.raw) }
        for pod in pods {
            let terms = pod.policy.sicknessTerms
            record.field("pod")
            record.field(pod.id.raw)
            record.field(pod.name)
            record.field(pod.policy.name)
            record.field(pod.policy.floorMinor)
            record.field(pod.policy.windowMonths)
            record.field(pod.reserveTargetMinor)
            record.field(pod.surplus.rawValue)
            record.field(pod.networkFeeMinor)
            record.field(pod.networkGrossBasisPoints)
            record.field(terms?.waitingMonths)
            record.field(terms?.maxBenefitMonths)
            record.field(terms?.accountCapMonths)
            record.field(terms.map { $0.showsSickNames ? 1 : 0 })
        }
        for pod in pods {
            for tier in pod.tiers.sorted(by: { $0.reserveAtLeastMinor < $1.reserveAtLeastMinor }) {
                record.field("tier")
                record.field(pod.id.raw)
                record.field(tier.reserveAtLeastMinor)
                record.field(tier.floorBonusMinor)
            }
        }
        for member in settings.members.sorted(by: { byBytes($0.id.raw, $1.id.raw) }) {
            record.field("member")
            record.field(member.id.raw)
            record.field(member.pod.raw)
            record.field(member.name)
            record.field(member.pledgeBasisPoints)
            record.field(member.hurdleMinor)
            record.field(member.capMinor)
            record.field(member.joined.description)
            record.field(member.left?.description)
            record.field(member.floorMinor)
            record.field(member.sickness?.benefitMinor)
            record.field(member.sickness?.depositMinor)
        }
        return record
    }
}

/// The fingerprint members compare: the first 16 hex digits (8 bytes) of a chain hash.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The first 8 bytes of the hash, big-endian, as a signed integer (how the ledger stores it).
    public let prefix: Int64

    public init(prefix: Int64) { self.prefix = prefix }

    /// The first 8 bytes of `hash`.
    public init(hash: UnsafeRawBufferPointer) {
        precondition(hash.count >= 8, "a fingerprint needs 8 bytes of hash")
        prefix = Int64(bitPattern: UInt64(bigEndian: hash.loadUnaligned(as: UInt64.self)))
    }

    public init(hash: [UInt8]) {
        self = hash.withUnsafeBytes { Fingerprint(hash: $0) }
    }

    /// 16 lowercase hex digits; case and surrounding spaces ignored. Nil for anything else.
    public init?(parsing text: String) {
        let digits = text.trimmingASCIISpaces().lowercased()
        guard digits.utf8.count == 16, let value = UInt64(digits, radix: 16) else { return nil }
        prefix = Int64(bitPattern: value)
    }

    public var description: String {
        let hex = String(UInt64(bitPattern: prefix), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

private extension String {
    func trimmingASCIISpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" || scalars.first == "\n" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" || scalars.last == "\n" { scalars.removeLast() }
        return String(scalars)
    }
}
