import Foundation
import MigrationSafety

/// Argo CD, as the runbook needs it. Live: the `argocd` CLI; demo: the simulated cluster.
public protocol ArgoCDPort: Sendable {
    /// `argocd app get APP -o json`, read into an Application.
    func application(_ name: String) async throws -> Application
    /// `argocd app diff APP --revision REV`: the live state against REV's manifests (exit 1: they
    /// differ, 0: they do not, 2: an error, thrown). A multi-source entry's `sources` are compared each
    /// at its own revision (`--revisions R --source-positions N` per source).
    func diff(_ app: String, revision: Revision, sources: [HistorySource]) async throws -> RollbackDiff
    /// `argocd account can-i sync applications PROJECT/APP`: `yes` or `no` on stdout.
    func canSync(_ app: String, project: String) async throws -> SyncPermission
    /// The app's `SyncWindow:` state from `argocd app get APP` and, when it is Sync Denied, the active
    /// deny windows of `argocd proj windows list PROJECT` that apply to it.
    func syncWindows(_ app: String, project: String) async throws -> SyncWindowReading
    /// Runs one mutating gate command exactly as the gate showed it
    /// (`argocd app set APP --sync-policy none`, `argocd app rollback APP ID`, …).
    func run(_ command: GateCommand) async -> CommandResult
}

extension ArgoCDPort {
    /// A single-source Application's diff.
    public func diff(_ app: String, revision: Revision) async throws -> RollbackDiff {
        try await diff(app, revision: revision, sources: [])
    }
}

/// Kubernetes: what the pods really run.
public protocol ClusterPort: Sendable {
    /// Every pod matching the selector, with the image (digest) it runs.
    func podImages(namespace: String, selector: String) async throws -> [PodImage]
    /// The Deployment's container images as its pod template names them (`kubectl get deployment -o json`).
    func deploymentImages(namespace: String, name: String) async throws -> [String]
    /// The Argo Rollout and its current AnalysisRun (`kubectl get rollout NAME -o json`, `… get analysisrun`).
    func rollout(namespace: String, name: String) async throws -> Rollout
    /// Runs one gate command that is kubectl's (`kubectl argo rollouts abort NAME -n NS`) exactly as the gate showed it.
    func run(_ command: GateCommand) async -> CommandResult
}

/// The config repo the Application tracks (a real git checkout in both live and demo).
public protocol ConfigRepoPort: Sendable {
    /// `git diff FROM..TO -- GLOB`: the unified diff of migration files.
    func migrationDiff(from: Revision, to: Revision, glob: String) async throws -> String
    /// Every migration file GLOB matches at REV, as a diff from the empty tree (each file added):
    /// Step 0 replays them into the schema at the last good revision.
    func migrationHistory(at revision: Revision, glob: String) async throws -> String
    /// `git show --stat REV`.
    func showStat(_ revision: Revision) async throws -> String
    /// `git show REV` with the whole of each changed file as context (against its first parent):
    /// Step 2 reads what changed from it (`ChangeReader`).
    func showPatch(_ revision: Revision) async throws -> String
    /// Whether a commit on the tracked branch reverts `revision` (after fetching, where there is a remote).
    func revertOf(_ revision: Revision) async throws -> Revision?
}

extension ConfigRepoPort {
    /// Step 2's evidence: the stat as git prints it, and the diff read into what changed.
    public func change(_ revision: Revision) async throws -> ChangeEvidence {
        let stat = try await showStat(revision)
        return ChangeEvidence(stat: stat, files: ChangeReader.files(patch: try await showPatch(revision)))
    }
}

/// Prometheus, as the runbook needs it.
public protocol MetricsPort: Sendable {
    /// `metric`'s series over [from, to] (its query must return one series).
    func series(_ metric: MetricSpec, from: Date, to: Date, step: Duration) async throws -> [LatencySample]
    /// When the alert started firing, if it is or was firing near `around`.
    func alertStart(_ alert: String, around: Date) async throws -> Date?
}

/// Time: the wall clock live, a virtual clock (`--speed N`) in demo.
public protocol ClockPort: Sendable {
    func now() -> Date
    /// Sleeps for `duration` of this clock's time.
    func sleep(for duration: Duration) async throws
}

/// Where the texts written for people go (Step 4's status message, Step 5's draft): files beside the
/// journal in both live and drills (`Storage.IncidentTexts`); a test can stand in.
public protocol TextsPort: Sendable {
    /// Writes `text`; the path it is at, or why it could not be written.
    func write(_ text: String, as kind: WrittenText) async -> Outcome<String>
}

/// Where the team's feature flags live. The console never flips a flag: the engineer does, by hand, and
/// says so with `y` on the kill switch. Live there is no port (nothing to tell); a drill's simulated
/// service hears it so its p99 can come down.
public protocol FlagPort: Sendable {
    func killSwitchFlipped() async
}

/// A real database's answer for Step 0 (`shadowPostgres` in the config): a throwaway PostgreSQL live,
/// none in drills. Without it, or when it cannot answer, the replay model judges.
public protocol SchemaServerPort: Sendable {
    /// The catalog after `history` (every migration at `revision`, as a diff from the empty tree) and what
    /// `release` (the migration diff) changed in it; or why it could not say.
    func answer(history: String, release: String, revision: Revision) async -> Result<ServerSchemaAnswer, ServerSchemaAnswer.Unanswered>
}

/// Step 4b's status webhook (a Slack incoming webhook). Only the port knows its URL: it is never
/// journaled, logged, shown or passed to a child process.
public protocol StatusPostPort: Sendable {
    /// POSTs `body` (JSON); the HTTP status, or why nothing was posted (the URL never in the message).
    func post(_ body: String) async -> Outcome<Int>
}

/// Everything the effect runner reaches the world through.
public struct Ports: Sendable {
    public var argocd: any ArgoCDPort
    public var cluster: any ClusterPort
    public var configRepo: any ConfigRepoPort
    public var metrics: any MetricsPort
    public var clock: any ClockPort
    public var flags: (any FlagPort)?
    public var schemaServer: (any SchemaServerPort)?
    /// nil unless the config names a status webhook (`statusWebhookEnv`).
    public var statusPost: (any StatusPostPort)?
    public init(argocd: any ArgoCDPort, cluster: any ClusterPort, configRepo: any ConfigRepoPort,
                metrics: any MetricsPort, clock: any ClockPort, flags: (any FlagPort)? = nil,
                schemaServer: (any SchemaServerPort)? = nil, statusPost: (any StatusPostPort)? = nil) {
        self.argocd = argocd; self.cluster = cluster; self.configRepo = configRepo
        self.metrics = metrics; self.clock = clock; self.flags = flags; self.schemaServer = schemaServer
        self.statusPost = statusPost
    }
}
