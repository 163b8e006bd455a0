/// `?`: every key the console answers to, over the panes.
enum HelpOverlay {
    static let keys: [(String, String)] = [
        ("y", "confirm the gate in the bar (runs the command shown)"),
        ("n", "decline: nothing runs; the bar says what stays open"),
        ("Tab / Shift-Tab", "move focus to the next / previous pane"),
        ("l", "go to the Output log (commands, exit statuses, notes)"),
        ("Up/Down  j/k", "move the history cursor, or scroll the focused pane"),
        ("PgUp PgDn Home End", "scroll by a page, to the top, to the end (newest)"),
        ("Enter", "in History: ask to make it your rollback target"),
        ("r", "re-read all evidence now"),
        ("o", "override a Step 0 hard stop (app name, then a reason)"),
        ("p", "at Step 4: switch the severity, P1 or P0"),
        ("t", "at 3a: pin targetRevision instead of disabling auto-sync"),
        ("c", "copy Step 4's message to the clipboard (OSC 52)"),
        ("D", "after an ending: leave 3d for later, with a reason"),
        ("?", "show or hide this help"),
        ("q", "quit (asks y/n first while an incident is in progress)"),
        ("Esc", "close this help, a dialog or a message"),
    ]

    static func draw(_ state: ConsoleState, frame: inout Frame, glyphs: Glyphs) {
        let keyWidth = keys.map { $0.0.count }.max() ?? 0
        var lines = keys.map { key, meaning in
            TextLine([Span(ScreenText.column(key, keyWidth + 2), Style(.gateKey, bold: true)), Span(meaning, .text)])
        }
        lines.append(.blank)
        lines.append(TextLine("No Ctrl-key bindings: they stay tmux's.", .muted))
        if let training = state.view.training {
            lines.append(TextLine("Drill: h shows a hint for the step in play (-\(training.hintCost) points).", .info))
            lines.append(TextLine("The score so far is on the status line.", .info))
        }
        if state.view.replay != nil {
            lines.append(TextLine("Replay: Space pauses and plays on; s jumps to the next step.", .info))
            lines.append(TextLine("Read-only: y, n, Enter, o and r do nothing in a replay.", .warn))
        } else if state.view.readOnly != nil {
            lines.append(TextLine("Read-only: y, n, Enter, o and r do nothing while following.", .warn))
        }
        lines.append(TextLine("? or Esc closes this help.", .muted))
        let widest = lines.map { $0.text.count }.max() ?? 0
        let area = Overlay.centred(width: widest + 4, height: lines.count + 2, in: frame.area)
        frame.fill(area)
        let inner = frame.box(area, title: "Keys", role: .focusedBorder, glyphs: glyphs)
        frame.draw(lines, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), glyphs: glyphs)
    }
}

/// Dialog placement: centred, never larger than the screen.
enum Overlay {
    static func centred(width: Int, height: Int, in area: Rect) -> Rect {
        let width = min(width, area.width), height = min(height, area.height)
        return Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2,
                    width: width, height: height)
    }
}
