import RunbookEngine

/// The confirmation bar: the pending gate, its exact command (wrapped, never cut), and its keys.
/// Also where the quit question is asked.
enum ConfirmBar {
    static func lines(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        let runbook = state.runbook
        let view = state.view
        // A follower or a replay: the driver's prompts are said about the driver.
        let followed = view.readOnly.map { $0.isEmpty ? runbook.driver : $0 }
        if view.quitPending {
            let where_ = (runbook.gateStep ?? runbook.firstOpenStep).map { " (at \($0.name))" } ?? ""
            // A command in flight is stopped by quitting (SIGTERM, then SIGKILL): say so before the y.
            let running = StepID.allCases.first { step in
                if step.isMutating, case .running = runbook.status(step) { true } else { false }
            }
            let after = running.flatMap { runbook.gateCommand(for: $0) }.map {
                " \($0.commandLine) is running: quitting stops it; resume re-checks what it did."
            } ?? " The journal keeps every step: resume continues where you stopped."
            return withKeys(TextLine("\(glyphs.warn) Quit while the incident is in progress\(where_)?", Style(.warn, bold: true)),
                            keys: [("y", "quit"), ("n", "stay")], width: width)
                + [TextLine(after, .gateBar)]
        }
        if let target = view.targetQuestion {
            let entry = HistoryRows(state).entries.first { $0.id == target }
            let current = runbook.lastKnownGood.map { "history \($0.id) (\($0.revision.short))" } ?? "none"
            let question = TextLine("\(glyphs.warn) Roll back to history \(target) (\(entry?.revision.short ?? "?")) instead of \(current)?",
                                    Style(.warn, bold: true))
            return withKeys(question, keys: [("y", "make it the target"), ("n", "keep \(runbook.lastKnownGood?.id.description ?? "none")")], width: width)
                + [TextLine(" Nothing runs now: Step 0 re-checks the migrations against the new target, and 3b's command changes.", .gateBar)]
        }
        if let reason = view.deferReason {
            let app = runbook.config?.app ?? "the app"
            if let pin = runbook.pin {
                return [TextLine("\(glyphs.warn) Leave 3d for later? \(app) stays pinned to \(pin.revision.short): Argo CD deploys nothing new until targetRevision is \(pin.restore) again.",
                                 Style(.warn, bold: true)),
                        TextLine(" Why (journaled with your name; Enter sends, Esc cancels): \(reason)_", .gateBar)]
            }
            return [TextLine("\(glyphs.warn) Leave 3d for later? Auto-sync on \(app) stays OFF: Argo CD deploys nothing until someone re-enables it.",
                             Style(.warn, bold: true)),
                    TextLine(" Why (journaled with your name; Enter sends, Esc cancels): \(reason)_", .gateBar)]
        }
        if runbook.config == nil {
            return [TextLine(" Starting the incident", .gateBar)]
        }
        if runbook.isComplete {
            let ending = runbook.ending.map { " — \($0.title)" } ?? ""
            // Where the files went, whole: at 80×24 the panes have no room for the paths.
            let files = [("status message", runbook.communicatedTo), ("postmortem", runbook.postmortemPath)]
                .compactMap { what, path in path.map { "\(what) \($0)" } }
            return [TextLine("\(glyphs.check) Runbook complete\(ending)", Style(.ok, bold: true))]
                + TextLine(" " + (files.isEmpty ? "" : files.joined(separator: "; ") + ". ")
                           + "q quits; the journal holds the whole incident.", .gateBar).wrapped(width: width, indent: 1)
        }
        guard let gate = runbook.gateStep else {
            if runbook.chosenEnding != nil, runbook.autoSyncGuardStillOn, case .waiting(let why) = runbook.status(.enableAutoSync) {
                let off = runbook.finishedAt[.disableAutoSync].map { " since \(Format.clock($0))" } ?? ""
                let keys: [(String, String)] = view.readOnly == nil ? [("D", "defer with a reason")] : []
                if let pin = runbook.pin {
                    return withKeys(TextLine("\(glyphs.warn) Pinned to \(pin.revision.short)\(off): 3d \(why)", Style(.warn, bold: true)), keys: keys, width: width)
                        + [TextLine(" \(runbook.ending?.title.capitalizedFirst ?? "Ended"); Step 5 waits for 3d, or for D and a reason to leave the pin.", .gateBar)]
                }
                return withKeys(TextLine("\(glyphs.warn) Auto-sync is OFF\(off): 3d \(why)", Style(.warn, bold: true)), keys: keys, width: width)
                    + [TextLine(" \(runbook.ending?.title.capitalizedFirst ?? "Ended"); Step 5 waits for 3d, or for D and a reason to leave it off.", .gateBar)]
            }
            if runbook.hardStop != nil {
                // The banner above says why and how to override; one line here is enough.
                let keys: [(String, String)] = view.readOnly == nil ? [("o", "override")] : []
                return withKeys(TextLine("\(glyphs.cross) Step 0 hard stop: nothing past Step 0 can be confirmed.",
                                         Style(.danger, bold: true)), keys: keys, width: width)
            }
            guard let step = runbook.firstOpenStep else { return [] }
            let status = runbook.status(step)
            let mark = Mark.step(status, glyphs)
            // The why first, whole: what the step waits for is the line's point.
            var line = TextLine("\(mark.symbol) \(step.label) \(status.word)", Style(mark.role, bold: true))
            if let detail = status.detail { line.append(": \(ScreenText.clean(detail, glyphs))", .gateBar) }
            let poll = runbook.config.map { Format.duration($0.pollSeconds) } ?? "?"
            let reread = followed.map { " Nothing to confirm yet: \($0)'s console re-reads the evidence every \(poll)." }
                ?? " Nothing to confirm yet: the evidence is re-read every \(poll) (r: now)."
            return line.wrapped(width: width, indent: 2) + [TextLine(reread, .gateBar)]
        }
        let retry = runbook.status(gate).isFailure
        let declined = runbook.declined.flatMap { $0.step == gate ? $0 : nil }.map { declined in
            ScreenText.wrap("\(glyphs.warn) Declined at \(Format.clock(declined.at)), nothing ran. \(DeclinedLine.text(gate, runbook, viewer: followed))",
                            width: max(1, width - 2)).map { TextLine(" " + $0, Style(.warn)) }
        } ?? []
        let title = TextLine("\(glyphs.pointer) \(gate.name)", Style(.gateKey, bold: true))
        if gate.isMutating {
            let command = runbook.gateCommand(for: gate)
            var head = title
            let dryRun = runbook.config?.isDryRun == true
            let verb = dryRun ? (retry ? " failed; y records it again as not run (dry run):" : " would run (dry run: y records it, nothing executes):")
                : (retry ? " failed; y runs it again, exactly:" : " runs exactly:")
            head.append(followed.map { " waits for \($0) to run:" } ?? verb, .gateBar)
            var keys: [(String, String)] = followed == nil ? [("y", dryRun ? "record" : retry ? "retry" : "run"), ("n", "decline")] : []
            if followed == nil, gate == .disableAutoSync, let choice = Self.guardChoice(runbook) { keys.append(("t", choice)) }
            guard let command else {
                return withKeys(head, keys: [], width: width) + [TextLine(" no command can be built yet", .warn)]
            }
            let wrapped = ScreenText.wrap(command.commandLine, width: max(1, width - 4))
            let commandLines = wrapped.enumerated().map { index, part in
                TextLine((index == 0 ? "  $ " : "    ") + part, Style(.gateBar, bold: true))
            }
            // 3b says what it will change (from argocd app diff), whole: it is part of what y vouches for.
            let preview = gate == .rollback ? runbook.rollbackPreview.map { Self.gateNote($0.text, warn: $0.warn, glyphs, width) } ?? [] : []
            // 3a: whether the app's cluster is the one kubectl reads (3c judges the rollback by kubectl's pods).
            let cluster = gate == .disableAutoSync ? runbook.clusterWarning.map { Self.gateNote($0.text, warn: $0.warn, glyphs, width) } ?? [] : []
            // 3a: a parent that would turn auto-sync back on (argo-cd#5351), said before y, not after.
            let parent = gate == .disableAutoSync ? runbook.parentWarning.map { Self.gateNote($0, warn: true, glyphs, width) } ?? [] : []
            // 3a: what the pin does and what 3d will restore, or why several sources cannot be pinned.
            let pin = gate == .disableAutoSync ? Self.pinNote(runbook).map { Self.gateNote(TerminalSafe.text($0, keepLines: false), warn: false, glyphs, width) } ?? [] : []
            // Was the target green while it was deployed? Said on 3b's gate; a warning when not proven.
            let record = gate == .rollback ? runbook.targetRecordLine.map { Self.gateNote($0.text, warn: $0.warn, glyphs, width) } ?? [] : []
            // A target Argo CD's history no longer keeps: 3b syncs to its revision, and says why.
            let bySync = gate == .rollback ? runbook.rollbackBySyncReason.map { Self.gateNote($0, warn: true, glyphs, width) } ?? [] : []
            // The Helm CRD false start: said on the gate, before y, since a rollback cannot undo it.
            let crds = gate == .rollback ? runbook.rollbackCRDWarning.map {
                Self.gateNote(TerminalSafe.text($0, keepLines: false), warn: true, glyphs, width)
            } ?? [] : []
            // 3b: Argo CD's own answers on permission and sync windows, said before y (the console never refuses on them).
            let argo = gate == .rollback ? [runbook.rollbackPermissionWarning, runbook.rollbackSyncWindowWarning].compactMap { $0 }.flatMap {
                Self.gateNote(TerminalSafe.text($0, keepLines: false), warn: true, glyphs, width)
            } : []
            // The override: what it changes beyond this app, since a window is the project's.
            let window = gate == .syncWindowOverride ? runbook.syncWindowOverrideNote.map {
                Self.gateNote(TerminalSafe.text($0, keepLines: false), warn: false, glyphs, width)
            } ?? [] : []
            // The terminate gate says what it would end: the operation's phase, start and message.
            let operation = gate == .terminateOp ? runbook.foreignOperationLine.map { Self.gateNote($0, warn: true, glyphs, width) } ?? [] : []
            let note = RolloutGateNote.text(gate, runbook).map { ScreenText.wrap($0, width: max(1, width - 4)).map { TextLine("  " + $0, .gateBar) } } ?? []
            return withKeys(head, keys: keys, width: width) + commandLines + pin + operation + preview + record + bySync + cluster + parent + crds + argo + window + note + declined
        }
        var head = title
        head.append(followed.map { " waits for \($0)" } ?? "", .gateBar)
        let keys: [(String, String)] = followed == nil ? [("y", retry ? "retry" : "continue"), ("n", "decline")] : []
        let meaning: String
        let y = followed.map { "\($0)'s y" } ?? "y"
        switch gate {
        case .communicate:
            let severity = runbook.severity
            let parts = severity == .p0 ? "the channel message, the tenant contacts' text and the status page's entry" : "the channel message"
            meaning = "\(severity.rawValue): \(y) writes \(parts) (left) to a file beside the journal" + (followed == nil ? "; p makes it \(severity.toggled.rawValue)." : ".")
        case .postStatus:
            // The exact bytes y sends: what the channel will read is part of what y vouches for.
            meaning = "\(y) POSTs exactly this to the status webhook (n: not posted; c copies it to paste): \(runbook.statusPostBody ?? "")"
        case .postmortem: meaning = "\(y) writes the postmortem draft with the timeline and the action items."
        case .handOff: meaning = "\(y) ends the incident here: no code rollback, hand off to \(Ending.dataRollbackRunbook); Steps 4 and 5 follow. " + runbook.evidenceSummary(gate)
        case .noRollback: meaning = "\(y) ends the incident without a rollback (n goes on to Step 1): " + runbook.evidenceSummary(gate)
        case .killSwitch: meaning = "Nothing runs: \(y) says the flag is flipped (n rolls back instead). " + runbook.evidenceSummary(gate) + "; if p99 does not come down, 3a/3b open."
        case .escalate: meaning = "\(y) ends the rollback attempt and escalates; Steps 4 and 5 say what was tried (n keeps trying). " + runbook.evidenceSummary(gate) + Self.autoSyncStill(runbook)
        default:
            // The evidence first: at 80×24 a boilerplate lead would push it off the bar's width.
            let summary = runbook.barEvidence(gate)
            let who = followed == nil ? "you have" : "they have"
            meaning = summary.isEmpty ? "Nothing runs: \(y) says \(who) read the evidence."
                : "\(summary) — nothing runs: \(y) says \(who) read the evidence."
        }
        // Wrapped, never cut: the evidence a y vouches for is part of what the bar must show whole.
        let meaningLines = ScreenText.wrap(meaning, width: max(1, width - 4)).map { TextLine("  " + $0, .gateBar) }
        // Pre-flight: what fails, with why and its fix, whole — it is what y vouches for having read.
        let failing = gate == .preflight ? runbook.preflightChecks.filter { !$0.passed && $0.explainsFailure }.flatMap { check in
            Self.gateNote("\(check.title): \(TerminalSafe.text(check.detail, keepLines: false))", warn: true, glyphs, width)
        } : []
        return withKeys(head, keys: keys, width: width) + meaningLines + failing + declined
    }

    /// A line a gate says under its command, wrapped whole (it is part of what y vouches for): marked and in
    /// the warning style when it warns, in the bar's own style when it only informs.
    static func gateNote(_ text: String, warn: Bool, _ glyphs: Glyphs, _ width: Int) -> [TextLine] {
        ScreenText.wrap("\(warn ? "\(glyphs.warn) " : "")\(ScreenText.clean(text, glyphs))", width: max(1, width - 4))
            .map { TextLine("  " + $0, warn ? Style(.warn, bold: true) : Style(.gateBar)) }
    }

    /// `t` on 3a's gate while its first confirmation is open: what it switches to (nil: not on offer).
    static func guardChoice(_ runbook: RunbookState) -> String? {
        guard runbook.autoSyncGuardChoosable else { return nil }
        if runbook.autoSyncGuardMode == .pin { return "disable instead" }
        return runbook.pinRefusal == nil ? "pin instead" : nil
    }

    /// Under 3a's command: the pin's meaning when it is chosen; why a multi-source app cannot be pinned.
    static func pinNote(_ runbook: RunbookState) -> String? {
        if let note = runbook.pinGateNote { return note }
        guard runbook.pin == nil, (runbook.app.value?.targetRevisions?.count ?? 0) > 1, let refusal = runbook.pinRefusal else { return nil }
        return "t (pin targetRevision instead) is not offered. \(refusal)"
    }

    static func autoSyncStill(_ runbook: RunbookState) -> String {
        if runbook.pinStillOn, let pin = runbook.pin {
            return ". The app stays pinned to \(pin.revision.short) (3d sets targetRevision back to \(pin.restore) after the revert)."
        }
        return runbook.autoSyncStillOff
            ? ". Auto-sync stays OFF (3d re-enables it after the revert)." : ""
    }

    /// `line` with `[y] run  [n] decline` at the right end, or on a line of its own when it does not fit.
    static func withKeys(_ line: TextLine, keys: [(String, String)], width: Int) -> [TextLine] {
        guard !keys.isEmpty else { return [line] }
        var keyLine = TextLine()
        for (index, (key, meaning)) in keys.enumerated() {
            if index > 0 { keyLine.append("  ", .gateBar) }
            keyLine.append("[\(key)]", Style(.gateKey, bold: true, reverse: true))
            keyLine.append(" \(meaning)", Style(.gateBar, bold: true))
        }
        let used = line.text.count + 1, keysWidth = keyLine.text.count + 1
        if used + keysWidth <= width {
            var joined = line
            joined.append(String(repeating: " ", count: width - used - keysWidth + 1), .gateBar)
            joined.spans += keyLine.spans
            return [joined]
        }
        return [line, TextLine([Span("  ", .gateBar)] + keyLine.spans)]
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension StepID {
    /// "Step 3a Disable auto-sync", or "Pre-flight".
    var name: String { number.isEmpty ? title : "\(label) \(title)" }
}

extension RunbookState {
    /// The first step not finished: what the runbook is on when no gate is open.
    var firstOpenStep: StepID? { firstUnfinished }
}
