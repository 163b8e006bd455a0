import Foundation
import MigrationSafety

extension Runbook {
    /// Results coming back from the ports.
    static func record(_ event: Event, _ state: inout RunbookState, _ effects: inout [Effect]) {
        let at = event.at
        switch event.kind {
        case .appRead(let outcome):
            let requestedAt = state.inFlight.removeValue(forKey: .app) ?? at
            state.app.record(outcome, at: at)
            // A read sent before the last gate command finished cannot confirm what that command did.
            let fresh = state.lastGateFinishedAt.map { requestedAt >= $0 } ?? true
            if let app = outcome.value { observe(app, fresh: fresh, &state, &effects) }
            if !fresh, let config = state.config { state.request(.app(name: config.app), &effects) }
        case .migrationsRead(let outcome, let from, let to):
            state.inFlight[.migrations] = nil
            // A verdict for a range that is no longer the one in question is stale.
            guard from == state.lastKnownGood?.revision, to == state.badEntry?.revision else { break }
            state.migrations.record(outcome, at: at)
            state.migrationsRange = [from, to]
        case .diagnosisRead(let outcome, let revision):
            state.inFlight[.diagnosis] = nil
            let before = state.diagnosis.value
            state.diagnosis.record(outcome, at: at)
            // Step 2's evidence goes on screen when it is first read, and again only if it changed.
            if let change = outcome.value, change != before {
                state.log.append(.change(LoggedChange(at: at, revision: revision, change: change)))
            }
        case .podsRead(let outcome):
            state.inFlight[.pods] = nil
            state.pods.record(outcome, at: at)
            // Once 3a pinned, auto-sync may already be rolling the pods to the target: those are not the bad ones.
            if let pods = outcome.value, state.rollbackNotStarted, state.pin == nil {
                state.badImages.formUnion(pods.map(\.image))
                state.badPods.formUnion(pods.map(\.pod))
            }
        case .deploymentRead(let outcome):
            let requestedAt = state.inFlight[.deployment] ?? at
            state.inFlight[.deployment] = nil
            state.deploymentImages.record(outcome, at: at)
            // Only a read asked for after the rollback finished says what the rollback left.
            if let images = outcome.value, let done = state.finishedAt[.rollback], requestedAt >= done {
                let changed = state.templateAfterRollback != images
                state.templateAfterRollback = images
                // Said when the template is first read after 3b, and again only if it changes.
                if changed { state.checkPinnedDigest() }
            }
        case .rolloutRead(let outcome):
            let requestedAt = state.inFlight.removeValue(forKey: .rollout) ?? at
            state.rollout.record(outcome, at: at)
            // As for the app: only a read sent after the last gate command can say what it did.
            if let rollout = outcome.value {
                if state.lastGateFinishedAt.map({ requestedAt >= $0 }) ?? true { observe(rollout, &state) }
                else if let config = state.config { state.request(.rollout(namespace: config.namespace, name: rollout.name), &effects) }
            }
        case .latencyRead(let outcome):
            state.inFlight[.latency] = nil
            state.latency.record(outcome.merged(into: state.latency.value, window: at.addingTimeInterval(-RunbookState.latencyWindow)), at: at)
        case .metricsRead(let readings):
            state.inFlight[.metrics] = nil
            var others = state.otherMetrics ?? [:]
            // Only metrics this incident watches: a crafted journal's extra names go nowhere.
            let watched = Set(state.config?.watchedToo.map(\.name) ?? [])
            for reading in readings where watched.contains(reading.name) {
                var evidence = others[reading.name] ?? Evidence()
                evidence.record(reading.samples.merged(into: evidence.value, window: at.addingTimeInterval(-RunbookState.latencyWindow)), at: at)
                others[reading.name] = evidence
            }
            state.otherMetrics = others
        case .alertRead(let outcome):
            state.inFlight[.alert] = nil
            state.alertStart.record(outcome, at: at)
        case .revertRead(let outcome, _):
            state.inFlight[.revert] = nil
            let before = state.revert.value ?? nil
            state.revert.record(outcome, at: at)
            if before == nil, let commit = outcome.value ?? nil {
                state.note(.info, "The bad commit is reverted in the config repo by \(commit.short).")
            }
        case .diffRead(let outcome, let revision):
            recordDiff(outcome, revision: revision, at: at, &state, &effects)
        case .targetLatencyRead(let outcome, let revision, let from, let to):
            recordTarget(outcome, revision: revision, from: from, to: to, &state, &effects)
        case .permissionRead(let outcome):
            state.inFlight[.permission] = nil
            state.syncPermission.record(outcome, at: at)
        case .syncWindowsRead(let outcome):
            recordSyncWindows(outcome, at: at, &state, &effects)
        case .gateFinished(let step, let result):
            state.commands.append(result)
            state.log.append(.command(LoggedCommand(step: step, startedAt: state.commandsInFlight?[step], finishedAt: at, result: result)))
            state.commandsInFlight?[step] = nil
            // A result for a command the console is not running (a hand-edited journal) moves nothing.
            guard state.isRunning(step) else {
                state.note(.danger, "A result for \(step.label) arrived while it was not running — ignored.")
                break
            }
            gateFinished(step, result, &state, &effects)
        case .communicated(let outcome):
            finishFileStep(.communicate, outcome, &state) { "status message ready in \($0)" }
            state.communicatedTo = outcome.value
        case .statusPosted(let outcome):
            statusPosted(outcome, &state)
        case .postmortemWritten(let outcome):
            finishFileStep(.postmortem, outcome, &state) { "draft written to \($0)" }
            state.postmortemPath = outcome.value
        default:
            break
        }
    }

    static func finishFileStep(_ step: StepID, _ outcome: Outcome<String>, _ state: inout RunbookState,
                               _ summary: (String) -> String) {
        // Written on the way out of an abandoned incident (nobody confirmed the step): the path is kept, the step stays open.
        guard state.isRunning(step) else { return }
        switch outcome {
        case .ok(let path):
            state.finish(step, summary: summary(path))
            state.log.append(.wrote(WrittenFile(step: step, path: path, at: state.now)))
        case .failed(let error): state.steps[step] = .failed(error.message)
        }
    }

    /// What a fresh read of the Application means for the steps in flight.
    static func observe(_ app: Application, fresh: Bool, _ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let config = state.config else { return }
        if state.badEntry == nil, let current = app.current {
            state.badEntry = current
            let earlier = app.history.dropLast().last { !$0.revision.sameCommit(as: current.revision) }
            state.lastKnownGood = earlier
            state.proposedLastKnownGood = earlier
            if earlier == nil {
                state.note(.danger, "History has no entry before \(current.id): there is nothing to roll back to.")
            } else if let target = earlier {
                state.request(.migrations(from: target.revision, to: current.revision, glob: config.migrationsGlob), &effects)
            }
            state.request(.diagnosis(revision: current.revision), &effects)
            state.requestRollbackDiff(&effects)
            state.requestTargetRecord(&effects)
            state.requestRollbackRisks(app, again: false, &effects)
            if !config.alertName.isEmpty {
                state.request(.alert(name: config.alertName, around: current.deployedAt), &effects)
            }
        }
        if state.workload == nil, state.workloadProblem == nil, let resources = app.resources {
            detectWorkload(resources, config: config, &state, &effects)
        }
        guard fresh else { return }
        recheckUnknown(app, &state)
        // Step 3a's check: auto-sync really off, or targetRevision really pinned.
        if state.pin != nil {
            observePin(app, &state)
        } else if case .running = state.status(.disableAutoSync), app.autoSync == nil {
            state.finish(.disableAutoSync, summary: "auto-sync is off (was \(Format.autoSync(state.autoSyncBefore)))")
        }
        // Turned back on behind our back (an app-of-apps parent re-applying the spec): the rollback would not stick.
        if state.status(.disableAutoSync).isFinished, state.autoSyncBefore != nil, app.autoSync != nil,
           !state.status(.enableAutoSync).isFinished, !state.isRunning(.enableAutoSync) {
            state.steps[.disableAutoSync] = .failed("auto-sync was switched back on after Step 3a (an app-of-apps parent?) — disable it again")
            state.note(.danger, "Auto-sync came back on after Step 3a: Argo CD would re-sync HEAD and undo the rollback.", kind: .autoSyncBack)
        }
        checkTerminated(app, &state)
        if case .running = state.status(.rollback) { checkRollback(app, &state) }
        if state.pin == nil, case .running = state.status(.enableAutoSync), let now = app.autoSync {
            state.finish(.enableAutoSync, summary: "auto-sync is on again (\(Format.autoSync(now)))")
            if let before = state.autoSyncBefore, now != before {
                state.note(.warn, "Auto-sync is back as \(Format.autoSync(now)), not as 3a recorded it (\(Format.autoSync(before))): set the rest by hand.")
            }
        }
        // The runbook's false start: the rollback "worked" but auto-sync put HEAD back.
        if state.status(.rollback).isFinished, let target = state.lastKnownGood, let bad = state.badEntry,
           let current = app.current, current.id > bad.id, current.revision.sameCommit(as: bad.revision),
           !state.notes.contains(where: { $0.kind == .falseStart }) {
            state.note(.danger, "False start: auto-sync re-applied \(bad.revision.short) after the rollback to \(target.revision.short). Disable auto-sync (3a) and roll back again.", kind: .falseStart)
            // The rollback did not stick: 3b (and 3c after it) must be done again.
            if !state.status(.enableAutoSync).isFinished {
                state.steps[.rollback] = .locked
                state.steps[.verify] = .locked
                state.verifyStartedAt = nil
            }
        }
    }

    /// The terminate-op branch: done once Argo CD shows no operation running; a failed or declined
    /// terminate whose operation ended anyway is settled by that.
    static func checkTerminated(_ app: Application, _ state: inout RunbookState) {
        let status = state.status(.terminateOp)
        let operation = app.operation
        let stillRunning = operation.map { $0.phase == .running || $0.phase == .terminating } ?? false
        switch status {
        case .running where stillRunning:
            state.steps[.terminateOp] = .running("operation \(operation?.phase.rawValue ?? "?"): \(operation?.message ?? "")")
        case .running where !stillRunning, .outcomeUnknown where !stillRunning:
            let ended = operation.map { "\($0.phase.rawValue)" + ($0.message.isEmpty ? "" : ": \($0.message)") } ?? "gone"
            state.finish(.terminateOp, summary: "the operation ended (\(ended))")
        case .outcomeUnknown:
            state.steps[.terminateOp] = .awaitingConfirmation
        case .failed where !stillRunning:
            state.finish(.terminateOp, summary: "the operation ended on its own")
        default: break
        }
    }

    /// The target's record: kept only for the target it was asked about (a replaced target asks again).
    static func recordTarget(_ outcome: Outcome<[LatencySample]>, revision: Revision, from: Date, to: Date,
                             _ state: inout RunbookState, _ effects: inout [Effect]) {
        state.inFlight[.targetLatency] = nil
        guard let target = state.lastKnownGood, revision == target.revision, let config = state.config else {
            state.requestTargetRecord(&effects)
            return
        }
        switch outcome {
        case .ok(let samples):
            let record = TargetRecord(revision: revision, from: from, to: to, samples: samples, metric: config.watchedFirst,
                                      step: TargetRecord.step(from: from, to: to))
            state.targetRecord.record(.ok(record), at: state.now)
            state.note(record.green ? .info : .warn, "Target: \(record.text(target.id)).")
        case .failed(let error):
            state.targetRecord.record(.failed(error), at: state.now)
        }
    }

    /// 3b's diff: kept (and logged whole) only for the target it was asked about; one for a target the
    /// driver has since replaced asks again for the new one.
    static func recordDiff(_ outcome: Outcome<RollbackDiff>, revision: Revision, at: Date, _ state: inout RunbookState,
                           _ effects: inout [Effect]) {
        state.inFlight[.diff] = nil
        guard let target = state.lastKnownGood, revision == target.revision else {
            state.requestRollbackDiff(&effects)
            return
        }
        state.rollbackDiff.record(outcome, at: at)
        switch outcome {
        case .ok(let diff):
            state.log.append(.diff(LoggedDiff(at: at, app: state.config?.app ?? "", diff: diff, sources: target.sources ?? [])))
            if diff.isEmpty {
                state.note(.warn, "argocd app diff finds no difference against \(target.revision.short): rolling back to history \(target.id) would change nothing — is it the right target?")
            }
        case .failed(let error):
            state.note(.warn, "argocd app diff against \(target.revision.short) failed: \(error.message) — 3b's gate cannot say what will change (r reads it again).")
        }
    }

    /// After a resume: what the commands that were running really did, from a fresh read.
    static func recheckUnknown(_ app: Application, _ state: inout RunbookState) {
        if state.pin != nil {
            recheckUnknownPin(app, &state)
        } else if state.status(.disableAutoSync) == .outcomeUnknown {
            if app.autoSync == nil { state.finish(.disableAutoSync, summary: "auto-sync is off (re-checked after resume)") }
            else { state.steps[.disableAutoSync] = .awaitingConfirmation }
        }
        if state.status(.rollback) == .outcomeUnknown, let target = state.lastKnownGood {
            let operation = app.operation
            let onTarget = operation?.syncRevision.map { $0.sameCommit(as: target.revision) } ?? false
            if operation?.phase == .running, onTarget {
                state.steps[.rollback] = .running("operation Running: \(operation?.message ?? "")")
            } else if onTarget {
                state.steps[.rollback] = .running("re-checking the rollback after resume")
                checkRollback(app, &state)
            } else {
                // Argo CD shows no rollback to the target: it did not happen. The gate opens again.
                state.steps[.rollback] = .awaitingConfirmation
            }
        }
        if state.pin == nil, state.status(.enableAutoSync) == .outcomeUnknown {
            if app.autoSync != nil { state.finish(.enableAutoSync, summary: "auto-sync is on (re-checked after resume)") }
            else { state.steps[.enableAutoSync] = .awaitingConfirmation }
        }
    }

    /// How long Argo CD may keep showing the operation from before the rollback (its controller
    /// picks a new operation up asynchronously) before the rollback is called failed.
    static let operationReportSeconds: Double = 120

    /// A rollback is judged by the operation Argo CD reports, never by the CLI's exit code.
    static func checkRollback(_ app: Application, _ state: inout RunbookState) {
        guard let target = state.lastKnownGood, let operation = app.operation else { return }
        if let before = state.operationBeforeRollback, operation == before {
            let waited = state.now.timeIntervalSince(state.lastGateFinishedAt ?? state.now)
            if waited < Self.operationReportSeconds {
                state.steps[.rollback] = .running("waiting for Argo CD to report the rollback's operation (it still shows the one before)")
            } else {
                state.rollbackOperationFailed = true
                state.steps[.rollback] = .failed("Argo CD still shows the operation from before the rollback after \(Format.duration(waited)) — check argocd app get \(app.name)")
            }
            return
        }
        switch operation.phase {
        case .succeeded where operation.syncRevision.map { $0.sameCommit(as: target.revision) } ?? false:
            let sync = app.sync == .outOfSync ? "; OutOfSync against HEAD is expected after a rollback" : ""
            state.finish(.rollback, summary: "rolled back to \(target.id) (\(target.revision.short)): operation Succeeded\(sync)")
            state.noteCRDsLeftByRollback()
        case .succeeded:
            state.rollbackOperationFailed = true
            state.steps[.rollback] = .failed("the last operation synced \(operation.syncRevision?.short ?? "an unknown revision"), not \(target.revision.short): \(operation.message)")
        case .failed, .error:
            state.rollbackOperationFailed = true
            state.steps[.rollback] = .failed("Argo CD reports the rollback \(operation.phase.rawValue): \(operation.message)")
        case .running, .terminating:
            state.steps[.rollback] = .running("operation \(operation.phase.rawValue): \(operation.message)")
        }
    }

    static func gateFinished(_ step: StepID, _ result: CommandResult, _ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let config = state.config else { return }
        state.lastGateFinishedAt = state.now
        guard result.succeeded else {
            let said = Format.firstLine(result.launchError ?? (result.timedOut ? "timed out after \(Format.duration(result.seconds))" : (result.stderr.isEmpty ? result.stdout : result.stderr)))
            state.steps[step] = .failed("\(result.argv.prefix(3).joined(separator: " ")) failed: \(said)")
            if result.stderr.contains("auto-sync is enabled") {
                state.note(.danger, "Argo CD refused the rollback: auto-sync is on. Disable it (Step 3a) first.", kind: .autoSyncRefusal)
            }
            state.request(.app(name: config.app), &effects)
            return
        }
        if case .command(let gate) = state.runbook.row(step)?.gate { state.steps[step] = .running(state.pinChecking(step) ?? gate.checking) }
        state.request(.app(name: config.app), &effects)
        if step == .syncWindowOverride, let project = state.app.value?.project {
            state.request(.syncWindows(app: config.app, project: project), &effects)
        }
        if case .rollout(let name)? = state.workload { state.request(.rollout(namespace: config.namespace, name: name), &effects) }
    }

    /// The app's workload from its resources, once: a Rollout takes the Rollouts path from here on.
    static func detectWorkload(_ resources: [ManagedResource], config: IncidentConfig, _ state: inout RunbookState, _ effects: inout [Effect]) {
        let detection = WorkloadDetection.detect(resources, named: config.workload)
        switch detection {
        case .found(let workload):
            state.workload = workload
            if case .rollout(let name) = workload {
                state.note(.info, "\(config.app) runs the Argo Rollout \(name): the Rollouts path (abort a canary in flight; roll back and promote a promoted one).")
                state.request(.rollout(namespace: config.namespace, name: name), &effects)
            }
        case .ambiguous, .none:
            state.workloadProblem = detection.text
            state.note(.warn, "Workload: \(detection.text).")
        }
    }
}
