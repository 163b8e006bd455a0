import Foundation
@testable import RunbookEngine

/// A sequence as a person reads it: what happened, what the console thought, what it ran.
enum Transcript {
    static func of(_ events: [Event], reduce: @escaping Reducer) -> String {
        var state = RunbookState()
        let start = events.first?.at ?? Incident.start
        var lines: [String] = []
        for event in events {
            let before = state
            let effects = reduce(&state, event)
            var line = "  +\(Int(event.at.timeIntervalSince(start))) s".padding(toLength: 10, withPad: " ", startingAt: 0)
                + describe(event.kind)
            if case .confirmed(let step, _, _) = event.kind {
                line += " (\(step.number.isEmpty ? "Pre-flight" : step.number) \(before.status(step).word), auto-sync \(autoSync(before)))"
            }
            let commands = effects.filter { $0.mutation != nil || $0.isFileStep }
            if !commands.isEmpty { line += " → " + commands.map(\.transcript).joined(separator: ", ") }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func autoSync(_ state: RunbookState) -> String {
        state.autoSyncOff.map { $0 ? "off" : "ON" } ?? "unknown"
    }

    static func describe(_ kind: Event.Kind) -> String {
        switch kind {
        case .started(let config, let driver): return "\(driver) started the console on \(config.app)"
        case .confirmed(let step, let argv, let by):
            let who = by.isEmpty ? "nobody" : "driver"
            return "\(who) pressed y on \(step.label)" + (argv.isEmpty ? "" : " `\(argv.joined(separator: " "))`")
        case .declined(let step, _): return "driver pressed n on \(step.label)"
        case .overrode(let typed, let reason, _): return "driver overrode Step 0 typing \"\(typed)\", reason \"\(reason)\""
        case .choseLastKnownGood(let id, _): return "driver chose history \(id) as the rollback target"
        case .refreshRequested: return "driver pressed r"
        case .resumed(let by): return "console resumed on the journal by \(by)"
        case .hintShown(let step, _): return "trainee asked for a hint on \(step.label)"
        case .severityChosen(let severity, let by): return "\(by.isEmpty ? "nobody" : by) set the severity to \(severity.rawValue)"
        case .deferred(let step, let reason, let by): return "\(by.isEmpty ? "nobody" : by) deferred \(step.label): \"\(reason)\""
        case .autoSyncGuardChosen(let mode, let by): return "\(by.isEmpty ? "nobody" : by) pressed t at 3a: \(mode == .pin ? "pin targetRevision" : "disable auto-sync")"
        case .appRead(.ok(let app)):
            let current = app.current.map { "history \($0.id) (\($0.revision.short))" } ?? "no history"
            let operation = app.operation.map { ", last operation \($0.phase.rawValue) on \($0.syncRevision?.short ?? "?")" } ?? ""
            return "Argo CD: \(current), \(app.sync.rawValue), auto-sync \(app.autoSync == nil ? "off" : "ON")\(operation)"
        case .appRead(.failed(let error)): return "Argo CD read failed: \(error)"
        case .migrationsRead(let outcome, let from, let to):
            return "Step 0 diff \(from.short)..\(to.short): \(outcome.value?.verdict.word ?? "failed")"
        case .diagnosisRead(let outcome, _): return "git show --stat \(outcome.value == nil ? "failed" : "read")"
        case .podsRead(.ok(let pods)): return "pods: \(pods.map { $0.digest.map { String($0.suffix(4)) } ?? "?" }.joined(separator: " "))"
        case .podsRead(.failed): return "pods read failed"
        case .deploymentRead(let outcome): return "deployment template: " + (outcome.value?.joined(separator: ", ") ?? "read failed")
        case .rolloutRead(.ok(let rollout)):
            return "Rollout: \(rollout.stepText), stable \(rollout.stableHash ?? "?"), current \(rollout.currentHash ?? "?")\(rollout.aborted ? ", aborted" : "")"
        case .rolloutRead(.failed): return "Rollout read failed"
        case .latencyRead(.ok(let samples)): return "p99: \(samples.count) samples, last \(samples.last.map { Format.seconds($0.seconds) } ?? "none")"
        case .latencyRead(.failed): return "p99 read failed"
        case .metricsRead(let readings):
            return "other metrics: " + readings.map { "\($0.name) \($0.samples.value.map { "\($0.count) samples" } ?? "failed")" }.joined(separator: ", ")
        case .alertRead: return "alert start read"
        case .revertRead(let outcome, _):
            return "revert of the bad commit: " + (outcome.value.map { $0?.short ?? "none yet" } ?? "read failed")
        case .diffRead(let outcome, let revision):
            return "argocd app diff against \(revision.short): " + (outcome.value.map { $0.summary } ?? "failed")
        case .targetLatencyRead(let outcome, let revision, _, _):
            return "p99 over \(revision.short)'s deployment: " + (outcome.value.map { "\($0.count) samples" } ?? "failed")
        case .permissionRead(let outcome):
            return "argocd account can-i sync: " + (outcome.value.map { $0.allowed ? "yes" : "no" } ?? "failed")
        case .syncWindowsRead(let outcome):
            return "sync windows: " + (outcome.value.map { "\($0.state.rawValue), denying \($0.denying.map(\.id))" } ?? "failed")
        case .gateFinished(let step, let result):
            return "\(step.label)'s command `\(result.commandLine)` ended: exit \(result.exitCode.map(String.init) ?? "none")\(result.timedOut ? " (timed out)" : "")"
        case .communicated(let outcome): return "status message \(outcome.value == nil ? "failed" : "handed over")"
        case .statusPosted(let outcome): return "status webhook: " + (outcome.value.map { "HTTP \($0)" } ?? "failed")
        case .postmortemWritten(let outcome): return "postmortem \(outcome.value == nil ? "failed" : "written")"
        case .timerFired(let timer): return "timer \(timer.rawValue) fired"
        case .stopped(let reason): return "console stopped: \(reason)"
        case .decisionNotDurable(let seq, let reason): return "the decision at seq \(seq) was not made durable (\(reason)): not acted on"
        }
    }
}
