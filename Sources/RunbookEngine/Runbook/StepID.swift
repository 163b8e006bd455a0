/// Every step a runbook of this console can have, in the order they are shown. Which of them a
/// runbook uses, and how, is its table's business (`RunbookTable`, `Runbook.codeRollback`).
public enum StepID: String, Sendable, Codable, CaseIterable, Comparable {
    case preflight, schema, handOff, noRollback, check, diagnose, killSwitch, abortRollout, terminateOp, disableAutoSync, syncWindowOverride, rollback,
         promoteFull, verify, escalate, enableAutoSync, communicate, postStatus, postmortem

    public static func < (lhs: StepID, rhs: StepID) -> Bool { lhs.index < rhs.index }

    public var index: Int { StepID.ordered.firstIndex(of: self)! }

    private static let ordered = allCases

    /// The step's row for its name and number: every step is in one of the two tables, with the same words.
    var row: StepRow { Runbook.codeRollback.row(self) ?? Runbook.rolloutsRollback.row(self)! }

    /// The runbook's own numbering: "0", "3a", …; Pre-flight and the endings have none.
    public var number: String { row.number }

    public var title: String { row.title }

    /// "Step 3a", or "Pre-flight".
    public var label: String { number.isEmpty ? title : "Step \(number)" }

    /// "Step 3b Roll back"; "Pre-flight" (no number, said once).
    public var fullName: String { number.isEmpty ? title : "\(label) \(title)" }

    /// Steps whose gate changes the world.
    public var isMutating: Bool { row.isMutating }

    /// The ending confirming this step leads to, if it is an ending's gate.
    public var ending: Ending? { row.ending }
}

/// The exact command a mutating gate runs: what the gate shows is what the runner gets.
public struct GateCommand: Sendable, Equatable, Codable {
    public var step: StepID
    public var argv: [String]
    public init(step: StepID, argv: [String]) { self.step = step; self.argv = argv }
    public var commandLine: String { CommandResult.commandLine(argv) }
}
