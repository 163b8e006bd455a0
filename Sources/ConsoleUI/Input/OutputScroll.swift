import RunbookEngine

/// Scrolling the Output log by lines, at the size the last frame had; reaching the newest line pins
/// it there again so new output stays in view. Only the items crossed are laid out.
enum OutputScroll {
    static func moved(_ view: ViewState, _ state: ConsoleState, by delta: Int) -> OutputAnchor? {
        let size = view.screenSize.flatMap { ScreenLayout.fits($0) ? $0 : nil } ?? ScreenLayout.minimum
        let area = ScreenPlan(state, size: size, glyphs: .unicode).outputArea
        let (first, items) = OutputPane.items(state.runbook)
        var cache: [Int: Int] = [:]
        func count(_ index: Int) -> Int {
            if let known = cache[index] { return known }
            let lines = OutputPane.lines(items[index], state, width: area.width, glyphs: .unicode).count
            cache[index] = lines
            return lines
        }
        let start = OutputPane.window(state, width: area.width, height: area.height, glyphs: .unicode).start
        var index = min(max(0, start.entry - first), items.count - 1), line = start.line
        var left = delta
        while left < 0 {
            if line > 0 {
                let step = min(line, -left)
                line -= step; left += step
            } else if index > 0 {
                index -= 1; line = max(0, count(index) - 1); left += 1
            } else { break }
        }
        while left > 0 {
            let last = max(0, count(index) - 1)
            if line < last {
                let step = min(last - line, left)
                line += step; left -= step
            } else if index + 1 < items.count {
                index += 1; line = 0; left -= 1
            } else { break }
        }
        let pinned = OutputPane.bottomStart(items.count, height: area.height, count)
        return (index, line) >= pinned ? nil : OutputAnchor(entry: first + index, line: line)
    }
}
