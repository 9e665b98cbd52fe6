// The only file that imports libcsv. Every pointer libcsv hands us is copied before its callback
// returns, every return code becomes an `IncomeImportError` at once, and the parser lives and dies
// inside `CSVReader.read`.
import CLibCSV
import LedgerCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes that separate and quote fields. libcsv reads bytes, so both are single ASCII bytes.
struct CSVDialect: Sendable, Equatable {
    var separator: UInt8
    var quote: UInt8

    static let rfc4180 = CSVDialect(separator: UInt8(ascii: ","), quote: UInt8(ascii: "\""))
}

/// One CSV record: the raw bytes of its fields (quotes removed, `""` undoubled) and where it starts.
struct CSVRecord {
    /// 1-based physical line of the record's first byte; newlines inside quoted fields count.
    let line: Int
    let bytes: [UInt8]
    /// End offset in `bytes` of each field.
    let ends: [Int]

    var count: Int { ends.count }

    subscript(field: Int) -> ArraySlice<UInt8> {
        bytes[(field == 0 ? 0 : ends[field - 1])..<ends[field]]
    }

    /// Every field is empty: a blank line, `""`, or a line of separators only.
    var isBlank: Bool { bytes.isEmpty }
}

/// Streams the records of a CSV file through libcsv, in 64 KiB chunks.
///
/// Physical lines are tracked by feeding libcsv one line at a time: a record starts on the first line,
/// after the previous record ended, that holds a byte libcsv does not skip. A line ends with LF, CRLF
/// or a CR alone (old Mac exports): libcsv ends a record at a CR as at an LF, so counting a lone CR as
/// a line end keeps two records from sharing a line number.
struct CSVReader {
    static let chunkBytes = 64 * 1024

    let file: String
    let dialect: CSVDialect
    /// Physical lines dropped before parsing (bank preambles); they still count for line numbers.
    let skipLines: Int
    /// Skip a UTF-8 byte order mark at the start of the file.
    let skipsByteOrderMark: Bool

    /// Calls `body` with each record in order. Errors thrown by `body` propagate unchanged.
    func read(_ body: (CSVRecord) throws -> Void) throws {
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) == 0 else {
            throw IncomeImportError.unreadableFile(file: file, reason: "the CSV parser could not start (out of memory)")
        }
        defer { csv_free(parser) }
        csv_set_delim(parser, dialect.separator)
        csv_set_quote(parser, dialect.quote)
        // libcsv grows its field buffer without bound; refusing to grow it past the field limit turns a
        // runaway field (often a quote never closed) into CSV_ENOMEM instead of exhausting memory.
        csv_set_realloc_func(parser) { pointer, size in
            size > CSVReader.fieldBufferBytesMax ? nil : realloc(pointer, size)
        }

        let context = ParseContext(separator: dialect.separator)
        try withExtendedLifetime(context) {
            let opaque = Unmanaged.passUnretained(context).toOpaque()
            var atFileStart = true
            var linesToSkip = skipLines
            // The previous chunk ended with a CR: an LF starting this chunk completes that CRLF.
            var endedWithCR = false
            try FileBytes.forEachChunk(path: file, chunkBytes: Self.chunkBytes) { chunk in
                var start = 0
                if atFileStart {
                    atFileStart = false
                    if skipsByteOrderMark, chunk.count >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF {
                        start = 3
                    }
                }
                if endedWithCR, chunk.first == UInt8(ascii: "\n") {
                    if linesToSkip == 0 { try parse(UnsafeRawBufferPointer(rebasing: chunk[0..<1]), parser, context, opaque, body) }
                    start = 1
                }
                while start < chunk.count {
                    let lineEnd = chunk[start...].firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
                    var end = chunk.count
                    if let lineEnd {
                        let isCRLF = chunk[lineEnd] == UInt8(ascii: "\r") && lineEnd + 1 < chunk.count && chunk[lineEnd + 1] == UInt8(ascii: "\n")
                        end = lineEnd + (isCRLF ? 2 : 1)
                    }
                    if linesToSkip > 0 {
                        if lineEnd != nil { linesToSkip -= 1 }
                    } else {
                        try parse(UnsafeRawBufferPointer(rebasing: chunk[start..<end]), parser, context, opaque, body)
                    }
                    if lineEnd != nil { context.currentLine += 1 }
                    start = end
                }
                endedWithCR = chunk.last == UInt8(ascii: "\r")
            }
            try finish(parser, context, opaque, body)
        }
    }

    /// Feeds one physical line (or the part of it in this chunk) to libcsv.
    private func parse(
        _ segment: UnsafeRawBufferPointer, _ parser: UnsafeMutablePointer<csv_parser>, _ context: ParseContext,
        _ opaque: UnsafeMutableRawPointer, _ body: (CSVRecord) throws -> Void
    ) throws {
        if context.recordStartLine == nil, segment.contains(where: context.startsRecord) {
            context.recordStartLine = context.currentLine
        }
        let consumed = csv_parse(parser, segment.baseAddress, segment.count, onField, onRecordEnd, opaque)
        if consumed < segment.count {
            let field = context.ends.count + 1
            switch csv_error(parser) {
            case CSV_EPARSE:
                throw IncomeImportError.strayQuote(file: file, line: context.currentLine, field: field, quote: dialect.quote)
            case CSV_ENOMEM where csv_get_buffer_size(parser) >= Limits.fieldBytesMax, CSV_ETOOBIG:
                throw IncomeImportError.fieldTooLong(file: file, line: context.recordLine, field: field, bytesMax: Limits.fieldBytesMax)
            default:
                throw IncomeImportError.unreadableFile(file: file, reason: "out of memory while reading line \(context.currentLine)")
            }
        }
        try deliver(context, body)
    }

    /// Ends the last record (a file need not end with a newline) and reports an unclosed quote.
    private func finish(
        _ parser: UnsafeMutablePointer<csv_parser>, _ context: ParseContext,
        _ opaque: UnsafeMutableRawPointer, _ body: (CSVRecord) throws -> Void
    ) throws {
        if csv_fini(parser, onField, onRecordEnd, opaque) != 0 {
            guard csv_error(parser) == CSV_EPARSE else {
                throw IncomeImportError.unreadableFile(file: file, reason: "the CSV parser failed at the end of the file")
            }
            // A quoted field runs to the end of the file. Finish again without CSV_STRICT_FINI to be handed
            // that field: the line where it began is the end of the file minus the newlines it swallowed.
            context.collectingOpenField = true
            csv_set_opts(parser, UInt8(CSV_STRICT | CSV_APPEND_NULL))
            _ = csv_fini(parser, onField, onRecordEnd, opaque)
            throw IncomeImportError.unterminatedQuote(
                file: file, line: context.currentLine - context.openFieldNewlines, quote: dialect.quote)
        }
        try deliver(context, body)
    }

    private func deliver(_ context: ParseContext, _ body: (CSVRecord) throws -> Void) throws {
        if let problem = context.problem {
            switch problem {
            case .fieldTooLong(let line, let field):
                throw IncomeImportError.fieldTooLong(file: file, line: line, field: field, bytesMax: Limits.fieldBytesMax)
            case .tooManyFields(let line):
                throw IncomeImportError.tooManyFields(file: file, line: line, fieldsMax: Limits.fieldsPerRowMax)
            }
        }
        guard !context.records.isEmpty else { return }
        let records = context.records
        context.records.removeAll(keepingCapacity: true)
        for record in records { try body(record) }
    }

    /// Room for the longest field plus the closing quote and the spaces libcsv holds until a field ends.
    fileprivate static let fieldBufferBytesMax = Limits.fieldBytesMax + 64
}

/// libcsv's field callback: copies the field before libcsv reuses its buffer.
private let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { data, count, opaque in
    guard let opaque else { return }
    Unmanaged<ParseContext>.fromOpaque(opaque).takeUnretainedValue()
        .addField(UnsafeRawBufferPointer(start: data, count: count))
}

/// libcsv's record callback.
private let onRecordEnd: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, opaque in
    guard let opaque else { return }
    Unmanaged<ParseContext>.fromOpaque(opaque).takeUnretainedValue().endRecord()
}

/// What the callbacks build up during one `csv_parse` call.
private final class ParseContext {
    enum Problem {
        case fieldTooLong(line: Int, field: Int)
        case tooManyFields(line: Int)
    }

    let separator: UInt8
    var bytes: [UInt8] = []
    var ends: [Int] = []
    /// Line of the segment being fed.
    var currentLine = 1
    /// Line where the record being read began; nil between records.
    var recordStartLine: Int?
    var records: [CSVRecord] = []
    var problem: Problem?
    /// Set after an unclosed quote: the callbacks then only count the open field's newlines.
    var collectingOpenField = false
    var openFieldNewlines = 0

    init(separator: UInt8) {
        self.separator = separator
    }

    var recordLine: Int { recordStartLine ?? currentLine }

    /// Whether libcsv, between records, starts a record at this byte (it skips spaces, tabs, CR and LF).
    func startsRecord(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"): return byte == separator
        case UInt8(ascii: "\r"), UInt8(ascii: "\n"): return false
        default: return true
        }
    }

    func addField(_ data: UnsafeRawBufferPointer) {
        if collectingOpenField {
            // Line ends as the reader counts them: LF, CRLF, or a CR alone.
            var previous: UInt8 = 0
            for byte in data {
                if byte == UInt8(ascii: "\r") || (byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r")) {
                    openFieldNewlines += 1
                }
                previous = byte
            }
            return
        }
        guard problem == nil else { return }
        guard ends.count < Limits.fieldsPerRowMax else {
            problem = .tooManyFields(line: recordLine)
            return
        }
        guard data.count <= Limits.fieldBytesMax else {
            problem = .fieldTooLong(line: recordLine, field: ends.count + 1)
            return
        }
        bytes.append(contentsOf: data)
        ends.append(bytes.count)
    }

    func endRecord() {
        guard problem == nil, !collectingOpenField else { return }
        records.append(CSVRecord(line: recordLine, bytes: bytes, ends: ends))
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        recordStartLine = nil
    }
}
