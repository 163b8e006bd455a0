import RunbookEngine

/// A viewer (a follower, a replay) sees the driver's screen, but the driver's own prompts ("Press y
/// when you are ready") are not theirs: they read about the driver, in the third person.
enum ViewerWording {
    /// The engine's notes that speak to the person at the keys, and how a viewer reads each.
    static let prompts: [(prompt: String, viewer: @Sendable (String) -> String)] = [
        ("Press y when you are ready to go on.", { "\($0) goes on with y when ready." }),
        ("Override refused: type the app name exactly and give a reason.",
         { "Override refused: \($0) must type the app name exactly and give a reason." }),
    ]

    static func note(_ text: String, driver: String) -> String {
        prompts.reduce(text) { text, rule in text.replacingOccurrences(of: rule.prompt, with: rule.viewer(driver)) }
    }

    /// The state as a viewer's screen shows it: the driver's notes reworded; the driver's own screen as it is.
    static func forViewer(_ state: ConsoleState) -> ConsoleState {
        guard let followed = state.view.readOnly else { return state }
        let driver = followed.isEmpty ? state.runbook.driver : followed
        var shown = state
        let reworded = { (note: Note) -> Note in
            var note = note
            note.text = Self.note(note.text, driver: driver)
            return note
        }
        shown.runbook.notes = state.runbook.notes.map(reworded)
        shown.runbook.log = state.runbook.log.mappingNotes(reworded)
        return shown
    }
}
