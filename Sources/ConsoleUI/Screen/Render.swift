import RunbookEngine

/// The whole screen for one state and one size: pure, so every resize is simply a new call.
/// Below 80×24 it says so in the middle; at any size, including 0×0, it returns a frame.
public func render(_ state: ConsoleState, size: Size, glyphs: Glyphs) -> Frame {
    let state = ViewerWording.forViewer(state)
    let size = Size(width: max(0, size.width), height: max(0, size.height))
    var frame = Frame(size: size)
    guard ScreenLayout.fits(size) else {
        TooSmall.draw(size, state.view, frame: &frame, glyphs: glyphs)
        return frame
    }
    let width = size.width
    let plan = ScreenPlan(state, size: size, glyphs: glyphs)
    let (layout, barLines, topLines, stopLines) = (plan.layout, plan.barLines, plan.topLines, plan.stopLines)
    let stopHeight = stopLines.isEmpty ? 0 : stopLines.count + 2

    frame.draw(topLines, in: layout.banner, glyphs: glyphs)
    if stopHeight > 0 {
        let box = Rect(x: 0, y: layout.banner.y + topLines.count, width: width,
                       height: min(stopHeight, layout.banner.height - topLines.count))
        let inner = frame.box(box, title: "\(glyphs.cross) HARD STOP: Step 0 found an UNSAFE migration", role: .danger, glyphs: glyphs)
        frame.draw(stopLines, in: Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height), glyphs: glyphs)
    }

    var gateRowShown = false
    for pane in Pane.allCases {
        let showsCurrent = drawPane(pane, state, layout.rect(pane), &frame, glyphs)
        if pane == .runbook { gateRowShown = showsCurrent }
    }

    if StatusMessageBox.isShown(state.runbook) {
        StatusMessageBox.draw(state, in: layout.leftColumn, frame: &frame, glyphs: glyphs)
    }

    frame.fill(layout.bar, with: Cell(" ", style: Style(.gateBar)))
    frame.draw(barLines.map { $0.onBar }, in: layout.bar, glyphs: glyphs)
    frame.draw(StatusLine.line(state, width: width, glyphs: glyphs), x: 0, y: layout.status.y, width: width, glyphs: glyphs)

    if let training = state.view.training, let hint = training.hint {
        TrainingOverlays.drawHint(hint, cost: training.hintCost, above: layout.bar, frame: &frame, glyphs: glyphs)
    }
    if let training = state.view.training, let debrief = training.debrief {
        TrainingOverlays.drawDebrief(debrief, frame: &frame, glyphs: glyphs)
    } else if let dialog = state.view.overrideDialog {
        OverrideDialogView.draw(state, dialog, frame: &frame, glyphs: glyphs)
    } else if state.view.showHelp {
        HelpOverlay.draw(state, frame: &frame, glyphs: glyphs)
    }
    frame.shownGate = shownGate(state, barFits: barLines.count <= layout.bar.height, gateRowShown: gateRowShown)
    return frame
}

/// The gate this frame shows whole: the bar with every line of its command or meaning, the gate's row
/// in the Runbook pane, and no dialog, help or question drawn over them (nor the bar taken by one).
private func shownGate(_ state: ConsoleState, barFits: Bool, gateRowShown: Bool) -> ShownGate? {
    let view = state.view
    guard let gate = state.runbook.gateStep, barFits, gateRowShown, !view.quitPending, !view.showHelp, view.targetQuestion == nil,
          view.overrideDialog == nil, view.deferReason == nil, view.training?.debrief == nil, view.training?.hint == nil else { return nil }
    return ShownGate(step: gate, argv: state.runbook.gateCommand(for: gate)?.argv ?? [])
}

/// Draws one pane; for the Runbook pane, says whether the step in play has its row on screen.
@discardableResult
private func drawPane(_ pane: Pane, _ state: ConsoleState, _ rect: Rect, _ frame: inout Frame, _ glyphs: Glyphs) -> Bool {
    guard rect.height >= 2, rect.width >= 2 else { return false }
    let focused = state.view.focus == pane
    let inside = frame.box(rect, title: title(pane, state, focused: focused), focused: focused, glyphs: glyphs)
    let area = ScreenLayout.textArea(inside)
    guard !area.isEmpty else { return false }
    switch pane {
    case .history:
        HistoryPane.draw(state, in: area, frame: &frame, glyphs: glyphs)
        return false
    case .latency:
        LatencyChart.draw(state, in: area, frame: &frame, glyphs: glyphs)
        return false
    default:
        break
    }
    if pane == .output {
        let window = OutputPane.window(state, width: area.width, height: area.height, glyphs: glyphs)
        frame.draw(window.lines, in: area, glyphs: glyphs)
        if window.below > 0 { moreMark("+\(window.below) below", rect: rect, bottom: true, &frame, glyphs) }
        if window.above > 0 { moreMark("\(window.above) entries above", rect: rect, bottom: false, &frame, glyphs) }
        return false
    }
    let lines: [TextLine]
    var current: Int?
    switch pane {
    case .application: lines = ApplicationPane.lines(state, width: area.width, glyphs: glyphs)
    case .migrations: lines = MigrationsPane.lines(state, width: area.width, glyphs: glyphs)
    case .runbook: (lines, current) = RunbookPane.rows(state, width: area.width, height: area.height, glyphs: glyphs)
    default: return false
    }
    var offset = min(state.view.scrollOffset(pane), max(0, lines.count - area.height))
    if pane == .runbook, state.view.scrollOffset(pane) == 0, lines.count > area.height, let current {
        // Keep the step in play on screen when the pane is shorter than the runbook.
        offset = min(max(0, current - area.height / 2), lines.count - area.height)
    }
    frame.draw(lines, in: area, offset: offset, glyphs: glyphs)
    let below = lines.count - offset - area.height
    if below > 0 { moreMark("+\(below) more", rect: rect, bottom: true, &frame, glyphs) }
    if offset > 0 { moreMark("\(offset) above", rect: rect, bottom: false, &frame, glyphs) }
    return current.map { $0 >= offset && $0 < offset + area.height } ?? false
}

/// "+3 more" on the bottom border (or "2 above" on the top one), right-aligned.
private func moreMark(_ text: String, rect: Rect, bottom: Bool, _ frame: inout Frame, _ glyphs: Glyphs) {
    let label = " \(text) "
    guard rect.width > label.count + 14 else { return }
    frame.put(label, x: rect.maxX - 2 - label.count, y: bottom ? rect.maxY - 1 : rect.y, style: Style(.muted))
}

private func title(_ pane: Pane, _ state: ConsoleState, focused: Bool) -> String {
    switch pane {
    case .history where focused && state.view.readOnly == nil: "History  Enter: rollback target"
    case .runbook where state.runbook.isComplete: "Runbook: complete"
    case .latency: metricsTitle(state.runbook.config)
    default: pane.title
    }
}

/// One metric: its name and threshold ("p99  threshold 0.50 s", as it always said); several: how many, and
/// which one 3c watches first.
private func metricsTitle(_ config: IncidentConfig?) -> String {
    guard let config else { return Pane.latency.title }
    let metrics = config.metricsWatched
    if metrics.count == 1 {
        let metric = metrics[0]
        return metric.unit == .seconds && metric.name == "p99" ? "Latency p99  threshold \(metric.format(metric.threshold))"
            : "\(TerminalSafe.text(metric.name, keepLines: false))  \(metric.limit)"
    }
    return "Metrics: \(metrics.count), 3c requires all"
}

extension TextLine {
    /// On the confirmation bar plain text takes the bar's role, so the whole bar reads as one strip.
    var onBar: TextLine {
        TextLine(spans.map { $0.style.role == .text ? Span($0.text, Style(.gateBar, bold: $0.style.bold, reverse: $0.style.reverse)) : $0 })
    }
}
