import Foundation

/// Where the console's observations come from.
public enum SourceMode: String, Sendable, Codable {
    case live, simulation
}

/// How the Rollouts path aborts a canary: Argo CD's resource action (the default: no kubectl plugin,
/// Argo CD's RBAC), or `kubectl argo rollouts abort` where a team has the plugin and prefers it.
public enum RolloutsAbortTool: String, Sendable, Codable, CaseIterable {
    case argocd, kubectl
}

/// What the runbook needs to know about the incident before it starts. Journaled first, so a
/// replay knows the app, thresholds and commands exactly as the driver had them.
public struct IncidentConfig: Sendable, Equatable, Codable {
    public var app: String
    public var namespace: String
    public var deployment: String
    public var selector: String
    public var migrationsGlob: String
    public var alertName: String
    public var statusChannel: String
    /// p99 must stay below this many seconds…
    public var p99Threshold: Double
    /// …for this long (seconds of the incident's clock) before Step 3c passes.
    public var sustainSeconds: Double
    /// Step 3c gives up after this long.
    public var verifyTimeoutSeconds: Double
    /// A deploy this recent when the alert fired is strong evidence it caused the alert.
    public var recentDeployWindowSeconds: Double
    /// How often evidence is re-read.
    public var pollSeconds: Double
    public var mode: SourceMode
    /// Live, with mutating commands journaled as not run (`run --dry-run`). nil in journals
    /// written before the key existed, and whenever it is off.
    public var dryRun: Bool?

    public var isDryRun: Bool { dryRun == true }
    /// The console reads the Deployment's template image (`kubectl get deployment`). nil in journals
    /// written before it did: their replay must not wait for reads their console never made.
    public var readsDeployment: Bool?
    /// The simulated scenario the incident runs on (the demo's or a drill's name), so `resume` rebuilds
    /// that one. nil live, and in journals written before it was recorded (those are the demo's).
    public var scenario: String?
    /// Where the app runs (`us-east`), for Step 4's message. nil when the config names none (and in
    /// journals written before the key existed).
    public var region: String?
    /// Step 4's grade unless the driver changes it at the gate; nil is P1.
    public var severity: Severity?
    /// The Deployment or Rollout to act on when the app manages several (the `workload` key, `--workload`);
    /// nil: found from the Application's resources.
    public var workload: String?
    /// The abort's tool (the `rolloutsAbort` key, `--rollouts-abort`); nil: Argo CD's resource action.
    public var rolloutsAbort: RolloutsAbortTool?
    /// The pinned argocd context (`--argocd-context`): every argocd command the gates show names it. nil: not pinned.
    public var argocdContext: String?
    /// The pinned kubectl context (`--kube-context`), which every kubectl command names. nil: not pinned.
    public var kubeContext: String?
    /// The contexts as read when the incident started (live only): the status line and 3a's cluster check.
    public var clusters: ClusterContexts?
    /// Step 4b offers to post the channel message to a status webhook (the `statusWebhookEnv` key names
    /// the variable holding its URL; neither is journaled). nil: no such step.
    public var statusPost: Bool?

    public var postsStatus: Bool { statusPost == true }
    /// The metrics Step 3c watches, the one it watches first (the fired alert's) first. nil in journals
    /// written before there were several: those watched the p99 alone (`metricsWatched`).
    public var metrics: [MetricSpec]?

    /// Every metric 3c requires, the first one first: the configured ones, or the p99 alone.
    public var metricsWatched: [MetricSpec] {
        if let metrics, !metrics.isEmpty { return metrics }
        return [MetricSpec.latency(query: "", threshold: p99Threshold)]
    }

    /// The metric 3c watches first, read on every poll as the `latency` evidence, and the kill switch's.
    public var watchedFirst: MetricSpec { metricsWatched[0] }
    /// The others, read together as the `metrics` evidence.
    public var watchedToo: [MetricSpec] { Array(metricsWatched.dropFirst()) }

    public init(app: String, namespace: String, deployment: String, selector: String,
                migrationsGlob: String = "examples/bookstore-platform/app/*/migrations/*.sql",
                alertName: String = "", statusChannel: String = "#bookstore-platform-status",
                p99Threshold: Double = 0.5, sustainSeconds: Double = 60, verifyTimeoutSeconds: Double = 600,
                recentDeployWindowSeconds: Double = 1800, pollSeconds: Double = 10, mode: SourceMode, dryRun: Bool = false,
                scenario: String? = nil, region: String? = nil, severity: Severity? = nil, workload: String? = nil,
                rolloutsAbort: RolloutsAbortTool? = nil, statusPost: Bool = false,
                argocdContext: String? = nil, kubeContext: String? = nil, clusters: ClusterContexts? = nil,
                metrics: [MetricSpec]? = nil) {
        self.app = app; self.namespace = namespace; self.deployment = deployment; self.selector = selector
        self.migrationsGlob = migrationsGlob; self.alertName = alertName; self.statusChannel = statusChannel
        self.p99Threshold = p99Threshold; self.sustainSeconds = sustainSeconds
        self.verifyTimeoutSeconds = verifyTimeoutSeconds; self.recentDeployWindowSeconds = recentDeployWindowSeconds
        self.pollSeconds = pollSeconds; self.mode = mode; self.dryRun = dryRun ? true : nil
        self.readsDeployment = true
        self.scenario = scenario
        self.region = region; self.severity = severity
        self.workload = workload
        self.rolloutsAbort = rolloutsAbort == .kubectl ? .kubectl : nil
        self.argocdContext = argocdContext; self.kubeContext = kubeContext; self.clusters = clusters
        self.statusPost = statusPost ? true : nil
        self.metrics = metrics?.isEmpty == false ? metrics : nil
    }

    /// A journal's incident is checked as it is read: a crafted `"pollSeconds":"NaN"` or a `1e17` s
    /// timeout stops the read with the key and its range instead of reaching the reducer's arithmetic.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func seconds(_ key: CodingKeys, _ range: SaneRange) throws -> Double {
            try range.checked(try c.decode(Double.self, forKey: key), key: key.stringValue)
        }
        app = try c.decode(String.self, forKey: .app)
        namespace = try c.decode(String.self, forKey: .namespace)
        deployment = try c.decode(String.self, forKey: .deployment)
        selector = try c.decode(String.self, forKey: .selector)
        migrationsGlob = try c.decode(String.self, forKey: .migrationsGlob)
        alertName = try c.decode(String.self, forKey: .alertName)
        statusChannel = try c.decode(String.self, forKey: .statusChannel)
        p99Threshold = try seconds(.p99Threshold, SaneRanges.threshold)
        sustainSeconds = try seconds(.sustainSeconds, SaneRanges.sustain)
        verifyTimeoutSeconds = try seconds(.verifyTimeoutSeconds, SaneRanges.verifyTimeout)
        recentDeployWindowSeconds = try seconds(.recentDeployWindowSeconds, SaneRanges.recentDeployWindow)
        pollSeconds = try seconds(.pollSeconds, SaneRanges.pollSeconds)
        mode = try c.decode(SourceMode.self, forKey: .mode)
        dryRun = try c.decodeIfPresent(Bool.self, forKey: .dryRun)
        readsDeployment = try c.decodeIfPresent(Bool.self, forKey: .readsDeployment)
        scenario = try c.decodeIfPresent(String.self, forKey: .scenario)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        severity = try c.decodeIfPresent(Severity.self, forKey: .severity)
        workload = try c.decodeIfPresent(String.self, forKey: .workload)
        rolloutsAbort = try c.decodeIfPresent(RolloutsAbortTool.self, forKey: .rolloutsAbort)
        argocdContext = try c.decodeIfPresent(String.self, forKey: .argocdContext)
        kubeContext = try c.decodeIfPresent(String.self, forKey: .kubeContext)
        clusters = try c.decodeIfPresent(ClusterContexts.self, forKey: .clusters)
        statusPost = try c.decodeIfPresent(Bool.self, forKey: .statusPost)
        metrics = try c.decodeIfPresent([MetricSpec].self, forKey: .metrics)
        if metrics?.isEmpty == true { metrics = nil }
    }
}
