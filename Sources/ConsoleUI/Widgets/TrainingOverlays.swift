import RunbookEngine

/// The trainee layer on screen: a hint box above the confirmation bar, the debrief over everything.
enum TrainingOverlays {
    static func drawHint(_ hint: TrainingView.Hint, cost: Int, above bar: Rect, frame: inout Frame, glyphs: Glyphs) {
        let width = frame.area.width
        let text = ScreenText.wrap(hint.text, width: max(10, width - 4))
        let height = min(text.count + 2, max(0, bar.y))
        guard height >= 3 else { return }
        let area = Rect(x: 0, y: bar.y - height, width: width, height: height)
        frame.fill(area)
        let inner = frame.box(area, title: "Hint: \(hint.step.label) \(hint.step.title)  (-\(cost) points)", role: .warn, glyphs: glyphs)
        frame.draw(text.map { TextLine($0) }, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), glyphs: glyphs)
    }

    static func drawDebrief(_ lines: [String], drill: String, frame: inout Frame, glyphs: Glyphs) {
        let area = frame.area
        let wanted = min(area.width, 100)
        let body = lines.flatMap { line in line.isEmpty ? [""] : ScreenText.wrap(line, width: max(10, wanted - 4)) }
        var text = body.map { line -> TextLine in
            if line.hasPrefix("Score:") { return TextLine(line, Style(.gateKey, bold: true)) }
            if line.contains("✗") { return TextLine(line, .danger) }
            if line.contains("NOT what the runbook") || line.contains("over target") { return TextLine(line, .warn) }
            return TextLine(line)
        }
        text.append(.blank)
        text.append(TextLine("q, Enter or Esc: leave the drill (the debrief is written next to the journal)", .muted))
        let box = Overlay.centred(width: wanted, height: text.count + 2, in: area)
        frame.fill(box)
        let inner = frame.box(box, title: "Debrief: \(drill)", role: .focusedBorder, glyphs: glyphs)
        frame.draw(text, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), glyphs: glyphs)
    }
}
