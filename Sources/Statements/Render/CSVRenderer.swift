import LedgerCore

/// RFC 4180 CSV (CRLF line ends) for spreadsheets and scripts.
///
/// A statement is a few small tables, written one after another and separated by an empty line: first
/// one row of facts (pod, month, currency, …), then each table with its own header of stable snake_case
/// names. Totals rows are left out so every row of a table is alike. Amounts are plain numbers with the
/// currency's minor digits (`-12.50`); text cells are cleaned of control characters and a cell that a
/// spreadsheet would take for a formula (`=`, `+`, `-`, `@`, TAB, CR first) gets a leading `'`.
enum CSVRenderer {
    static let lineEnd = "\r\n"

    static func render(_ document: Document) -> String {
        var records: [String] = []
        if !document.facts.isEmpty {
            records.append(document.facts.map { Escaping.csvQuoted($0.key) }.joined(separator: ","))
            records.append(document.facts.map { Escaping.csvText($0.csvValue ?? $0.value) }.joined(separator: ","))
        }
        for section in document.sections {
            for case .table(let table) in section.blocks {
                let projected = table.projected(for: .csv)
                if !records.isEmpty { records.append("") }
                records.append(projected.columns.map { Escaping.csvQuoted($0.key) }.joined(separator: ","))
                for row in projected.rows {
                    records.append(row.map { field($0, minorDigits: document.minorDigits) }.joined(separator: ","))
                }
            }
        }
        return records.joined(separator: lineEnd) + lineEnd
    }

    static func field(_ cell: Cell, minorDigits: Int) -> String {
        switch cell {
        case .text(let text): return Escaping.csvText(text)
        case .label(let key, _): return Escaping.csvText(key)
        case .link(let link): return Escaping.csvText(link.text)
        case .amount(let minor): return Figures.plain(minor, minorDigits: minorDigits)
        case .percent(let basisPoints): return BasisPoints.format(basisPoints)
        case .ratio(let basisPoints): return basisPoints.map(Figures.basisPoints) ?? ""
        case .count(let count): return String(count)
        case .empty: return ""
        }
    }
}
