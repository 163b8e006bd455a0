import Foundation
import MigrationSafety

/// One of the things to confirm before any rollback: the runbook's three, and what would stop or undo it
/// (`PreflightRisks.swift`).
public struct PreflightCheck: Sendable, Equatable {
    public var title: String
    public var passed: Bool
    public var detail: String
    /// Whether Pre-flight's gate shows the detail when the check fails: what would stop or undo the
    /// rollback, and its fix. The runbook's three are said elsewhere (the hard stop, History, Application).
    public var explainsFailure = false
    public init(title: String, passed: Bool, detail: String, explainsFailure: Bool = false) {
        self.title = title; self.passed = passed; self.detail = detail; self.explainsFailure = explainsFailure
    }
}

extension RunbookState {
    public var preflightChecks: [PreflightCheck] {
        let schema: PreflightCheck = {
            if let report = migrations.value {
                return PreflightCheck(title: "code, not schema", passed: report.verdict != .unsafe,
                                      detail: "Step 0 verdict \(report.verdict.word)")
            }
            if let error = migrations.error {
                return PreflightCheck(title: "code, not schema", passed: false, detail: "could not check: \(error.message)")
            }
            return PreflightCheck(title: "code, not schema", passed: false, detail: "checking the migration diff…")
        }()
        let target = PreflightCheck(
            title: "last known good known", passed: lastKnownGood != nil,
            detail: lastKnownGood.map { "history \($0.id) (\($0.revision.short))" } ?? (app.value == nil ? "reading history…" : "no earlier entry"))
        let sync: PreflightCheck = {
            guard let app = app.value else { return PreflightCheck(title: "auto-sync state", passed: false, detail: "reading…") }
            return PreflightCheck(title: "auto-sync state", passed: true,
                                  detail: app.autoSync == nil ? "off" : "ON (\(Format.autoSync(app.autoSync))) — Step 3a turns it off first")
        }()
        return [schema, target, sync, parentCheck, operationCheck] + (historyCheck.map { [$0] } ?? []) + [permissionCheck, syncWindowCheck]
    }

    /// What an evidence gate's bar says `y` vouches for: the step's evidence summary, except Pre-flight's,
    /// which names the runbook's three checks and each check that fails, and counts the ones that pass (the
    /// Runbook pane names every check; the failures' why and fix follow on the bar), so it keeps to two
    /// lines at 80 columns.
    public func barEvidence(_ step: StepID) -> String {
        guard step == .preflight else { return evidenceSummary(step) }
        let checks = preflightChecks
        let named = checks.prefix(3).map { "\($0.passed ? "✓" : "!") \($0.title)" }
        let risks = checks.dropFirst(3)
        let failing = risks.filter { !$0.passed }.map { "! \($0.title)" }
        let passing = risks.filter(\.passed).count
        let clear = passing == 0 ? [] : ["✓ \(passing) \(failing.isEmpty ? "" : "other ")risk check\(passing == 1 ? "" : "s") clear"]
        return (named + failing + clear).joined(separator: "; ")
    }

    /// What the bad revision changed, judged from its diff (`ChangeEvidence.kind`).
    public var changeKind: ChangeKind? { diagnosis.value?.kind }

    /// Step 1's question as a value: when the deploy landed against the alert (or, with no alert,
    /// against the console's start).
    public var deployTiming: DeployTiming? {
        guard let bad = badEntry, let config else { return nil }
        let window = config.recentDeployWindowSeconds
        if !config.alertName.isEmpty {
            guard alertStart.readAt != nil, alertStart.error == nil || alertStart.value != nil else { return nil }
            if let start = alertStart.value ?? nil {
                let gap = start.timeIntervalSince(bad.deployedAt)
                if gap < 0 { return .alertBefore(seconds: -gap) }
                return gap > window ? .alertLongAfter(seconds: gap, window: window) : .alertAfter(seconds: gap)
            }
        }
        let age = (startedAt ?? now).timeIntervalSince(bad.deployedAt)
        return age > window ? .old(seconds: age, window: window) : .recent(seconds: age)
    }

    /// Step 1's evidence in words: the alert against the deploy.
    public var deployVersusAlert: String? {
        guard let bad = badEntry else { return nil }
        let age = Format.duration(now.timeIntervalSince(bad.deployedAt))
        let line = "deploy \(bad.id) landed \(age) ago"
        guard let timing = deployTiming else { return line }
        switch timing {
        case .alertAfter(let gap): return line + "; the alert fired \(Format.duration(gap)) after it"
        case .alertLongAfter(let gap, _): return line + "; the alert fired \(Format.duration(gap)) after it — too long after to blame the deploy: a rollback may not be indicated"
        case .alertBefore(let gap): return line + "; the alert fired \(Format.duration(gap)) BEFORE it — the deploy did not start this"
        case .recent: return line + " (within \(Format.duration(config?.recentDeployWindowSeconds ?? 1800)) of the console's start)"
        case .old(_, let window): return line + " — more than \(Format.duration(window)) before the console started: a rollback may not be indicated"
        }
    }
}

/// When the bad deploy landed against the alert: the runbook's "a revision landed in the last 30
/// minutes and the alert fired after it" as a value.
public enum DeployTiming: Sendable, Equatable {
    /// The alert fired this long after the deploy, inside the window: strong evidence.
    case alertAfter(seconds: Double)
    /// The alert fired long after the deploy (beyond the window).
    case alertLongAfter(seconds: Double, window: Double)
    /// The alert fired before the deploy.
    case alertBefore(seconds: Double)
    /// No alert to compare with: the deploy landed this long before the console started, inside the window.
    case recent(seconds: Double)
    /// No alert to compare with, and the deploy is older than the window.
    case old(seconds: Double, window: Double)

    /// The runbook's no-rollback case: the deploy did not start this.
    public var deployDidNotCause: Bool {
        switch self {
        case .alertAfter, .recent: false
        case .alertLongAfter, .alertBefore, .old: true
        }
    }
}
