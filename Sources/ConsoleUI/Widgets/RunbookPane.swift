import RunbookEngine

/// Runbook: every step with its number, title, status word and symbol, and what it found or waits for.
enum RunbookPane {
    /// One line per step, long details continued on the lines the pane has spare, and
    /// "Runbook complete" at the end.
    static func lines(_ state: ConsoleState, width: Int, height: Int = 0, glyphs: Glyphs) -> [TextLine] {
        rows(state, width: width, height: height, glyphs: glyphs).lines
    }

    /// The pane's lines and the index of the line that starts the step in play (the open gate, else the
    /// first unfinished step), so the pane can keep it in view and say whether it did. A detail too long
    /// for its row wraps onto the lines the pane has spare: the step in play first, then failures, then
    /// the rest in order (a done step's "why" — 3b's OutOfSync, Step 4's path — matters too).
    static func rows(_ state: ConsoleState, width: Int, height: Int = 0, glyphs: Glyphs) -> (lines: [TextLine], current: Int?) {
        let runbook = state.runbook
        let current = runbook.gateStep ?? runbook.firstUnfinished
        let shown = runbook.shownSteps
        let titleWidth = width >= 60 ? 22 : 21
        let prefixWidth = 2 + 4 + titleWidth + 11
        let room = width - prefixWidth
        var heads: [StepID: TextLine] = [:]
        var details: [StepID: (text: [String], style: Style)] = [:]
        for step in shown {
            let status = runbook.status(step)
            let mark = Mark.step(status, glyphs)
            let isCurrent = step == current
            var line = TextLine("\(mark.symbol) ", Style(mark.role, bold: true))
            let base = Style(status == .locked ? .muted : .text, bold: isCurrent)
            line.append(ScreenText.column(step.number, 4) + ScreenText.column(step.title, titleWidth), base)
            // One gate is in the bar; another step that could take a y says it comes after that one.
            let queued = status == .awaitingConfirmation && runbook.gateStep.map { $0 != step } == true
            let word = queued ? "next" : status.word
            let detail = queued ? runbook.gateStep.map { "its y comes after \($0.label)'s" } : self.detail(step, status, runbook)
            let showsDetail = detail != nil && room > 8
            line.append(showsDetail ? ScreenText.column(word, 11) : word, Style(mark.role, bold: isCurrent))
            heads[step] = line
            if let detail, showsDetail {
                details[step] = (ScreenText.wrap(ScreenText.clean(detail, glyphs), width: room), detailStyle(status))
            }
        }
        var spare = max(0, height - shown.count - (runbook.isComplete ? 1 : 0))
        var wraps: Set<StepID> = []
        let failures = shown.filter { runbook.status($0).isFailure && $0 != current }
        let others = shown.filter { $0 != current && !failures.contains($0) }
        for step in [current].compactMap({ $0 }) + failures + others {
            guard let extra = details[step].map({ $0.text.count - 1 }), extra > 0, extra <= spare else { continue }
            wraps.insert(step)
            spare -= extra
        }
        var lines: [TextLine] = []
        var currentLine: Int?
        for step in shown {
            guard var line = heads[step] else { continue }
            if step == current { currentLine = lines.count }
            guard let detail = details[step] else { lines.append(line); continue }
            if wraps.contains(step) {
                line.append(detail.text[0], detail.style)
                lines.append(line)
                for continued in detail.text.dropFirst() {
                    lines.append(TextLine(String(repeating: " ", count: prefixWidth) + continued, detail.style))
                }
            } else {
                line.append(detail.text.joined(separator: " "), detail.style)
                lines.append(line)
            }
        }
        if runbook.isComplete {
            let ending = runbook.ending.map { " — \($0.title)" } ?? ""
            lines.append(TextLine("\(glyphs.check) Runbook complete\(ending)", Style(.ok, bold: true)))
        }
        return (lines, currentLine)
    }

    private static func detail(_ step: StepID, _ status: StepStatus, _ runbook: RunbookState) -> String? {
        if let detail = status.detail, !detail.isEmpty { return detail }
        switch (step, status) {
        case (.preflight, .ready), (.preflight, .awaitingConfirmation):
            return runbook.preflightChecks.map { "\($0.passed ? "✓" : "▲") \($0.title)" }.joined(separator: "; ")
        case (.schema, .awaitingConfirmation), (.check, .awaitingConfirmation), (.diagnose, .awaitingConfirmation),
             (.handOff, .awaitingConfirmation), (.noRollback, .awaitingConfirmation), (.killSwitch, .awaitingConfirmation),
             (.escalate, .awaitingConfirmation):
            return runbook.evidenceSummary(step)
        case (.rollback, .awaitingConfirmation):
            return runbook.lastKnownGood.map { "to history \($0.id) (\($0.revision.short))" }
        default:
            return nil
        }
    }

    private static func detailStyle(_ status: StepStatus) -> Style {
        switch status {
        case .failed: Style(.danger)
        case .waiting, .outcomeUnknown: Style(.warn)
        case .locked, .skipped: Style(.muted)
        default: Style(.muted)
        }
    }
}

extension RunbookState {
    /// The rows the Runbook pane lists: the straight line, and each branch once it is offered or taken.
    var shownSteps: [StepID] { runbook.steps.filter { isShown($0) } }
}

extension StepStatus {
    var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }
}
