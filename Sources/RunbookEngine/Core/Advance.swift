import Foundation
import MigrationSafety

extension Runbook {
    /// Re-derives which step is current and what its gate needs, after every event.
    /// Steps go in order; 3d may wait for the revert while Step 4 goes ahead, and Step 5 waits for both.
    static func advance(_ state: inout RunbookState, _ effects: inout [Effect]) {
        guard state.config != nil else { return }
        var blocked = false
        for step in StepID.allCases {
            let status = state.status(step)
            if status.isFinished {
                // Step 4 may finish while 3d still waits for the revert; Step 5 waits for both.
                if step == .communicate, !state.status(.enableAutoSync).isFinished { blocked = true }
                continue
            }
            if blocked {
                if status == .awaitingConfirmation || status == .ready { state.steps[step] = .locked }
                continue
            }
            evaluate(step, &state, &effects)
            // 3d waiting for the revert lets Step 4 go ahead; everything else holds the line.
            if step == .enableAutoSync, !state.isRunning(.enableAutoSync) {
                if case .failed = state.status(step) { blocked = true }
                continue
            }
            if step == .communicate, !state.status(.enableAutoSync).isFinished {
                blocked = true
                continue
            }
            if !state.status(step).isFinished { blocked = true }
        }
    }

    /// The current step's status from the evidence. Running and failed steps keep theirs:
    /// only a result or the driver moves them.
    static func evaluate(_ step: StepID, _ state: inout RunbookState, _ effects: inout [Effect]) {
        let current = state.status(step)
        switch current {
        case .running, .outcomeUnknown: return
        case .failed where step.isMutating || step == .communicate || step == .postmortem || step == .verify: return
        default: break
        }
        guard let config = state.config else { return }
        let next: StepStatus
        switch step {
        case .preflight:
            let known = state.app.value != nil && (state.migrations.value != nil || state.migrations.error != nil)
            next = known ? .awaitingConfirmation : .ready
        case .schema:
            if let stop = state.hardStop { next = .failed(stop) }
            else if state.migrations.value != nil { next = .awaitingConfirmation }
            else { next = .ready }
        case .check:
            next = state.app.value != nil ? .awaitingConfirmation : .ready
        case .diagnose:
            let read = (state.diagnosis.value != nil || state.diagnosis.error != nil)
                && (state.pods.value != nil || state.pods.error != nil)
            next = read ? .awaitingConfirmation : .ready
        case .disableAutoSync:
            if state.autoSyncBefore == nil, state.autoSyncOff == true {
                state.finish(.disableAutoSync, summary: "", skipped: "auto-sync was already off")
                return
            }
            next = .awaitingConfirmation
        case .rollback:
            if state.lastKnownGood == nil { next = .waiting("no earlier history entry to roll back to") }
            else if state.autoSyncOff != true { next = .waiting("auto-sync must be verified off first (Step 3a)") }
            else { next = .awaitingConfirmation }
        case .verify:
            if state.verifyStartedAt == nil {
                state.verifyStartedAt = state.now
                effects.append(.schedule(after: config.verifyTimeoutSeconds, .verifyTimeout))
                state.request(.pods(namespace: config.namespace, selector: config.selector), &effects)
                state.request(state.latencyRead, &effects)
            }
            let check = state.recovery
            next = check.passed ? .awaitingConfirmation : .waiting(check.summary)
        case .enableAutoSync:
            if state.autoSyncBefore == nil {
                state.finish(.enableAutoSync, summary: "", skipped: "auto-sync was off before the incident")
                return
            }
            if state.revert.value == nil || state.revert.value! == nil {
                next = .waiting("waiting for a revert of \(state.badEntry?.revision.short ?? "the bad commit") in the config repo")
            } else { next = .awaitingConfirmation }
        case .communicate:
            next = .awaitingConfirmation
        case .postmortem:
            next = .awaitingConfirmation
        }
        if next != current {
            state.steps[step] = next
            if next == .awaitingConfirmation, state.gateOpenedAt[step] == nil { state.gateOpenedAt[step] = state.now }
        }
    }

    /// Reads the current steps need, on every poll tick.
    static func poll(_ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let config = state.config else { return }
        state.request(.app(name: config.app), &effects)
        state.request(.pods(namespace: config.namespace, selector: config.selector), &effects)
        if config.readsDeployment == true {
            state.request(.deployment(namespace: config.namespace, name: config.deployment), &effects)
        }
        state.request(state.latencyRead, &effects)
        if state.status(.rollback).isFinished, let bad = state.badEntry, (state.revert.value ?? nil) == nil {
            state.request(.revert(of: bad.revision), &effects)
        }
    }

    /// Everything, now (start and `r`).
    static func requestAll(_ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let config = state.config else { return }
        poll(&state, &effects)
        if let bad = state.badEntry {
            if let target = state.lastKnownGood {
                state.request(.migrations(from: target.revision, to: bad.revision, glob: config.migrationsGlob), &effects)
            }
            state.request(.diagnosis(revision: bad.revision), &effects)
            if !config.alertName.isEmpty {
                state.request(.alert(name: config.alertName, around: bad.deployedAt), &effects)
            }
        }
    }
}

extension RunbookState {
    /// The chart keeps 30 minutes; after the first read only the last minute is asked again,
    /// so each poll (and its journal line) carries a few samples, not the whole window.
    var latencyRead: ReadRequest {
        let window = now.addingTimeInterval(-Self.latencyWindow)
        let from = latency.value?.last.map { max(window, $0.at.addingTimeInterval(-60)) } ?? window
        return .latency(from: from, to: now)
    }

    static let latencyWindow: Double = 1800

    /// Sends a read unless the same kind is already waiting for an answer.
    mutating func request(_ read: ReadRequest, _ effects: inout [Effect]) {
        guard inFlight[read.kind] == nil else { return }
        inFlight[read.kind] = now
        effects.append(.read(read))
    }

    mutating func note(_ level: Note.Level, _ text: String) {
        notes.append(Note(at: now, level: level, text: text))
    }

    mutating func finish(_ step: StepID, summary: String, skipped: String? = nil) {
        steps[step] = skipped.map { .skipped($0) } ?? .done(summary)
        finishedAt[step] = now
    }

    /// Whether `y` on `step` would be taken now: its gate is open, or its command failed and may be retried.
    public func isConfirmable(_ step: StepID) -> Bool {
        switch status(step) {
        case .awaitingConfirmation: return pendingGate == step
        case .failed:
            guard step.isMutating || step == .communicate || step == .postmortem, pendingGate == nil else { return false }
            if firstUnfinished == step { return true }
            // Step 4 goes ahead while 3d waits for the revert, and so does its retry.
            if step == .communicate, firstUnfinished == .enableAutoSync, case .waiting = status(.enableAutoSync) { return true }
            return false
        default: return false
        }
    }

    /// The step the confirmation bar is about: an open gate, or a failed command to retry.
    public var gateStep: StepID? {
        if let gate = pendingGate { return gate }
        return StepID.allCases.first { isConfirmable($0) }
    }

    var firstUnfinished: StepID? { StepID.allCases.first { !status($0).isFinished } }

    func isRunning(_ step: StepID) -> Bool {
        if case .running = status(step) { return true }
        return false
    }

    var rollbackNotStarted: Bool {
        switch status(.rollback) {
        case .running, .done, .failed: false
        default: true
        }
    }
}
