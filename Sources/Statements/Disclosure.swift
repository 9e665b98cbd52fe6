/// How much of a statement its readers may see.
///
/// The statements a member or a treasurer prints show everything (`full`). A published site is read by
/// anyone: it shows what the network agreed to show (`published`), or only what each pod did as a whole
/// (`podTotals`, `podledger publish --private`).
public enum Disclosure: Hashable, Sendable {
    /// Everything: `podledger statement` and its JSON, the treasurer's full record.
    case full
    /// For anyone: every figure, but a sickness fund that keeps its members' health private names nobody as
    /// sick, in JSON too (its members' own accounts, benefits and settlements are left out).
    case published
    /// Pod-level figures only: no member's name, income, contribution, receipt, net, dues, own account or
    /// agreement amount (hurdle, cap, own floor, deposit, benefit level).
    case podTotals

    /// Whether members appear at all, by name and with their own figures.
    var showsMembers: Bool { self != .podTotals }
}
