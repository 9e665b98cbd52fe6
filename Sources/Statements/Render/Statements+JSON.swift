import LedgerCore
import Smoothing

extension PodStatement {
    /// The POD object of SPEC §4.1, with `month` and `currency`, plus fields that explain the figures.
    var json: JSON { json(disclosure: .full) }

    /// The POD object as `disclosure` allows: `.published` leaves out, for a sickness fund that keeps its
    /// members' health private, each member's figures but the deposit (`contribution`), and the settlements
    /// between members; `.podTotals` leaves out `members`, `settlement` and the members' dues (the pod's totals
    /// and its dues toward the network stay). Every field left is as in the full object.
    func json(disclosure: Disclosure) -> JSON {
        let digits = currency.minorDigits
        let membersShown = disclosure.showsMembers
        // What the statement a member reads names (see `document`): a fund that keeps the sick private shows no
        // member's account, benefit or settlement.
        let memberFiguresShown = disclosure == .full || (membersShown && (fund?.terms.showsSickNames ?? true))
        func amount(_ minor: Int64) -> JSON { .string(Figures.plain(minor, minorDigits: digits)) }
        var fields: [(String, JSON)] = [
            ("pod", .string(pod.raw)),
            ("name", .string(name)),
            ("month", .string(month.description)),
            ("currency", .string(currency.code)),
            ("policy", .string(policy.name)),
        ]
        switch policy {
        case .floor(let floorMinor): fields.append(("floor", amount(floorMinor)))
        case .average(let window): fields.append(("window", .integer(window)))
        case .equal: break
        case .sickness(let terms): fields += PolicyText.sicknessJSON(terms)
        }
        let fundLines = Dictionary(uniqueKeysWithValues: (fund?.lines ?? []).map { ($0.member, $0) })
        fields += [
            ("surplus", surplus.map { .string($0.rawValue) } ?? .null),
            ("reserve_target", amount(reserveTargetMinor)),
            ("preview", .bool(preview)),
            ("revised", .bool(revised)),
            ("fingerprint", fingerprint.map { .string($0.description) } ?? .null),
        ]
        if membersShown {
            fields.append(("members", .array(members.map { line in
                guard memberFiguresShown else {
                    return .object([("member", .string(line.member.raw)), ("name", .string(line.name)), ("contribution", amount(line.contributionMinor))])
                }
                return .object([
                    ("member", .string(line.member.raw)),
                    ("name", .string(line.name)),
                    ("income", amount(line.incomeMinor)),
                    ("pledge_percent", .string(BasisPoints.format(line.pledgeBasisPoints))),
                    ("hurdle", amount(line.hurdleMinor)),
                    ("cap", line.capMinor.map(amount) ?? .null),
                    ("contribution", amount(line.contributionMinor)),
                    ("need", amount(line.needMinor)),
                    ("received_from_pod", amount(line.receivedFromPodMinor)),
                    ("received_from_network", amount(line.receivedFromNetworkMinor)),
                    ("received", amount(line.receivedMinor)),
                    ("net", amount(line.netMinor)),
                    ("unmet", amount(line.unmetMinor)),
                ] + (fundLines[line.member].map { fundLine in
                    // SPEC §7's member fields. JSON is the treasurer's full record: the statements people read (text,
                    // Markdown, CSV, HTML) leave the sick unnamed unless the fund allows it.
                    [("account_opening", amount(fundLine.fund.accountOpeningMinor)), ("account_closing", amount(fundLine.fund.accountClosingMinor)),
                     ("gift", amount(fundLine.fund.giftMinor)), ("benefit", amount(fundLine.fund.benefitMinor)),
                     ("refund", amount(fundLine.fund.refundMinor)), ("sick", .bool(fundLine.fund.sick))]
                } ?? []))
            })))
        }
        fields += [
            ("income", amount(incomeMinor)),
            ("contributions", amount(contributionsMinor)),
            ("reserve_opening", amount(reserveOpeningMinor)),
            ("expenses_due", amount(costs.expensesDueMinor)),
            ("expenses", amount(costs.expensesMinor)),
            ("expenses_from_pool", amount(costs.expensesFromPoolMinor)),
            ("expenses_from_reserve", amount(costs.expensesFromReserveMinor)),
            ("expenses_carried", amount(costs.expensesCarriedMinor)),
            ("expense_items", .array(expenseLines.map { line in
                .object([("date", .string(line.day.description)), ("description", .string(line.description)),
                         ("reference", line.reference.map(JSON.string) ?? .null), ("amount", amount(line.amountMinor))])
            })),
            ("levy_due", amount(costs.levyDueMinor)),
            ("levy_carried_in", amount(costs.levyCarriedInMinor)),
            ("levy", amount(costs.levyMinor)),
            ("levy_from_pool", amount(costs.levyFromPoolMinor)),
            ("levy_from_reserve", amount(costs.levyFromReserveMinor)),
            ("levy_carried", amount(costs.levyCarriedMinor)),
            ("tier_bonus", amount(costs.tierBonusMinor)),
            ("reserve_draw", amount(reserveDrawMinor)),
            ("reserve_deposit", amount(reserveDepositMinor)),
            ("surplus_to_reserve", amount(surplusToReserveMinor)),
            ("reserve_closing", amount(reserveClosingMinor)),
            ("to_network", amount(toNetworkMinor)),
            ("from_network", amount(fromNetworkMinor)),
            ("unmet", amount(unmetMinor)),
        ]
        if memberFiguresShown { fields.append(("settlement", transfersJSON(settlement))) }
        fields.append(("outstanding", outstanding.map { outstanding in
            func balance(_ dues: Dues.Balance, _ extra: [(String, JSON)]) -> JSON {
                .object(extra + [("due", amount(dues.dueMinor)), ("paid", amount(dues.paidMinor)), ("outstanding", amount(dues.outstandingMinor)),
                                 ("oldest_unpaid", dues.oldestUnpaid.map { .string($0.description) } ?? .null)])
            }
            guard memberFiguresShown else {
                return .object([("as_of", .string(outstanding.asOf.description)), ("network", balance(outstanding.network, []))])
            }
            return .object([
                ("as_of", .string(outstanding.asOf.description)),
                ("members", .array(outstanding.members.map { balance($0.dues, [("member", .string($0.member.raw)), ("name", .string($0.name))]) })),
                ("network", balance(outstanding.network, [])),
                ("settlement", transfersJSON(outstanding.transfers)),
            ])
        } ?? .null))
        return .object(fields)
    }

    private func transfersJSON(_ transfers: [Transfer]) -> JSON {
        let digits = currency.minorDigits
        return .array(transfers.map { transfer in
            .object([
                ("from", .string(transfer.from.id)),
                ("from_name", .string(displayName(of: transfer.from))),
                ("to", .string(transfer.to.id)),
                ("to_name", .string(displayName(of: transfer.to))),
                ("amount", .string(Figures.plain(transfer.amountMinor, minorDigits: digits))),
            ])
        })
    }
}

extension NetworkStatement {
    /// `{"month", "currency", "pods": [POD...], "network": {...}}`: the shape of `redistribute --format json`.
    var json: JSON { json(disclosure: .full) }

    /// Each pod as `PodStatement.json(disclosure:)` gives it.
    func json(disclosure: Disclosure) -> JSON {
        let digits = currency.minorDigits
        func amount(_ minor: Int64) -> JSON { .string(Figures.plain(minor, minorDigits: digits)) }
        return .object([
            ("month", .string(month.description)),
            ("currency", .string(currency.code)),
            ("preview", .bool(preview)),
            ("fingerprint", fingerprint.map { .string($0.description) } ?? .null),
            ("share_percent", .string(BasisPoints.format(networkShareBasisPoints))),
            ("pods", .array(pods.map { $0.json(disclosure: disclosure) })),
            ("network", .object([
                ("reserve_opening", amount(reserveOpeningMinor)),
                ("from_pods", amount(fromPodsMinor)),
                ("to_pods", amount(toPodsMinor)),
                ("reserve_closing", amount(reserveClosingMinor)),
            ])),
        ])
    }
}

extension MemberStatement {
    var json: JSON {
        let digits = currency.minorDigits
        func amount(_ minor: Int64) -> JSON { .string(Figures.plain(minor, minorDigits: digits)) }
        func totalsJSON(_ totals: Totals, extra: [(String, JSON)]) -> JSON {
            .object(extra + [
                ("months", .integer(totals.monthsCount)),
                ("income", amount(totals.incomeMinor)),
                ("contribution", amount(totals.contributionMinor)),
                ("received", amount(totals.receivedMinor)),
                ("net", amount(totals.netMinor)),
            ])
        }
        func worstJSON(_ worst: WorstMonth) -> JSON {
            .object([("month", .string(worst.month.description)), ("amount", amount(worst.amountMinor))])
        }
        func ratioJSON(_ basisPoints: Int64?) -> JSON { basisPoints.map { .string(Figures.basisPoints($0)) } ?? .null }
        return .object([
            ("member", .string(member.raw)),
            ("name", .string(name)),
            ("currency", .string(currency.code)),
            ("from", .string(from.description)),
            ("through", .string(through.description)),
            ("fingerprint", fingerprint.map { .string($0.description) } ?? .null),
            ("months", .array(months.map { line in
                .object([
                    ("month", .string(line.month.description)),
                    ("pod", .string(line.pod.raw)),
                    ("preview", .bool(line.preview)),
                    ("income", amount(line.incomeMinor)),
                    ("contribution", amount(line.contributionMinor)),
                    ("received_from_pod", amount(line.receivedFromPodMinor)),
                    ("received_from_network", amount(line.receivedFromNetworkMinor)),
                    ("received", amount(line.receivedMinor)),
                    ("net", amount(line.netMinor)),
                ])
            })),
            ("year_to_date", totalsJSON(yearToDate, extra: [("year", .integer(through.year))])),
            ("totals", totalsJSON(totals, extra: [])),
            ("outstanding", outstanding.map { outstanding in
                .object([
                    ("pod", .string(outstanding.pod.raw)), ("as_of", .string(outstanding.asOf.description)),
                    ("due", amount(outstanding.dues.dueMinor)), ("paid", amount(outstanding.dues.paidMinor)),
                    ("outstanding", amount(outstanding.dues.outstandingMinor)),
                    ("oldest_unpaid", outstanding.dues.oldestUnpaid.map { .string($0.description) } ?? .null),
                ])
            } ?? .null),
            ("settlement", settlement.map { settlement in
                func lines(_ lines: [MonthSettlement.Line], _ party: String) -> JSON {
                    .array(lines.map { .object([(party, .string($0.party.id)), (party + "_name", .string($0.name)), ("amount", amount($0.amountMinor))]) })
                }
                return .object([
                    ("month", .string(settlement.month.description)), ("pod", .string(settlement.pod.raw)), ("preview", .bool(settlement.preview)),
                    ("pays", lines(settlement.pays, "to")), ("receives", lines(settlement.receives, "from")),
                ])
            } ?? .null),
            ("fund", fund.map { fund in
                let line = fund.line
                return .object([
                    ("month", .string(fund.month.description)),
                    ("benefit_level", amount(line.benefitLevelMinor)), ("deposit", amount(line.depositMinor)),
                    ("account_opening", amount(line.fund.accountOpeningMinor)), ("gift", amount(line.fund.giftMinor)),
                    ("benefit", amount(line.fund.benefitMinor)), ("refund", amount(line.fund.refundMinor)),
                    ("account_closing", amount(line.fund.accountClosingMinor)), ("sick", .bool(line.fund.sick)),
                    ("sick_from", line.sickFrom.map { .string($0.description) } ?? .null),
                    ("benefit_month", line.benefitMonth.map { .integer($0) } ?? .null),
                    ("benefit_months_left", line.benefitMonthsLeft.map { .integer($0) } ?? .null),
                    ("benefit_starts", line.benefitStarts.map { .string($0.description) } ?? .null),
                ])
            } ?? .null),
            ("volatility", volatility.map { figures in
                var fields: [(String, JSON)] = [
                    ("months", .integer(figures.monthsCount)),
                    ("mean_income", amount(figures.meanIncomeMinor)),
                    ("mean_net", amount(figures.meanNetMinor)),
                    ("swing_before_percent", ratioJSON(figures.coefficientOfVariationBeforeBasisPoints)),
                    ("swing_after_percent", ratioJSON(figures.coefficientOfVariationAfterBasisPoints)),
                ]
                switch volatilityThreshold {
                case .floor(let floorMinor): fields.append(("floor", amount(floorMinor)))
                case .zero: fields.append(("floor", amount(0)))
                case .mixed: fields.append(("floor", .null))
                }
                fields += [
                    ("months_below_floor_before", .integer(figures.monthsBelowFloorBefore)),
                    ("months_below_floor_after", .integer(figures.monthsBelowFloorAfter)),
                    ("worst_month_before", worstJSON(figures.worstMonthBefore)),
                    ("worst_month_after", worstJSON(figures.worstMonthAfter)),
                ]
                return .object(fields)
            } ?? .null),
        ])
    }
}
