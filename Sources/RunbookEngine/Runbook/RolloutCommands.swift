/// The Rollouts path's gate commands: Argo CD's resource actions on the Rollout, which need no kubectl
/// plugin and go through Argo CD's RBAC.
extension Runbook {
    /// `argocd app actions run APP ACTION --kind Rollout --resource-name NAME --namespace NS`.
    static func rolloutAction(_ action: String, _ state: RunbookState) -> [String]? {
        guard let config = state.config, case .rollout(let name)? = state.workload else { return nil }
        return ["argocd", "app", "actions", "run", config.app, action, "--kind", "Rollout", "--resource-name", name,
                "--namespace", config.namespace]
    }

    /// Argo CD's `abort` action, or (the `rolloutsAbort: kubectl` key) `kubectl argo rollouts abort NAME -n NS`.
    static func abortArgv(_ state: RunbookState) -> [String]? {
        guard state.config?.rolloutsAbort == .kubectl else { return rolloutAction("abort", state) }
        guard let config = state.config, case .rollout(let name)? = state.workload else { return nil }
        return ["kubectl", "argo", "rollouts", "abort", name, "-n", config.namespace]
    }

    static let abortCommand = CommandGate(
        argv: abortArgv,
        refusal: { state in
            state.rollout.value?.canaryInFlight == true ? nil : "Abort refused: the Rollout has no canary in flight."
        },
        before: { _ in },
        checking: "checking that the Rollout reports status.abort")

    static let promoteFullCommand = CommandGate(
        argv: { rolloutAction("promote-full", $0) },
        refusal: { state in
            if state.autoSyncOff != true { return "Promote refused: auto-sync is not verified off." }
            if !state.status(.rollback).isFinished { return "Promote refused: the Argo CD rollback (3b) is not verified yet." }
            return state.rolloutOnOldTemplate ? nil : "Promote refused: the Rollout is not rolling the old template yet."
        },
        before: { _ in },
        checking: "checking that the old template is the stable ReplicaSet")
}

extension RunbookState {
    /// Abort was taken (by the console, or by Argo Rollouts' own analysis before it).
    public var rolloutAborted: Bool { status(.abortRollout).isFinished }

    /// After the Argo CD rollback: the Rollout's template is no longer the bad revision's.
    var rolloutOnOldTemplate: Bool {
        guard let rollout = rollout.value, let bad = badPodHash, let current = rollout.currentHash else { return false }
        return current != bad
    }
}
