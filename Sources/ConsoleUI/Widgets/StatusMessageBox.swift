import RunbookEngine

/// Step 4's message on screen, whole and wrapped, over the left column (whose evidence Step 4 no longer
/// needs; the bar and the Runbook row stay uncovered, so the gate can still be shown whole). Each part
/// — the channel's message, and for a P0 the tenant contacts' text and the status page's entry — has its
/// own heading, so nobody pastes the wrong one.
enum StatusMessageBox {
    /// While Step 4 is in play: its gate is the one in the bar, or its file is being written.
    static func isShown(_ runbook: RunbookState) -> Bool {
        guard runbook.config != nil else { return false }
        if runbook.gateStep == .communicate { return true }
        if case .running = runbook.status(.communicate) { return true }
        return false
    }

    /// The lines at `width`: headings and the wrapped text of each part.
    static func lines(_ runbook: RunbookState, width: Int, glyphs: Glyphs) -> [TextLine] {
        let message = StatusMessage(runbook)
        var lines: [TextLine] = []
        for (index, part) in message.parts.enumerated() {
            if index > 0 { lines.append(TextLine(String(repeating: glyphs.horizontal, count: max(1, width)), .muted)) }
            lines += TextLine("\(index + 1)/\(message.parts.count) \(ScreenText.clean(part.audience, glyphs))", Style(.accent, bold: true))
                .wrapped(width: width, indent: 4)
            lines += TextLine(ScreenText.clean(part.text, glyphs)).wrapped(width: width, indent: 0)
        }
        return lines
    }

    static func title(_ runbook: RunbookState, cut: Bool) -> String {
        let severity = runbook.severity
        let switchKey = runbook.status(.communicate).isFinished ? "" : "  p: make it \(severity.toggled.rawValue)"
        return "Step 4 message — \(severity.rawValue)\(switchKey)" + (cut ? "  Tab here, j/k scroll" : "")
    }

    /// How far the box at the last drawn size can scroll (the lines it cannot show at once).
    static func maxScroll(_ state: ConsoleState, glyphs: Glyphs) -> Int {
        guard let size = state.view.screenSize, ScreenLayout.fits(size) else { return 0 }
        let rect = ScreenPlan(state, size: size, glyphs: glyphs).layout.leftColumn
        let inside = Rect(x: rect.x + 1, y: rect.y + 1, width: max(0, rect.width - 2), height: max(0, rect.height - 2))
        let area = ScreenLayout.textArea(inside)
        return max(0, lines(state.runbook, width: area.width, glyphs: glyphs).count - area.height)
    }

    /// Draws the box over `rect`; the view's `messageScroll` says where it is scrolled to.
    static func draw(_ state: ConsoleState, in rect: Rect, frame: inout Frame, glyphs: Glyphs) {
        guard rect.width >= 4, rect.height >= 3 else { return }
        let focused = Pane.column(.left).contains(state.view.focus)
        frame.fill(rect)
        let area = ScreenLayout.textArea(Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2))
        let lines = lines(state.runbook, width: area.width, glyphs: glyphs)
        frame.box(rect, title: title(state.runbook, cut: lines.count > area.height), focused: focused, glyphs: glyphs)
        let offset = min(max(0, state.view.messageScroll), max(0, lines.count - area.height))
        frame.draw(lines, in: area, offset: offset, glyphs: glyphs)
        let below = lines.count - offset - area.height
        let label = below > 0 ? " +\(below) more " : offset > 0 ? " \(offset) above " : nil
        if let label, rect.width > label.count + 4 {
            frame.put(label, x: rect.maxX - 2 - label.count, y: below > 0 ? rect.maxY - 1 : rect.y, style: Style(.muted))
        }
    }
}
