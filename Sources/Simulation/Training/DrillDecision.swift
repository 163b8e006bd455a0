import Foundation
import RunbookEngine

/// One decision the trainee made, as the journal holds it: what a debrief scores, rather than what
/// the console prevented on its own.
public struct DrillDecision: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `y` on a gate, honoured by the console.
        case confirmed(StepID)
        /// `n` on a gate.
        case declined(StepID)
        /// Enter, then `y`, on a History row: a new rollback target.
        case choseTarget(HistoryID)
        /// Typed the app name and a reason past Step 0's UNSAFE verdict.
        case overrode
        /// Ended the drill with the runbook open here (nil: nothing was open yet), or at Step 0's hard stop.
        case stopped(at: StepID?, atHardStop: Bool)
    }

    public var kind: Kind
    public var at: Date

    public init(_ kind: Kind, at: Date) { self.kind = kind; self.at = at }

    /// "y on Step 3b Roll back", "stopped at Step 0's hard stop".
    public var text: String {
        switch kind {
        case .confirmed(let step): "y on \(step.fullName)"
        case .declined(let step): "n on \(step.fullName)"
        case .choseTarget(let id): "made history \(id) the rollback target"
        case .overrode: "overrode Step 0's UNSAFE verdict"
        case .stopped(_, true): "stopped at Step 0's hard stop"
        case .stopped(let step?, false): "stopped at \(step.fullName)"
        case .stopped(nil, false): "stopped before any step opened"
        }
    }
}
