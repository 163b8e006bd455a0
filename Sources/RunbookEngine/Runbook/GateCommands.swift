/// The exact commands the mutating gates run, built from the state — never typed by hand.
extension RunbookState {
    public func gateCommand(for step: StepID) -> GateCommand? {
        guard let app = config?.app else { return nil }
        switch step {
        case .disableAutoSync:
            return GateCommand(step: step, argv: ["argocd", "app", "set", app, "--sync-policy", "none"])
        case .rollback:
            guard let target = lastKnownGood else { return nil }
            return GateCommand(step: step, argv: ["argocd", "app", "rollback", app, target.id.description])
        case .enableAutoSync:
            // `--sync-policy automated` alone turns prune and selfHeal off: restore them as they were.
            var argv = ["argocd", "app", "set", app, "--sync-policy", "automated"]
            if autoSyncBefore?.prune == true { argv.append("--auto-prune") }
            if autoSyncBefore?.selfHeal == true { argv.append("--self-heal") }
            return GateCommand(step: step, argv: argv)
        default:
            return nil
        }
    }
}
