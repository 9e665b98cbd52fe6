import LedgerCore

/// One member's month in a sickness fund (SPEC §7): their own account, what they gave, got and got back.
public struct FundLine: Hashable, Sendable {
    /// The own account before the month's deposit.
    public let accountOpeningMinor: Int64
    /// The own account after gifts and refunds.
    public let accountClosingMinor: Int64
    /// What the member gave from their account toward this month's benefits (donors only).
    public let giftMinor: Int64
    /// The benefit the member received (recipients only; less than their level when the fund was short).
    public let benefitMinor: Int64
    /// What came back from the account: the excess over the cap, or everything when the member leaves.
    public let refundMinor: Int64
    /// Sick in the month (waiting or receiving).
    public let sick: Bool
    /// Receiving the benefit this month.
    public let recipient: Bool
}

extension Calculator {
    /// A sickness fund's month (SPEC §7): deposits into own accounts, gifts from the donors' accounts by LRM over
    /// their benefit levels until the recipients' benefits are covered or the accounts are empty, benefits cut
    /// by LRM when short, the cap refund and the leaver's refund. No expenses, levy or network flows.
    static func computeSicknessFund(_ pod: PodSettings, terms: SicknessTerms, members settings: [MemberSettings], input: MonthInput) -> PodWork {
        var work = PodWork(settings: pod, reserveOpeningMinor: 0)
        var accounts: [Int64] = []
        var isSick: [Bool] = []
        var isRecipient: [Bool] = []
        for member in settings {
            let level = member.sickness!
            let opening = input.ownAccountOpeningMinor[member.id] ?? 0
            precondition(opening >= 0, "member '\(member.id)': the own account's opening balance is negative")
            work.members.append(MemberWork(id: member.id, pledgeBasisPoints: 0, incomeMinor: input.incomeMinor[member.id] ?? 0,
                                           contributionMinor: level.depositMinor))
            accounts.append(opening + level.depositMinor)
            let sickFrom = input.sickFrom[member.id]
            isSick.append(sickFrom != nil)
            isRecipient.append(sickFrom.map { terms.isRecipient(sickFrom: $0, in: input.month) } ?? false)
        }
        let openings = settings.map { input.ownAccountOpeningMinor[$0.id] ?? 0 }
        work.reserveOpeningMinor = openings.reduce(0, +)
        work.contributionsMinor = work.members.reduce(0) { $0 + $1.contributionMinor }

        // Steps 3–4: gifts from donors with money left, by benefit level, until the benefits are covered.
        let benefits = settings.map { $0.sickness!.benefitMinor }
        let total = settings.indices.reduce(Int64(0)) { $0 + (isRecipient[$1] ? benefits[$1] : 0) }
        var rest = total
        var gifts = [Int64](repeating: 0, count: settings.count)
        while rest > 0 {
            let donors = settings.indices.filter { !isSick[$0] && accounts[$0] > 0 }
            guard !donors.isEmpty else { break }
            let asked = LRM.allocateInOrder(rest, weights: donors.map { (id: settings[$0].id, weight: benefits[$0]) })
            for (position, index) in donors.enumerated() {
                let gift = min(asked[position], accounts[index])
                accounts[index] -= gift
                gifts[index] += gift
                rest -= gift
            }
        }
        let paid = rest == 0 ? settings.indices.map { isRecipient[$0] ? benefits[$0] : 0 }
            : LRM.allocateInOrder(total - rest, weights: settings.indices.map { (id: settings[$0].id, weight: isRecipient[$0] ? benefits[$0] : 0) })

        // Steps 5–6: the excess over the cap, or the whole account of a member who leaves, goes back.
        var lines: [FundLine] = []
        for (index, member) in settings.enumerated() {
            let cap = member.sickness!.depositMinor * Int64(terms.accountCapMonths)
            let refund = member.left == input.month ? accounts[index] : max(0, accounts[index] - cap)
            accounts[index] -= refund
            work.members[index].needMinor = isRecipient[index] ? benefits[index] : 0
            work.members[index].needPaidMinor = paid[index]
            work.members[index].surplusShareMinor = refund
            lines.append(FundLine(accountOpeningMinor: openings[index], accountClosingMinor: accounts[index], giftMinor: gifts[index],
                                  benefitMinor: paid[index], refundMinor: refund, sick: isSick[index], recipient: isRecipient[index]))
        }
        for index in work.members.indices { work.members[index].fund = lines[index] }
        work.reserveClosingMinor = accounts.reduce(0, +)
        return work
    }
}
