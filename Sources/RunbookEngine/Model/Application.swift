import Foundation

/// `status.health.status` of an Argo CD Application.
public enum HealthStatus: String, Sendable, Codable, CaseIterable {
    case healthy = "Healthy", progressing = "Progressing", degraded = "Degraded"
    case suspended = "Suspended", missing = "Missing", unknown = "Unknown"
}

/// `status.sync.status` of an Argo CD Application.
public enum SyncStatus: String, Sendable, Codable, CaseIterable {
    case synced = "Synced", outOfSync = "OutOfSync", unknown = "Unknown"
}

/// `spec.syncPolicy.automated` when present and enabled: the whole block, so 3d restores every field
/// (`--sync-policy none` drops them all; `--sync-policy automated` alone sets them all false).
public struct AutoSync: Sendable, Equatable, Codable {
    public var prune: Bool
    public var selfHeal: Bool
    /// `allowEmpty`: auto-sync may leave the app with no live resources.
    public var allowEmpty: Bool
    public init(prune: Bool, selfHeal: Bool, allowEmpty: Bool = false) {
        self.prune = prune; self.selfHeal = selfHeal; self.allowEmpty = allowEmpty
    }

    private enum CodingKeys: String, CodingKey { case prune, selfHeal, allowEmpty }

    /// Journals written before `allowEmpty` was read decode as false; it is written only when true,
    /// so their lines stay byte for byte what they were.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prune = try c.decode(Bool.self, forKey: .prune)
        selfHeal = try c.decode(Bool.self, forKey: .selfHeal)
        allowEmpty = try c.decodeIfPresent(Bool.self, forKey: .allowEmpty) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if allowEmpty { try c.encode(true, forKey: .allowEmpty) }
        try c.encode(prune, forKey: .prune)
        try c.encode(selfHeal, forKey: .selfHeal)
    }
}

/// One `status.history[]` entry.
public struct HistoryEntry: Sendable, Equatable, Codable {
    public var id: HistoryID
    /// The commit: `revision`, or for a multi-source entry its primary source's (`HistorySource.primary`).
    public var revision: Revision
    public var deployedAt: Date
    /// A multi-source entry's sources with their revisions, in position order (1, 2, …); nil for one source
    /// (and in journals written before they were read, which then read and re-encode unchanged).
    public var sources: [HistorySource]?
    public init(id: HistoryID, revision: Revision, deployedAt: Date, sources: [HistorySource]? = nil) {
        self.id = id; self.revision = revision; self.deployedAt = deployedAt; self.sources = sources
    }
}

/// `status.operationState.phase`.
public enum OperationPhase: String, Sendable, Codable {
    case running = "Running", terminating = "Terminating", failed = "Failed", error = "Error", succeeded = "Succeeded"
}

/// `status.operationState`: what the last sync or rollback really did.
public struct OperationState: Sendable, Equatable, Codable {
    public var phase: OperationPhase
    public var message: String
    /// `syncResult.revision`: the revision the operation synced to.
    public var syncRevision: Revision?
    public var startedAt: Date?
    public var finishedAt: Date?
    public init(phase: OperationPhase, message: String, syncRevision: Revision?, startedAt: Date? = nil, finishedAt: Date? = nil) {
        self.phase = phase; self.message = message; self.syncRevision = syncRevision
        self.startedAt = startedAt; self.finishedAt = finishedAt
    }
}

/// What `argocd app get APP -o json` tells about an Application, reduced to what the runbook reads.
public struct Application: Sendable, Equatable, Codable {
    public var name: String
    public var health: HealthStatus
    public var sync: SyncStatus
    /// `status.sync.revision`: the revision the live state was compared to (HEAD of the tracked branch).
    public var syncRevision: Revision?
    /// nil when auto-sync is off (no `automated` block, or `enabled: false`).
    public var autoSync: AutoSync?
    /// Oldest first, as Argo CD stores it.
    public var history: [HistoryEntry]
    public var operation: OperationState?
    /// `status.summary.images`.
    public var images: [String]
    /// `status.resources[]`: what Argo CD manages for the app (nil in journals written before it was read).
    public var resources: [ManagedResource]?
    /// `spec.destination`: the cluster the app deploys to (nil in journals written before it was read).
    public var destination: AppDestination?
    /// `spec.project`: the AppProject whose permissions and sync windows apply (nil when not read).
    public var project: String?
    /// Who manages this Application's own manifest, if anyone does (nil: no one, or not read).
    public var parent: AppParent?
    /// `spec.revisionHistoryLimit`: how many history entries Argo CD keeps (nil: not set, Argo CD keeps 10).
    public var historyLimit: Int?
    /// `spec.source.targetRevision`, or each of `spec.sources[]`'s in order: what the app tracks (`HEAD`, a
    /// branch, a tag, a SHA); "" where a source leaves it unset (Argo CD then tracks HEAD). nil: not read
    /// (journals written before it was).
    public var targetRevisions: [String]?

    public init(name: String, health: HealthStatus, sync: SyncStatus, syncRevision: Revision?,
                autoSync: AutoSync?, history: [HistoryEntry], operation: OperationState?, images: [String],
                resources: [ManagedResource]? = nil, destination: AppDestination? = nil,
                project: String? = nil, parent: AppParent? = nil, historyLimit: Int? = nil, targetRevisions: [String]? = nil) {
        self.name = name; self.health = health; self.sync = sync; self.syncRevision = syncRevision
        self.autoSync = autoSync; self.history = history; self.operation = operation; self.images = images
        self.resources = resources; self.destination = destination; self.project = project; self.parent = parent
        self.historyLimit = historyLimit; self.targetRevisions = targetRevisions
    }

    /// The newest history entry: what is deployed now.
    public var current: HistoryEntry? { history.last }
}

/// Who manages an Application's own manifest: another Application (an app of apps) or an ApplicationSet.
/// Turning auto-sync off on such an app does not stick: the parent's next sync writes the child's
/// `syncPolicy` back (argo-cd#5351), so 3a is undone behind the driver's back.
public struct AppParent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case application = "Application", applicationSet = "ApplicationSet" }
    public var kind: Kind
    public var name: String
    /// Where the console read it: `ownerReferences`, the tracking-id annotation or the instance label.
    public var seenIn: String
    public init(kind: Kind, name: String, seenIn: String) { self.kind = kind; self.name = name; self.seenIn = seenIn }
}

/// One pod's running image, from `kubectl get pods -o json` (`status.containerStatuses[].imageID`).
public struct PodImage: Sendable, Equatable, Codable {
    public var pod: String
    public var image: String
    public var ready: Bool
    /// The pod's `rollouts-pod-template-hash` label: which of a Rollout's ReplicaSets it belongs to.
    public var hash: String?
    public init(pod: String, image: String, ready: Bool, hash: String? = nil) {
        self.pod = pod; self.image = image; self.ready = ready; self.hash = hash
    }

    /// The `sha256:…` digest inside an image reference, if it has one.
    public var digest: String? {
        guard let at = image.range(of: "sha256:") else { return nil }
        return String(image[at.lowerBound...])
    }
}

/// One p99 latency sample, in seconds.
public struct LatencySample: Sendable, Equatable, Codable {
    public var at: Date
    public var seconds: Double
    public init(at: Date, seconds: Double) { self.at = at; self.seconds = seconds }

    /// A NaN sample (no traffic) equals another NaN sample at the same time: a state holding one
    /// must equal itself and its replay.
    public static func == (lhs: LatencySample, rhs: LatencySample) -> Bool {
        lhs.at == rhs.at && (lhs.seconds == rhs.seconds || (lhs.seconds.isNaN && rhs.seconds.isNaN))
    }
}
