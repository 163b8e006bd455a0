/// A runbook as a value: its steps in the order the console shows them, each with what it needs,
/// how its gate is confirmed and how its evidence is judged. `advance`, `confirm`, the audit, the
/// simulator's hints and the debrief all read the same rows.
public struct RunbookTable: Sendable {
    public let name: String
    public let rows: [StepRow]
    public let steps: [StepID]
    /// The rows by `StepID.index` (nil where this runbook has no such step), and its ending gates.
    private let byIndex: [StepRow?]
    public let endingSteps: [(step: StepID, ending: Ending)]

    init(name: String, rows: [StepRow]) {
        self.name = name
        self.rows = rows
        steps = rows.map(\.step)
        byIndex = StepID.allCases.map { step in rows.first { $0.step == step } }
        endingSteps = rows.compactMap { row in row.ending.map { (row.step, $0) } }
    }

    public func row(_ step: StepID) -> StepRow? { byIndex[step.index] }
}

/// What `y` on a step does.
public enum GateKind: Sendable {
    /// Nothing runs: `y` vouches for the evidence on screen.
    case evidence
    /// Runs one command, built from the state; the result is judged from fresh reads afterwards.
    case command(CommandGate)
    /// Writes a text for people (Step 4's status update, Step 5's postmortem draft).
    case writes(WrittenText)
    /// Ends the incident this way (nothing runs); the next steps are the ones the ending keeps.
    case ending(Ending)
    /// Posts Step 4's channel message to the status webhook (the body shown at the gate, exactly).
    case post
}

public enum WrittenText: Sendable { case statusUpdate, postmortem }

/// A mutating gate: the exact argv, the checks that refuse it, and what it records first.
public struct CommandGate: Sendable {
    /// The argv, or nil while it cannot be built (no target yet).
    public var argv: @Sendable (RunbookState) -> [String]?
    /// Why a confirmation is refused even though it matches the screen (checked in `reduce`).
    public var refusal: @Sendable (RunbookState) -> String?
    /// What the state remembers the moment the command is confirmed (to judge or undo it later).
    public var before: @Sendable (inout RunbookState) -> Void
    /// The status while fresh reads judge what the command did.
    public var checking: String
}

/// One row of a runbook. A class so the rules can pass rows around without copying every closure.
public final class StepRow: Sendable {
    public let step: StepID
    /// The runbook's own number ("3a"); empty for Pre-flight and the endings.
    public let number: String
    public let title: String
    /// Steps that must be settled (finished, or a branch that does not apply) before this one opens.
    public let after: [StepID]
    /// More than settled predecessors: what else must hold for the step to open (Step 4 needs an ending).
    public let needs: (@Sendable (RunbookState) -> Bool)?
    /// A branch: whether it applies now. A branch that does not apply is settled and not shown.
    public let offered: (@Sendable (RunbookState) -> Bool)?
    /// Whether the step stays open once an ending is chosen (Step 4, Step 5, and 3d while auto-sync is off).
    public let survivesEnding: (@Sendable (RunbookState) -> Bool)?
    public let gate: GateKind
    /// The status the evidence gives an open step (nil: leave it as it is).
    public let judge: @Sendable (inout RunbookState, inout [Effect]) -> StepStatus?
    /// What `n` does besides saying so: nil keeps the gate open; a branch takes the other way here.
    public let onDecline: (@Sendable (inout RunbookState, inout [Effect], String) -> Void)?
    /// For a gate that runs nothing: what `y` starts instead of finishing the step (the kill switch's
    /// watch), after which `judge` keeps judging the running step.
    public let onConfirm: (@Sendable (inout RunbookState, inout [Effect]) -> Void)?

    init(step: StepID, number: String, title: String, after: [StepID],
         needs: (@Sendable (RunbookState) -> Bool)? = nil, offered: (@Sendable (RunbookState) -> Bool)? = nil,
         survivesEnding: (@Sendable (RunbookState) -> Bool)? = nil, gate: GateKind,
         judge: @escaping @Sendable (inout RunbookState, inout [Effect]) -> StepStatus?,
         onDecline: (@Sendable (inout RunbookState, inout [Effect], String) -> Void)? = nil,
         onConfirm: (@Sendable (inout RunbookState, inout [Effect]) -> Void)? = nil) {
        self.step = step; self.number = number; self.title = title; self.after = after; self.needs = needs
        self.offered = offered; self.survivesEnding = survivesEnding; self.gate = gate; self.judge = judge
        self.onDecline = onDecline; self.onConfirm = onConfirm
        isMutating = if case .command = gate { true } else { false }
        writes = if case .writes = gate { true } else { false }
        ending = if case .ending(let ending) = gate { ending } else { nil }
    }

    public let isMutating: Bool
    public let writes: Bool
    public let ending: Ending?

    public var isBranch: Bool { offered != nil }
}

