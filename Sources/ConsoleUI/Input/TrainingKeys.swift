import RunbookEngine

/// `train`'s own keys: `h` for a hint on the step in play; at the debrief, only leaving.
enum TrainingKeys {
    /// The debrief is modal: q, Enter or Esc leave the drill; everything else waits.
    static func answerDebrief(_ key: Key, _ view: ViewState) -> KeyOutcome {
        switch key {
        case .character("q"), .enter, .escape: KeyOutcome(view: view, quit: true)
        default: KeyOutcome(view: view)
        }
    }

    static func hint(_ view: ViewState, _ state: ConsoleState, by driver: String) -> KeyOutcome {
        var view = view
        guard var training = view.training else { return KeyOutcome(view: view) }
        let runbook = state.runbook
        guard let step = runbook.gateStep ?? runbook.firstOpenStep else {
            view.message = "No step in play: nothing to hint."
            return KeyOutcome(view: view)
        }
        training.hint = TrainingView.Hint(step: step, text: training.hints[step] ?? "No hint for \(step.label).")
        view.training = training
        return KeyOutcome(view: view, events: [.hintShown(step: step, by: driver)])
    }
}
