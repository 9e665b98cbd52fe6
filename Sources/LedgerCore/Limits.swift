/// Limits on everything that comes from outside, checked at the edge.
///
/// They are generous for real pods and networks and stop a bad file from exhausting memory or time.
public enum Limits {
    /// Longest CSV field, in bytes, before a row is refused.
    public static let fieldBytesMax = 64 * 1024
    /// Most fields in one CSV row.
    public static let fieldsPerRowMax = 256
    /// Most rows in one `import` command (all files together).
    public static let importRowsMax = 50_000_000
    /// Longest description kept for an income row, in characters.
    public static let descriptionCharactersMax = 1_000
    /// Longest reference, in characters.
    public static let referenceCharactersMax = 200
    /// Longest display name of a pod or member, in characters.
    public static let nameCharactersMax = 200
    /// Longest pod or member id, in characters.
    public static let idCharactersMax = 64
    /// Most members in one pod.
    public static let membersPerPodMax = 100
    /// Most pods in a network.
    public static let podsMax = 100_000
    /// Largest network file, in bytes; a larger regular file is refused unread. 60,000 pods of five
    /// members, every optional key written, take 50 MB (and 940 MB of memory to apply in a debug build);
    /// `podsMax` pods so written would take 84 MB, but few keys are needed, and the limit bounds memory.
    public static let networkFileBytesMax = 64 * 1024 * 1024
    /// Deepest nesting of arrays, tables and dotted keys in a network file, checked before toml++ parses
    /// it (toml++ recurses on nesting: it overflowed its stack at 50,000 dotted key parts). A real network
    /// file nests 5 deep (the values of `[[pod.member]]` tables).
    public static let networkFileNestingMax = 32
    /// Longest averaging window, in months.
    public static let windowMonthsMax = 120
    /// Most reserve tiers of one pod.
    public static let tiersPerPodMax = 20
    /// Most one ledger records from outside: the sum of the magnitudes of every income row (10^17 minor
    /// units: a quadrillion dollars in cents). With every setting's amount under `settingAmountMinorMax`
    /// and at most `membersPerPodMax` members a pod, every total the calculator, the ledger and the
    /// reports form stays below 10^18, well inside 64 bits (about 9.2 × 10^18), so no sum can overflow.
    public static let volumeMinorMax: Int64 = 100_000_000_000_000_000
    /// Most any amount in the network file (floor, hurdle, cap, reserve target): 10^15 minor units.
    public static let settingAmountMinorMax: Int64 = 1_000_000_000_000_000
    /// Digits accepted before the decimal mark in an amount.
    public static let amountIntegerDigitsMax = 15
    /// Earliest and latest year accepted in a date.
    public static let yearMin = 1900
    public static let yearMax = 2999
}
