import RunbookEngine

/// What a Rollouts-path gate trades, said on the bar under its command: the driver weighs it before `y`.
enum RolloutGateNote {
    static func text(_ gate: StepID, _ runbook: RunbookState) -> String? {
        guard runbook.workload?.isRollout == true else { return nil }
        switch gate {
        case .abortRollout:
            return "The stable ReplicaSet takes all traffic at once. Aborted is not finished: the revert in git makes it final."
        case .rollback:
            return "Gives the Rollout the old template as a new canary; 3b2 then promotes it fully (not kubectl argo rollouts undo: no plugin, Argo CD's RBAC and history)."
        case .promoteFull:
            return "Trade-off: the old image skips its canary steps and analysis (it was stable until this deploy) — fastest back, with nothing judging it on the way."
        default:
            return nil
        }
    }
}
