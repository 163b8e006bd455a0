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
    /// Points so far (hints and mistakes made), shown on the status line while the drill runs.
    public var score: Int
    /// The debrief, once the drill has ended: any of q, Enter, Esc then leaves.
    public var debrief: DebriefSheet?

    public struct Hint: Sendable, Equatable {
        public var step: StepID
        public var text: String
    }

    public init(drill: String, hints: [StepID: String], hintCost: Int, score: Int = 100, hint: Hint? = nil, debrief: DebriefSheet? = nil) {
        self.drill = drill; self.hints = hints; self.hintCost = hintCost; self.score = score; self.hint = hint; self.debrief = debrief
    }
}
