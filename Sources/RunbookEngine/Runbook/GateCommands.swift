/// The exact commands the mutating gates run, built from the state — never typed by hand.
extension RunbookState {
    public func gateCommand(for step: StepID) -> GateCommand? {
        guard case .command(let gate) = runbook.row(step)?.gate, let argv = gate.argv(self) else { return nil }
        return GateCommand(step: step, argv: Self.pinned(argv, argocdContext: config?.argocdContext, kubeContext: config?.kubeContext))
    }

    /// `argocd --argocd-context NAME …` and `kubectl --context NAME …` when the incident pins them: the
    /// gate shows, runs and journals the command with the Argo CD or cluster it goes to.
    static func pinned(_ argv: [String], argocdContext: String?, kubeContext: String?) -> [String] {
        switch argv.first {
        case "argocd": return argocdContext.map { ["argocd", "--argocd-context", $0] + argv.dropFirst() } ?? argv
        case "kubectl": return kubeContext.map { ["kubectl", "--context", $0] + argv.dropFirst() } ?? argv
        default: return argv
        }
    }
}

extension Runbook {
    /// 3a: `--sync-policy none`, or (the runbook's alternative, `t`) `--revision SHA` pinning targetRevision
    /// to the rollback target, so auto-sync syncs to the pin instead of HEAD.
    static let disableAutoSyncCommand = CommandGate(
        argv: { state in
            guard let app = state.config?.app else { return nil }
            guard state.autoSyncGuardMode == .pin else { return ["argocd", "app", "set", app, "--sync-policy", "none"] }
            guard let target = state.lastKnownGood else { return nil }
            return ["argocd", "app", "set", app, "--revision", target.revision.rawValue]
        },
        refusal: { state in state.autoSyncGuardMode == .pin ? state.pinRefusal : nil },
        before: { state in
            if state.autoSyncGuardMode == .pin {
                // The original is the one read before the first pin: a re-pin (a new target) keeps it.
                if let target = state.lastKnownGood, let read = state.singleTargetRevision {
                    state.pin = TargetPin(original: state.pin?.original ?? read, revision: target.revision)
                }
            } else if state.autoSyncBefore == nil {
                state.autoSyncBefore = state.app.value?.autoSync
            }
        },
        checking: "checking that auto-sync is off")

    static let terminateOpCommand = CommandGate(
        argv: { state in state.config.map { ["argocd", "app", "terminate-op", $0.app] } },
        refusal: { state in
            state.foreignOperation?.phase == .running ? nil : "Terminate refused: no operation is running now (re-read with r)."
        },
        before: { _ in },
        checking: "checking that the operation ended")

    static let rollbackCommand = CommandGate(
        argv: { state in
            guard let app = state.config?.app, let target = state.lastKnownGood else { return nil }
            // Pinned (auto-sync on, which refuses a rollback): sync to the pin now rather than wait for auto-sync.
            if state.pin != nil { return ["argocd", "app", "sync", app] }
            guard state.targetInHistory else {
                // Pruned from Argo CD's history: sync to its revision (each source at its own, multi-source).
                guard let sources = target.sources, !sources.isEmpty else {
                    return ["argocd", "app", "sync", app, "--revision", target.revision.rawValue]
                }
                return ["argocd", "app", "sync", app] + sources.enumerated().flatMap { index, source in
                    ["--revisions", source.revision.rawValue, "--source-positions", String(index + 1)]
                }
            }
            return ["argocd", "app", "rollback", app, target.id.description]
        },
        refusal: { state in
            guard state.rollbackGuarded else {
                return state.pin != nil ? "Rollback refused: targetRevision is not verified pinned to the target." : "Rollback refused: auto-sync is not verified off."
            }
            // A revision from Argo CD that could read as a flag never goes after --revision.
            if state.pin == nil, !state.targetInHistory, let target = state.lastKnownGood,
               target.revision.rawValue.isEmpty || target.revision.rawValue.hasPrefix("-") || (target.sources ?? []).contains(where: { $0.revision.rawValue.hasPrefix("-") }) {
                return "Rollback refused: the target's revision cannot be synced to by name."
            }
            return nil
        },
        before: { state in
            // Until Argo CD reports a newer operation, this one says nothing about the rollback.
            state.operationBeforeRollback = state.app.value?.operation
            state.templateBeforeRollback = state.deploymentImages.value
            state.templateAfterRollback = nil
            state.rollbackOperationFailed = false
            // A retry of 3b after declining to escalate: escalating is on offer again if it fails again.
            if state.status(.escalate).isFinished { state.steps[.escalate] = .locked }
        },
        checking: "checking the operation's phase and revision")

    static let enableAutoSyncCommand = CommandGate(
        argv: { state in
            guard let app = state.config?.app else { return nil }
            // 3a pinned instead: set targetRevision back to what it was (auto-sync was never off).
            if let pin = state.pin { return ["argocd", "app", "set", app, "--revision", pin.restore] }
            // `--sync-policy automated` alone turns prune, selfHeal and allowEmpty off: restore the block 3a recorded.
            var argv = ["argocd", "app", "set", app, "--sync-policy", "automated"]
            if state.autoSyncBefore?.prune == true { argv.append("--auto-prune") }
            if state.autoSyncBefore?.selfHeal == true { argv.append("--self-heal") }
            if state.autoSyncBefore?.allowEmpty == true { argv.append("--allow-empty") }
            return argv
        },
        refusal: { state in
            if let pin = state.pin {
                if (state.revert.value ?? nil) == nil { return "Restoring targetRevision refused: the bad commit is not reverted yet." }
                return pin.restore.hasPrefix("-") ? "Restoring targetRevision refused: \(pin.restore) reads as a flag — set it by hand." : nil
            }
            return (state.revert.value ?? nil) == nil ? "Re-enabling auto-sync refused: the bad commit is not reverted yet." : nil
        },
        before: { _ in },
        checking: "checking that auto-sync is on")
}
