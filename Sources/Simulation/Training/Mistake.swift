import Foundation
import RunbookEngine

/// A wrong move a trainee made, with the runbook's reason it is wrong.
public struct Mistake: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case rollbackWithAutoSyncOn
        case pastUnsafeStep0
        case autoSyncBeforeRevert
        case rollbackNotIndicated
        case rollbackInsteadOfKillSwitch
        case wrongTarget
        case stoppedBeforeMitigating
        /// The drill ended before the evidence that calls for its decision was vouched for (a stop drill).
        case noDecision
        /// A canary in flight was left to its analysis until Argo Rollouts aborted it (an abort drill).
        case canaryLeftToAnalysis
        /// Argo CD's rollback of a promoted Rollout without promote-full: the old image walks the canary steps.
        case rollbackNotPromoted
    }

    public var kind: Kind
    /// When it first happened (the incident's clock).
    public var at: Date
    /// How many times (pressing y again on a refused gate counts again).
    public var times: Int
    public var detail: String

    /// Points one mistake costs.
    public static let cost = 20

    public var title: String {
        switch kind {
        case .rollbackWithAutoSyncOn: "Tried to roll back with auto-sync on"
        case .pastUnsafeStep0: "Went past an UNSAFE Step 0"
        case .autoSyncBeforeRevert: "Re-enabled auto-sync before the revert"
        case .rollbackNotIndicated: "Rolled back when the deploy did not cause the alert"
        case .rollbackInsteadOfKillSwitch: "Rolled back a config-only change"
        case .wrongTarget: "Rolled back to the wrong history entry"
        case .stoppedBeforeMitigating: "Stopped before mitigating"
        case .noDecision: "Made no decision"
        case .canaryLeftToAnalysis: "Left the canary to its analysis"
        case .rollbackNotPromoted: "Left the old image in the canary steps"
        }
    }

    /// The runbook's own words.
    public var reason: String {
        switch kind {
        case .rollbackWithAutoSyncOn:
            "Pre-flight: \"Auto-sync ON will fight the rollback (it will re-sync to HEAD). Disable auto-sync first.\""
        case .pastUnsafeStep0:
            "Step 0: \"If the binary you're rolling back to cannot read the migrated schema, you'll trade an outage for data corruption\" — DROP COLUMN means stop and open data-rollback-postgres-pitr.md."
        case .autoSyncBeforeRevert:
            "Step 3d: \"Re-enable auto-sync ONLY after the bad commit is reverted in git\" — otherwise it re-applies the bad revision."
        case .rollbackNotIndicated:
            "Step 1: only a revision that landed in the last 30 minutes, with the alert firing after it, is strong evidence the deploy caused it."
        case .rollbackInsteadOfKillSwitch:
            "Step 2: \"If the bad revision only changed app config — consider the feature-flag kill switch FIRST. Flag flip is faster than rollback (<60s vs ~2 min) and lower blast radius.\""
        case .wrongTarget:
            "Pre-flight: \"You know the last-known-good revision\" — the green one in argocd app history, not simply the entry before the current one."
        case .stoppedBeforeMitigating:
            "\"The fastest safe action is sync the Application back to a previous revision\": 30 s – 2 min to mitigate."
        case .noDecision:
            "Stopping is a decision only once the evidence that calls for it is read: the console catching a trap does not make the call for you."
        case .canaryLeftToAnalysis:
            "code-rollback-rollouts.md: a canary still in progress or paused is aborted at once — the stable ReplicaSet takes all traffic; the analysis failing later left users on the bad canary until then."
        case .rollbackNotPromoted:
            "code-rollback-rollouts.md: after Argo CD's rollback the old template starts as a canary at step 1; promote it fully, or it walks every step and analysis again while the bad revision stays stable."
        }
    }
}
