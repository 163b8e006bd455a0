import RunbookEngine

/// Runbook: every step with its number, title, status word and symbol, and what it found or waits for.
enum RunbookPane {
    /// One line per step, the current step's detail continued on the lines the pane has spare,
    /// and "Runbook complete" at the end.
    static func lines(_ state: ConsoleState, width: Int, height: Int = 0, glyphs: Glyphs) -> [TextLine] {
        rows(state, width: width, height: height, glyphs: glyphs).lines
    }

    /// The pane's lines and the index of the line that starts the step in play (the open gate, else the
    /// first unfinished step), so the pane can keep it in view and say whether it did.
    static func rows(_ state: ConsoleState, width: Int, height: Int = 0, glyphs: Glyphs) -> (lines: [TextLine], current: Int?) {
        let runbook = state.runbook
        let current = runbook.gateStep ?? runbook.firstUnfinished
        let shown = runbook.shownSteps
        let titleWidth = width >= 60 ? 22 : 21
        let prefixWidth = 2 + 4 + titleWidth + 11
        var lines: [TextLine] = []
        var currentLine: Int?
        var spare = max(0, height - shown.count - (runbook.isComplete ? 1 : 0))
        for step in shown {
            let status = runbook.status(step)
            let mark = Mark.step(status, glyphs)
            let isCurrent = step == current
            if isCurrent { currentLine = lines.count }
            var line = TextLine("\(mark.symbol) ", Style(mark.role, bold: true))
            let base = Style(status == .locked ? .muted : .text, bold: isCurrent)
            line.append(ScreenText.column(step.number, 4) + ScreenText.column(step.title, titleWidth), base)
            // One gate is in the bar; another step that could take a y says it comes after that one.
            let queued = status == .awaitingConfirmation && runbook.gateStep.map { $0 != step } == true
            let word = queued ? "next" : status.word
            let detail = queued ? runbook.gateStep.map { "its y comes after \($0.label)'s" } : self.detail(step, status, runbook)
            let room = width - prefixWidth
            let showsDetail = detail != nil && room > 8
            line.append(showsDetail ? ScreenText.column(word, 11) : word, Style(mark.role, bold: isCurrent))
            if let detail, showsDetail {
                let wrapped = ScreenText.wrap(detail, width: room)
                let extra = isCurrent || status.isFailure ? min(wrapped.count - 1, spare) : 0
                if extra > 0 && extra == wrapped.count - 1 {
                    line.append(wrapped[0], detailStyle(status))
                    lines.append(line)
                    for continued in wrapped.dropFirst() {
                        lines.append(TextLine(String(repeating: " ", count: prefixWidth) + continued, detailStyle(status)))
                    }
                    spare -= extra
                    continue
                }
                line.append(detail, detailStyle(status))
            }
            lines.append(line)
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
    var shownSteps: [StepID] { Runbook.codeRollback.steps.filter { isShown($0) } }
}

extension StepStatus {
    var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }
}
