import Foundation

/// Two of Pre-flight's questions about what would stop the rollback, asked of Argo CD before 3b's gate
/// (issue 18): may this account sync the app (`argocd account can-i`), and does a sync window deny syncs
/// now (argo-cd#26215: the rollback is parked as "Sync operation blocked by sync window"). Argo CD is the
/// authority: the console says so and offers the override as its own gated step, and never refuses 3b.
extension RunbookState {
    /// Both reads, once the Application's project is known; `again` (start, `r`) reads them anew.
    mutating func requestRollbackRisks(_ app: Application, again: Bool, _ effects: inout [Effect]) {
        guard let name = config?.app, let project = app.project, rollbackNotStarted else { return }
        if again || syncPermission.readAt == nil { request(.permission(app: name, project: project), &effects) }
        if again || syncWindows.readAt == nil { request(.syncWindows(app: name, project: project), &effects) }
    }

    /// How often the windows are read again before the rollback: a freeze can begin mid-incident.
    static let syncWindowsRereadSeconds: Double = 60

    /// On a poll: the windows again once a minute until the rollback has run (not the permission: it does
    /// not change under the driver).
    mutating func rereadSyncWindows(_ effects: inout [Effect]) {
        guard let name = config?.app, let project = app.value?.project, rollbackNotStarted,
              let read = syncWindows.readAt, now.timeIntervalSince(read) >= Self.syncWindowsRereadSeconds else { return }
        request(.syncWindows(app: name, project: project), &effects)
    }

    /// "may sync": `argocd account can-i sync applications PROJECT/APP`.
    var permissionCheck: PreflightCheck {
        let title = "may sync"
        guard let app = app.value else { return PreflightCheck(title: title, passed: false, detail: "reading…") }
        guard let project = app.project else {
            return PreflightCheck(title: title, passed: false, detail: "could not check: the Application's project is not known")
        }
        let object = TerminalSafe.text("\(project)/\(app.name)", keepLines: false)
        if let permission = syncPermission.value, permission.project == project {
            return permission.allowed
                ? PreflightCheck(title: title, passed: true, detail: "argocd account can-i sync applications \(object): yes")
                : PreflightCheck(title: title, passed: false, detail: "argocd says no: ask for sync on \(object) (or a break-glass account)", explainsFailure: true)
        }
        if let error = syncPermission.error {
            return PreflightCheck(title: title, passed: false, detail: "could not check: \(TerminalSafe.text(error.message, keepLines: false))", explainsFailure: true)
        }
        return PreflightCheck(title: title, passed: false, detail: "reading argocd account can-i…")
    }

    /// "no deny window": the app's `SyncWindow:` state, and the windows when it is denied.
    var syncWindowCheck: PreflightCheck {
        let title = "no deny window"
        guard let app = app.value else { return PreflightCheck(title: title, passed: false, detail: "reading…") }
        guard app.project != nil else {
            return PreflightCheck(title: title, passed: false, detail: "not checked: the Application's project is not known")
        }
        if let reading = syncWindows.value {
            switch reading.state {
            case .syncAllowed: return PreflightCheck(title: title, passed: true, detail: "Sync Allowed")
            case .manualAllowed:
                return PreflightCheck(title: title, passed: true, detail: "Manual Allowed (a deny window is active; manual syncs, the rollback among them, go through)")
            case .syncDenied: return PreflightCheck(title: title, passed: false, detail: syncDeniedText(reading), explainsFailure: true)
            }
        }
        if let error = syncWindows.error {
            return PreflightCheck(title: title, passed: false, detail: "not checked: \(TerminalSafe.text(error.message, keepLines: false))", explainsFailure: true)
        }
        return PreflightCheck(title: title, passed: false, detail: "reading the sync windows…")
    }

    /// "Sync Denied by window 0 (deny, 0 22 * * *, 8h)…" and what to do about it.
    func syncDeniedText(_ reading: SyncWindowReading) -> String {
        let project = TerminalSafe.text(reading.project, keepLines: false)
        guard !reading.denying.isEmpty else {
            return "Sync Denied, and no active deny window of project \(project) was found (outside every allow window?): the rollback would be parked — argocd proj windows list \(project)"
        }
        let windows = reading.denying.map(Self.windowText).joined(separator: "; ")
        let which = reading.matched ? "by" : "(could not tell which apply to this app: every active deny window) by"
        let fix = reading.blocking.first.map {
            ": the rollback would be parked — the override step offers argocd proj windows enable-manual-sync \(project) \($0.id)"
        } ?? ": the rollback would be parked"
        return "Sync Denied \(which) \(windows)\(fix)"
    }

    static func windowText(_ window: SyncWindow) -> String {
        let schedule = TerminalSafe.text(window.schedule, keepLines: false), duration = TerminalSafe.text(window.duration, keepLines: false)
        return "window \(window.id) (\(schedule), \(duration)\(window.manualSync ? ", manual sync enabled" : ""))"
    }

    /// 3b's gate, while Argo CD says the account may not sync the app.
    public var rollbackPermissionWarning: String? {
        guard rollbackNotStarted, let app = app.value, let project = app.project,
              let permission = syncPermission.value, permission.project == project, !permission.allowed else { return nil }
        let object = TerminalSafe.text("\(project)/\(app.name)", keepLines: false)
        return "argocd account can-i sync applications \(object) says no: Argo CD would refuse the rollback — ask for sync on \(object) (or a break-glass account)"
    }

    /// 3b's gate, while a sync window denies syncs.
    public var rollbackSyncWindowWarning: String? {
        guard rollbackNotStarted, let reading = syncWindows.value, reading.state == .syncDenied else { return nil }
        let windows = reading.denying.isEmpty ? "" : " (\(reading.denying.map(Self.windowText).joined(separator: "; ")))"
        return "a sync window denies syncs now: the rollback would be parked\(windows)"
    }

    /// The override applies: a window denies syncs, one of them can be told to let manual syncs through
    /// (with a command that can be built), and the rollback has not started.
    var syncWindowOverrideOffered: Bool {
        guard rollbackNotStarted, let reading = syncWindows.value, reading.state == .syncDenied else { return false }
        return syncWindowOverrideArgv != nil || isRunning(.syncWindowOverride)
    }

    /// `argocd proj windows enable-manual-sync PROJECT ID` for the first window that still denies manual syncs.
    var syncWindowOverrideArgv: [String]? {
        // An AppProject name is a DNS subdomain: anything else (a leading '-', control characters) is no command to show.
        guard let reading = syncWindows.value, let window = reading.blocking.first, !reading.project.isEmpty,
              reading.project.count <= 253, !reading.project.hasPrefix("-"), !reading.project.hasPrefix("."),
              reading.project.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." })
        else { return nil }
        return ["argocd", "proj", "windows", "enable-manual-sync", reading.project, String(window.id)]
    }
}

extension Runbook {
    /// The sync-window override: a branch before 3b, offered while a window denies syncs.
    static let syncWindowOverrideRow = syncWindowOverrideRow { $0.syncWindowOverrideOffered }

    /// The override's row; the Rollouts table offers it only on the way to Argo CD's rollback (after its 3a),
    /// never before an abort (a resource action, which no window parks).
    static func syncWindowOverrideRow(offered: @escaping @Sendable (RunbookState) -> Bool) -> StepRow { StepRow(
        step: .syncWindowOverride, number: "", title: "Allow manual sync", after: [.disableAutoSync],
        offered: offered, gate: .command(syncWindowOverrideCommand),
        judge: { state, _ in
            if case .failed = state.status(.syncWindowOverride) { return nil }
            return .awaitingConfirmation
        },
        onDecline: { state, _, by in
            state.skip(.syncWindowOverride, "declined by \(by): the sync window stays as it is; the rollback may be parked")
        }) }

    /// `argocd proj windows enable-manual-sync PROJECT ID` for the first window that still denies manual syncs.
    static let syncWindowOverrideCommand = CommandGate(
        argv: { $0.syncWindowOverrideArgv },
        refusal: { state in
            state.syncWindows.value?.state == .syncDenied ? nil : "No sync window denies syncs of the app now: nothing to override — nothing ran."
        },
        before: { _ in },
        checking: "re-reading the sync windows")

    /// A sync-window read: kept, said when it first denies, and — after the override ran — what judges it.
    static func recordSyncWindows(_ outcome: Outcome<SyncWindowReading>, at: Date, _ state: inout RunbookState, _ effects: inout [Effect]) {
        let requestedAt = state.inFlight.removeValue(forKey: .syncWindows) ?? at
        let before = state.syncWindows.value
        state.syncWindows.record(outcome, at: at)
        if let reading = outcome.value, reading.state == .syncDenied, before?.state != .syncDenied, state.rollbackNotStarted {
            state.note(.warn, "A sync window denies syncs of \(TerminalSafe.text(state.config?.app ?? "the app", keepLines: false)) now: the rollback would be parked as \"Sync operation blocked by sync window\". \(state.syncDeniedText(reading)).")
        }
        // An override whose check failed is settled by any later read that no longer says denied.
        if case .failed = state.status(.syncWindowOverride), let reading = outcome.value, reading.state != .syncDenied {
            state.finish(.syncWindowOverride, summary: "the app's sync window now says \(reading.state.rawValue)")
        }
        guard state.isRunning(.syncWindowOverride), let config = state.config else { return }
        // Only a read sent after the override finished can say what it did.
        guard state.lastGateFinishedAt.map({ requestedAt >= $0 }) ?? true else {
            if let project = state.app.value?.project { state.request(.syncWindows(app: config.app, project: project), &effects) }
            return
        }
        switch outcome {
        case .ok(let reading) where reading.state != .syncDenied:
            state.finish(.syncWindowOverride, summary: "the app's sync window now says \(reading.state.rawValue): the rollback can run")
        case .ok(let reading) where !reading.blocking.isEmpty:
            // Another window still denies manual syncs: its own command, its own y.
            state.steps[.syncWindowOverride] = .awaitingConfirmation
            state.note(.warn, "Still Sync Denied: \(RunbookState.windowText(reading.blocking[0])) denies manual syncs too — the override's gate now names it.")
        case .ok:
            state.steps[.syncWindowOverride] = .failed("still Sync Denied after enable-manual-sync — argocd proj windows list \(TerminalSafe.text(state.syncWindows.value?.project ?? "", keepLines: false))")
        case .failed(let error):
            state.steps[.syncWindowOverride] = .failed("could not re-read the sync windows: \(TerminalSafe.text(error.message, keepLines: false)) (r reads them again)")
        }
    }
}

extension RunbookState {
    /// The override's gate: which window it opens to manual syncs, and that the window is the project's.
    public var syncWindowOverrideNote: String? {
        guard let reading = syncWindows.value, let window = reading.blocking.first else { return nil }
        let others = reading.blocking.count > 1 ? " \(reading.blocking.count - 1) more window(s) deny manual syncs: each is its own y." : ""
        return "Sync Denied by \(Self.windowText(window)) of project \(reading.project): y lets manual syncs through it (the rollback among them) for every app it covers, until someone disables it again (argocd proj windows disable-manual-sync \(reading.project) \(window.id)).\(others)"
    }
}
