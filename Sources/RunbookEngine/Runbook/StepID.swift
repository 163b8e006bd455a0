/// The runbook's steps, in the order the console drives them.
public enum StepID: String, Sendable, Codable, CaseIterable, Comparable {
    case preflight, schema, check, diagnose, disableAutoSync, rollback, verify, enableAutoSync, communicate, postmortem

    public static func < (lhs: StepID, rhs: StepID) -> Bool { lhs.index < rhs.index }

    public var index: Int { StepID.allCases.firstIndex(of: self)! }

    /// The runbook's own numbering: "0", "3a", …; Pre-flight has none.
    public var number: String {
        switch self {
        case .preflight: ""
        case .schema: "0"
        case .check: "1"
        case .diagnose: "2"
        case .disableAutoSync: "3a"
        case .rollback: "3b"
        case .verify: "3c"
        case .enableAutoSync: "3d"
        case .communicate: "4"
        case .postmortem: "5"
        }
    }

    public var title: String {
        switch self {
        case .preflight: "Pre-flight"
        case .schema: "Schema compatibility"
        case .check: "Check the app"
        case .diagnose: "Diagnose"
        case .disableAutoSync: "Disable auto-sync"
        case .rollback: "Roll back"
        case .verify: "Verify"
        case .enableAutoSync: "Re-enable auto-sync"
        case .communicate: "Communicate"
        case .postmortem: "Postmortem"
        }
    }

    /// "Step 3a", or "Pre-flight".
    public var label: String { number.isEmpty ? title : "Step \(number)" }

    /// Steps whose gate changes the world.
    public var isMutating: Bool { [.disableAutoSync, .rollback, .enableAutoSync].contains(self) }
}

/// The exact command a mutating gate runs: what the gate shows is what the runner gets.
public struct GateCommand: Sendable, Equatable, Codable {
    public var step: StepID
    public var argv: [String]
    public init(step: StepID, argv: [String]) { self.step = step; self.argv = argv }
    public var commandLine: String { CommandResult.commandLine(argv) }
}
