import Foundation

/// Pre-flight's questions about what would stop or undo the rollback, answered from the Application
/// before any gate: a parent that writes the child's `syncPolicy` back (3a would not stick), and an
/// operation already running (Argo CD refuses a rollback while one is in progress).
extension RunbookState {
    /// "Nothing undoes 3a": no parent Application or ApplicationSet manages this app's manifest.
    var parentCheck: PreflightCheck {
        let title = "no parent app"
        guard let app = app.value else { return PreflightCheck(title: title, passed: false, detail: "reading…") }
        guard app.parent != nil, let warning = parentWarning else {
            return PreflightCheck(title: title, passed: true, detail: "no parent Application or ApplicationSet manages \(app.name)")
        }
        return PreflightCheck(title: title, passed: false, detail: warning, explainsFailure: true)
    }

    /// What 3a's gate (and Pre-flight) say when a parent would put auto-sync back: who, seen where, and
    /// the fix, in Argo CD's terms. nil when no parent was seen.
    public var parentWarning: String? {
        guard let app = app.value, let parent = app.parent else { return nil }
        let parentName = TerminalSafe.text(parent.name, keepLines: false)
        switch parent.kind {
        case .application:
            let fix = Self.pinned(["argocd", "app", "set", parent.name, "--sync-policy", "none"],
                                  argocdContext: config?.argocdContext, kubeContext: nil)
            return "the Application \(parentName) manages this app (\(parent.seenIn)): if its auto-sync is on, its next sync "
                + "turns this app's auto-sync back on and undoes the rollback. First: \(TerminalSafe.text(CommandResult.commandLine(fix), keepLines: false))"
        case .applicationSet:
            return "the ApplicationSet \(parentName) generates this app (\(parent.seenIn)): it writes syncPolicy back, so "
                + "turning auto-sync off here does not stick. First: add ignoreApplicationDifferences with jsonPointers "
                + "[/spec/syncPolicy] to ApplicationSet \(parentName) (kubectl edit applicationset \(parentName) -n NAMESPACE)"
        }
    }

    /// An operation that is running and is not one of the console's own (the rollback it started).
    public var foreignOperation: OperationState? {
        guard rollbackNotStarted, let operation = app.value?.operation,
              operation.phase == .running || operation.phase == .terminating else { return nil }
        return operation
    }

    /// What the terminate gate ends, in Argo CD's words: "the operation Running since 14:02:10 UTC: waiting for …".
    public var foreignOperationLine: String? {
        foreignOperation.map { "it ends Argo CD's operation \(Self.describe($0)); Argo CD marks it Failed (Operation terminated)" }
    }

    /// "Running since 14:02:10 UTC (waiting for …)": an operation as Pre-flight and the terminate gate say it.
    static func describe(_ operation: OperationState) -> String {
        let since = operation.startedAt.map { " since \(Format.clock($0))" } ?? ""
        let message = operation.message.isEmpty ? "" : " (\(TerminalSafe.text(operation.message, keepLines: false)))"
        return operation.phase.rawValue + since + message
    }

    /// "No operation in the way": Argo CD runs one operation at a time.
    var operationCheck: PreflightCheck {
        let title = "no op running"
        guard let app = app.value else { return PreflightCheck(title: title, passed: false, detail: "reading…") }
        guard let operation = foreignOperation else {
            return PreflightCheck(title: title, passed: true, detail: app.operation.map { "last operation \($0.phase.rawValue)" } ?? "none")
        }
        let fix = operation.phase == .running
            ? ": a rollback would be refused while it runs — the Terminate step offers argocd app terminate-op \(TerminalSafe.text(app.name, keepLines: false))"
            : ": Argo CD is terminating it"
        return PreflightCheck(title: title, passed: false, detail: "an operation is \(Self.describe(operation))\(fix)", explainsFailure: true)
    }
}

/// History depth: Argo CD rolls back only to an entry it still keeps (`revisionHistoryLimit`, 10 by
/// default). A target it has pruned — the history is short, or the rollback and a false start pushed it
/// out — is reached by syncing to its revision instead (`argocd app sync APP --revision SHA`).
extension RunbookState {
    /// Argo CD's default when `spec.revisionHistoryLimit` is not set.
    static let defaultHistoryLimit = 10

    /// Whether 3b's target is among the entries Argo CD keeps now (true until the app is read).
    public var targetInHistory: Bool {
        guard let target = lastKnownGood, let history = app.value?.history else { return true }
        return history.contains { $0.id == target.id }
    }

    /// Why 3b syncs to the target's revision instead of rolling back by ID; nil when it rolls back by ID.
    public var rollbackBySyncReason: String? {
        guard let target = lastKnownGood, let app = app.value, !targetInHistory else { return nil }
        let limit = app.historyLimit ?? Self.defaultHistoryLimit
        return "history \(target.id) is no longer in Argo CD's history (it keeps \(limit), revisionHistoryLimit), so it cannot be "
            + "rolled back to by ID: 3b syncs to its revision \(target.revision.short) instead"
    }

    /// "Target in history", when there is a target.
    var historyCheck: PreflightCheck? {
        guard let target = lastKnownGood, let app = app.value else { return nil }
        let title = "target in history"
        if let reason = rollbackBySyncReason {
            return PreflightCheck(title: title, passed: false, detail: reason, explainsFailure: true)
        }
        let limit = app.historyLimit ?? Self.defaultHistoryLimit
        if app.history.count >= limit, app.history.first?.id == target.id {
            return PreflightCheck(title: title, passed: false, detail: "history \(target.id) is the oldest of the \(limit) entries Argo CD keeps "
                + "(revisionHistoryLimit): one more sync pushes it out, and 3b would then sync to \(target.revision.short) instead of rolling back by ID",
                explainsFailure: true)
        }
        return PreflightCheck(title: title, passed: true, detail: "history \(target.id) is kept (\(app.history.count) of \(limit))")
    }
}
