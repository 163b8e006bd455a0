import RunbookEngine

/// Everything `render` draws: the runbook's truth and the screen's own state.
public struct ConsoleState: Sendable, Equatable {
    public var runbook: RunbookState
    public var view: ViewState

    public init(runbook: RunbookState, view: ViewState = ViewState()) {
        self.runbook = runbook; self.view = view
    }
}
