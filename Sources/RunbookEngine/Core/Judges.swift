import Foundation
import MigrationSafety

/// How each step of the built-in runbook reads its evidence: the `judge` of its row in `CodeRollback.swift`.
/// Each returns the status the evidence gives the open step; a running step is judged by the reads in
/// `Reducer+Results.swift` instead.
extension Runbook {
    static func judgePreflight(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        let known = state.app.value != nil && (state.migrations.value != nil || state.migrations.error != nil)
        return known ? .awaitingConfirmation : .ready
    }

    static func judgeSchema(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        if let stop = state.hardStop { return .failed(stop) }
        // Overridden while unreadable: the driver's reason stands in for the verdict.
        return state.migrations.value != nil || state.override != nil ? .awaitingConfirmation : .ready
    }

    /// Step 1 waits for the alert's start when one is configured: it is half of its evidence.
    static func judgeCheck(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        let alertKnown = (state.config?.alertName.isEmpty ?? true) || state.alertStart.readAt != nil
        return state.app.value != nil && alertKnown ? .awaitingConfirmation : .ready
    }

    static func judgeDiagnose(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        let read = (state.diagnosis.value != nil || state.diagnosis.error != nil)
            && (state.pods.value != nil || state.pods.error != nil)
        return read ? .awaitingConfirmation : .ready
    }

    static func judgeDisableAutoSync(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        if case .failed = state.status(.disableAutoSync) { return nil }
        if state.autoSyncBefore == nil, state.pin == nil, state.autoSyncOff == true {
            state.finish(.disableAutoSync, summary: "", skipped: "auto-sync was already off")
            return nil
        }
        return .awaitingConfirmation
    }

    static func judgeRollback(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        if case .failed = state.status(.rollback) { return nil }
        if state.lastKnownGood == nil { return .waiting("no earlier history entry to roll back to") }
        if !state.rollbackGuarded {
            if let pin = state.pin, let target = state.lastKnownGood, !pin.revision.sameCommit(as: target.revision) {
                return .waiting("targetRevision must be pinned to the new target \(target.revision.short) first (Step 3a)")
            }
            return .waiting(state.pin != nil ? "targetRevision must be verified pinned first (Step 3a)" : "auto-sync must be verified off first (Step 3a)")
        }
        // The gate says what will change: it opens once the diff against this target is read (or failed).
        if let target = state.lastKnownGood, state.rollbackDiffFor(target) == nil {
            return .waiting("reading argocd app diff against \(target.revision.short)")
        }
        return .awaitingConfirmation
    }

    /// 3c begins (on either table): its timeout starts and the pods and p99 are read at once.
    static func beginVerify(_ state: inout RunbookState, _ effects: inout [Effect]) {
        guard state.verifyStartedAt == nil, let config = state.config else { return }
        state.verifyStartedAt = state.now
        effects.append(.schedule(after: config.verifyTimeoutSeconds, .verifyTimeout))
        state.request(.pods(namespace: config.namespace, selector: config.selector), &effects)
        state.request(state.latencyRead, &effects)
        if let others = state.otherMetricsRead { state.request(others, &effects) }
    }

    static func judgeVerify(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        if case .failed = state.status(.verify) { return nil }
        guard state.config != nil else { return nil }
        beginVerify(&state, &effects)
        let check = state.recovery
        warnIfSlow(&state, slow: check.slow, elapsed: check.elapsed, since: "the rollback", summary: check.summary)
        return check.passed ? .awaitingConfirmation : .waiting(check.summary)
    }

    /// 3c's one warning per watch (on either table) when recovery takes longer than the runbook expects.
    static func warnIfSlow(_ state: inout RunbookState, slow: Bool, elapsed: Double?, since: String, summary: String) {
        guard slow, !state.notes.contains(where: { $0.kind == .slowRecovery && $0.at >= state.verifyStartedAt ?? .distantPast }) else { return }
        state.note(.warn, "3c: \(Format.duration(elapsed ?? 0)) since \(since) and not recovered — the runbook expects 2–3 minutes. Look at the pods and the dashboard; escalating is on offer if it times out. (\(summary))", kind: .slowRecovery)
    }

    static func judgeEnableAutoSync(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        if case .failed = state.status(.enableAutoSync) { return nil }
        if state.autoSyncBefore == nil, state.pin == nil {
            let why = state.status(.disableAutoSync).isFinished ? "auto-sync was off before the incident" : "auto-sync was never turned off"
            state.finish(.enableAutoSync, summary: "", skipped: why)
            return nil
        }
        if (state.revert.value ?? nil) == nil {
            return .waiting("waiting for a revert of \(state.badEntry?.revision.short ?? "the bad commit") in the config repo")
        }
        return .awaitingConfirmation
    }

    // MARK: - The kill switch: the driver flips the flag, the console watches the metrics as 3c does

    static func startKillSwitchWatch(_ state: inout RunbookState, _ effects: inout [Effect]) {
        guard let config = state.config else { return }
        state.killSwitchFlippedAt = state.now
        state.steps[.killSwitch] = .running("watching \(config.metricsWatched.map(\.name).joined(separator: ", ")) since the flag flip")
        state.request(state.latencyRead, &effects)
        if let others = state.otherMetricsRead { state.request(others, &effects) }
        effects.append(.killSwitchFlipped)
        effects.append(.schedule(after: config.verifyTimeoutSeconds, .killSwitchTimeout))
    }

    static func judgeKillSwitch(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        guard case .running = state.status(.killSwitch), let flipped = state.killSwitchFlippedAt else { return .awaitingConfirmation }
        let holds = state.metricHolds(since: flipped)
        let summary = MetricHold.summary(holds)
        if !holds.isEmpty, holds.allSatisfy(\.passed) {
            state.finish(.killSwitch, summary: "flag flipped at \(Format.clock(flipped)); \(summary)")
            state.note(.info, "Mitigated by the kill switch: \(summary). No rollback needed.")
            return nil
        }
        return .running("flag flipped at \(Format.clock(flipped)); \(summary)")
    }

    /// The kill switch did not bring p99 down in time: the rollback path opens.
    static func killSwitchTimedOut(_ state: inout RunbookState) {
        guard case .running = state.status(.killSwitch), let flipped = state.killSwitchFlippedAt, let config = state.config else { return }
        let why = "\(Self.unheld(config, state.metricHolds(since: flipped))) within \(Format.duration(config.verifyTimeoutSeconds)) of the flag flip"
        state.skip(.killSwitch, "\(why): rolling back instead (3a, 3b)")
        state.note(.danger, "Kill switch flipped at \(Format.clock(flipped)) did not help: \(why). Go on with the rollback.")
    }

    /// "p99 did not hold below 0.50 s", naming every metric that did not hold (the first one when all did).
    static func unheld(_ config: IncidentConfig, _ holds: [MetricHold]) -> String {
        let failing = holds.filter { !$0.passed }.map(\.metric)
        return (failing.isEmpty ? [config.watchedFirst] : failing)
            .map { "\($0.name) did not hold \($0.limit)" }.joined(separator: " and ")
    }

    // MARK: - Escalation

    /// `n` on Escalate: keep trying. A failed 3c watches again for another verify window; a failed
    /// 3b can be retried (escalating is offered again if it fails again).
    static func declineEscalation(_ state: inout RunbookState, _ effects: inout [Effect], _ by: String) {
        if case .failed = state.status(.verify), let config = state.config {
            state.steps[.verify] = .ready
            state.verifyStartedAt = state.now
            effects.append(.schedule(after: config.verifyTimeoutSeconds, .verifyTimeout))
            state.steps[.escalate] = .locked
            state.note(.info, "\(by) kept watching instead of escalating: 3c watches for another \(Format.duration(config.verifyTimeoutSeconds)).")
        } else {
            state.skip(.escalate, "declined by \(by): 3b can be retried")
        }
    }
}
