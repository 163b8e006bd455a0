import RunbookEngine

/// Where everything goes for one state at one size, and the lines whose count shapes it: `render`
/// draws from it, and `update` scrolls the Output pane by what that pane really shows.
struct ScreenPlan {
    let layout: ScreenLayout
    let barLines: [TextLine]
    let topLines: [TextLine]
    let stopLines: [TextLine]

    init(_ state: ConsoleState, size: Size, glyphs: Glyphs) {
        let runbook = state.runbook
        let width = size.width
        barLines = ConfirmBar.lines(state, width: width, glyphs: glyphs)
        // At a hard stop the Migrations pane holds the reason: it gets its rows before History does.
        topLines = Banners.lines(state, width: width, glyphs: glyphs)
        stopLines = Banners.hardStopLines(state, width: width)
        let stopHeight = stopLines.isEmpty ? 0 : stopLines.count + 2
        let leftWidth = Self.leftWidth(state, width: width, glyphs: glyphs)
        let runbookWidth = ScreenLayout.textArea(Rect(x: 0, y: 0, width: width - leftWidth, height: 3)).width
        let runbookRows = RunbookPane.lines(state, width: runbookWidth, height: .max, glyphs: glyphs).count
        layout = ScreenLayout(size: size, bannerHeight: topLines.count + stopHeight, barHeight: max(2, barLines.count),
                              historyRows: max(3, runbook.app.value?.history.count ?? 3),
                              runbookRows: runbookRows, migrationsFirst: runbook.hardStop != nil, leftWidth: leftWidth,
                              outputMinimum: runbook.log.entries.isEmpty ? 3 : 5)
    }

    /// Width is shared by content: on a wide screen the left column grows to show its evidence whole
    /// (a full image digest, a migration's path) while the right keeps half the screen and at least
    /// 120 columns; the Runbook pane wraps what it cannot fit on one line.
    static func leftWidth(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> Int {
        let base = ScreenLayout.baseLeftWidth(width)
        guard width >= 120 else { return base }
        let wide = 1000
        let left = (ApplicationPane.lines(state, width: wide, glyphs: glyphs) + MigrationsPane.lines(state, width: wide, glyphs: glyphs))
            .map { ScreenText.clean($0.text, glyphs).count }.max() ?? 0
        // Borders and a column of air on each side.
        return max(base, min(left + 4, width - max(width / 2, 120)))
    }

    /// The Output pane's text area.
    var outputArea: Rect { ScreenLayout.textArea(layout.rect(.output).inner) }
}
