import ConsoleUI
import Simulation

extension DebriefSheet {
    /// The screen's copy of a drill's debrief: the same typed parts the Markdown file is written from.
    init(_ debrief: Debrief) {
        self.init(drill: debrief.scenario, intended: debrief.intendedText, ending: debrief.endingText, metIntent: debrief.metIntent,
                  decision: debrief.decisive.map { _ in debrief.decisiveText }, noDecision: debrief.decisiveText,
                  lesson: debrief.lesson,
                  timings: debrief.timings.map { Timing(label: $0.label, value: $0.valueText, withinTarget: $0.withinTarget) },
                  noRollback: debrief.timeToDecide == nil,
                  mistakes: debrief.mistakes.map { Mistake(title: $0.title, times: $0.times, detail: $0.detail, reason: $0.reason) },
                  mistakeCost: Simulation.Mistake.cost, hints: debrief.hints, hintCost: Hints.cost, score: debrief.score)
    }
}
