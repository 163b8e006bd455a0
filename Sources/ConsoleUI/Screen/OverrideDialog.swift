/// Going past a Step 0 hard stop: the app name typed exactly, then a reason. Never journaled
/// until both are in; while it is open every key goes to it.
public struct OverrideDialog: Sendable, Equatable {
    public enum Stage: Sendable, Equatable { case typingApp, typingReason }

    public var stage: Stage
    public var typedApp: String
    public var reason: String
    /// Why the last Enter was not accepted, shown inside the dialog.
    public var problem: String?

    public init(stage: Stage = .typingApp, typedApp: String = "", reason: String = "", problem: String? = nil) {
        self.stage = stage; self.typedApp = typedApp; self.reason = reason; self.problem = problem
    }

    /// Longest input kept: a name or a reason, not a paste of a log.
    static let maxLength = 200
}
