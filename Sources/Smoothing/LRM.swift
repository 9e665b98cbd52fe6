/// Largest-remainder allocation (SPEC §5, "LRM"): every split in the calculator goes through here.
///
/// `LRM(T, w)`: `q_i = T·w_i` in 128 bits, `base_i = q_i ÷ W` with `W = Σw_i`, `rem_i = q_i mod W`;
/// the `T − Σbase_i` leftover units go one each to the parties with the largest `rem_i`, ties to the
/// smaller id. With `W = 0` (or `T = 0`) nothing is allocated.
///
/// Properties relied on elsewhere: the shares sum to `T` exactly (when `W > 0`); a party with weight 0
/// gets 0; when `T ≤ W` no party gets more than its weight (so paying needs never overpays).
public enum LRM {
    /// Allocates `total` over `weights`, keyed by id. Every id of `weights` is a key (0 where nothing goes).
    ///
    /// - Precondition: `total ≥ 0`, every weight `≥ 0`, ids distinct, `Σweights` fits in `Int64`.
    public static func allocate<ID: Hashable & Comparable>(_ total: Int64, weights: [(id: ID, weight: Int64)]) -> [ID: Int64] {
        let shares = allocateInOrder(total, weights: weights)
        var result: [ID: Int64] = [:]
        result.reserveCapacity(weights.count)
        for (index, party) in weights.enumerated() { result[party.id] = shares[index] }
        return result
    }

    /// The same allocation as `allocate`, returned in the order of `weights`.
    public static func allocateInOrder<ID: Comparable>(_ total: Int64, weights: [(id: ID, weight: Int64)]) -> [Int64] {
        precondition(total >= 0, "LRM allocates a non-negative total, got \(total)")
        var weightTotal: Int64 = 0
        for party in weights {
            precondition(party.weight >= 0, "LRM weights must not be negative, got \(party.weight)")
            let (sum, overflow) = weightTotal.addingReportingOverflow(party.weight)
            precondition(!overflow, "LRM weights overflow Int64")
            weightTotal = sum
        }
        var shares = [Int64](repeating: 0, count: weights.count)
        guard weightTotal > 0, total > 0 else { return shares }

        var remainders = [Int64](repeating: 0, count: weights.count)
        var allocated: Int64 = 0
        for (index, party) in weights.enumerated() {
            let (base, remainder) = weightTotal.dividingFullWidth(total.multipliedFullWidth(by: party.weight))
            shares[index] = base
            remainders[index] = remainder
            allocated += base
        }
        let leftover = total - allocated
        guard leftover > 0 else { return shares }
        // Largest remainder first; ties to the smaller id.
        let order = weights.indices.sorted { lhs, rhs in
            if remainders[lhs] != remainders[rhs] { return remainders[lhs] > remainders[rhs] }
            precondition(weights[lhs].id != weights[rhs].id, "LRM ids must be distinct")
            return weights[lhs].id < weights[rhs].id
        }
        // leftover < number of parties with a non-zero remainder, so weight-0 parties never get a unit.
        for index in order.prefix(Int(leftover)) { shares[index] += 1 }
        return shares
    }

    /// `total` split equally over `ids`: `total ÷ n` each and one more to the first `total mod n` ids (in id order).
    public static func allocateEqually<ID: Comparable>(_ total: Int64, ids: [ID]) -> [Int64] {
        allocateInOrder(total, weights: ids.map { (id: $0, weight: 1) })
    }
}
