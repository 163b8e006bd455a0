/// The scrolling panes' lines, so the key map scrolls as far as there is something to see.
enum PaneContent {
    /// Lines a pane holds at the narrowest layout (where it holds the most).
    static func lineCount(_ pane: Pane, _ state: ConsoleState) -> Int {
        let width = ScreenLayout(size: ScreenLayout.minimum).rect(pane).inner.width
        switch pane {
        case .application: return ApplicationPane.lines(state, width: width, glyphs: .ascii).count
        case .migrations: return MigrationsPane.lines(state, width: width, glyphs: .ascii).count
        case .runbook: return RunbookPane.lines(state, width: width, glyphs: .ascii).count
        case .output: return OutputPane.lines(state, width: width, glyphs: .ascii).count
        case .history: return HistoryRows(state).lines.count
        case .latency: return 1
        }
    }
}
