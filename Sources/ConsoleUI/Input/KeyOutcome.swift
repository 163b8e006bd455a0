import RunbookEngine

/// What one key press did: the new screen state, the driver decisions to reduce and journal, and
/// whether the console should stop.
public struct KeyOutcome: Sendable, Equatable {
    public var view: ViewState
    public var events: [Event.Kind]
    public var quit: Bool
    /// A drill ends in its debrief first (the shell derives it from the drill's events and shows it).
    public var showDebrief: Bool

    public init(view: ViewState, events: [Event.Kind] = [], quit: Bool = false, showDebrief: Bool = false) {
        self.view = view; self.events = events; self.quit = quit; self.showDebrief = showDebrief
    }
}
