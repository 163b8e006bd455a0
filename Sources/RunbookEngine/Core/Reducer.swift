import Foundation
import MigrationSafety

/// The one place a step becomes ready, gated, running or done. Pure: no clock, no I/O.
public enum Runbook {
    /// Applies one event and returns the I/O it asks for.
    public static func reduce(_ state: inout RunbookState, _ event: Event) -> [Effect] {
        var effects: [Effect] = []
        if event.at > state.now { state.now = event.at }
        switch event.kind {
        case .started(let config, let driver):
            guard state.config == nil else { return [] }
            state.config = config
            state.driver = driver
            state.startedAt = event.at
            state.steps[.preflight] = .ready
            requestAll(&state, &effects)
            effects.append(.schedule(after: config.pollSeconds, .poll))
        case .confirmed(let step, let argv, let by):
            confirm(step, argv: argv, by: by, &state, &effects)
        case .declined(let step, let by):
            guard state.pendingGate == step else { break }
            state.declined = Declined(step: step, at: event.at)
            if let other = state.runbook.row(step)?.onDecline {
                other(&state, &effects, by)
                state.note(.info, "\(step.title) declined by \(by) — nothing ran.")
            } else {
                state.note(.info, "\(step.label) declined — nothing ran. Press y when you are ready to go on.")
            }
        case .overrode(let typedApp, let reason, let by):
            applyOverride(typedApp: typedApp, reason: reason, by: by, &state)
        case .deferred(let step, let reason, let by):
            deferStep(step, reason: reason, by: by, &state)
        case .severityChosen(let severity, let by):
            chooseSeverity(severity, by: by, &state)
        case .autoSyncGuardChosen(let mode, let by):
            chooseAutoSyncGuard(mode, by: by, &state)
        case .choseLastKnownGood(let id, let by):
            choose(id, by: by, &state, &effects)
        case .refreshRequested:
            requestAll(&state, &effects)
        case .resumed(let by):
            resume(by: by, &state, &effects)
        case .timerFired(.poll):
            guard let config = state.config, state.stoppedReason == nil else { break }
            poll(&state, &effects)
            // Once the runbook is complete the panes stay live, read less often.
            let every = state.isComplete ? max(config.pollSeconds, Self.pollSecondsWhenComplete) : config.pollSeconds
            effects.append(.schedule(after: every, .poll))
        case .timerFired(.verifyTimeout):
            if !state.status(.verify).isFinished, state.status(.verify) != .awaitingConfirmation,
               let started = state.verifyStartedAt, let config = state.config,
               state.now.timeIntervalSince(started) >= config.verifyTimeoutSeconds - 0.001 {
                state.steps[.verify] = .failed("\(unheld(config, state.metricHolds(since: state.verifyStartedAt))) for \(Format.duration(config.sustainSeconds)) within \(Format.duration(config.verifyTimeoutSeconds)) of the rollback — check the pods and the dashboard; consider escalating")
            }
        case .timerFired(.killSwitchTimeout):
            if let flipped = state.killSwitchFlippedAt, let config = state.config,
               state.now.timeIntervalSince(flipped) >= config.verifyTimeoutSeconds - 0.001 {
                killSwitchTimedOut(&state)
            }
        case .stopped(let reason):
            let leaving = state.stoppedReason == nil && !state.isComplete && state.config != nil
            if leaving { state.stoppedAt = state.gateStep ?? state.firstUnfinished }
            state.stoppedReason = reason
            // Left with no ending: the abandoned ending's hand-over note and draft, so whoever takes over
            // (or reads the channel) knows where it stopped and what is still off.
            if leaving, state.chosenEnding == nil {
                effects.append(.communicate(message: Messages.statusUpdate(state)))
                effects.append(.writePostmortem(markdown: Messages.postmortem(state)))
            }
        default:
            record(event, &state, &effects)
        }
        advance(&state, &effects)
        return effects
    }

    /// How often evidence is re-read after the last step is done (incident seconds).
    public static let pollSecondsWhenComplete: Double = 60

    /// The same, as a function of values.
    public static func reduced(_ state: RunbookState, _ event: Event) -> (RunbookState, [Effect]) {
        var next = state
        let effects = reduce(&next, event)
        return (next, effects)
    }

    /// Rebuilds the state from a journal's events.
    public static func replay(_ events: [Event]) -> RunbookState {
        var state = RunbookState()
        for event in events { _ = reduce(&state, event) }
        return state
    }

    /// After a crash: whatever was running has an unknown outcome until fresh evidence says.
    static func resume(by: String, _ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let config = state.config else { return }
        var unknown: [String] = []
        for step in StepID.allCases {
            guard case .running = state.status(step) else { continue }
            // Writing a file again is harmless: re-open those gates; commands must be re-checked first.
            state.steps[step] = step.isMutating ? .outcomeUnknown : .awaitingConfirmation
            unknown.append(step.label)
        }
        state.inFlight = [:]
        state.commandsInFlight = nil
        // Only reads sent from now on can say what a running command did.
        state.lastGateFinishedAt = state.now
        state.stoppedReason = nil
        state.note(.warn, "Resumed by \(by)" + (unknown.isEmpty ? "." : ": \(unknown.joined(separator: ", ")) was running — outcome unknown, re-checking before anything else."))
        // A post cannot be read back: it may have reached the channel before the console stopped.
        if unknown.contains(StepID.postStatus.label) {
            state.note(.warn, "\(StepID.postStatus.label) was posting when the console stopped: the message may already be in the channel. Look there before y posts it again; n leaves it.")
        }
        requestAll(&state, &effects)
        effects.append(.schedule(after: config.pollSeconds, .poll))
        if let started = state.verifyStartedAt, !state.status(.verify).isFinished {
            let left = max(0, config.verifyTimeoutSeconds - state.now.timeIntervalSince(started))
            effects.append(.schedule(after: left, .verifyTimeout))
        }
    }

    // MARK: - Driver decisions

    static func confirm(_ step: StepID, argv: [String], by: String, _ state: inout RunbookState, _ effects: inout [Effect]) {
        guard state.config != nil, !by.isEmpty else { return }
        state.declined = nil
        guard state.isConfirmable(step) else {
            state.note(.warn, "\(step.label) is not waiting for a confirmation — nothing ran.")
            return
        }
        // Past an UNSAFE Step 0 only the hand-off (and the steps it keeps) may be confirmed.
        if let stop = state.hardStop, step > .schema, step != .handOff, state.chosenEnding != .handOff {
            state.note(.danger, stop)
            return
        }
        guard let row = state.runbook.row(step) else { return }
        switch row.gate {
        case .command(let gate):
            guard let command = state.gateCommand(for: step), command.argv == argv else {
                state.note(.danger, "The confirmation for \(step.label) did not match the command on screen — nothing ran.")
                return
            }
            if let refusal = gate.refusal(state) {
                state.note(.danger, refusal)
                return
            }
            gate.before(&state)
            state.steps[step] = .running("running \(command.commandLine)")
            state.commandsInFlight = (state.commandsInFlight ?? [:]).merging([step: state.now]) { $1 }
            // Reads already on their way were sent before this command: they cannot judge it.
            state.lastGateFinishedAt = state.now
            effects.append(.runGate(command))
        case .writes(.statusUpdate):
            state.steps[step] = .running("handing over the status message")
            state.statusPostBody = StatusPost.body(StatusMessage(state).channelText)
            effects.append(.communicate(message: Messages.statusUpdate(state)))
        case .post:
            guard let body = state.statusPostBody else { return }
            state.steps[step] = .running("posting Step 4's message to the status webhook")
            effects.append(.postStatus(body: body))
        case .writes(.postmortem):
            state.steps[step] = .running("writing the postmortem draft")
            effects.append(.writePostmortem(markdown: Messages.postmortem(state)))
        case .evidence, .ending:
            if let start = row.onConfirm {
                start(&state, &effects)
            } else {
                state.finish(step, summary: state.evidenceSummary(step))
            }
            if let ending = state.chosenEnding, row.ending == ending {
                state.note(.warn, "Ending chosen by \(by): \(ending.title).")
            }
        }
    }

    /// Only 3d can be deferred, only with a reason, and only once an ending is chosen.
    static func deferStep(_ step: StepID, reason: String, by: String, _ state: inout RunbookState) {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard step == .enableAutoSync, !by.isEmpty, state.chosenEnding != nil, !state.status(step).isFinished,
              !state.isRunning(step) else {
            state.note(.warn, "\(step.label) cannot be deferred now — nothing changed.")
            return
        }
        guard !why.isEmpty else {
            state.note(.warn, "Deferring \(step.label) needs a reason — nothing changed.")
            return
        }
        state.skip(step, "deferred by \(by): \(why)")
        if let pin = state.pin {
            state.note(.danger, "3d deferred by \(by): \(state.config?.app ?? "the app") stays pinned to \(pin.revision.short) (targetRevision; was \(pin.restore)) until someone restores it (\(why)).")
        } else {
            state.note(.danger, "3d deferred by \(by): auto-sync on \(state.config?.app ?? "the app") stays OFF until someone re-enables it (\(why)).")
        }
    }

    /// The grade is Step 4's question: asked while its message is not yet handed over.
    static func chooseSeverity(_ severity: Severity, by: String, _ state: inout RunbookState) {
        guard !by.isEmpty, state.chosenEnding != nil, !state.status(.communicate).isFinished,
              !state.isRunning(.communicate) else {
            state.note(.warn, "The severity is chosen at Step 4's gate — nothing changed.")
            return
        }
        guard severity != state.severity else { return }
        state.severityChosen = severity
        state.note(.info, "Severity set to \(severity.rawValue) by \(by)" + (severity == .p0 ? ": the message adds the tenant contacts' text and the status page's entry." : ": the channel message only."))
    }

    static func applyOverride(typedApp: String, reason: String, by: String, _ state: inout RunbookState) {
        guard let config = state.config, state.override == nil, state.hardStop != nil, state.chosenEnding == nil else { return }
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard typedApp == config.app, !why.isEmpty, !by.isEmpty else {
            state.note(.warn, "Override refused: type the app name exactly and give a reason.")
            return
        }
        state.override = Override(reason: why, by: by, at: state.now)
        state.note(.danger, "Step 0 overridden by \(by): \(why)")
    }

    static func choose(_ id: HistoryID, by: String, _ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let app = state.app.value, let config = state.config, let bad = state.badEntry else { return }
        switch state.status(.rollback) {
        case .running, .done: 
            state.note(.warn, "The rollback target cannot change once the rollback has run.")
            return
        default: break
        }
        guard let entry = app.history.first(where: { $0.id == id }), entry.id < bad.id,
              !entry.revision.sameCommit(as: bad.revision) else {
            state.note(.warn, "History \(id) cannot be the rollback target: pick an entry older than \(bad.id) on another revision.")
            return
        }
        guard entry != state.lastKnownGood else { return }
        state.lastKnownGood = entry
        state.lastKnownGoodChosen = true
        if state.override != nil {
            // An override was about the old target's migrations: the new range is judged afresh.
            state.override = nil
            state.note(.warn, "The Step 0 override applied to the previous target; it no longer stands.")
        }
        state.note(.info, "\(by) chose history \(entry.id) (\(entry.revision.short)) as the rollback target.")
        // Step 0 compares against the target: re-check it, and look at the new verdict again.
        state.migrations = Evidence()
        if state.status(.schema).isFinished { state.steps[.schema] = .ready }
        if state.status(.preflight).isFinished == false { state.steps[.preflight] = .ready }
        state.request(.migrations(from: entry.revision, to: bad.revision, glob: config.migrationsGlob), &effects)
        // 3a pinned the old target: the new one must be pinned again before 3b.
        if let pin = state.pin, !pin.revision.sameCommit(as: entry.revision), state.status(.disableAutoSync).isFinished {
            state.steps[.disableAutoSync] = .ready
            state.note(.warn, "3a pinned targetRevision to \(pin.revision.short), the old target: pin it again to \(entry.revision.short) before 3b.")
        }
        // 3b's diff was against the old target.
        state.rollbackDiff = Evidence()
        state.requestRollbackDiff(&effects)
        // Was the new target green? Its own record replaces the old one's.
        state.targetRecord = Evidence()
        state.requestTargetRecord(&effects)
    }
}
