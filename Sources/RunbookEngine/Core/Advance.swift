import Foundation
import MigrationSafety

extension Runbook {
    /// Re-derives which steps are open and what their gates need, after every event, from the table:
    /// a step opens once the steps it comes after are settled (and what it `needs` holds); a branch
    /// opens only while it is offered; once an ending is chosen, the steps it does not keep are skipped.
    static func advance(_ state: inout RunbookState, _ effects: inout [Effect]) {
        guard state.config != nil else { return }
        // Rows come after the rows they wait for, so one pass knows each predecessor's whole chain.
        var chainSettled = [Bool](repeating: false, count: StepID.allCases.count)
        for row in state.runbook.rows {
            let predecessors = row.after.allSatisfy { chainSettled[$0.index] }
            defer { chainSettled[row.step.index] = predecessors && state.isSettled(row.step) }
            let status = state.status(row.step)
            if status.isFinished { continue }
            // Asked per row: a judge earlier in this pass may have just reached an ending (the kill switch's watch).
            if let ending = state.chosenEnding, !(row.survivesEnding?(state) ?? false) {
                switch status {
                case .locked where row.isBranch, .running, .failed, .outcomeUnknown: break
                default: state.skip(row.step, "not needed: \(ending.title)")
                }
                continue
            }
            let open = predecessors && (row.needs?(state) ?? true) && (row.offered?(state) ?? true)
            guard open else {
                if status == .awaitingConfirmation || status == .ready { state.steps[row.step] = .locked }
                continue
            }
            evaluate(row, &state, &effects)
        }
    }

    /// The open step's status from the evidence. Running steps keep theirs (only a result or the driver
    /// moves them) unless they watch the evidence (the kill switch); so do failed commands and texts.
    static func evaluate(_ row: StepRow, _ state: inout RunbookState, _ effects: inout [Effect]) {
        let current = state.status(row.step)
        switch current {
        case .running where row.onConfirm != nil: break
        case .running, .outcomeUnknown: return
        case .failed where row.isMutating || row.writes: return
        default: break
        }
        guard let next = row.judge(&state, &effects), next != state.status(row.step) else { return }
        state.steps[row.step] = next
        if next == .awaitingConfirmation, state.gateOpenedAt[row.step] == nil { state.gateOpenedAt[row.step] = state.now }
    }

    /// Reads the current steps need, on every poll tick.
    static func poll(_ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let config = state.config else { return }
        state.request(.app(name: config.app), &effects)
        state.request(.pods(namespace: config.namespace, selector: config.selector), &effects)
        switch state.workload {
        case .rollout(let name): state.request(.rollout(namespace: config.namespace, name: name), &effects)
        case .deployment(let name) where config.readsDeployment == true:
            state.request(.deployment(namespace: config.namespace, name: name), &effects)
        case nil where config.readsDeployment == true:
            state.request(.deployment(namespace: config.namespace, name: config.deployment), &effects)
        default: break
        }
        state.request(state.latencyRead, &effects)
        if let others = state.otherMetricsRead { state.request(others, &effects) }
        state.rereadSyncWindows(&effects)
        if state.status(.rollback).isFinished || state.status(.abortRollout).isFinished
            || (state.chosenEnding != nil && state.autoSyncGuardApplied), let bad = state.badEntry, (state.revert.value ?? nil) == nil {
            state.request(.revert(of: bad.revision), &effects)
        }
    }

    /// Everything, now (start and `r`).
    static func requestAll(_ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let config = state.config else { return }
        poll(&state, &effects)
        if state.rollbackNotStarted, let target = state.lastKnownGood {
            state.request(.diff(app: config.app, revision: target.revision, sources: target.sources ?? []), &effects)
        }
        state.requestTargetRecord(&effects)
        if let app = state.app.value { state.requestRollbackRisks(app, again: true, &effects) }
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
        .latency(config?.watchedFirst ?? MetricSpec.latency(query: "", threshold: 0.5), from: readFrom(latency.value), to: now)
    }

    /// The other metrics' read, each from where its own series ends; nil when 3c watches one metric.
    var otherMetricsRead: ReadRequest? {
        guard let others = config?.watchedToo, !others.isEmpty else { return nil }
        return .metrics(others.map { MetricWindow(metric: $0, from: readFrom(otherMetrics?[$0.name]?.value), to: now) })
    }

    private func readFrom(_ series: [LatencySample]?) -> Date {
        let window = now.addingTimeInterval(-Self.latencyWindow)
        return series?.last.map { max(window, $0.at.addingTimeInterval(-60)) } ?? window
    }

    static let latencyWindow: Double = 1800

    /// 3b's diff against the target, unless it is read already (or the rollback has run: then it says nothing).
    mutating func requestRollbackDiff(_ effects: inout [Effect]) {
        guard let app = config?.app, let target = lastKnownGood, rollbackNotStarted,
              rollbackDiff.value?.revision != target.revision else { return }
        request(.diff(app: app, revision: target.revision, sources: target.sources ?? []), &effects)
    }

    /// Sends a read unless the same kind is already waiting for an answer.
    mutating func request(_ read: ReadRequest, _ effects: inout [Effect]) {
        guard inFlight[read.kind] == nil else { return }
        inFlight[read.kind] = now
        effects.append(.read(read))
    }

    mutating func note(_ level: Note.Level, _ text: String, kind: Note.Kind? = nil) {
        let note = Note(at: now, level: level, text: text, kind: kind)
        notes.append(note)
        log.append(.note(note))
    }

    mutating func finish(_ step: StepID, summary: String, skipped: String? = nil) {
        steps[step] = skipped.map { .skipped($0) } ?? .done(summary)
        finishedAt[step] = now
    }

    mutating func skip(_ step: StepID, _ why: String) { finish(step, summary: "", skipped: why) }

    /// Whether `y` on `step` would be taken now: its gate is open, or its command failed and may be retried.
    public func isConfirmable(_ step: StepID) -> Bool {
        switch status(step) {
        case .awaitingConfirmation: return pendingGate == step && !passedOverByEnding(step)
        case .failed:
            guard let row = runbook.row(step), row.isMutating || row.writes, pendingGate == nil, !passedOverByEnding(step) else { return false }
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
        return runbook.steps.first { isConfirmable($0) }
    }

    /// The first step still in play: not finished, not a branch that does not apply, not passed over by the ending.
    public var firstUnfinished: StepID? { runbook.steps.first { !isSettled($0) } }

    /// Done with, as far as the steps after it are concerned: finished, a branch not offered, or a
    /// failure the chosen ending leaves behind (3c's, when escalating).
    public func isSettled(_ step: StepID) -> Bool {
        let status = status(step)
        if status.isFinished { return true }
        guard let row = runbook.row(step) else { return true }
        if row.isBranch, status == .locked, !(row.offered?(self) ?? true) { return true }
        return passedOverByEnding(step)
    }

    /// An ending is chosen and this step is not one it keeps: nothing may confirm it.
    func passedOverByEnding(_ step: StepID) -> Bool {
        chosenEnding != nil && !(runbook.row(step)?.survivesEnding?(self) ?? false)
    }

    /// Whether the runbook shows the step: every step of the straight line, and a branch once it is offered.
    public func isShown(_ step: StepID) -> Bool {
        guard let row = runbook.row(step) else { return false }
        return !row.isBranch || status(step) != .locked || (row.offered?(self) ?? false)
    }

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
