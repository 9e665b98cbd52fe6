/// The character encodings an income file may be in. Each field is decoded from its bytes with an
/// exact table; a byte sequence that is not a character is an error, never a replacement character.
public enum TextEncoding: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case iso8859_1 = "iso-8859-1"
    case iso8859_15 = "iso-8859-15"

    public var description: String { rawValue }

    /// Names accepted in a rules file, lowercased.
    static func named(_ name: String) -> TextEncoding? {
        switch name.lowercased() {
        case "utf-8", "utf8": return .utf8
        case "windows-1252", "cp1252", "cp-1252": return .windows1252
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1": return .iso8859_1
        case "iso-8859-15", "iso8859-15", "latin9", "latin-9": return .iso8859_15
        default: return nil
        }
    }

    /// Where decoding stopped: the byte's offset in the field (0-based) and its value.
    struct Failure: Error, Equatable {
        let byteOffset: Int
        let byte: UInt8
    }

    func decode(_ bytes: ArraySlice<UInt8>) throws(Failure) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII is the same in every supported encoding, and always valid UTF-8.
            return String(decoding: bytes, as: UTF8.self)
        }
        switch self {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            throw Self.firstInvalidUTF8(bytes)
        case .windows1252, .iso8859_1, .iso8859_15:
            var scalars = String.UnicodeScalarView()
            for (offset, byte) in bytes.enumerated() {
                guard let scalar = singleByteScalar(byte) else {
                    throw Failure(byteOffset: offset, byte: byte)
                }
                scalars.append(scalar)
            }
            return String(scalars)
        }
    }

    /// The character a byte stands for in a single-byte encoding, or nil when it stands for none.
    func singleByteScalar(_ byte: UInt8) -> Unicode.Scalar? {
        if byte < 0x80 { return Unicode.Scalar(byte) }
        switch self {
        case .utf8:
            return nil
        case .windows1252:
            if byte >= 0xA0 { return Unicode.Scalar(byte) }
            let value = TextEncoding.windows1252High[Int(byte - 0x80)]
            return value == 0 ? nil : Unicode.Scalar(value)
        case .iso8859_1:
            // 0x80-0x9F are C1 control codes, not text: a bank file holding them is really windows-1252.
            return byte >= 0xA0 ? Unicode.Scalar(byte) : nil
        case .iso8859_15:
            guard byte >= 0xA0 else { return nil }
            switch byte {
            case 0xA4: return "\u{20AC}"  // €
            case 0xA6: return "\u{0160}"  // Š
            case 0xA8: return "\u{0161}"  // š
            case 0xB4: return "\u{017D}"  // Ž
            case 0xB8: return "\u{017E}"  // ž
            case 0xBC: return "\u{0152}"  // Œ
            case 0xBD: return "\u{0153}"  // œ
            case 0xBE: return "\u{0178}"  // Ÿ
            default: return Unicode.Scalar(byte)
            }
        }
    }

    /// windows-1252 bytes 0x80-0x9F (0 where the code page defines no character: 81, 8D, 8F, 90, 9D).
    /// 0xA0-0xFF are the same as ISO-8859-1, that is U+00A0-U+00FF.
    static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Finds the first byte that does not start a valid UTF-8 sequence, for the error message.
    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Failure {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .error:
                return Failure(byteOffset: offset, byte: bytes[bytes.startIndex + offset])
            case .emptyInput:
                preconditionFailure("String(validating:) refused bytes that UTF8.ForwardParser accepts")
            }
        }
    }
}
