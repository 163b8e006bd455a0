import Foundation

/// What `argocd app get APP` says on its `SyncWindow:` line: whether a sync may run now.
public enum SyncWindowState: String, Sendable, Codable, CaseIterable {
    case syncAllowed = "Sync Allowed"
    /// A deny window is active but every one of them lets manual syncs through: a rollback runs.
    case manualAllowed = "Manual Allowed"
    /// A rollback would be parked as "Sync operation blocked by sync window".
    case syncDenied = "Sync Denied"
}

/// One row of `argocd proj windows list PROJECT`. The ID is the row's index in the project's
/// `spec.syncWindows`, what `argocd proj windows enable-manual-sync PROJECT ID` takes.
public struct SyncWindow: Sendable, Equatable, Codable {
    public var id: Int
    public var active: Bool
    /// `allow` or `deny`, as the project says it.
    public var kind: String
    public var schedule: String
    public var duration: String
    /// nil where the table has no such column (the CLI's columns vary by version); empty: "-", none listed.
    public var applications: [String]?
    public var namespaces: [String]?
    public var clusters: [String]?
    public var manualSync: Bool

    public init(id: Int, active: Bool, kind: String, schedule: String, duration: String, applications: [String]?,
                namespaces: [String]?, clusters: [String]?, manualSync: Bool) {
        self.id = id; self.active = active; self.kind = kind; self.schedule = schedule; self.duration = duration
        self.applications = applications; self.namespaces = namespaces; self.clusters = clusters; self.manualSync = manualSync
    }

    public var isActiveDeny: Bool { active && kind == "deny" }
}

/// The sync-window answer for one Application: its state, and when it is denied, the windows that deny it.
public struct SyncWindowReading: Sendable, Equatable, Codable {
    public var project: String
    public var state: SyncWindowState
    /// The active deny windows that apply to the app (matched as Argo CD matches them: by its name,
    /// destination namespace or cluster), or every active deny window when that could not be decided.
    /// Empty unless the state is Sync Denied.
    public var denying: [SyncWindow]
    /// False when the windows could not be matched to the app (a column missing, a pattern the console
    /// does not read): `denying` is then every active deny window of the project.
    public var matched: Bool

    public init(project: String, state: SyncWindowState, denying: [SyncWindow] = [], matched: Bool = true) {
        self.project = project; self.state = state; self.denying = denying; self.matched = matched
    }

    /// The windows whose manual sync is still disabled: each needs its own `enable-manual-sync`.
    public var blocking: [SyncWindow] { denying.filter { !$0.manualSync } }
}

/// What the windows are matched against: the Application's name and destination (`argocd app get`'s
/// `Name:`, `Server:` and `Namespace:` lines; the cluster's name when the destination names one).
public struct SyncWindowTarget: Sendable, Equatable {
    public var app: String
    public var namespace: String?
    public var server: String?
    public var clusterName: String?
    public init(app: String, namespace: String?, server: String?, clusterName: String? = nil) {
        self.app = app; self.namespace = namespace; self.server = server; self.clusterName = clusterName
    }
}

extension SyncWindowReading {
    /// Argo CD's rule (`SyncWindows.Matches`): a window applies when any of its applications, namespaces or
    /// clusters matches the app's name, destination namespace or destination server (or name). The
    /// console reads `*` and `?` patterns; anything else (`[`, `{`, `\`) or a missing column means it cannot
    /// decide, and then every active deny window is listed (`matched: false`).
    public static func denying(_ windows: [SyncWindow], for target: SyncWindowTarget) -> (windows: [SyncWindow], matched: Bool) {
        let activeDeny = windows.filter(\.isActiveDeny)
        var matching: [SyncWindow] = []
        for window in activeDeny {
            guard let applications = window.applications, let namespaces = window.namespaces, let clusters = window.clusters else {
                return (activeDeny, false)
            }
            let patterns = applications + namespaces + clusters
            guard patterns.allSatisfy(GlobPattern.isReadable) else { return (activeDeny, false) }
            let byApp = applications.contains { GlobPattern.matches($0, target.app) }
            let byNamespace = target.namespace.map { namespace in namespaces.contains { GlobPattern.matches($0, namespace) } }
            let byCluster = clusters.contains { pattern in
                [target.server, target.clusterName].contains { value in value.map { !$0.isEmpty && GlobPattern.matches(pattern, $0) } ?? false }
            }
            // A namespace pattern and no namespace known: the console cannot say whether it applies.
            if !namespaces.isEmpty, byNamespace == nil, !byApp, !byCluster { return (activeDeny, false) }
            if !clusters.isEmpty, target.server == nil, target.clusterName == nil, !byApp, byNamespace != true { return (activeDeny, false) }
            if byApp || byNamespace == true || byCluster { matching.append(window) }
        }
        return (matching, true)
    }
}

/// The glob patterns sync windows use, as far as the console reads them: `*` any run of characters, `?`
/// one; everything else literal. Patterns with character classes, alternatives or escapes are not read.
enum GlobPattern {
    static func isReadable(_ pattern: String) -> Bool { !pattern.contains { "[]{}\\!".contains($0) } }

    static func matches(_ pattern: String, _ value: String) -> Bool {
        let p = Array(pattern.unicodeScalars), v = Array(value.unicodeScalars)
        // Iterative wildcard match with backtracking to the last star: linear in practice, never recursive.
        var pi = 0, vi = 0, star = -1, mark = 0
        while vi < v.count {
            if pi < p.count, p[pi] == "?" || p[pi] == v[vi] { pi += 1; vi += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = vi; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; vi = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

/// `argocd account can-i sync applications PROJECT/APP`: whether the logged-in account may sync the app.
public struct SyncPermission: Sendable, Equatable, Codable {
    public var project: String
    public var app: String
    public var allowed: Bool
    public init(project: String, app: String, allowed: Bool) { self.project = project; self.app = app; self.allowed = allowed }
}

extension SyncWindowReading {
    /// The app's state from its project's windows, as Argo CD decides it for a manual sync (`CanSync(true)`)
    /// where only deny windows are concerned: an active deny window that applies and does not let manual
    /// syncs through denies it. The simulator's answer, and the tests' model of Argo CD.
    public static func judged(_ windows: [SyncWindow], project: String, for target: SyncWindowTarget) -> SyncWindowReading {
        let matching = denying(windows, for: target)
        guard !matching.windows.isEmpty else { return SyncWindowReading(project: project, state: .syncAllowed) }
        guard matching.windows.contains(where: { !$0.manualSync }) else { return SyncWindowReading(project: project, state: .manualAllowed) }
        return SyncWindowReading(project: project, state: .syncDenied, denying: matching.windows, matched: matching.matched)
    }
}
