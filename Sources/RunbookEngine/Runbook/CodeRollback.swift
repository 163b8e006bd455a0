/// The built-in runbook, code-rollback-argocd: the straight line pre-flight → 0 → 1 → 2 → 3a → 3b →
/// 3c → 3d → 4 → 5, and the branches that end it otherwise (hand-off, no rollback, kill switch,
/// escalate). One row per step; each judge lives in `Judges.swift`.
extension Runbook {
    public static let codeRollback = RunbookTable(name: "code-rollback-argocd", rows: [
        StepRow(step: .preflight, number: "", title: "Pre-flight", after: [], gate: .evidence, judge: judgePreflight),
        StepRow(step: .schema, number: "0", title: "Schema compatibility", after: [.preflight], gate: .evidence,
                judge: judgeSchema),
        StepRow(step: .handOff, number: "", title: "Hand off (PITR)", after: [.preflight],
                offered: { $0.unsafeMigrations }, gate: .ending(.handOff), judge: { _, _ in .awaitingConfirmation }),
        StepRow(step: .noRollback, number: "", title: "End: no rollback", after: [.schema],
                offered: { $0.deployTiming?.deployDidNotCause == true && !$0.status(.check).isFinished },
                gate: .ending(.noRollback), judge: { _, _ in .awaitingConfirmation },
                onDecline: { state, _, by in state.skip(.noRollback, "declined by \(by): going on as if the deploy caused it") }),
        StepRow(step: .check, number: "1", title: "Check the app", after: [.schema, .noRollback], gate: .evidence,
                judge: judgeCheck),
        StepRow(step: .diagnose, number: "2", title: "Diagnose", after: [.check], gate: .evidence, judge: judgeDiagnose),
        StepRow(step: .killSwitch, number: "", title: "Kill switch (flag)", after: [.diagnose],
                offered: { $0.changeKind == .configOnly && $0.status(.disableAutoSync) == .locked },
                gate: .ending(.killSwitch), judge: judgeKillSwitch,
                onDecline: { state, _, by in state.skip(.killSwitch, "declined by \(by): rolling back instead") },
                onConfirm: startKillSwitchWatch),
        terminateOpRow,
        StepRow(step: .disableAutoSync, number: "3a", title: "Disable auto-sync", after: [.diagnose, .killSwitch, .terminateOp],
                gate: .command(disableAutoSyncCommand), judge: judgeDisableAutoSync),
        syncWindowOverrideRow,
        StepRow(step: .rollback, number: "3b", title: "Roll back", after: [.disableAutoSync, .syncWindowOverride],
                gate: .command(rollbackCommand), judge: judgeRollback),
        StepRow(step: .verify, number: "3c", title: "Verify", after: [.rollback], gate: .evidence, judge: judgeVerify),
        StepRow(step: .escalate, number: "", title: "Escalate", after: [.disableAutoSync],
                offered: { $0.rollbackDidNotWork && $0.chosenEnding == nil },
                gate: .ending(.escalate), judge: { _, _ in .awaitingConfirmation }, onDecline: declineEscalation),
        StepRow(step: .enableAutoSync, number: "3d", title: "Re-enable auto-sync", after: [],
                needs: { $0.status(.verify).isFinished || ($0.chosenEnding != nil && $0.autoSyncGuardApplied) },
                survivesEnding: { $0.autoSyncGuardApplied || $0.chosenEnding == .rolledBack },
                gate: .command(enableAutoSyncCommand), judge: judgeEnableAutoSync),
        StepRow(step: .communicate, number: "4", title: "Communicate", after: [],
                needs: { $0.chosenEnding != nil }, survivesEnding: { _ in true },
                gate: .writes(.statusUpdate), judge: { _, _ in .awaitingConfirmation }),
        postStatusRow,
        StepRow(step: .postmortem, number: "5", title: "Postmortem", after: [.communicate, .postStatus, .enableAutoSync],
                survivesEnding: { _ in true }, gate: .writes(.postmortem), judge: { _, _ in .awaitingConfirmation }),
    ])

    /// A branch before the rollback, on both tables: an operation Argo CD is already running (a sync
    /// stuck on a hook, a retry loop) would make it refuse the rollback ("another operation is already in
    /// progress"); `argocd app terminate-op APP` ends it. Offered while one runs that is not the console's own,
    /// unless the Rollouts path aborts a canary instead (the abort is no Argo CD operation).
    static let terminateOpRow = StepRow(
        step: .terminateOp, number: "", title: "Terminate the running op", after: [.diagnose, .killSwitch],
        offered: { state in
            if case .failed = state.status(.terminateOp) { return true }
            // A canary being aborted (the Rollouts path) runs no Argo CD operation: nothing to clear for it.
            guard state.status(.abortRollout) == .locked else { return false }
            return state.foreignOperation?.phase == .running || state.isRunning(.terminateOp)
        },
        gate: .command(terminateOpCommand), judge: { _, _ in .awaitingConfirmation },
        onDecline: { state, _, by in state.skip(.terminateOp, "declined by \(by): the rollback may be refused while the operation runs") })
}
