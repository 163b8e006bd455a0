import RunbookEngine

/// A drill's debrief as the screen shows it: typed parts, each drawn in the style its meaning calls
/// for (a missed target, a mistake, the score), never styled by what a line happens to say.
public struct DebriefSheet: Sendable, Equatable {
    public struct Timing: Sendable, Equatable {
        public var label: String
        /// "1 min 10 s (runbook: 30 s – 2 min) — within target".
        public var value: String
        /// nil when the runbook sets no target for it.
        public var withinTarget: Bool?
        public init(label: String, value: String, withinTarget: Bool?) {
            self.label = label; self.value = value; self.withinTarget = withinTarget
        }
    }

    public struct Mistake: Sendable, Equatable {
        public var title: String
        public var times: Int
        public var detail: String
        /// The runbook's own words.
        public var reason: String
        public init(title: String, times: Int, detail: String, reason: String) {
            self.title = title; self.times = times; self.detail = detail; self.reason = reason
        }
    }

    public var drill: String
    public var intended: String
    public var ending: String
    public var metIntent: Bool
    /// The decision the drill is about as the trainee made it; nil: never made.
    public var decision: String?
    /// Why it counts as none, when `decision` is nil.
    public var noDecision: String
    public var lesson: String?
    public var timings: [Timing]
    /// No rollback ran, so there is no time to mitigate.
    public var noRollback: Bool
    public var mistakes: [Mistake]
    public var mistakeCost: Int
    public var hints: [StepID]
    public var hintCost: Int
    public var score: Int

    public init(drill: String, intended: String, ending: String, metIntent: Bool, decision: String?, noDecision: String = "none made",
                lesson: String?, timings: [Timing], noRollback: Bool, mistakes: [Mistake], mistakeCost: Int,
                hints: [StepID], hintCost: Int, score: Int) {
        self.drill = drill; self.intended = intended; self.ending = ending; self.metIntent = metIntent
        self.decision = decision; self.noDecision = noDecision; self.lesson = lesson; self.timings = timings
        self.noRollback = noRollback; self.mistakes = mistakes; self.mistakeCost = mistakeCost
        self.hints = hints; self.hintCost = hintCost; self.score = score
    }
}
