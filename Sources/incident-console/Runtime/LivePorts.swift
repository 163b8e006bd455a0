import Foundation
import Integrations
import RunbookEngine

/// The real world behind the ports: argocd, kubectl and git through one process runner, Prometheus over HTTP.
enum LivePorts {
    static func make(_ settings: LiveSettings, dryRun: Bool,
                     environment: [String: String] = ProcessInfo.processInfo.environment) -> Ports {
        let runner = ProcessRunner(environment: settings.childEnvironment)
        let timeout = Duration.seconds(saturating: settings.commandTimeout)
        // The token is read from the environment here and goes nowhere but the Authorization header.
        let token = settings.bearerTokenEnv.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        let clock = SystemClock()
        return Ports(
            argocd: ArgoCDCLI(executable: settings.argocd, runner: runner, timeout: timeout, dryRun: dryRun, context: settings.argocdContext),
            cluster: KubectlCluster(executable: settings.kubectl, runner: runner, timeout: timeout, dryRun: dryRun, context: settings.kubeContext),
            configRepo: GitConfigRepo(path: settings.configRepo, branch: settings.branch, runner: runner, timeout: timeout),
            metrics: PrometheusMetrics(baseURL: settings.prometheus, query: settings.query, bearerToken: token,
                                       timeout: .seconds(saturating: settings.prometheusTimeout), now: { clock.now() }),
            clock: clock,
            schemaServer: settings.shadowPostgres ? ShadowSchemaServer() : nil,
            statusPost: settings.statusWebhookEnv.map {
                SlackWebhook(variable: $0, environment: environment, timeout: SlackWebhook.timeout)
            })
    }

    /// What the journal's first event records: the incident as this driver starts it (no URLs, no token).
    /// Which argocd and kubectl contexts the commands will reach, read before the terminal is taken.
    static func contexts(_ settings: LiveSettings) async -> ClusterContexts {
        await ContextReader.read(argocd: settings.argocd, kubectl: settings.kubectl, argocdContext: settings.argocdContext,
                                 kubeContext: settings.kubeContext, runner: ProcessRunner(environment: settings.childEnvironment),
                                 timeout: .seconds(saturating: min(settings.commandTimeout, 15)))
    }

    static func incident(_ settings: LiveSettings, dryRun: Bool, clusters: ClusterContexts? = nil) -> IncidentConfig {
        IncidentConfig(app: settings.app, namespace: settings.namespace, deployment: settings.deployment,
                       selector: settings.selector, migrationsGlob: settings.migrations,
                       alertName: settings.alerts.first ?? "", statusChannel: settings.statusChannel,
                       p99Threshold: settings.metrics.first { $0.unit == .seconds }.map(\.threshold) ?? settings.threshold,
                       sustainSeconds: settings.sustain,
                       verifyTimeoutSeconds: settings.verifyTimeout, mode: .live, dryRun: dryRun,
                       region: settings.region, severity: settings.severity, workload: settings.workload,
                       rolloutsAbort: settings.rolloutsAbort,
                       statusPost: settings.statusWebhookEnv != nil,
                       argocdContext: settings.argocdContext, kubeContext: settings.kubeContext, clusters: clusters,
                       metrics: settings.metrics)
    }
}
