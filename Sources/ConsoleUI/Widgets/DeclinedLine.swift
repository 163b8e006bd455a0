import RunbookEngine

/// After `n`: what declining left as it is, and what the driver can do now — on the bar, under the gate.
enum DeclinedLine {
    static func text(_ step: StepID, _ runbook: RunbookState) -> String {
        let app = runbook.config?.app ?? "APP"
        switch step {
        case .preflight, .schema, .check, .diagnose:
            return "The step stays open: r re-reads the evidence, y goes on once it is right, q stops here (resume picks it up)."
        case .disableAutoSync:
            return "Auto-sync stays on and nothing is rolled back. y when ready; q stops here, the journal says where."
        case .rollback:
            return "Nothing rolled back, and auto-sync is OFF since 3a: if you stop here, turn it back on with argocd app set \(app) --sync-policy automated."
        case .verify:
            return "3c stays open: the evidence keeps being read."
        case .enableAutoSync:
            return "Auto-sync stays OFF: Argo CD deploys nothing to \(app) until it is re-enabled. y when ready."
        case .communicate, .postmortem:
            return "Nothing written. y when ready; the journal keeps the whole incident for it."
        }
    }
}
