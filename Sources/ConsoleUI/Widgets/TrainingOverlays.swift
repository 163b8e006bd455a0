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
        let inner = frame.box(area, title: "Hint: \(hint.step.name)  (-\(cost) points)", role: .warn, glyphs: glyphs)
        frame.draw(text.map { TextLine($0) }, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), glyphs: glyphs)
    }

    static func drawDebrief(_ sheet: DebriefSheet, frame: inout Frame, glyphs: Glyphs) {
        let area = frame.area
        let wanted = min(area.width, 100)
        var text = debriefLines(sheet, width: max(10, wanted - 4), glyphs: glyphs)
        text.append(.blank)
        text.append(TextLine("q, Enter or Esc: leave the drill (the debrief is written next to the journal)", .muted))
        let box = Overlay.centred(width: wanted, height: text.count + 2, in: area)
        frame.fill(box)
        let inner = frame.box(box, title: "Debrief: \(sheet.drill)", role: .focusedBorder, glyphs: glyphs)
        frame.draw(text, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), glyphs: glyphs)
    }

    /// The sheet's parts, wrapped to `width`, each in the style its meaning takes.
    static func debriefLines(_ sheet: DebriefSheet, width: Int, glyphs: Glyphs) -> [TextLine] {
        func wrapped(_ text: String, _ style: Style = .text, indent: String = "") -> [TextLine] {
            ScreenText.wrap(text, width: max(1, width - indent.count)).enumerated().map { index, line in
                TextLine((index == 0 ? "" : indent) + line, style)
            }
        }
        var lines = wrapped("Intended: \(sheet.intended)")
        lines += wrapped("You: \(sheet.ending) — \(sheet.metIntent ? "as the runbook says" : "NOT what the runbook calls for")",
                         sheet.metIntent ? Style(.ok) : Style(.warn, bold: true))
        lines += wrapped("Your decision: \(sheet.decision ?? sheet.noDecision)", sheet.decision == nil ? Style(.warn, bold: true) : .text)
        if let lesson = sheet.lesson { lines += wrapped("Lesson: \(lesson)", Style(.info), indent: "  ") }
        lines.append(.blank)
        for timing in sheet.timings {
            lines += wrapped("\(timing.label): \(timing.value)", timing.withinTarget == false ? Style(.warn) : .text)
        }
        if sheet.noRollback { lines.append(TextLine("No rollback ran.")) }
        lines.append(.blank)
        if sheet.mistakes.isEmpty {
            lines.append(TextLine("Mistakes: none", .ok))
        } else {
            lines.append(TextLine("Mistakes (−\(sheet.mistakeCost) each):"))
            for mistake in sheet.mistakes {
                let times = mistake.times > 1 ? " ×\(mistake.times)" : ""
                lines += wrapped("  \(glyphs.cross) \(mistake.title)\(times): \(mistake.detail)", Style(.danger), indent: "    ")
                lines += wrapped("    why: \(mistake.reason)", indent: "    ")
            }
        }
        let hints = sheet.hints.isEmpty ? "" : " (−\(sheet.hintCost) each: \(sheet.hints.map(\.label).joined(separator: ", ")))"
        lines.append(TextLine("Hints used: \(sheet.hints.count)\(hints)"))
        lines.append(.blank)
        lines.append(TextLine("Score: \(sheet.score)/100", Style(.gateKey, bold: true)))
        return lines
    }
}
