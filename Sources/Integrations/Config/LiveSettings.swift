import Foundation
import RunbookEngine

/// Everything `run` needs to drive one app live, every key resolved:
/// built-in defaults ← the file's `defaults` ← the app's entry ← flags.
public struct LiveSettings: Sendable, Equatable {
    public var app: String
    public var namespace: String
    public var deployment: String
    /// Names the Deployment or Rollout when the Application manages several; nil: found from its resources.
    public var workload: String?
    /// The Rollouts path's abort: Argo CD's resource action unless the config names the kubectl plugin.
    public var rolloutsAbort: RolloutsAbortTool
    public var selector: String
    public var configRepo: String
    public var branch: String?
    public var migrations: String
    public var prometheus: URL
    public var query: String
    public var threshold: Double
    public var alerts: [String]
    /// What Step 3c watches, the metric the first alert pages on first.
    public var metrics: [MetricSpec]
    public var statusChannel: String
    public var region: String?
    public var severity: Severity
    public var bearerTokenEnv: String?
    /// Names the variable holding Step 4b's webhook URL; nil: Step 4b is not offered.
    public var statusWebhookEnv: String?
    public var argocd: String
    public var kubectl: String
    /// Pinned contexts: every argocd / kubectl command names them (nil: the CLI's current one).
    public var argocdContext: String?
    public var kubeContext: String?
    public var commandTimeout: Double
    public var prometheusTimeout: Double
    public var sustain: Double
    public var verifyTimeout: Double
    /// Step 0 asks a throwaway local PostgreSQL for the schema at the last good revision.
    public var shadowPostgres: Bool
    /// Step 5 renders this Mustache template (a path) instead of the built-in layout.
    public var postmortemTemplate: String? = nil

    /// The runbook's p99 query; `SERVICE` becomes the deployment's name.
    public static let defaultQuery = MetricSpec.p99QueryTemplate
    public static let defaultThreshold = 0.5
    public static let defaultPrometheus = "http://localhost:9090"
    public static let defaultMigrations = "*migrations/*.sql"
    public static let defaultStatusChannel = "#incidents"
    public static let defaultCommandTimeout = 60.0
    /// A query that takes longer is a Prometheus in trouble: say so rather than wait a CLI's minute.
    public static let defaultPrometheusTimeout = 10.0
    /// The runbook expects p99 back under the threshold within 2–3 minutes of the rollback;
    /// it must then hold for a minute, and after ten minutes Step 3c stops waiting.
    public static let defaultSustain = 60.0
    public static let defaultVerifyTimeout = 600.0

    /// Resolves `app` from the file (if it lists it) and the flags; flags win.
    /// Errors name the file, line and key — or the flag.
    public static func resolve(app: String, file: ConfigFile?, flags: AppSettings) throws(ConfigError) -> LiveSettings {
        if let problem = KubernetesName.subdomainProblem(app) {
            throw ConfigError(file: "command line", key: "--app", message: "'\(app)' \(problem)")
        }
        for key in AppSettings.keys {
            guard let value = flags.text(key) else { continue }
            if let problem = problem(key: key, value: value) {
                throw ConfigError(file: "command line", key: "--\(flagName(key))", message: problem)
            }
        }
        for (key, seconds) in [("threshold", flags.threshold), ("commandTimeout", flags.commandTimeout),
                               ("prometheusTimeout", flags.prometheusTimeout),
                               ("sustain", flags.sustain), ("verifyTimeout", flags.verifyTimeout)] {
            if let seconds, let problem = SaneRanges.forSetting(key)?.problem(seconds) {
                throw ConfigError(file: "command line", key: "--\(flagName(key))", message: problem)
            }
        }
        let entry = file?.apps.first { $0.name == app }
        let merged = (file?.defaults ?? AppSettings()).overridden(by: entry?.settings ?? AppSettings()).overridden(by: flags)

        let deployment = merged.deployment ?? app
        let query = merged.query ?? defaultQuery.replacingOccurrences(of: "SERVICE", with: deployment)
        let threshold = merged.threshold ?? defaultThreshold
        let alerts = merged.alerts ?? []
        let metrics = Self.metrics(configured: merged.metrics, alerts: alerts, query: query, threshold: threshold, service: deployment)
        let prometheusText = merged.prometheus ?? defaultPrometheus
        guard let prometheus = URL(string: prometheusText) else {
            throw ConfigError(file: file?.path ?? "command line", key: "prometheus", message: "'\(prometheusText)' is not a URL")
        }
        return LiveSettings(
            app: app,
            namespace: merged.namespace ?? "default",
            deployment: deployment,
            workload: merged.workload,
            rolloutsAbort: merged.rolloutsAbort.flatMap(RolloutsAbortTool.init(rawValue:)) ?? .argocd,
            selector: merged.selector ?? "app=\(deployment)",
            configRepo: expandTilde(merged.configRepo ?? FileManager.default.currentDirectoryPath),
            branch: merged.branch,
            migrations: merged.migrations ?? defaultMigrations,
            prometheus: prometheus,
            query: query,
            threshold: threshold,
            alerts: alerts,
            metrics: metrics,
            statusChannel: merged.statusChannel ?? defaultStatusChannel,
            region: merged.region,
            severity: merged.severity.flatMap(Severity.init(rawValue:)) ?? .p1,
            bearerTokenEnv: merged.bearerTokenEnv,
            statusWebhookEnv: merged.statusWebhookEnv,
            argocd: merged.argocd.map(expandTilde) ?? "argocd",
            kubectl: merged.kubectl.map(expandTilde) ?? "kubectl",
            argocdContext: merged.argocdContext,
            kubeContext: merged.kubeContext,
            commandTimeout: merged.commandTimeout ?? defaultCommandTimeout,
            prometheusTimeout: merged.prometheusTimeout ?? defaultPrometheusTimeout,
            sustain: merged.sustain ?? defaultSustain,
            verifyTimeout: merged.verifyTimeout ?? defaultVerifyTimeout,
            shadowPostgres: merged.shadowPostgres ?? false,
            postmortemTemplate: merged.postmortemTemplate.map(expandTilde))
    }

    /// What 3c watches: the p99 (`query`, `threshold`) and the configured `metrics` (one named p99 replaces
    /// it); with none configured, the 5xx ratio too when an alert pages on errors. The metric the first alert
    /// pages on comes first.
    static func metrics(configured: [MetricSpec]?, alerts: [String], query: String, threshold: Double, service: String) -> [MetricSpec] {
        let defaults = MetricSpec.defaults(alerts: alerts, latencyQuery: query, latencyThreshold: threshold, service: service)
        guard let configured else { return defaults }
        var latency = MetricSpec.latency(query: query, threshold: threshold)
        latency.alerts = alerts.filter { alert in !MetricSpec.isErrorAlert(alert) && !configured.contains { $0.alerts.contains(alert) } }
        let all = (configured.contains { $0.name == latency.name } ? [] : [latency]) + configured
        return MetricSpec.ordered(all, firstFor: alerts.first ?? "")
    }

    /// What is wrong with a text value for `key`, if anything (nil: fine).
    public static func problem(key: String, value: String) -> String? {
        switch key {
        case "namespace":
            return KubernetesName.labelProblem(value).map { "'\(value)' \($0)" }
        case "deployment", "workload":
            return KubernetesName.subdomainProblem(value).map { "'\(value)' \($0)" }
        case "selector":
            if value.trimmingCharacters(in: .whitespaces).isEmpty { return "a label selector such as app=catalog is needed" }
            if value.hasPrefix("-") { return "'\(value)' starts with '-': that is a flag, not a label selector" }
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./=!,() "))
            if value.unicodeScalars.contains(where: { !allowed.contains($0) }) {
                return "'\(value)' is not a label selector (letters, digits and - _ . / = ! , ( ) only)"
            }
            return nil
        case "argocdContext", "kubeContext":
            // Passed as the value of a flag: a leading '-' would be read as another option.
            if value.isEmpty { return "is empty" }
            if value.hasPrefix("-") { return "'\(TerminalSafe.text(value, keepLines: false))' starts with '-': it would be read as a flag, not a context name" }
            return value.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
                ? "'\(TerminalSafe.text(value, keepLines: false))' holds control characters" : nil
        case "migrations", "branch", "configRepo", "argocd", "kubectl", "postmortemTemplate":
            if value.isEmpty { return "is empty" }
            if value.hasPrefix("-") { return "'\(value)' starts with '-': it would be read as a flag" }
            return nil
        case "prometheus":
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
                  url.host?.isEmpty == false else {
                return "'\(value)' is not an http(s) URL such as http://prometheus:9090"
            }
            return nil
        case "region":
            if value.trimmingCharacters(in: .whitespaces).isEmpty { return "is empty" }
            return value.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
                ? "'\(TerminalSafe.text(value, keepLines: false))' holds control characters" : nil
        case "rolloutsAbort":
            return RolloutsAbortTool(rawValue: value) == nil
                ? "'\(TerminalSafe.text(value, keepLines: false))' is not an abort tool: argocd (Argo CD's resource action) or kubectl (kubectl argo rollouts abort)" : nil
        case "severity":
            return Severity(rawValue: value) == nil ? "'\(TerminalSafe.text(value, keepLines: false))' is not a severity: P1 or P0" : nil
        case "query":
            return value.trimmingCharacters(in: .whitespaces).isEmpty ? "the PromQL query is empty" : nil
        case "bearerTokenEnv", "statusWebhookEnv":
            let valid = value.first.map { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) } == true
                && value.allSatisfy { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }
            return valid ? nil : key == "bearerTokenEnv"
                ? "expected the name of an environment variable (like PROMETHEUS_TOKEN), never the token itself"
                : "expected the name of an environment variable (like STATUS_WEBHOOK_URL), never the URL itself"
        default:
            return nil
        }
    }

    /// What argocd, kubectl and git get on top of the inherited environment: the bearer token's and the
    /// webhook's variables removed, since each is a secret for one request and a child (or its logs) has no use for it.
    public var childEnvironment: [String: String?] {
        Dictionary([bearerTokenEnv, statusWebhookEnv].compactMap { $0 }.map { ($0, String?.none) }) { first, _ in first }
    }

    static func flagName(_ key: String) -> String {
        switch key {
        case "configRepo": "config-repo"
        case "statusChannel": "status-channel"
        case "bearerTokenEnv": "bearer-token-env"
        case "rolloutsAbort": "rollouts-abort"
        case "statusWebhookEnv": "status-webhook-env"
        case "commandTimeout": "command-timeout"
        case "verifyTimeout": "verify-timeout"
        case "prometheusTimeout": "prometheus-timeout"
        case "argocdContext": "argocd-context"
        case "kubeContext": "kube-context"
        case "postmortemTemplate": "postmortem-template"
        default: key
        }
    }

    static func expandTilde(_ path: String) -> String { (path as NSString).expandingTildeInPath }
}

extension AppSettings {
    /// A text key by its file name (nil for numbers and lists).
    func text(_ key: String) -> String? {
        Self.textFields[key].flatMap { self[keyPath: $0] }
    }
}
