import Foundation
import MigrationSafety

/// One of the three things to confirm before any rollback.
public struct PreflightCheck: Sendable, Equatable {
    public var title: String
    public var passed: Bool
    public var detail: String
}

/// What the bad revision changed, read from `git show --stat`.
public enum ChangeKind: Sendable, Equatable {
    case image, helmValues, kustomize, configOnly, helmCRDs, other
    public var description: String {
        switch self {
        case .image: "image digest or tag bump"
        case .helmValues: "Helm values edit"
        case .kustomize: "Kustomize patch"
        case .configOnly: "config only — consider the feature-flag kill switch before a rollback"
        case .helmCRDs: "CRDs in a Helm chart — a rollback does not downgrade CRDs (see code-rollback-helm.md)"
        case .other: "other files"
        }
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
        return [schema, target, sync]
    }

    /// How the bad revision's files read: image bump, values edit, patch, config only, CRDs.
    public var changeKind: ChangeKind? {
        guard let stat = diagnosis.value else { return nil }
        let files = stat.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: "|", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return parts[0].trimmingCharacters(in: .whitespaces)
        }
        let lower = files.map { $0.lowercased() }
        if lower.contains(where: { $0.contains("crds/") || $0.hasSuffix("crd.yaml") }) { return .helmCRDs }
        let body = stat.lowercased()
        if body.contains("sha256:") || body.contains("image") { return .image }
        if lower.contains(where: { $0.hasSuffix("kustomization.yaml") || $0.contains("patch") }) { return .kustomize }
        if lower.contains(where: { $0.contains("flag") || $0.contains("configmap") || $0.hasSuffix(".env") }) { return .configOnly }
        if lower.contains(where: { $0.hasSuffix("values.yaml") }) { return .helmValues }
        return files.isEmpty ? nil : .other
    }

    /// Step 1's evidence: the alert against the deploy.
    public var deployVersusAlert: String? {
        guard let bad = badEntry else { return nil }
        let age = Format.duration(now.timeIntervalSince(bad.deployedAt))
        var line = "deploy \(bad.id) landed \(age) ago"
        if let start = alertStart.value ?? nil {
            let gap = start.timeIntervalSince(bad.deployedAt)
            if gap >= 0 {
                line += "; the alert fired \(Format.duration(gap)) after it"
                if gap > (config?.recentDeployWindowSeconds ?? 1800) {
                    line += " — too long after to blame the deploy: a rollback may not be indicated"
                }
            } else {
                line += "; the alert fired \(Format.duration(-gap)) BEFORE it — the deploy did not start this"
            }
        }
        return line
    }
}
