import Foundation
import LedgerCore
import Testing

@testable import IncomeImport

@Suite("Import rules: one test per directive")
struct ImportRulesTests {
    let sep = "\u{1F}"

    @Test func theDefaultLayoutIsTheDefaultRules() throws {
        let path = Fixtures.path("default-layout.csv")
        let written = try ImportRules(parsing: ImportRules.defaultText, file: "default.rules")
        #expect(try rows(path, rules: written) == rows(path))
        #expect(IncomeFileReader(path: path, currency: nzd).rules == .default)
    }

    @Test func encodingWindows1252() throws {
        let csv: [UInt8] = Array("date,member,amount,description\n2024-03-01,alice,1.00,".utf8) + [0x80, 0x20, 0x92, 0x20, 0x43, 0x61, 0x66, 0xE9] + [0x0A]
        let read = try rowsWithRules(Self.named + "encoding windows-1252\ndescription %description", csv)
        #expect(read.map(\.description) == ["€ \u{2019} Café"])
    }

    @Test func encodingWindows1252RefusesUndefinedBytes() {
        let csv: [UInt8] = Array("date,member,amount,description\n2024-03-01,alice,1.00,Logo".utf8) + [0x81] + [0x0A]
        #expect(errorWithRules(Self.named + "encoding windows-1252\ndescription %description", csv)
            == "FILE:2: byte 0x81 at byte offset 4 of field 4 (description) is not a character in windows-1252; check the file's encoding and the rules' encoding line")
    }

    @Test func encodingISO8859_1() throws {
        let csv: [UInt8] = Array("date,member,amount,description\n2024-03-01,alice,1.00,Caf".utf8) + [0xE9, 0x0A]
        #expect(try rowsWithRules(Self.named + "encoding latin1\ndescription %4", csv).map(\.description) == ["Café"])
        let controls: [UInt8] = Array("date,member,amount,description\n2024-03-01,alice,1.00,A".utf8) + [0x96, 0x42, 0x0A]
        #expect(errorWithRules(Self.named + "encoding iso-8859-1\ndescription %4", controls)
            == "FILE:2: byte 0x96 at byte offset 1 of field 4 (description) is a control code, not text, in iso-8859-1; the file is probably windows-1252, so set 'encoding windows-1252' in the rules")
    }

    @Test func encodingISO8859_15() throws {
        let csv: [UInt8] = Array("date,member,amount,Beschreibung\n2024-03-01,alice,1.00,3 ".utf8) + [0xA4, 0x0A]
        #expect(try rowsWithRules(Self.named + "encoding iso-8859-15\ndescription %Beschreibung", csv).map(\.description) == ["3 €"])
    }

    @Test func encodingAppliesToTheHeaderToo() throws {
        let csv: [UInt8] = [0x57, 0xE4, 0x68, 0x72, 0x75, 0x6E, 0x67] + Array(",date,member,amount\nNZD,2024-03-01,alice,1.00\n".utf8)
        #expect(try rowsWithRules(Self.named + "encoding windows-1252\ncurrency %Währung", csv).count == 1)
        #expect(errorWithRules(Self.named + "currency %Währung", csv)
            == "FILE:1: invalid UTF-8 at byte offset 1 of field 1; save the file as UTF-8, or name its encoding in an import rules file (e.g. encoding windows-1252)")
    }

    @Test func separatorAndQuote() throws {
        let semicolons = try rowsWithRules(Self.named + "separator ;\nquote '\ndescription %description",
                                           "date;member;amount;description\n2024-03-01;alice;12.00;'Design; \"print\" and ''web'''\n")
        #expect(semicolons.map(\.description) == ["Design; \"print\" and 'web'"])
        let tabs = try rowsWithRules(Self.named + "separator TAB", "date\tmember\tamount\n2024-03-01\talice\t12.00\n")
        #expect(tabs.map(\.amountMinor) == [1_200])
        let pipes = try rowsWithRules(Self.named + "separator |", "date|member|amount\n2024-03-01|alice|12.00\n")
        #expect(pipes.map(\.amountMinor) == [1_200])
    }

    @Test func skipDropsPhysicalLinesBeforeTheHeaderAndKeepsLineNumbers() throws {
        let csv = "Account \"Main\n12-3456-0123456-00\n\nDate,Member,Amount\n2024-03-01,alice,1.00\n2024-03-02,ben,2.00\n"
        let read = try rowsWithRules("skip 3\n" + Self.named, csv)
        #expect(read.map(\.line) == [5, 6])
        #expect(errorWithRules("skip 9\n" + Self.named, csv)
            == "FILE: the file has no rows after the 9 lines the rules skip; check that it is the right file and the rules' skip line")
    }

    @Test func headerNoWithColumnsByPosition() throws {
        let read = try rowsWithRules("header no\ndate %2\nmember %1\namount %3\ndescription %4",
                                     "alice,2024-03-01,10.00,First\nben,2024-03-02,20.00,Second\n")
        #expect(read.map(\.member.raw) == ["alice", "ben"])
        #expect(read.map(\.line) == [1, 2])
        #expect(errorWithRules("header no\ndate %2\nmember %1\namount %3", "alice,2024-03-01,10.00\nben,2024-03-02\n")
            == "FILE:2: the row has 2 fields but the first row has 3; give every row the same number of fields, and enclose in quotes any field that contains ','")
    }

    @Test func fieldsNamesColumnsAndAssignsTheOnesNamedAfterFields() throws {
        let read = try rowsWithRules("header no\nfields date, _, payee, memo, amount\nmember chen\ndescription %payee %memo",
                                     "2024-03-01,x,Kauri Cafe,Logo,10.00\n2024-03-02,y,Harbour Books,,20.00\n")
        #expect(read.map(\.description) == ["Kauri Cafe Logo", "Harbour Books"])
        #expect(read.map(\.amountMinor) == [1_000, 2_000])
        // With a header row too, `fields` names win and the header is skipped.
        let withHeader = try rowsWithRules("fields date, member, amount-in, amount-out\nkeep credits",
                                           "Posted,Who,In,Out\n2024-03-01,alice,10.00,\n2024-03-02,alice,,4.00\n")
        #expect(withHeader.map(\.amountMinor) == [1_000])
    }

    @Test func columnsByNameAreCaseInsensitiveAndMayBeBracedOrOptional() throws {
        let rulesText = "date %{transaction date}\nmember %WHO\namount %{Amount (NZD)}\ndescription %Notes?\nreference %{Bank ref}?"
        let read = try rowsWithRules(rulesText, " Transaction Date ,who,Amount (NZD)\n2024-03-01,alice,10.00\n")
        #expect(read == [IncomeRow(file: read[0].file, line: 2, day: day("2024-03-01"), member: member("alice"), amountMinor: 1_000,
                                   description: "", reference: nil, key: "row\(sep)2024-03-01\(sep)alice\(sep)1000\(sep)\(sep)1")])
    }

    @Test func aFixedMemberForAMembersOwnBankFile() throws {
        let read = try rowsWithRules("date %1\nmember ben\namount %2", "Date,Amount\n2024-03-01,10.00\n")
        #expect(read.map(\.member.raw) == ["ben"])
    }

    @Test func descriptionJoinedFromSeveralColumns() throws {
        let read = try rowsWithRules(Self.named + "description %Payee %Particulars %Code - paid",
                                     "date,member,amount,Payee,Particulars,Code\n2024-03-01,alice,1.00,Kauri Cafe,,INV-7\n2024-03-02,alice,2.00, ,,\n")
        #expect(read.map(\.description) == ["Kauri Cafe INV-7 - paid", "- paid"])
    }

    @Test func referenceColumnOrTemplate() throws {
        let read = try rowsWithRules(Self.named + "reference %Bank %Id",
                                     "date,member,amount,Bank,Id\n2024-03-01,alice,1.00,ASB,77\n2024-03-02,ben,2.00,,\n")
        #expect(read.map(\.reference) == ["ASB 77", nil])
        #expect(read.map(\.key) == ["ref\(sep)alice\(sep)ASB 77", "row\(sep)2024-03-02\(sep)ben\(sep)200\(sep)\(sep)1"])
    }

    @Test func dateFormat() throws {
        let read = try rowsWithRules(Self.named + "date-format %d/%m/%Y", "date,member,amount\n15/03/2024,alice,1.00\n")
        #expect(read.map(\.day) == [day("2024-03-15")])
        #expect(errorWithRules(Self.named + "date-format %d/%m/%Y", "date,member,amount\n2024-03-15,alice,1.00\n")
            == "FILE:2: invalid date '2024-03-15': write it as DD/MM/YYYY, e.g. 15/03/2024, with a real calendar day (date-format at test.rules:4)")
        #expect(errorWithRules(Self.named + "date-format %m/%d/%Y", "date,member,amount\n15/03/2024,alice,1.00\n")
            == "FILE:2: invalid date '15/03/2024': write it as MM/DD/YYYY, e.g. 03/15/2024, with a real calendar day (date-format at test.rules:4)")
    }

    @Test func decimalCommaAndThousandsSeparators() throws {
        let read = try rowsWithRules(Self.named + "separator ;\ndecimal-mark ,\nthousands-separator space",
                                     "date;member;amount\n2024-03-01;alice;1 234,56\n2024-03-02;alice;\"1\u{00A0}234,50\"\n2024-03-03;alice;1\u{202F}000,00\n")
            .map(\.amountMinor)
        #expect(read == [123_456, 123_450, 100_000])
        let dotted = try rowsWithRules(Self.named + "separator ;\ndecimal-mark ,\nthousands-separator .",
                                       "date;member;amount\n2024-03-01;alice;1.234,56\n")
        #expect(dotted.map(\.amountMinor) == [123_456])
        let commas = try rowsWithRules(Self.named + "thousands-separator ,", "date,member,amount\n2024-03-01,alice,\"1,234.56\"\n")
        #expect(commas.map(\.amountMinor) == [123_456])
    }

    @Test func amountErrorsUnderRulesPointAtTheRules() {
        #expect(errorWithRules(Self.named, "date,member,amount\n2024-03-01,alice,\"1,234\"\n")
            == "FILE:2: invalid amount '1,234' in column 'amount': ',' is neither the decimal mark '.' nor a thousands separator (none is set); write amounts like 1234.50 or -1234.50 as set in test.rules")
        #expect(errorWithRules(Self.named + "decimal-mark ,", "date,member,amount\n2024-03-01,alice,\"12,505\"\n")
            == "FILE:2: amount '12,505' has more decimals than NZD allows (2); round it in the source file")
        #expect(errorWithRules(Self.named, "date,member,amount\n2024-03-01,alice,1e3\n")
            == "FILE:2: invalid amount '1e3' in column 'amount': 'e' cannot appear in an amount; write amounts like 1234.50 or -1234.50 as set in test.rules")
        #expect(errorWithRules(Self.named, "date,member,amount\n2024-03-01,alice,99999999999999999\n")
            == "FILE:2: amount '99999999999999999' is too large to record exactly; amounts have at most 15 digits before the decimal mark")
        #expect(errorWithRules(Self.named, "date,member,amount\n2024-03-01,alice,  \n")
            == "FILE:2: the amount in column 'amount' is empty; every row needs an amount")
    }

    @Test func negativeForms() throws {
        let read = try rowsWithRules(Self.named + "negative parentheses trailing-minus",
                                     "date,member,amount\n2024-03-01,alice,(12.00)\n2024-03-02,alice,12.00-\n2024-03-03,alice,\u{2212}12.00\n2024-03-04,alice,-12.00\n")
        #expect(read.map(\.amountMinor) == [-1_200, -1_200, -1_200, -1_200])
        #expect(errorWithRules(Self.named, "date,member,amount\n2024-03-01,alice,(12.00)\n")
            == "FILE:2: invalid amount '(12.00)' in column 'amount': '(' is not allowed (negatives in parentheses are not enabled); write amounts like 1234.50 or -1234.50 as set in test.rules")
    }

    @Test func currencySymbolsAndCodesAroundTheAmount() throws {
        let read = try rowsWithRules(Self.named + "amount-symbols $ NZD €\nthousands-separator ,",
                                     "date,member,amount\n2024-03-01,alice,\"$1,234.56\"\n2024-03-02,alice,NZD 5.00\n2024-03-03,alice,7.00 €\n2024-03-04,alice,-$3.00\n")
        #expect(read.map(\.amountMinor) == [123_456, 500, 700, -300])
        #expect(errorWithRules(Self.named + "amount-symbols $ EUR", "date,member,amount\n2024-03-01,alice,1.00\n")
            == "test.rules:4: amount-symbols lists EUR, but the network's currency is NZD; only amounts in NZD can be imported")
    }

    @Test func separateCreditAndDebitColumns() throws {
        let csv = "date,member,Credit,Debit\n2024-03-01,alice,100.00,\n2024-03-02,alice,,45.00\n2024-03-03,alice,,-5.00\n2024-03-04,alice,7.00,0.00\n"
        let read = try rowsWithRules("date %date\nmember %member\ncredit %Credit\ndebit %Debit", csv)
        #expect(read.map(\.amountMinor) == [10_000, -4_500, -500, 700])
        #expect(errorWithRules("date %date\nmember %member\ncredit %Credit\ndebit %Debit", "date,member,Credit,Debit\n2024-03-01,alice,10.00,3.00\n")
            == "FILE:2: the row has both a credit '10.00' and a debit '3.00'; a row must be one or the other, so fix the export")
        #expect(errorWithRules("date %date\nmember %member\ncredit %Credit\ndebit %Debit", "date,member,Credit,Debit\n2024-03-01,alice,,\n")
            == "FILE:2: neither column 'Credit' nor column 'Debit' holds an amount; every row needs one of them")
        #expect(errorWithRules("date %date\nmember %member\namount-in %Credit", "date,member,Credit\n2024-03-01,alice,\n")
            == "FILE:2: the amount in column 'Credit' is empty; every row needs an amount")
    }

    @Test func keepCreditsSkipsMoneyOutOfAMixedExport() throws {
        let signed = try rowsWithRules(Self.named + "keep credits", "date,member,amount\n2024-03-01,alice,10.00\n2024-03-02,alice,-4.00\n2024-03-03,alice,0.00\n2024-03-04,alice,3.00\n")
        #expect(signed.map(\.line) == [2, 5])
        let columns = try rowsWithRules("date %date\nmember %member\ncredit %In\ndebit %Out\nkeep credits",
                                        "date,member,In,Out\n2024-03-01,alice,10.00,\n2024-03-02,alice,,4.00\n2024-03-03,alice,,\n")
        #expect(columns.map(\.amountMinor) == [1_000])
        // An amount that cannot be read is still an error, since it cannot be told to be money out.
        #expect(errorWithRules(Self.named + "keep credits", "date,member,amount\n2024-03-01,alice,\"-4,00\"\n")
            == "FILE:2: invalid amount '-4,00' in column 'amount': ',' is neither the decimal mark '.' nor a thousands separator (none is set); write amounts like 1234.50 or -1234.50 as set in test.rules")
    }

    @Test func currencyFixedOrByColumn() throws {
        #expect(try rowsWithRules(Self.named + "currency nzd", "date,member,amount\n2024-03-01,alice,1.00\n").count == 1)
        #expect(errorWithRules(Self.named + "currency EUR", "date,member,amount\n2024-03-01,alice,1.00\n")
            == "test.rules:4: the rules say the amounts are in EUR, but the network's currency is NZD; convert the file to NZD before importing")
        #expect(errorWithRules(Self.named + "currency %Cur", "date,member,amount,Cur\n2024-03-01,alice,1.00,NZD\n2024-03-02,alice,1.00,AUD\n")
            == "FILE:3: currency 'AUD' is not the network's currency NZD; convert the amount to NZD before importing, or remove the row")
    }

    @Test func missingAndOutOfRangeColumnsPointAtTheRules() {
        #expect(errorWithRules("date %Datum\nmember alice\namount %Betrag", "Datum,Umsatz\n2024-03-01,1.00\n")
            == "FILE:1: missing column 'Betrag' (used at test.rules:3); the header names 'Datum', 'Umsatz', so fix the name in the rules or use the column's position, as in %3")
        #expect(errorWithRules("date %1\nmember alice\namount %7", "a,b,c\n2024-03-01,1.00,x\n")
            == "FILE:1: the rules use column %7 (at test.rules:3) but the row has only 3 fields; check the separator and the column positions in the rules")
        #expect(errorWithRules("date %Date\nmember alice\namount %Amount", "Date,Amount,AMOUNT\n2024-03-01,1.00,1.00\n")
            == "FILE:1: the header names column 'Amount' more than once; rename or remove one of them")
    }

    @Test func readsARulesFileFromDisk() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("bank.rules", [0xEF, 0xBB, 0xBF] + Array("# comment\r\n; also a comment\r\n\r\ndate %1\r\nmember alice\r\namount %2\r\n".utf8))
        let loaded = try ImportRules(contentsOfFile: path)
        #expect(loaded.file == path)
        #expect(loaded.date.rulesLine == 4)
        let broken = try directory.write("broken.rules", [0x64, 0x61, 0x74, 0x65, 0x20, 0xFF])
        #expect(throws: IncomeImportError.invalidRules(file: broken, line: nil, reason: "the rules file is not valid UTF-8; save it as UTF-8 (the encoding line describes the CSV file, not the rules)")) {
            try ImportRules(contentsOfFile: broken)
        }
        let missing = directory.url.appendingPathComponent("missing.rules").path
        #expect(throws: IncomeImportError.unreadableFile(file: missing, reason: "No such file or directory")) {
            try ImportRules(contentsOfFile: missing)
        }
    }

    // MARK: Rules that are refused

    static let base = "date %1\nmember alice\namount %2\n"
    static let named = "date %date\nmember %member\namount %amount\n"

    static let refusedRules: [(String, String)] = [
        (base + "seperator ;", "test.rules:4: unknown directive 'seperator'; did you mean 'separator'?"),
        (base + "colour blue", "test.rules:4: unknown directive 'colour'; known directives are encoding, separator, quote, skip, header, fields, date, date-format, member, from, to, account, counterparty, name, pod, amount, credit, debit, keep, currency, description, reference, decimal-mark, thousands-separator, negative, amount-symbols"),
        ("date %1\ndate %2\nmember alice\namount %3", "test.rules:2: 'date' is already set at line 1; keep only one"),
        ("member alice\namount %2", "test.rules: no 'date' line; say which column holds the date, as in 'date %1' or 'date %Date'"),
        ("date %1\namount %2", "test.rules: no 'member' line; name the member column ('member %Member') or, for one member's own bank file, give their id ('member alice')"),
        ("date %1\nmember alice", "test.rules: no 'amount' line; say which column holds the amount ('amount %3'), or which hold money in and out ('credit %4' and 'debit %5')"),
        (base + "credit %3", "test.rules:3: use either 'amount' (one signed column) or 'credit' and 'debit' (money in and out), not both"),
        (base + "encoding utf-16", "test.rules:4: unknown encoding 'utf-16'; use utf-8, windows-1252, iso-8859-1 or iso-8859-15"),
        (base + "separator ab", "test.rules:4: the separator must be one ASCII punctuation character, as in 'separator ;', or TAB or SPACE"),
        (base + "separator x", "test.rules:4: the separator must be one ASCII punctuation character, as in 'separator ;', or TAB or SPACE"),
        (base + "separator ;\nquote ;", "test.rules:5: the quote character must differ from the separator"),
        (base + "separator \"", "test.rules:4: the separator must differ from the quote character '\"'"),
        (base + "quote TAB", "test.rules:4: the quote must be one ASCII punctuation character, as in 'quote \"' or \"quote '\""),
        (base + "skip many", "test.rules:4: 'skip' takes a number of lines from 0 to 1000, as in 'skip 3'"),
        (base + "header maybe", "test.rules:4: 'header' is yes or no"),
        (base + "date-format %d/%m/%y", "test.rules:4: invalid date-format '%d/%m/%y': %y (a two-digit year) is not supported because the century would be a guess; use %Y with a 4-digit year"),
        (base + "date-format %d/%m", "test.rules:4: invalid date-format '%d/%m': it must contain exactly one year (%Y), one month (%m, %-m, %b or %B) and one day (%d or %-d)"),
        (base + "date-format %d/%q/%Y", "test.rules:4: invalid date-format '%d/%q/%Y': '%q' is not a supported directive; use %Y, %m, %-m, %d, %-d, %b, %B, %H, %M or %S"),
        (base + "date-format %d/%m/%Y%", "test.rules:4: invalid date-format '%d/%m/%Y%': it ends with an incomplete directive '%'"),
        ("date %1\nmember Alice\namount %2", "test.rules:2: 'member' must be a column, as in 'member %Member', or a member id, as in 'member alice'; 'Alice' is not a valid member id (lowercase letters, digits and '-')"),
        (base + "currency XYZ", "test.rules:4: unknown currency 'XYZ': use an ISO 4217 code such as NZD, EUR, JPY or BHD"),
        (base + "decimal-mark ;", "test.rules:4: the decimal mark is '.' or ','"),
        (base + "decimal-mark ,\nthousands-separator ,", "test.rules:5: the thousands separator must differ from the decimal mark ','"),
        (base + "thousands-separator x", "test.rules:4: the thousands separator is none, ',', '.', \"'\", '_' or space (which matches U+0020, U+00A0, U+202F and U+2009)"),
        (base + "negative brackets", "test.rules:4: unknown negative form 'brackets'; use minus (-12.00, always accepted), parentheses ((12.00)) or trailing-minus (12.00-)"),
        (base + "amount-symbols $ 1$", "test.rules:4: amount symbol '1$' must not contain digits, signs, parentheses or the decimal mark"),
        (base + "keep income", "test.rules:4: 'keep' is all (every row) or credits (only money in, for a mixed account export)"),
        ("header no\ndate %Date\nmember alice\namount %2", "test.rules:2: column 'Date' is named but 'header no' says the file has no header row; use its position, as in %3, or name the columns with a 'fields' line"),
        ("fields date, amount\nmember alice\ndescription %memo", "test.rules:3: column 'memo' is not named on the 'fields' line (line 1); add it there or use its position, as in %3"),
        (base + "fields a, b, A", "test.rules:4: 'fields' names 'A' twice; give each column its own name, or _ for a column to ignore"),
        ("date %1 %2\nmember alice\namount %3", "test.rules:1: 'date' must name exactly one column, as in 'date %3' or 'date %Date'"),
        ("date Date\nmember alice\namount %3", "test.rules:1: 'date' must name exactly one column, as in 'date %3' or 'date %Date'"),
        ("date %\nmember alice\namount %3", "test.rules:1: date: '%' at the end must name a column, as in %3 or %amount (write %% for a percent sign)"),
        ("date %0\nmember alice\namount %3", "test.rules:1: date: column positions run from %1 (the first column) to %256"),
        ("date %{Date\nmember alice\namount %3", "test.rules:1: date: '%{' is not closed by '}'"),
        ("date %1\nmember alice\namount %2\ndescription %Payee % %Memo", "test.rules:4: description: '%' must be followed by a column position or name, as in %3, %amount or %{Transaction Date} (write %% for a percent sign)"),
        ("date\nmember alice\namount %2", "test.rules:1: 'date' needs a value"),
    ]

    @Test(arguments: refusedRules)
    func refusesRules(text: String, message: String) {
        #expect(rulesError(text) == message)
    }

    @Test func rulesAreOrderIndependentAndAcceptHledgerNames() throws {
        let csv = "Exported 2024-04-01\n2024-03-01,x,10.00,\n2024-03-02,y,,4.00\n"
        let a = try rowsWithRules("header no\namount-in %3\ndate %1\namount-out %4\nmember alice\nskip", csv)
        let b = try rowsWithRules("skip 1\nmember alice\ndebit %4\nheader no\ncredit %3\ndate %1", csv)
        #expect(a.map(\.amountMinor) == [1_000, -400])
        #expect(a.map(\.key) == b.map(\.key))
    }

    @Test func aPercentSignIsWrittenTwice() throws {
        let read = try rowsWithRules(Self.named + "description %%%Rate off", "date,member,amount,Rate\n2024-03-01,alice,1.00,10\n")
        #expect(read.map(\.description) == ["%10 off"])
    }
}
