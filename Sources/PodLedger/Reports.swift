import LedgerCore
import LedgerStore

/// Text of the small reports (import summary, balances, register, network): pure functions of values.
enum Column {
    static func right(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Names from files are shown without control characters (no ANSI escapes reach the terminal).
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            !($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
        }))
    }
}

public enum BalanceReport {
    public static func render(_ balances: [AccountBalance], currency: Currency, month: Month?, format: String) -> String {
        let digits = currency.minorDigits
        let total = balances.reduce(Int64(0)) { $0 + $1.balanceMinor }
        switch format {
        case "json":
            let rows = balances.map {
                JSONText.object([("account", JSONText.quote($0.account.description)),
                                 ("balance", JSONText.quote(Money.format($0.balanceMinor, minorDigits: digits)))])
            }
            return JSONText.object([
                ("currency", JSONText.quote(currency.code)),
                ("through", month.map { JSONText.quote($0.description) } ?? "null"),
                ("accounts", JSONText.array(rows)),
                ("total", JSONText.quote(Money.format(total, minorDigits: digits))),
            ]) + "\n"
        case "csv":
            return "account,balance\r\n" + balances.map {
                "\($0.account),\(Money.format($0.balanceMinor, minorDigits: digits))\r\n"
            }.joined()
        default:
            let amounts = balances.map { Money.format($0.balanceMinor, minorDigits: digits) + " " + currency.code }
            let width = max(16, (amounts.map(\.count).max() ?? 0))
            var out = ""
            for (balance, amount) in zip(balances, amounts) {
                out += Column.right(amount, width) + "  " + balance.account.description + "\n"
            }
            out += String(repeating: "-", count: width) + "\n"
            out += Column.right(Money.format(total, minorDigits: digits) + " " + currency.code, width) + "\n"
            return out
        }
    }
}

public enum RegisterReport {
    public static func header() -> String {
        Column.left("entry", 7) + Column.left("date", 11) + Column.left("description", 34) + Column.left("account", 28)
            + Column.right("amount", 12) + Column.right("total", 14) + "\n"
    }

    public static func line(_ posting: PostingLine, runningMinor: Int64, currency: Currency) -> String {
        let date = posting.day?.description ?? posting.month.description
        var description = Column.clean(posting.description)
        if description.count > 32 { description = String(description.prefix(31)) + "…" }
        return Column.left("#\(posting.entryID)", 7) + Column.left(date, 11) + Column.left(description, 34)
            + Column.left(posting.account.description, 28)
            + Column.right(Money.format(posting.amountMinor, minorDigits: currency.minorDigits), 12)
            + Column.right(Money.format(runningMinor, minorDigits: currency.minorDigits), 14) + "\n"
    }
}

public enum NetworkReport {
    /// Groups consecutive months with the same version into one block.
    public static func text(_ months: [NetworkMonth]) -> String {
        var out = ""
        var index = 0
        while index < months.count {
            var end = index
            while end + 1 < months.count && months[end + 1].effectiveFrom == months[index].effectiveFrom { end += 1 }
            let settings = months[index].settings
            let digits = settings.currency.minorDigits
            out += "\(months[index].month)..\(months[end].month)  (version effective from \(months[index].effectiveFrom))\n"
            out += "  currency \(settings.currency.code), network share \(BasisPoints.format(settings.shareBasisPoints))%\n"
            for pod in settings.pods {
                let policy: String
                switch pod.policy {
                case .floor(let floor): policy = "floor \(Money.format(floor, minorDigits: digits))"
                case .average(let window): policy = "average over \(window) months"
                case .equal: policy = "equal"
                }
                out += "  pod \(pod.id) \"\(Column.clean(pod.name))\": \(policy), reserve target \(Money.format(pod.reserveTargetMinor, minorDigits: digits)), surplus \(pod.surplus.rawValue)\n"
                for member in settings.members where member.pod == pod.id {
                    var terms = "pledge \(BasisPoints.format(member.pledgeBasisPoints))%"
                    if member.hurdleMinor > 0 { terms += ", hurdle \(Money.format(member.hurdleMinor, minorDigits: digits))" }
                    if let cap = member.capMinor { terms += ", cap \(Money.format(cap, minorDigits: digits))" }
                    let span = member.left.map { "\(member.joined)..\($0)" } ?? "from \(member.joined)"
                    let active = (index...end).filter { member.isActive(in: months[$0].month) }.count
                    out += "    \(Column.left(member.id.raw, 12)) \(Column.left(Column.clean(member.name), 22)) \(terms); \(span)\(active == 0 ? " (not active in these months)" : "")\n"
                }
            }
            index = end + 1
        }
        return out
    }

    public static func json(_ months: [NetworkMonth]) -> String {
        let items = months.map { entry -> String in
            let settings = entry.settings
            let digits = settings.currency.minorDigits
            let pods = settings.pods.map { pod -> String in
                var fields: [(String, String)] = [
                    ("id", JSONText.quote(pod.id.raw)), ("name", JSONText.quote(pod.name)),
                    ("policy", JSONText.quote(pod.policy.name)),
                ]
                switch pod.policy {
                case .floor(let floor): fields.append(("floor", JSONText.quote(Money.format(floor, minorDigits: digits))))
                case .average(let window): fields.append(("window", String(window)))
                case .equal: break
                }
                fields += [
                    ("reserve_target", JSONText.quote(Money.format(pod.reserveTargetMinor, minorDigits: digits))),
                    ("surplus", JSONText.quote(pod.surplus.rawValue)),
                    ("members", JSONText.array(settings.activeMembers(of: pod.id, in: entry.month).map { member in
                        JSONText.object([
                            ("id", JSONText.quote(member.id.raw)), ("name", JSONText.quote(member.name)),
                            ("pledge_percent", JSONText.quote(BasisPoints.format(member.pledgeBasisPoints))),
                            ("hurdle", JSONText.quote(Money.format(member.hurdleMinor, minorDigits: digits))),
                            ("cap", member.capMinor.map { JSONText.quote(Money.format($0, minorDigits: digits)) } ?? "null"),
                            ("joined", JSONText.quote(member.joined.description)),
                            ("left", member.left.map { JSONText.quote($0.description) } ?? "null"),
                        ])
                    })),
                ]
                return JSONText.object(fields)
            }
            return JSONText.object([
                ("month", JSONText.quote(entry.month.description)),
                ("effective_from", JSONText.quote(entry.effectiveFrom.description)),
                ("currency", JSONText.quote(settings.currency.code)),
                ("share_percent", JSONText.quote(BasisPoints.format(settings.shareBasisPoints))),
                ("pods", JSONText.array(pods)),
            ])
        }
        return JSONText.object([("months", JSONText.array(items))]) + "\n"
    }
}
