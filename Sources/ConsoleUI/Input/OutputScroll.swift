/// Scrolling the Output log: by the lines the last frame showed, pinned to the newest line at the bottom.
enum OutputScroll {
    /// The Output pane's first line after moving `delta` lines; nil when that reaches the bottom, which
    /// pins it there again so new output stays in view.
    static func moved(_ view: ViewState, _ state: ConsoleState, by delta: Int) -> Int? {
        let size = view.screenSize.flatMap { ScreenLayout.fits($0) ? $0 : nil } ?? ScreenLayout.minimum
        let (count, height) = ScreenPlan(state, size: size, glyphs: .unicode).outputExtent(state, glyphs: .unicode)
        let bottom = max(0, count - height)
        let first = OutputPane.firstLine(view, lineCount: count, height: height)
        let target = delta < 0 ? max(0, first + max(delta, -first)) : first + min(delta, bottom - first)
        return target >= bottom ? nil : target
    }
}
