/// How an incident ended. Each ending leads to Step 4 and Step 5 with words that fit it.
public enum Ending: String, Sendable, Codable, CaseIterable {
    /// Rolled back and verified (3c): the runbook's straight line.
    case rolledBack
    /// Step 0 found a forward-only migration: handed off to the data-rollback runbook.
    case handOff
    /// Step 1: the deploy did not cause the alert, so no rollback.
    case noRollback
    /// Step 2: a config-only change, mitigated by the feature-flag kill switch.
    case killSwitch
    /// 3b or 3c failed: escalated with the evidence.
    case escalate
    /// The driver left mid-incident; resume takes it up again.
    case abandoned

    public var title: String {
        switch self {
        case .rolledBack: "rolled back"
        case .handOff: "handed off to the data-rollback runbook"
        case .noRollback: "no rollback: the deploy did not cause this"
        case .killSwitch: "mitigated by the feature-flag kill switch"
        case .escalate: "escalated"
        case .abandoned: "abandoned"
        }
    }

    /// The runbook the platform team keeps for the data side of an UNSAFE Step 0.
    public static let dataRollbackRunbook = "data-rollback-postgres-pitr.md"
}
