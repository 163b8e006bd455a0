import RunbookEngine

/// What a trainer would whisper at each step, in the runbook's own words.
public enum Hints {
    /// Points a hint costs in the debrief's score.
    public static let cost = 10

    public static func generic(_ step: StepID) -> String {
        switch step {
        case .preflight:
            "Three checks before any rollback: code not schema (Step 0), last-known-good known, auto-sync state — and nothing that would undo it (a parent app) or block it (an operation running)."
        case .schema:
            "DROP COLUMN, DROP TABLE, RENAME or a new NOT NULL is forward-only: stop and open data-rollback-postgres-pitr.md. ADD COLUMN is safe."
        case .check:
            "Did the current history entry land in the last 30 minutes, and did the alert fire after it? Otherwise the deploy may not be the cause."
        case .diagnose:
            "Read git show --stat: an image bump or values edit is a rollback; a feature flag or env var alone means the kill switch first."
        case .terminateOp:
            "Argo CD runs one operation at a time: a sync stuck on a hook blocks the rollback. Terminate it, then roll back."
        case .disableAutoSync:
            "Auto-sync ON fights the rollback (it re-syncs HEAD): disable it first (or t: pin targetRevision to the good SHA, the runbook's alternative), and watch that nothing undoes it."
        case .syncWindowOverride:
            "A deny window parks the rollback as 'Sync operation blocked by sync window': let manual syncs through that window first, and say so to the project's owners."
        case .rollback:
            "Roll back to the LAST KNOWN GOOD: the green entry, not simply the one before the current (Enter on a History row picks it)."
        case .abortRollout:
            "A canary still in flight: abort it — the stable ReplicaSet takes all traffic at once. Aborted is not finished: the revert in git is."
        case .promoteFull:
            "After Argo CD's rollback the old template starts as a canary: promote it fully, or it walks every step and analysis again."
        case .verify:
            "Wait for the pods on the good digest and p99 back below the threshold; a 'successful' rollback with the bad digest is a false start."
        case .enableAutoSync:
            "Re-enable auto-sync ONLY after the bad commit is reverted in git, or it re-applies the bad revision."
        case .handOff:
            "An UNSAFE Step 0 is a hand-off, not a rollback: the data-rollback runbook (data-rollback-postgres-pitr.md) takes over, and the channel hears it from you."
        case .noRollback:
            "The deploy did not cause this (too old, or the alert fired before it): end without rolling back and look elsewhere."
        case .killSwitch:
            "A config-only change: flip the flag off first (<60 s, smaller blast radius), then watch p99 come down; roll back only if it does not."
        case .escalate:
            "The rollback did not bring p99 back: escalate with what was tried and what the evidence shows — and say auto-sync is still off."
        case .communicate:
            "P1: post in #bookstore-platform-status within the hour; P0 adds tenant contacts and the status page."
        case .postStatus:
            "Post exactly what the gate shows, once; if the webhook refuses it, paste the message by hand — the clock keeps running."
        case .postmortem:
            "Within 48 h for P0/P1; the CI gap, the missing Argo Rollouts auto-rollback and the auto-sync footgun are mandatory items."
        }
    }
}
