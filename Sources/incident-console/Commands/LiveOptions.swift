import ArgumentParser
import Foundation
import Integrations
import RunbookEngine

/// The flags that override a live app's config file keys, one per key (`run` and `resume`).
struct LiveOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The config file listing apps (and the theme: a top-level `theme: NAME`).", discussion: "Default: $XDG_CONFIG_HOME/incident-console/config.yaml", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Kubernetes namespace of the app's pods (default: default).", valueName: "ns"))
    var namespace: String?

    @Option(help: ArgumentHelp("The Deployment (default: the app name); also the service in the default p99 query.", valueName: "name"))
    var deployment: String?

    @Option(help: ArgumentHelp("The Deployment or Argo Rollout to act on when the app manages several (default: found from the app's resources).", valueName: "name"))
    var workload: String?

    @Option(name: .customLong("rollouts-abort"), help: ArgumentHelp("How an Argo Rollout's canary is aborted: argocd (Argo CD's resource action, the default) or kubectl (kubectl argo rollouts abort NAME -n NS; needs the plugin).", valueName: "tool"))
    var rolloutsAbort: String?

    @Option(help: ArgumentHelp("Pod label selector (default: app=DEPLOYMENT).", valueName: "labels"))
    var selector: String?

    @Option(name: .customLong("config-repo"), help: ArgumentHelp("Checkout of the config repo the app tracks (default: the current directory).", valueName: "path"))
    var configRepo: String?

    @Option(help: ArgumentHelp("The branch searched for a revert of the bad commit (default: the checkout's HEAD).", valueName: "branch"))
    var branch: String?

    @Option(help: ArgumentHelp("Git pathspec of the SQL migrations Step 0 checks.", valueName: "glob"))
    var migrations: String?

    @Option(help: ArgumentHelp("Prometheus base URL (default: http://localhost:9090).", valueName: "url"))
    var prometheus: String?

    @Option(help: ArgumentHelp("The p99 PromQL query (default: the runbook's, for the deployment's service).", valueName: "promql"))
    var query: String?

    @Option(help: ArgumentHelp("p99 must stay below this many seconds (default: 0.5; 0.001-3600).", valueName: "seconds"))
    var threshold: Double?

    @Option(help: ArgumentHelp("Alert name whose start Step 1 shows (repeatable). The first is the one that paged: 3c watches its metric first (an error-rate alert adds the 5xx ratio unless the config names metrics).", valueName: "name"))
    var alert: [String] = []

    @Option(name: .customLong("status-channel"), help: ArgumentHelp("Where Step 4's status message goes.", valueName: "channel"))
    var statusChannel: String?

    @Option(help: ArgumentHelp("Where the app runs (us-east); Step 4's message names it.", valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("Step 4's default severity, P1 or P0 (default: P1); p at Step 4's gate switches it.", valueName: "P1|P0"))
    var severity: String?

    @Option(name: .customLong("bearer-token-env"), help: ArgumentHelp("Name of the environment variable holding Prometheus' bearer token (never the token itself). The token goes only to that server (a redirect elsewhere is refused); argocd, kubectl and git run without the variable.", valueName: "name"))
    var bearerTokenEnv: String?

    @Option(name: .customLong("status-webhook-env"), help: ArgumentHelp("Name of the environment variable holding a Slack incoming-webhook URL (never the URL itself): Step 4b then offers to post Step 4's channel message there, showing the exact body first. The URL is never journaled, logged or shown.", valueName: "name"))
    var statusWebhookEnv: String?

    @Option(help: ArgumentHelp("The argocd CLI (default: argocd on PATH).", valueName: "path"))
    var argocd: String?

    @Option(help: ArgumentHelp("The kubectl CLI (default: kubectl on PATH).", valueName: "path"))
    var kubectl: String?

    @Option(name: .customLong("argocd-context"), help: ArgumentHelp("The argocd context (Argo CD server) every argocd command names with --argocd-context (default: argocd's current one).", valueName: "name"))
    var argocdContext: String?

    @Option(name: .customLong("kube-context"), help: ArgumentHelp("The kubeconfig context every kubectl command is given (default: kubectl's current one).", valueName: "name"))
    var kubeContext: String?

    @Option(name: .customLong("command-timeout"), help: ArgumentHelp("Seconds any one argocd, kubectl or git command may run before it is killed (default: 60; 1-3600).", valueName: "seconds"))
    var commandTimeout: Double?

    @Option(name: .customLong("prometheus-timeout"), help: ArgumentHelp("Seconds any one Prometheus request may take (default: 10; 1-600).", valueName: "seconds"))
    var prometheusTimeout: Double?

    @Option(help: ArgumentHelp("Seconds p99 must hold below the threshold before Step 3c passes (default: 60; 1-86400).", valueName: "seconds"))
    var sustain: Double?

    @Option(name: .customLong("verify-timeout"), help: ArgumentHelp("Seconds after the rollback Step 3c waits for recovery before it fails (default: 600; 10-604800).", valueName: "seconds"))
    var verifyTimeout: Double?

    @Flag(name: .customLong("shadow-postgres"), help: "Step 0 asks a throwaway local PostgreSQL for the schema at the last good revision, as check-migrations --shadow-postgres does (falls back to the replay model without it).")
    var shadowPostgres = false

    @Option(name: .customLong("postmortem-template"), help: ArgumentHelp("A Mustache template (the team's postmortem-template.md) that Step 5 renders instead of the built-in layout; read and checked before the terminal is taken (the placeholders: incident-console postmortem --help).", valueName: "file"))
    var postmortemTemplate: String?

    @Flag(name: .customLong("dry-run"), help: "Show and journal the mutating commands as not run; never execute them.")
    var dryRun = false

    /// The flags as a settings layer (only the ones given).
    var settings: AppSettings {
        var settings = AppSettings()
        settings.namespace = namespace
        settings.deployment = deployment
        settings.workload = workload
        settings.rolloutsAbort = rolloutsAbort
        settings.selector = selector
        settings.configRepo = configRepo
        settings.branch = branch
        settings.migrations = migrations
        settings.prometheus = prometheus
        settings.query = query
        settings.threshold = threshold
        settings.alerts = alert.isEmpty ? nil : alert
        settings.statusChannel = statusChannel
        settings.region = region
        settings.severity = severity
        settings.bearerTokenEnv = bearerTokenEnv
        settings.statusWebhookEnv = statusWebhookEnv
        settings.argocd = argocd
        settings.kubectl = kubectl
        settings.argocdContext = argocdContext
        settings.kubeContext = kubeContext
        settings.commandTimeout = commandTimeout
        settings.prometheusTimeout = prometheusTimeout
        settings.sustain = sustain
        settings.verifyTimeout = verifyTimeout
        settings.shadowPostgres = shadowPostgres ? true : nil
        settings.postmortemTemplate = postmortemTemplate
        return settings
    }

    /// The config file: the one `--config` names (which must exist), else the default one if there is one.
    func loadFile() throws -> ConfigFile? {
        do {
            if let config { return try ConfigFile.load(path: config, required: true) }
            return try ConfigFile.load(path: ConfigFile.defaultPath(), required: false)
        } catch {
            throw LiveOptions.fail(error.description)
        }
    }

    /// The app's settings from the file and these flags; a bad key or flag stops here, before any command runs.
    func resolve(app: String, file: ConfigFile?) throws -> LiveSettings {
        do { return try LiveSettings.resolve(app: app, file: file, flags: settings) } catch {
            throw LiveOptions.fail(error.description)
        }
    }

    /// Says why on stderr and exits 2 (usage or configuration error).
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("incident-console: \(message)\n".utf8))
        return ExitCode(2)
    }
}

extension LiveOptions {
    /// A live journal's incident, continued: the journal's own settings over the config file's, these flags over both.
    func resumeSettings(for incident: IncidentConfig) throws -> LiveSettings {
        var journaled = AppSettings()
        journaled.namespace = incident.namespace
        journaled.deployment = incident.deployment
        journaled.workload = incident.workload
        journaled.rolloutsAbort = incident.rolloutsAbort?.rawValue
        journaled.selector = incident.selector
        journaled.migrations = incident.migrationsGlob
        journaled.threshold = incident.p99Threshold
        journaled.sustain = incident.sustainSeconds
        journaled.verifyTimeout = incident.verifyTimeoutSeconds
        journaled.alerts = incident.alertName.isEmpty ? nil : [incident.alertName]
        journaled.metrics = incident.metrics
        journaled.statusChannel = incident.statusChannel
        journaled.region = incident.region
        journaled.severity = incident.severity?.rawValue
        // A pinned cluster stays pinned: a resumed incident never drifts to whatever is current now.
        journaled.argocdContext = incident.argocdContext
        journaled.kubeContext = incident.kubeContext
        do {
            return try LiveSettings.resolve(app: incident.app, file: try loadFile(), flags: journaled.overridden(by: settings))
        } catch let error as ConfigError {
            throw LiveOptions.fail(error.description)
        }
    }
}
