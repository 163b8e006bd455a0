/// The Rollouts path (the runbook's `code-rollback-rollouts.md`), chosen when the app's workload is an
/// Argo Rollout: Steps 0–2 and the kill switch as in code-rollback-argocd; then a canary still in flight
/// is aborted (3b), or a fully promoted bad revision gets the auto-sync guard (3a), a sync window's override
/// when one denies syncs, Argo CD's rollback (3b) and `promote-full` (3b2) so the old image is not walked through the canary steps again; 3c
/// verifies on the Rollout's hashes, and 3d waits for the revert in git either way.
extension Runbook {
    public static let rolloutsRollback: RunbookTable = {
        let shared = Dictionary(uniqueKeysWithValues: codeRollback.rows.map { ($0.step, $0) })
        return RunbookTable(name: "code-rollback-rollouts", rows: [
            shared[.preflight]!, shared[.schema]!, shared[.handOff]!, shared[.noRollback]!, shared[.check]!,
            shared[.diagnose]!, shared[.killSwitch]!,
            StepRow(step: .abortRollout, number: "3b", title: "Abort the canary", after: [.diagnose, .killSwitch],
                    offered: { $0.rollout.value?.canaryInFlight == true && $0.status(.disableAutoSync) == .locked },
                    gate: .command(abortCommand), judge: judgeAbort),
            shared[.terminateOp]!,
            StepRow(step: .disableAutoSync, number: "3a", title: "Disable auto-sync", after: [.diagnose, .killSwitch, .abortRollout, .terminateOp],
                    offered: { $0.rollout.value?.fullyPromoted == true && $0.status(.abortRollout) == .locked },
                    gate: .command(disableAutoSyncCommand), judge: judgeDisableAutoSync),
            syncWindowOverrideRow { $0.status(.disableAutoSync).isFinished && $0.syncWindowOverrideOffered },
            StepRow(step: .rollback, number: "3b", title: "Roll back", after: [.disableAutoSync, .syncWindowOverride],
                    offered: { $0.status(.disableAutoSync).isFinished }, gate: .command(rollbackCommand), judge: judgeRollback),
            StepRow(step: .promoteFull, number: "3b2", title: "Promote the old image fully", after: [.rollback],
                    offered: { $0.status(.disableAutoSync).isFinished }, gate: .command(promoteFullCommand), judge: judgePromoteFull),
            StepRow(step: .verify, number: "3c", title: "Verify", after: [.abortRollout, .promoteFull],
                    needs: { $0.status(.abortRollout).isFinished || $0.status(.promoteFull).isFinished },
                    gate: .evidence, judge: judgeVerifyRollout),
            shared[.escalate]!,
            StepRow(step: .enableAutoSync, number: "3d", title: "Re-enable auto-sync", after: [],
                    needs: { $0.status(.verify).isFinished || ($0.chosenEnding != nil && ($0.autoSyncTurnedOff || $0.rolloutAborted)) },
                    survivesEnding: { $0.autoSyncTurnedOff || $0.rolloutAborted || $0.chosenEnding == .rolledBack },
                    gate: .command(enableAutoSyncCommand), judge: judgeRevertAfterRollout),
            shared[.communicate]!, shared[.postStatus]!, shared[.postmortem]!,
        ])
    }()
}
