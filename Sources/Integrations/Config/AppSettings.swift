import Foundation
import RunbookEngine

/// One app's live settings as a config file or the flags give them: every key optional, so the
/// layers (built-in defaults ← file `defaults` ← the app's entry ← flags) merge key by key.
public struct AppSettings: Sendable, Equatable {
    public var namespace: String?
    public var deployment: String?
    /// The Deployment or Rollout to act on when the Application manages several (default: found from its resources).
    public var workload: String?
    /// How the Rollouts path aborts a canary: `argocd` (Argo CD's resource action, the default) or `kubectl` (the plugin).
    public var rolloutsAbort: String?
    public var selector: String?
    public var configRepo: String?
    public var branch: String?
    public var migrations: String?
    public var prometheus: String?
    public var query: String?
    public var threshold: Double?
    public var alerts: [String]?
    /// What Step 3c watches besides the p99 (`query`, `threshold`; a metric named p99 replaces it): each a
    /// name, a PromQL query, a unit, a threshold, a direction and the alerts that page on it. nil: the p99,
    /// and the 5xx ratio too when an alert pages on errors.
    public var metrics: [MetricSpec]?
    public var statusChannel: String?
    /// Where the app runs (`us-east`): Step 4's message says it.
    public var region: String?
    /// Step 4's default grade for this app, `P1` or `P0` (the driver can change it at the gate).
    public var severity: String?
    /// The *name* of the environment variable holding Prometheus' bearer token — never the token.
    public var bearerTokenEnv: String?
    /// The *name* of the environment variable holding Step 4b's Slack incoming-webhook URL — never the URL.
    public var statusWebhookEnv: String?
    public var argocd: String?
    public var kubectl: String?
    /// The argocd CLI's context every argocd command names (`--argocd-context`); default: its current one.
    public var argocdContext: String?
    /// kubectl's context every kubectl command names (`--context`); default: its current one.
    public var kubeContext: String?
    /// Seconds any one CLI command may run before it is killed.
    public var commandTimeout: Double?
    /// Seconds any one Prometheus request may take.
    public var prometheusTimeout: Double?
    /// Seconds p99 must hold below the threshold before Step 3c passes.
    public var sustain: Double?
    /// Seconds after the rollback that Step 3c waits for recovery before it fails.
    public var verifyTimeout: Double?
    /// Step 0 asks a throwaway local PostgreSQL for the schema (as `check-migrations --shadow-postgres`).
    public var shadowPostgres: Bool?
    /// Step 5's Mustache template (the team's postmortem-template.md) instead of the built-in layout.
    public var postmortemTemplate: String?

    public init() {}

    /// The keys a config file may use, in the order the file format documents them.
    public static let keys = ["namespace", "deployment", "workload", "rolloutsAbort", "selector", "configRepo", "branch", "migrations",
                              "prometheus", "query", "threshold", "alerts", "metrics", "statusChannel", "region", "severity", "bearerTokenEnv",
                              "statusWebhookEnv", "argocd", "kubectl", "argocdContext", "kubeContext", "commandTimeout", "prometheusTimeout", "sustain", "verifyTimeout", "shadowPostgres", "postmortemTemplate"]

    /// The text keys by their file names (numbers and lists are read apart).
    static var textFields: [String: WritableKeyPath<AppSettings, String?>] {
        ["namespace": \.namespace, "deployment": \.deployment, "workload": \.workload, "rolloutsAbort": \.rolloutsAbort, "selector": \.selector, "configRepo": \.configRepo,
         "branch": \.branch, "migrations": \.migrations, "prometheus": \.prometheus, "query": \.query,
         "statusChannel": \.statusChannel, "region": \.region, "severity": \.severity, "bearerTokenEnv": \.bearerTokenEnv, "argocd": \.argocd, "kubectl": \.kubectl,
         "statusWebhookEnv": \.statusWebhookEnv, "postmortemTemplate": \.postmortemTemplate,
         "argocdContext": \.argocdContext, "kubeContext": \.kubeContext]
    }

    /// `other`'s keys where it has them, ours elsewhere.
    public func overridden(by other: AppSettings) -> AppSettings {
        var merged = self
        merged.namespace = other.namespace ?? namespace
        merged.deployment = other.deployment ?? deployment
        merged.workload = other.workload ?? workload
        merged.rolloutsAbort = other.rolloutsAbort ?? rolloutsAbort
        merged.selector = other.selector ?? selector
        merged.configRepo = other.configRepo ?? configRepo
        merged.branch = other.branch ?? branch
        merged.migrations = other.migrations ?? migrations
        merged.prometheus = other.prometheus ?? prometheus
        merged.query = other.query ?? query
        merged.threshold = other.threshold ?? threshold
        merged.alerts = other.alerts ?? alerts
        merged.metrics = other.metrics ?? metrics
        merged.statusChannel = other.statusChannel ?? statusChannel
        merged.region = other.region ?? region
        merged.severity = other.severity ?? severity
        merged.bearerTokenEnv = other.bearerTokenEnv ?? bearerTokenEnv
        merged.statusWebhookEnv = other.statusWebhookEnv ?? statusWebhookEnv
        merged.argocd = other.argocd ?? argocd
        merged.kubectl = other.kubectl ?? kubectl
        merged.argocdContext = other.argocdContext ?? argocdContext
        merged.kubeContext = other.kubeContext ?? kubeContext
        merged.commandTimeout = other.commandTimeout ?? commandTimeout
        merged.prometheusTimeout = other.prometheusTimeout ?? prometheusTimeout
        merged.sustain = other.sustain ?? sustain
        merged.verifyTimeout = other.verifyTimeout ?? verifyTimeout
        merged.shadowPostgres = other.shadowPostgres ?? shadowPostgres
        merged.postmortemTemplate = other.postmortemTemplate ?? postmortemTemplate
        return merged
    }
}
