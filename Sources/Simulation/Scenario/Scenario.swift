import Foundation
import RunbookEngine

/// One simulated incident: the Application, its history in the config repo, how the pods and
/// the latency behave, and what happens on its own while the engineer works.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var app: String
    public var namespace: String
    public var deployment: String
    /// Pod label selector, e.g. `app=catalog`.
    public var selector: String
    /// Image reference without the digest, e.g. `ghcr.io/acme/catalog`.
    public var imageRepository: String
    /// The config repo checkout's directory name (what `git -C ./NAME` would say).
    public var configRepoName: String
    /// The app's directory inside the config repo: `values.yaml` and `migrations/` live there.
    public var appDirectory: String
    /// Simulated time at which the engineer sits down; every offset below is relative to it.
    public var start: Date
    /// Oldest first, as Argo CD keeps them; the last one is deployed at the start.
    public var releases: [Release]
    /// The Application's `automated` sync policy at the start; nil when auto-sync is off.
    public var autoSync: AutoSync?
    public var replicas: Int
    public var alert: Alert
    public var latency: Latency
    public var rollout: Rollout
    /// Things that happen without the engineer: a teammate merging the revert, a parent app re-enabling auto-sync.
    public var events: [ScenarioEvent]
    /// The workload is an Argo Rollout with this canary strategy; nil: a Deployment, as the runbook's own example.
    public var canary: Canary?
    /// Who manages the Application's manifest (an app of apps, an ApplicationSet); nil: no one.
    public var parent: AppParent?
    /// The Application's AppProject (`spec.project`).
    public var project = "default"
    /// What `argocd account can-i sync applications PROJECT/APP` answers for the trainee.
    public var canSync = true
    /// The project's sync windows (`argocd proj windows list`); a window here is active unless it says not.
    public var syncWindows: [SyncWindow] = []
    /// Where the simulated app runs, for Step 4's message: the suffix its Argo CD name carries
    /// (bookstore-catalog-us-east → us-east), as the runbook's own apps are named.
    public var region: String? {
        let parts = app.split(separator: "-")
        guard parts.count >= 3, ["us", "eu", "ap", "sa", "ca", "me", "af"].contains(parts[parts.count - 2]) else { return nil }
        return parts.suffix(2).joined(separator: "-")
    }

    public init(name: String, app: String, namespace: String, deployment: String, selector: String,
                imageRepository: String, configRepoName: String, appDirectory: String, start: Date,
                releases: [Release], autoSync: AutoSync?, replicas: Int, alert: Alert, latency: Latency,
                rollout: Rollout, events: [ScenarioEvent], canary: Canary? = nil, parent: AppParent? = nil) {
        self.name = name; self.app = app; self.namespace = namespace; self.deployment = deployment
        self.selector = selector; self.imageRepository = imageRepository; self.configRepoName = configRepoName
        self.appDirectory = appDirectory; self.start = start; self.releases = releases; self.autoSync = autoSync
        self.replicas = replicas; self.alert = alert; self.latency = latency; self.rollout = rollout; self.events = events
        self.canary = canary; self.parent = parent
    }

    /// One commit of the config repo that Argo CD deployed: a history entry.
    public struct Release: Sendable, Equatable {
        public var historyID: HistoryID
        /// The short SHA people say; the simulator tags the real commit with it.
        public var revision: Revision
        /// When Argo CD synced it, relative to the start (negative: before).
        public var deployedAt: Duration
        /// `sha256:<64 hex>` of the image its values.yaml pins.
        public var digest: String
        /// The commit's subject line.
        public var message: String
        /// Migration files this commit adds: file name under `migrations/` → SQL.
        public var migrations: [String: String]
        /// Pods running this release are slow (its image, or its config: a values or flag change).
        public var regressed: Bool
        /// Extra lines appended to this release's values.yaml (an HPA block, a flag), empty for none.
        public var values: String
        /// Other files this commit writes, relative to the app's directory (e.g. `config/flags.yaml`).
        public var files: [String: String]

        public init(historyID: HistoryID, revision: Revision, deployedAt: Duration, digest: String,
                    message: String, migrations: [String: String] = [:], regressed: Bool = false,
                    values: String = "", files: [String: String] = [:]) {
            self.historyID = historyID; self.revision = revision; self.deployedAt = deployedAt; self.digest = digest
            self.message = message; self.migrations = migrations; self.regressed = regressed
            self.values = values; self.files = files
        }
    }

    public struct Alert: Sendable, Equatable {
        public var name: String
        /// How long after the current release's deploy the alert started firing.
        public var firesAfterDeploy: Duration
        public init(name: String, firesAfterDeploy: Duration) { self.name = name; self.firesAfterDeploy = firesAfterDeploy }
    }

    /// p99 latency: `healthy` on a good image, `regressed` on a bad one, moving between them as pods change.
    public struct Latency: Sendable, Equatable {
        public var healthySeconds: Double
        public var regressedSeconds: Double
        /// Deterministic jitter amplitude, in seconds.
        public var noiseSeconds: Double
        /// How long a pod on a bad image takes to drag p99 fully up.
        public var regressionRamp: Duration
        /// How long after a pod leaves the bad image its share of the p99 has drained (the rate window).
        public var recovery: Duration
        /// A regression no deploy explains (a noisy neighbour, a dependency): p99 ramps up from this
        /// offset whatever the pods run, so no rollback fixes it. nil: none.
        public var unrelatedSpikeAt: Duration?
        /// The share of requests answered with a 5xx on a good image and on a bad one: the same pods drag
        /// it up and down as they drag the p99 (`errors:` in a drill's file).
        public var healthyErrorRatio: Double
        public var regressedErrorRatio: Double
        public init(healthySeconds: Double, regressedSeconds: Double, noiseSeconds: Double,
                    regressionRamp: Duration, recovery: Duration, unrelatedSpikeAt: Duration? = nil,
                    healthyErrorRatio: Double = 0.002, regressedErrorRatio: Double = 0.06) {
            self.healthySeconds = healthySeconds; self.regressedSeconds = regressedSeconds
            self.noiseSeconds = noiseSeconds; self.regressionRamp = regressionRamp; self.recovery = recovery
            self.unrelatedSpikeAt = unrelatedSpikeAt
            self.healthyErrorRatio = healthyErrorRatio; self.regressedErrorRatio = regressedErrorRatio
        }
    }

    /// How long a sync takes to show, as Argo CD and Kubernetes would.
    public struct Rollout: Sendable, Equatable {
        /// Health is Progressing this long after a sync or rollback.
        public var progressing: Duration
        /// All pods are replaced this long after a sync, one after another.
        public var podsReplaced: Duration
        /// A new pod turns ready this long after it starts.
        public var podReady: Duration
        /// Auto-sync applies HEAD this long after it notices the app is OutOfSync.
        public var autoSyncDelay: Duration
        public init(progressing: Duration, podsReplaced: Duration, podReady: Duration, autoSyncDelay: Duration) {
            self.progressing = progressing; self.podsReplaced = podsReplaced
            self.podReady = podReady; self.autoSyncDelay = autoSyncDelay
        }
    }

    /// The release deployed at the start: the bad one in a rollback scenario.
    public var current: Release { releases[releases.count - 1] }
    /// The release before the current one: the runbook's target.
    public var lastKnownGood: Release? { releases.count >= 2 ? releases[releases.count - 2] : nil }
    /// The glob Step 0 diffs, as the runbook writes it.
    public var migrationsGlob: String {
        let parent = (appDirectory as NSString).deletingLastPathComponent
        return parent + "/*/migrations/*.sql"
    }
    public func image(_ digest: String) -> String { "\(imageRepository)@\(digest)" }
    func date(_ offset: Duration) -> Date { start.adding(offset) }
}

extension Scenario {
    /// The regression is a feature flag turned on (a flags file changed on the same image): flipping the
    /// flag off (the kill switch) cures it without a rollback.
    public var regressionIsAFlag: Bool {
        guard let index = releases.lastIndex(where: \.regressed), index > 0 else { return false }
        let bad = releases[index], before = releases[index - 1]
        return bad.digest == before.digest && bad.files.keys.contains { $0.lowercased().contains("flag") }
    }
}
