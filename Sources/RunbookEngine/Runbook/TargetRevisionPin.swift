import Foundation

/// How Step 3a keeps auto-sync from undoing the rollback — the runbook's two ways: turn auto-sync off,
/// or pin the app's `targetRevision` to the good SHA (auto-sync then syncs to the pin, not to HEAD).
public enum AutoSyncGuard: String, Sendable, Codable, CaseIterable {
    case disable, pin

    public var toggled: AutoSyncGuard { self == .disable ? .pin : .disable }
}

/// 3a's pin as confirmed: the SHA it pins and the `targetRevision` read before it, which 3d restores.
public struct TargetPin: Sendable, Equatable, Codable {
    /// The app's `targetRevision` before 3a ("" when unset: Argo CD tracked HEAD).
    public var original: String
    public var revision: Revision
    public init(original: String, revision: Revision) { self.original = original; self.revision = revision }

    /// What 3d sets back: the original, or HEAD (Argo CD's own default) where it was unset.
    public var restore: String { original.isEmpty ? "HEAD" : original }

    /// Whether a read `targetRevision` is the original again (unset and HEAD are the same to Argo CD).
    func isRestored(_ read: String) -> Bool { read == original || (original.isEmpty && read == "HEAD") || (read.isEmpty && original == "HEAD") }
}

extension RunbookState {
    /// The way 3a's gate is set to guard the rollback (the driver's `t` switches it; disabling by default).
    public var autoSyncGuardMode: AutoSyncGuard { autoSyncGuardChosen ?? .disable }

    /// 3a changed the app so the rollback sticks (auto-sync off, or targetRevision pinned): 3d undoes it.
    public var autoSyncGuardApplied: Bool { autoSyncTurnedOff || pin != nil }

    /// 3a pinned targetRevision and 3d has not restored it (nor been deferred).
    public var pinStillOn: Bool { pin != nil && !status(.enableAutoSync).isFinished }

    /// 3a's change still stands: auto-sync off, or the app pinned.
    public var autoSyncGuardStillOn: Bool { autoSyncStillOff || pinStillOn }

    /// The app's only `targetRevision`, as last read (nil: not read, or several sources).
    var singleTargetRevision: String? {
        guard let revisions = app.value?.targetRevisions, revisions.count == 1 else { return nil }
        return revisions[0]
    }

    /// Argo CD shows the app pinned to 3a's SHA, and that SHA is still the rollback target.
    public var targetPinned: Bool {
        guard let pin, let target = lastKnownGood, pin.revision.sameCommit(as: target.revision),
              let read = singleTargetRevision else { return false }
        return read == pin.revision.rawValue
    }

    /// Whether 3b may go: auto-sync verified off, or (after a pin) targetRevision verified pinned to the target.
    public var rollbackGuarded: Bool {
        if pin != nil, status(.disableAutoSync).isFinished { return targetPinned }
        return autoSyncOff == true
    }

    /// Whether `t` may switch 3a's guard now: only while 3a waits for its first confirmation (once a command
    /// ran, its retry is the same command).
    public var autoSyncGuardChoosable: Bool {
        status(.disableAutoSync) == .awaitingConfirmation && gateStep == .disableAutoSync && pin == nil && autoSyncBefore == nil
    }

    /// Why 3a cannot pin targetRevision now (nil: it can). Said on the gate instead of the choice.
    public var pinRefusal: String? {
        if workload?.isRollout == true {
            return "Pinning targetRevision is not offered on the Rollouts path: 3a disables auto-sync there."
        }
        guard let app = app.value else { return "Pinning needs the Application read first." }
        guard let revisions = app.targetRevisions else {
            return "Pinning refused: the Application's targetRevision was not read, so 3d could not restore it."
        }
        if revisions.count > 1 {
            return "Pinning refused: \(config?.app ?? "the app") has \(revisions.count) sources (spec.sources), each with its own targetRevision; the console pins one source only. Disable auto-sync instead."
        }
        guard let target = lastKnownGood else { return "Pinning needs a rollback target." }
        // A revision from Argo CD that could read as a flag never goes after --revision (as 3b's sync-by-revision).
        if target.revision.rawValue.isEmpty || target.revision.rawValue.hasPrefix("-") {
            return "Pinning refused: the target's revision cannot be pinned by name."
        }
        if revisions[0].hasPrefix("-") {
            return "Pinning refused: the current targetRevision reads as a flag, so 3d could not restore it."
        }
        return nil
    }

    /// 3a's gate, pin side: what the pin does and what 3d will do (said under the command).
    public var pinGateNote: String? {
        guard autoSyncGuardMode == .pin, let target = lastKnownGood else { return nil }
        let was = singleTargetRevision.map { $0.isEmpty ? "unset (HEAD)" : $0 } ?? "?"
        return "Pins targetRevision to \(target.revision.short) (history \(target.id)) instead of disabling auto-sync; it is \(was) now. Auto-sync stays on and syncs to the pin; 3b syncs the app to it; 3d sets targetRevision back."
    }

    /// The status while fresh reads judge 3a's pin or 3d's restore (nil: not the pin path).
    func pinChecking(_ step: StepID) -> String? {
        guard let pin else { return nil }
        switch step {
        case .disableAutoSync: return "checking that targetRevision is pinned to \(pin.revision.short)"
        case .enableAutoSync: return "checking that targetRevision is \(pin.restore) again"
        default: return nil
        }
    }

    /// "pinned to a1b2c3d (targetRevision; 3d restores main)" — where the screen says what 3a left.
    public var pinText: String? {
        pin.map { "targetRevision pinned to \($0.revision.short) (was \($0.original.isEmpty ? "unset, HEAD" : $0.original))" }
    }
}

extension Runbook {
    /// What a fresh read says about 3a's pin and 3d's restore, when 3a pinned.
    static func observePin(_ app: Application, _ state: inout RunbookState) {
        guard let pin = state.pin else { return }
        let read = app.targetRevisions.flatMap { $0.count == 1 ? $0[0] : nil }
        if case .running = state.status(.disableAutoSync), read == pin.revision.rawValue {
            state.finish(.disableAutoSync, summary: "targetRevision pinned to \(pin.revision.short) (was \(pin.restore)); auto-sync stays \(Format.autoSync(app.autoSync)) and syncs to the pin")
        }
        // Unpinned behind our back (an app-of-apps parent re-applying the spec): auto-sync would go back to HEAD.
        if state.status(.disableAutoSync).isFinished, read != pin.revision.rawValue,
           !state.status(.enableAutoSync).isFinished, !state.isRunning(.enableAutoSync) {
            let now = read.map { $0.isEmpty ? "unset" : $0 } ?? "unreadable"
            state.steps[.disableAutoSync] = .failed("targetRevision changed after Step 3a (now \(now); an app-of-apps parent?) — pin it again")
            state.note(.danger, "targetRevision is no longer pinned to \(pin.revision.short) (now \(now)): auto-sync would re-sync HEAD and undo the rollback.", kind: .pinLost)
        }
        if case .running = state.status(.enableAutoSync), let read, pin.isRestored(read) {
            state.finish(.enableAutoSync, summary: "targetRevision is \(read.isEmpty ? "unset (HEAD)" : read) again: the pin to \(pin.revision.short) is removed (auto-sync \(Format.autoSync(app.autoSync)))")
        }
    }

    /// After a resume on the pin path: what 3a's pin or 3d's restore really did.
    static func recheckUnknownPin(_ app: Application, _ state: inout RunbookState) {
        guard let pin = state.pin else { return }
        let read = app.targetRevisions.flatMap { $0.count == 1 ? $0[0] : nil }
        if state.status(.disableAutoSync) == .outcomeUnknown {
            if read == pin.revision.rawValue { state.finish(.disableAutoSync, summary: "targetRevision pinned to \(pin.revision.short) (re-checked after resume)") }
            else { state.steps[.disableAutoSync] = .awaitingConfirmation }
        }
        if state.status(.enableAutoSync) == .outcomeUnknown {
            if let read, pin.isRestored(read) { state.finish(.enableAutoSync, summary: "targetRevision is \(pin.restore) again (re-checked after resume)") }
            else { state.steps[.enableAutoSync] = .awaitingConfirmation }
        }
    }

    /// `t` at 3a's gate: pin targetRevision instead of disabling auto-sync, or back. Only while 3a waits
    /// for its first confirmation: once a command ran, its retry is the same command.
    static func chooseAutoSyncGuard(_ mode: AutoSyncGuard, by: String, _ state: inout RunbookState) {
        guard !by.isEmpty, state.config != nil, state.autoSyncGuardChoosable else {
            state.note(.warn, "t switches Step 3a between disabling auto-sync and pinning targetRevision while 3a's gate is open — nothing changed.")
            return
        }
        guard mode != state.autoSyncGuardMode else { return }
        if mode == .pin, let refusal = state.pinRefusal {
            state.note(.warn, refusal)
            return
        }
        state.autoSyncGuardChosen = mode
        if mode == .pin, let target = state.lastKnownGood {
            state.note(.info, "\(by) chose to pin targetRevision to \(target.revision.short) at 3a instead of disabling auto-sync.")
        } else {
            state.note(.info, "\(by) chose to disable auto-sync at 3a (not to pin targetRevision).")
        }
    }
}
