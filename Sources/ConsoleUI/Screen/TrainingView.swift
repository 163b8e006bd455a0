import RunbookEngine

/// The trainee layer `train` adds: the drill's hints, the hint on screen, and the debrief at the end.
/// nil in every other mode, so `h` does nothing there.
public struct TrainingView: Sendable, Equatable {
    public var drill: String
    /// The hint for each step, as the drill words it.
    public var hints: [StepID: String]
    /// What one hint costs, said on screen before the trainee spends it.
    public var hintCost: Int
    /// The hint on screen until the next key.
    public var hint: Hint?
    /// The debrief, once the drill has ended: any of q, Enter, Esc then leaves.
    public var debrief: [String]?

    public struct Hint: Sendable, Equatable {
        public var step: StepID
        public var text: String
    }

    public init(drill: String, hints: [StepID: String], hintCost: Int, hint: Hint? = nil, debrief: [String]? = nil) {
        self.drill = drill; self.hints = hints; self.hintCost = hintCost; self.hint = hint; self.debrief = debrief
    }
}
