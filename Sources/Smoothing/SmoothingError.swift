import LedgerCore

/// Errors of the Smoothing module: what a caller asked for cannot be applied. Bugs are preconditions instead.
public enum SmoothingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A simulation override names a pod the network does not have.
    case unknownPod(PodID)
    /// A simulation override names a member the network does not have (or not in the pod in scope).
    case unknownMember(MemberID)
    /// An override does not fit the network, e.g. `floor` for a pod that has no floor and none is given.
    case overrideNotApplicable(String)
    /// The overridden settings break a network rule (a percent out of range, a negative amount…).
    case invalidSettings(LedgerCoreError)

    public var description: String {
        switch self {
        case .unknownPod(let pod):
            return "unknown pod '\(pod)': give the id of a pod of the network (see `podledger network show`)"
        case .unknownMember(let member):
            return "unknown member '\(member)': give the id of a member of the network (see `podledger network show`)"
        case .overrideNotApplicable(let reason):
            return reason
        case .invalidSettings(let error):
            return "the simulated settings are not valid: \(error)"
        }
    }
}
