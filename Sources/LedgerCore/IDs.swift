/// Typed identifiers, so that a pod id cannot be passed where a member id is expected.
public protocol SlugID: Hashable, Comparable, Sendable, CustomStringConvertible {
    var raw: String { get }
    init(unchecked raw: String)
    static var kind: String { get }
}

extension SlugID {
    /// Validates a slug: `[a-z0-9][a-z0-9-]*`, at most `Limits.idCharactersMax` characters.
    public init(_ raw: String) throws(LedgerCoreError) {
        guard SlugIDs.isValid(raw) else { throw .invalidID(kind: Self.kind, raw) }
        self.init(unchecked: raw)
    }

    public var description: String { raw }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.raw < rhs.raw }
}

enum SlugIDs {
    static func isValid(_ raw: String) -> Bool {
        let bytes = raw.utf8
        guard let first = bytes.first, bytes.count <= Limits.idCharactersMax, first != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-")
        }
    }
}

public struct PodID: SlugID {
    public let raw: String
    public init(unchecked raw: String) { self.raw = raw }
    public static let kind = "pod"
}

public struct MemberID: SlugID {
    public let raw: String
    public init(unchecked raw: String) { self.raw = raw }
    public static let kind = "member"
}
