import RunbookEngine

/// What a key does, as a pure function: the screen's next state, the decisions to dispatch, quit or not.
/// Modal first: the quit question, then the override dialog, then help; only then the plain keys.
/// Internal: keys reach it only through `update`, which first checks that the gate was on screen.
func handle(_ key: Key, _ state: ConsoleState, by driver: String) -> KeyOutcome {
    if key == .resize { return KeyOutcome(view: state.view) }
    var view = state.view
    if view.training?.debrief != nil { return TrainingKeys.answerDebrief(key, view) }
    if view.quitPending { return answerQuit(key, view) }
    if let target = view.targetQuestion { return answerTarget(key, target, state, by: driver) }
    if view.overrideDialog != nil { return OverrideInput.handle(key, state, by: driver) }
    if view.deferReason != nil { return DeferInput.handle(key, state, by: driver) }
    view.message = nil
    view.training?.hint = nil
    if view.showHelp {
        switch key {
        case .character("?"), .character("q"), .escape: view.showHelp = false
        default: break
        }
        return KeyOutcome(view: view)
    }
    if let outcome = ReplayKeys.handle(key, view) { return outcome }
    let runbook = state.runbook
    switch key {
    case .character("y"):
        guard state.view.readOnly == nil else { return readOnly(view, state) }
        guard let gate = runbook.gateStep else {
            view.message = runbook.hardStop != nil
                ? "Step 0 is a hard stop: nothing to confirm. o: override (type the app name and a reason)"
                : runbook.isComplete ? "The runbook is complete: nothing left to confirm. q quits." : "Nothing to confirm yet."
            return KeyOutcome(view: view)
        }
        let argv = runbook.gateCommand(for: gate)?.argv ?? []
        return KeyOutcome(view: view, events: [.confirmed(step: gate, argv: argv, by: driver)])
    case .character("n"):
        guard state.view.readOnly == nil else { return readOnly(view, state) }
        guard let gate = runbook.gateStep else {
            view.message = "Nothing to decline."
            return KeyOutcome(view: view)
        }
        return KeyOutcome(view: view, events: [.declined(step: gate, by: driver)])
    case .character("r"):
        guard state.view.readOnly == nil else { return readOnly(view, state) }
        view.message = "Re-reading the evidence."
        return KeyOutcome(view: view, events: [.refreshRequested(by: driver)])
    case .character("o"):
        guard state.view.readOnly == nil else { return readOnly(view, state) }
        guard runbook.hardStop != nil else {
            view.message = "o works only at a Step 0 hard stop."
            return KeyOutcome(view: view)
        }
        view.overrideDialog = OverrideDialog()
        return KeyOutcome(view: view)
    case .character("p"):
        guard state.view.readOnly == nil else { return readOnly(view, state) }
        guard runbook.gateStep == .communicate else {
            view.message = "p switches Step 4's severity (P1/P0) while Step 4's gate is open."
            return KeyOutcome(view: view)
        }
        return KeyOutcome(view: view, events: [.severityChosen(runbook.severity.toggled, by: driver)])
    case .character("t"):
        guard state.view.readOnly == nil else { return readOnly(view, state) }
        // Switches what 3a's gate shows (and re-arms it); only y runs anything.
        guard runbook.autoSyncGuardChoosable else {
            view.message = "t switches Step 3a between disabling auto-sync and pinning targetRevision while 3a's gate is open."
            return KeyOutcome(view: view)
        }
        let next = runbook.autoSyncGuardMode.toggled
        if next == .pin, let refusal = runbook.pinRefusal {
            view.message = refusal
            return KeyOutcome(view: view)
        }
        return KeyOutcome(view: view, events: [.autoSyncGuardChosen(next, by: driver)])
    case .character("c"):
        return StatusMessageCopy.outcome(view, runbook)
    case .character("D"):
        guard state.view.readOnly == nil else { return readOnly(view, state) }
        return DeferInput.start(view, runbook)
    case .enter:
        guard view.focus == .history else { return KeyOutcome(view: view) }
        guard state.view.readOnly == nil else { return readOnly(view, state) }
        return chooseHistory(view, state, by: driver)
    case .character("h") where view.training != nil && view.readOnly == nil:
        return TrainingKeys.hint(view, state, by: driver)
    case .character("?"):
        view.showHelp = true
        return KeyOutcome(view: view)
    case .character("q"):
        // A follower quitting leaves the incident as it is: nothing to ask.
        if view.readOnly == nil, runbook.config != nil, !runbook.isComplete {
            view.quitPending = true
            return KeyOutcome(view: view)
        }
        return KeyOutcome(view: view, quit: true)
    case .character("l"):
        // The Output log in one key: every command with its exit status, every note, oldest first.
        view.focus = .output
    case .tab:
        view.focus = view.focus.next
    case .backTab:
        view.focus = view.focus.previous
    case .up, .character("k"):
        move(&view, state, by: -1)
    case .down, .character("j"):
        move(&view, state, by: 1)
    case .pageUp:
        move(&view, state, by: -pageStep)
    case .pageDown:
        move(&view, state, by: pageStep)
    case .home:
        move(&view, state, by: -Int(Int32.max))
    case .end:
        move(&view, state, by: Int(Int32.max))
    default:
        break
    }
    return KeyOutcome(view: view)
}

private let pageStep = 5

private func answerQuit(_ key: Key, _ view: ViewState) -> KeyOutcome {
    var view = view
    switch key {
    case .character("y"):
        view.quitPending = false
        return KeyOutcome(view: view, quit: true)
    case .character("n"), .escape:
        view.quitPending = false
        return KeyOutcome(view: view)
    default:
        return KeyOutcome(view: view)
    }
}

private func readOnly(_ view: ViewState, _ state: ConsoleState) -> KeyOutcome {
    var view = view
    let followed = (view.readOnly?.isEmpty == false ? view.readOnly : nil) ?? state.runbook.driver
    view.message = view.replay == nil ? "read-only: following \(followed)" : "read-only: a replay of \(followed)'s incident (Space pauses, s: next step)"
    return KeyOutcome(view: view)
}

private func chooseHistory(_ view: ViewState, _ state: ConsoleState, by driver: String) -> KeyOutcome {
    var view = view
    guard let entry = HistoryRows(state).selected else {
        view.message = "No history read yet."
        return KeyOutcome(view: view)
    }
    if entry == state.runbook.lastKnownGood {
        view.message = "History \(entry.id) is already the rollback target."
        return KeyOutcome(view: view)
    }
    if let bad = state.runbook.badEntry, entry.id >= bad.id || entry.revision.sameCommit(as: bad.revision) {
        view.message = "History \(entry.id) cannot be the rollback target: pick an entry older than \(bad.id) on another revision."
        return KeyOutcome(view: view)
    }
    // A new target changes the rollback's command: ask first, on the bar, where the gate was.
    view.targetQuestion = entry.id
    return KeyOutcome(view: view)
}

private func answerTarget(_ key: Key, _ target: HistoryID, _ state: ConsoleState, by driver: String) -> KeyOutcome {
    var view = state.view
    switch key {
    case .character("y"):
        view.targetQuestion = nil
        let short = HistoryRows(state).entries.first { $0.id == target }?.revision.short ?? "?"
        view.message = "History \(target) (\(short)) is your rollback target; Step 0 re-checks against it."
        return KeyOutcome(view: view, events: [.choseLastKnownGood(target, by: driver)])
    case .character("n"), .escape:
        view.targetQuestion = nil
        view.message = "Rollback target unchanged" + (state.runbook.lastKnownGood.map { ": history \($0.id) (\($0.revision.short))." } ?? ".")
        return KeyOutcome(view: view)
    case .character("q"):
        view.targetQuestion = nil
        return handle(key, ConsoleState(runbook: state.runbook, view: view), by: driver)
    default:
        return KeyOutcome(view: view)
    }
}

/// Arrows and j/k: the history cursor in History, scrolling elsewhere.
private func move(_ view: inout ViewState, _ state: ConsoleState, by delta: Int) {
    // Step 4's message box covers the left column: its panes' keys scroll the message.
    if StatusMessageBox.isShown(state.runbook), Pane.column(.left).contains(view.focus) {
        let limit = StatusMessageBox.maxScroll(ConsoleState(runbook: state.runbook, view: view), glyphs: .unicode)
        view.messageScroll = min(max(0, view.messageScroll + max(min(delta, limit), -limit)), limit)
        return
    }
    switch view.focus {
    case .history:
        if let entry = HistoryRows(state).moved(by: delta) { view.selectedHistoryID = entry.id }
    case .latency:
        break
    case .output:
        view.outputAnchor = OutputScroll.moved(view, state, by: delta)
    default:
        let limit = max(0, PaneContent.lineCount(view.focus, state) - 1)
        let offset = view.scrollOffset(view.focus)
        let target = delta > 0 ? offset + min(delta, limit) : offset + max(delta, -offset)
        view.scroll[view.focus] = min(max(0, target), limit)
    }
}
