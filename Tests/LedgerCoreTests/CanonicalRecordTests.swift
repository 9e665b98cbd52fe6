import LedgerCore
import Testing

/// The canonical bytes of docs/fingerprint.md: netstrings, `-` for a missing value, and one record per kind.
@Suite struct CanonicalRecordTests {
    static func text(_ record: CanonicalRecord) -> String { String(decoding: record.bytes, as: UTF8.self) }

    @Test func fieldsAreNetstrings() {
        var record = CanonicalRecord("pod")
        record.field("Tūī & co")
        record.field(nil as String?)
        record.field(Int64(-250_000))
        record.field(Int64(0))
        record.field(Int64.min)
        record.field("")
        #expect(Self.text(record) == "3:pod10:Tūī & co-7:-2500001:020:-92233720368547758080:")
    }

    @Test func anIncomeRowIsTheEntryItStands() {
        for (reference, amount) in [("INV-7", Int64(123_456)), (nil, Int64(-5))] as [(String?, Int64)] {
            let day = Array("2024-03-15".utf8)
            let income = day.withUnsafeBufferPointer {
                CanonicalRecord.income(day: $0, description: "Invoice; \"7\"", reference: reference,
                                       memberAccount: "members:aurora:alice", incomeAccount: "income:aurora:alice", amountMinor: amount)
            }
            let entry = CanonicalRecord.entry(kind: "income", month: "2024-03", day: "2024-03-15", description: "Invoice; \"7\"", reference: reference,
                                              closeEventID: nil, reversesEntryID: nil,
                                              postings: [("members:aurora:alice", amount), ("income:aurora:alice", -amount)])
            #expect(income == entry)
        }
    }

    @Test func aFingerprintIsSixteenHexDigits() {
        let fingerprint = Fingerprint(hash: [0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0xff])
        #expect(fingerprint.description == "deadbeef00010203")
        #expect(Fingerprint(parsing: " DEADBEEF00010203\n") == fingerprint)
        #expect(Fingerprint(parsing: "deadbeef0001020") == nil && Fingerprint(parsing: "deadbeef0001020g") == nil)
        #expect(Fingerprint(prefix: 1).description == "0000000000000001")
    }
}
