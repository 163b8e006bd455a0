import RunbookEngine

/// What one key press did: the new screen state, the driver decisions to reduce and journal, and
/// whether the console should stop.
public struct KeyOutcome: Sendable, Equatable {
    public var view: ViewState
    public var events: [Event.Kind]
    public var quit: Bool
    /// A drill ends in its debrief first (the shell derives it from the drill's events and shows it).
    public var showDebrief: Bool
    /// Text for the terminal's clipboard (`c`: Step 4's message), sent by the screen as OSC 52.
    public var copy: String?

    public init(view: ViewState, events: [Event.Kind] = [], quit: Bool = false, showDebrief: Bool = false, copy: String? = nil) {
        self.view = view; self.events = events; self.quit = quit; self.showDebrief = showDebrief; self.copy = copy
    }
}
