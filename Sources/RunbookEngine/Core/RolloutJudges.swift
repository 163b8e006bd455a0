import Foundation

/// How the Rollouts path's own steps read their evidence (rows in `RolloutsRollback.swift`).
extension Runbook {
    /// A canary in flight waits for `y` on abort; one Argo Rollouts already aborted needs no command.
    static func judgeAbort(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        if case .failed = state.status(.abortRollout) { return nil }
        guard let rollout = state.rollout.value else { return .waiting("reading the Rollout (kubectl get rollout)") }
        if rollout.aborted {
            let when = rollout.abortedAt.map { " at \(Format.clock($0))" } ?? ""
            state.skip(.abortRollout, "Argo Rollouts already aborted it\(when): \(rollout.progressingMessage ?? "status.abort is true")")
            state.note(.warn, Messages.abortedIsNotFinished(state))
            return nil
        }
        return .awaitingConfirmation
    }

    static func judgePromoteFull(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        if case .failed = state.status(.promoteFull) { return nil }
        if !state.status(.rollback).isFinished { return .waiting("waiting for the Argo CD rollback (3b)") }
        if !state.rolloutOnOldTemplate { return .waiting("waiting for the Rollout to take the old template") }
        return .awaitingConfirmation
    }

    static func judgeVerifyRollout(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        if case .failed = state.status(.verify) { return nil }
        guard state.config != nil else { return nil }
        beginVerify(&state, &effects)
        let check = state.rolloutRecovery
        warnIfSlow(&state, slow: check.slow, elapsed: check.elapsed, since: check.since, summary: check.summary)
        return check.passed ? .awaitingConfirmation : .waiting(check.summary)
    }

    /// 3d on the Rollouts path: as on the straight line when 3a turned auto-sync off; after an abort with
    /// auto-sync left on, nothing is re-enabled, but the step stays open until the revert is in git.
    static func judgeRevertAfterRollout(_ state: inout RunbookState, _ effects: inout [Effect]) -> StepStatus? {
        guard state.rolloutAborted, !state.autoSyncTurnedOff else { return judgeEnableAutoSync(&state, &effects) }
        if let commit = state.revert.value ?? nil {
            state.finish(.enableAutoSync, summary: "", skipped: "the revert \(commit.short) is in git: the abort is final (auto-sync was never off)")
            return nil
        }
        return .waiting("aborted is not finished: waiting for a revert of \(state.badEntry?.revision.short ?? "the bad commit") in git")
    }

    /// A fresh read of the Rollout after a gate on it: the abort and the promotion are judged here.
    static func observe(_ rollout: Rollout, _ state: inout RunbookState) {
        if state.badPodHash == nil { state.badPodHash = rollout.currentHash }
        if case .running = state.status(.abortRollout), rollout.aborted {
            state.finish(.abortRollout, summary: "status.abort is true; stable \(rollout.stableHash ?? "?") takes all traffic")
            state.note(.warn, Messages.abortedIsNotFinished(state))
        }
        if case .running = state.status(.promoteFull), rollout.fullyPromoted, rollout.stableHash != state.badPodHash {
            state.finish(.promoteFull, summary: "stable is \(rollout.stableHash ?? "?") (the old template), promoted fully")
        }
    }
}

extension Messages {
    /// Said plainly whenever a canary ends aborted: the revert in git is what makes it final.
    static func abortedIsNotFinished(_ state: RunbookState) -> String {
        let images = state.rollout.value?.images.joined(separator: ", ") ?? "the bad image"
        return "Aborted is not finished: spec.template still holds \(images), and the Rollout retries it the moment it leaves the aborted state. Revert \(state.badEntry?.revision.short ?? "the bad commit") in git: that makes it final."
    }
}
