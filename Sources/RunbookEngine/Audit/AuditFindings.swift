import Foundation

/// A command the journal says ran (a `gateFinished` record), with what authorised it.
public struct AuditedCommand: Sendable, Equatable {
    public var step: StepID
    public var argv: [String]
    /// The `gateFinished` record's seq and the time the command finished.
    public var seq: Int
    public var ranAt: Date
    /// nil when the process did not exit on its own (timed out, or never started).
    public var exitCode: Int32?
    /// The driver's `y` that authorised it; nil when the journal holds none.
    public var confirmation: AuditConfirmation?
    /// The Step 0 override in force when it ran.
    public var override: Override?

    public var commandLine: String { GateCommand(step: step, argv: argv).commandLine }

    /// "rollback `argocd app rollback bookstore-catalog-us-east 41`", as a violation names it.
    public var name: String { "\(step.commandNoun) `\(commandLine)`" }
}

/// One `confirmed` record.
public struct AuditConfirmation: Sendable, Equatable {
    public var by: String
    public var at: Date
    public var seq: Int
}

/// Something the journal shows that the gate invariant forbids, or a sign it was edited.
public struct AuditViolation: Sendable, Equatable, CustomStringConvertible {
    public enum Rule: String, Sendable, CaseIterable {
        /// No earlier confirmation of the same step with the same argv.
        case noConfirmation = "no-confirmation"
        /// The confirmation names nobody (`by` empty): the console ignores those.
        case anonymousConfirmation = "anonymous-confirmation"
        /// The only matching confirmation had already authorised an earlier command.
        case sharedConfirmation = "shared-confirmation"
        /// A mutating command after an UNSAFE Step 0 verdict, with no override accepted.
        case unsafeWithoutOverride = "unsafe-without-override"
        /// Replaying the journal, `reduce` never asked for this command (the step was not confirmable, …).
        case notIssuedOnReplay = "not-issued-on-replay"
        /// A command recorded for a step that runs none.
        case notAGate = "not-a-gate"
        /// seq repeats, goes backwards or skips: lines were edited, moved or deleted.
        case seqOutOfOrder = "seq-out-of-order"
    }

    public var rule: Rule
    /// The record it is about.
    public var seq: Int
    public var message: String

    public var description: String { message }
}

extension StepID {
    /// How an auditor names the command a step runs.
    var commandNoun: String {
        switch self {
        case .disableAutoSync: "disable auto-sync"
        case .rollback: "rollback"
        case .terminateOp: "terminate-op"
        case .enableAutoSync: "re-enable auto-sync"
        default: "command for \(label)"
        }
    }
}
