import RunbookEngine

/// After `n`: what declining left as it is, and what the driver can do now — on the bar, under the gate.
/// A viewer (a follower, a replay) reads it about the driver, not as keys of their own.
enum DeclinedLine {
    static func text(_ step: StepID, _ runbook: RunbookState, viewer driver: String? = nil) -> String {
        let app = runbook.config?.app ?? "APP"
        if let driver { return viewerText(step, app: app, driver: driver, pin: runbook.pin) }
        switch step {
        case .preflight, .schema, .check, .diagnose:
            return "The step stays open: r re-reads the evidence, y goes on once it is right, q stops here (resume picks it up)."
        case .disableAutoSync:
            return "Auto-sync stays on and nothing is rolled back. y when ready; q stops here, the journal says where."
        case .rollback:
            if let pin = runbook.pin {
                return "Nothing rolled back by 3b, and \(app) is pinned to \(pin.revision.short) since 3a (auto-sync syncs to the pin): if you stop here, set it back with argocd app set \(app) --revision \(pin.restore)."
            }
            return "Nothing rolled back, and auto-sync is OFF since 3a: if you stop here, turn it back on with argocd app set \(app) --sync-policy automated."
        case .abortRollout:
            return "The canary keeps its traffic: nothing aborted. y when ready; q stops here, the journal says where."
        case .syncWindowOverride:
            return "The sync window stays as it is: 3b opens, and a rollback now would be parked until the window closes."
        case .promoteFull:
            return "The old template stays a canary at its first step, and auto-sync is OFF since 3a. y when ready."
        case .verify:
            return "3c stays open: the evidence keeps being read."
        case .enableAutoSync:
            if let pin = runbook.pin { return "\(app) stays pinned to \(pin.revision.short): Argo CD deploys nothing new until targetRevision is \(pin.restore) again. y when ready." }
            return "Auto-sync stays OFF: Argo CD deploys nothing to \(app) until it is re-enabled. y when ready."
        case .handOff:
            return "The hard stop stays: nothing past Step 0 runs. o overrides with a typed reason; y hands off when you are ready."
        case .noRollback:
            return "Going on as if the deploy caused it: Step 1 opens."
        case .killSwitch:
            return "No flag flip: the rollback path (3a, 3b) opens."
        case .terminateOp:
            return "The operation keeps running: Argo CD may refuse the rollback until it ends (argocd app terminate-op \(app))."
        case .escalate:
            return runbook.status(.verify).isFailure ? "Not escalating: 3c watches again for another verify window."
                : "Not escalating: 3b can be retried (y)."
        case .communicate, .postmortem:
            return "Nothing written. y when ready; the journal keeps the whole incident for it."
        case .postStatus:
            return "Nothing posted: c copies the message to paste in the channel by hand."
        }
    }

    private static func viewerText(_ step: StepID, app: String, driver: String, pin: TargetPin?) -> String {
        switch step {
        case .preflight, .schema, .check, .diagnose:
            return "The step stays open until \(driver) confirms it."
        case .disableAutoSync:
            return "Auto-sync stays on and nothing is rolled back until \(driver) confirms 3a."
        case .rollback:
            if let pin {
                return "Nothing rolled back by 3b, and \(app) is pinned to \(pin.revision.short) since 3a: if \(driver) stops here, it must be set back (argocd app set \(app) --revision \(pin.restore))."
            }
            return "Nothing rolled back, and auto-sync is OFF since 3a: if \(driver) stops here, it must be turned back on (argocd app set \(app) --sync-policy automated)."
        case .abortRollout:
            return "The canary keeps its traffic until \(driver) confirms the abort."
        case .syncWindowOverride:
            return "The sync window stays as it is: \(driver) goes on to 3b, whose rollback would be parked."
        case .promoteFull:
            return "The old template stays a canary until \(driver) promotes it; auto-sync is OFF since 3a."
        case .verify:
            return "3c stays open: the evidence keeps being read."
        case .enableAutoSync:
            if let pin { return "\(app) stays pinned to \(pin.revision.short) until \(driver) sets targetRevision back to \(pin.restore)." }
            return "Auto-sync stays OFF: Argo CD deploys nothing to \(app) until \(driver) re-enables it."
        case .handOff:
            return "The hard stop stays: nothing past Step 0 runs until \(driver) hands off or overrides it."
        case .noRollback, .killSwitch, .escalate, .terminateOp:
            return "\(driver) took the other way."
        case .communicate, .postmortem:
            return "Nothing written until \(driver) confirms it."
        case .postStatus:
            return "Nothing posted: \(driver) declined the webhook."
        }
    }
}
