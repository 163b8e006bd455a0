/// The override dialog: the app name typed exactly, then a reason; both journaled with the driver's name.
enum OverrideDialogView {
    static func draw(_ state: ConsoleState, _ dialog: OverrideDialog, frame: inout Frame, glyphs: Glyphs) {
        let app = state.runbook.config?.app ?? ""
        let width = min(frame.size.width - 4, max(64, app.count + 40))
        let room = width - 4
        var lines: [TextLine] = [
            TextLine("This goes past an UNSAFE migration verdict. Your name and reason", Style(.danger, bold: true)),
            TextLine("are journaled and go into the postmortem.", Style(.danger, bold: true)),
            .blank,
            TextLine("1. Type the app name (\(app)):", dialog.stage == .typingApp ? Style(.text, bold: true) : Style(.muted)),
            field(dialog.typedApp, active: dialog.stage == .typingApp, room: room, glyphs: glyphs),
            TextLine("2. Why go on anyway:", dialog.stage == .typingReason ? Style(.text, bold: true) : Style(.muted)),
            field(dialog.reason, active: dialog.stage == .typingReason, room: room, glyphs: glyphs),
            .blank,
        ]
        if let problem = dialog.problem { lines.append(TextLine("\(glyphs.warn) \(problem)", Style(.warn, bold: true))) }
        lines.append(TextLine([Span("[Enter]", Style(.gateKey, bold: true)), Span(dialog.stage == .typingApp ? " next   " : " override   "),
                               Span("[Esc]", Style(.gateKey, bold: true)), Span(" cancel")]))
        let area = Overlay.centred(width: width, height: lines.count + 2, in: frame.area)
        frame.fill(area)
        let inner = frame.box(area, title: "Override Step 0", role: .danger, glyphs: glyphs)
        frame.draw(lines, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), glyphs: glyphs)
    }

    /// An input line: the end of what was typed (so the cursor end stays visible) and a cursor mark.
    private static func field(_ text: String, active: Bool, room: Int, glyphs: Glyphs) -> TextLine {
        let visible = max(1, room - 4)
        let shown = text.count > visible ? String(text.suffix(visible)) : text
        var line = TextLine("> ", Style(.accent, bold: true))
        line.append(shown, Style(.text, bold: active))
        if active { line.append("_", Style(.accent, bold: true)) }
        return line
    }
}
