/// Something that happens on its own, some time after a moment in the incident.
public struct ScenarioEvent: Sendable, Equatable {
    /// The moment the delay counts from.
    public enum Anchor: Sendable, Equatable {
        case start
        /// The first time auto-sync is turned off (Step 3a).
        case autoSyncDisabled
        /// The first successful rollback (Step 3b).
        case rollback
        /// The canary aborted (by the trainee, or by Argo Rollouts on its failed analysis).
        case abort
    }

    public enum Action: Sendable, Equatable {
        /// A teammate's `git revert` of the current (bad) release lands on the tracked branch.
        case revertBadRelease(author: String, email: String)
        /// Auto-sync comes back without the engineer (an app-of-apps parent re-applies the spec).
        case autoSyncReenabled(by: String)
        /// The pod with this index (0-based) starts crash-looping: not ready, health Degraded.
        case podCrashLoop(index: Int)
        /// The canary's background analysis fails, and Argo Rollouts aborts the canary on its own (a Rollout
        /// scenario whose canary is still in flight and not aborted; otherwise nothing happens).
        case analysisFails
    }

    public var anchor: Anchor
    public var after: Duration
    public var action: Action

    public init(_ action: Action, after: Duration, anchor: Anchor) {
        self.action = action; self.after = after; self.anchor = anchor
    }
}
