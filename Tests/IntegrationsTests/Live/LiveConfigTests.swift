import Foundation
import Integrations
import RunbookEngine
import Testing

@Suite struct LiveConfigTests {
    static let file = """
        defaults:
          prometheus: http://prometheus.monitoring:9090
          bearerTokenEnv: PROMETHEUS_TOKEN
        apps:
          - name: bookstore-catalog-us-east
            namespace: bookstore
            deployment: catalog
            selector: app=catalog
            configRepo: /srv/bookstore-platform
            migrations: "app/*/migrations/*.sql"
            threshold: 0.5
            alerts: [CatalogP99High]
            statusChannel: "#bookstore-platform-status"
          - name: bookstore-orders-us-east
            namespace: bookstore
            deployment: orders
        """

    func parsed() throws -> ConfigFile { try ConfigFile.parse(yaml: Self.file, file: "config.yaml") }

    @Test func anAppIsReadFromTheFileWithTheSharedDefaults() throws {
        let settings = try LiveSettings.resolve(app: "bookstore-catalog-us-east", file: parsed(), flags: AppSettings())
        #expect(settings.namespace == "bookstore")
        #expect(settings.selector == "app=catalog")
        #expect(settings.configRepo == "/srv/bookstore-platform")
        #expect(settings.migrations == "app/*/migrations/*.sql")
        #expect(settings.prometheus == URL(string: "http://prometheus.monitoring:9090"))
        #expect(settings.alerts == ["CatalogP99High"])
        #expect(settings.bearerTokenEnv == "PROMETHEUS_TOKEN")
        #expect(settings.statusChannel == "#bookstore-platform-status")
    }

    @Test func theDefaultQueryIsTheRunbooksWithTheDeploymentAsService() throws {
        let settings = try LiveSettings.resolve(app: "bookstore-orders-us-east", file: parsed(), flags: AppSettings())
        #expect(settings.query == #"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="orders"}[5m])))"#)
        #expect(settings.threshold == 0.5)
        #expect(settings.selector == "app=orders")
    }

    @Test func flagsOverrideEveryKeyOfTheFile() throws {
        var flags = AppSettings()
        flags.namespace = "catalog-canary"
        flags.deployment = "catalog-v2"
        flags.selector = "app=catalog,track=canary"
        flags.configRepo = "/tmp/checkout"
        flags.migrations = "db/*.sql"
        flags.prometheus = "https://thanos.example.com"
        flags.query = "up"
        flags.threshold = 0.25
        flags.alerts = ["Other"]
        flags.statusChannel = "#other"
        flags.bearerTokenEnv = "THANOS_TOKEN"
        let settings = try LiveSettings.resolve(app: "bookstore-catalog-us-east", file: parsed(), flags: flags)
        #expect(settings.namespace == "catalog-canary")
        #expect(settings.deployment == "catalog-v2")
        #expect(settings.selector == "app=catalog,track=canary")
        #expect(settings.configRepo == "/tmp/checkout")
        #expect(settings.migrations == "db/*.sql")
        #expect(settings.prometheus == URL(string: "https://thanos.example.com"))
        #expect(settings.query == "up")
        #expect(settings.threshold == 0.25)
        #expect(settings.alerts == ["Other"])
        #expect(settings.statusChannel == "#other")
        #expect(settings.bearerTokenEnv == "THANOS_TOKEN")
    }

    @Test func aOneOffIncidentNeedsNoFile() throws {
        var flags = AppSettings()
        flags.namespace = "payments"
        let settings = try LiveSettings.resolve(app: "payments-api", file: nil, flags: flags)
        #expect(settings.namespace == "payments")
        #expect(settings.deployment == "payments-api")
        #expect(settings.selector == "app=payments-api")
        #expect(settings.query.contains(#"service="payments-api""#))
        #expect(settings.argocd == "argocd")
    }

    @Test(arguments: [
        ("apps:\n  - name: a\n    threshold: fast\n", 3, "apps[0].threshold"),
        ("apps:\n  - name: a\n    colour: red\n", 3, "apps[0].colour"),
        ("apps:\n  - name: ok\n  - name: Bad_Name\n", 3, "apps[1].name"),
        ("apps:\n  - namespace: x\n", 2, "apps[0]"),
        ("defaults:\n  prometheus: localhost:9090\n", 2, "defaults.prometheus"),
        ("defaults:\n  namespace: -n\n", 2, "defaults.namespace"),
        ("apps:\n  - name: a\n    bearerTokenEnv: eyJhbGciOi.J9.x\n", 3, "apps[0].bearerTokenEnv"),
        ("apps:\n  - name: a\n    selector: --all\n", 3, "apps[0].selector"),
        ("apps: catalog\n", 1, "apps"),
        ("defaults:\n  sustain: -1\n", 2, "defaults.sustain"),
        ("apps:\n  - name: a\n    verifyTimeout: soon\n", 3, "apps[0].verifyTimeout"),
        ("apps:\n  - name: a\n  - name: a\n", 3, "apps[1].name"),
        ("apps:\n  - name: a\n    severity: P2\n", 3, "apps[0].severity"),
        ("apps:\n  - name: a\n    severity: p0\n", 3, "apps[0].severity"),
        ("apps:\n  - name: a\n    region: \"us-east\\e[2J\"\n", 3, "apps[0].region"),
        ("defaults:\n  region: \"\"\n", 2, "defaults.region"),
        ("apps:\n  - name: a\n    shadowPostgres: sometimes\n", 3, "apps[0].shadowPostgres"),
        ("apps:\n  - name: a\n    rolloutsAbort: kubectl-argo-rollouts\n", 3, "apps[0].rolloutsAbort"),
    ] as [(String, Int, String)])
    func anInvalidFileNamesItsFileLineAndKey(yaml: String, line: Int, key: String) {
        #expect {
            try ConfigFile.parse(yaml: yaml, file: "/home/me/.config/incident-console/config.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "/home/me/.config/incident-console/config.yaml" && error.line == line && error.key == key
                && error.description.hasPrefix("/home/me/.config/incident-console/config.yaml:\(line):")
        }
    }

    /// Step 4's keys: the region and the default severity reach the incident as the file gives them.
    @Test func regionAndSeverityComeFromTheAppsEntry() throws {
        let file = try ConfigFile.parse(yaml: "defaults:\n  severity: P0\napps:\n  - name: a\n    region: eu-west\n  - name: b\n    severity: P1\n", file: "c.yaml")
        let a = try LiveSettings.resolve(app: "a", file: file, flags: AppSettings())
        let b = try LiveSettings.resolve(app: "b", file: file, flags: AppSettings())
        #expect(a.region == "eu-west" && a.severity == .p0)
        #expect(b.region == nil && b.severity == .p1)
    }

    /// Step 0's shadow PostgreSQL: off unless the file or `--shadow-postgres` turns it on; an app may turn it off.
    @Test func theShadowPostgresIsOffUnlessTheFileOrTheFlagTurnsItOn() throws {
        let file = try ConfigFile.parse(yaml: "defaults:\n  shadowPostgres: true\napps:\n  - name: a\n  - name: b\n    shadowPostgres: false\n", file: "c.yaml")
        #expect(try LiveSettings.resolve(app: "a", file: file, flags: AppSettings()).shadowPostgres)
        #expect(try !LiveSettings.resolve(app: "b", file: file, flags: AppSettings()).shadowPostgres)
        #expect(try !LiveSettings.resolve(app: "c", file: nil, flags: AppSettings()).shadowPostgres)
        var flags = AppSettings()
        flags.shadowPostgres = true
        #expect(try LiveSettings.resolve(app: "b", file: file, flags: flags).shadowPostgres)
    }

    /// Issue 14: the Rollouts plugin's abort only when configured; Argo CD's resource action otherwise.
    @Test func theRolloutsAbortToolIsArgoCDUnlessTheFileOrTheFlagSaysKubectl() throws {
        let file = try ConfigFile.parse(yaml: "apps:\n  - name: a\n    rolloutsAbort: kubectl\n  - name: b\n", file: "c.yaml")
        #expect(try LiveSettings.resolve(app: "a", file: file, flags: AppSettings()).rolloutsAbort == .kubectl)
        #expect(try LiveSettings.resolve(app: "b", file: file, flags: AppSettings()).rolloutsAbort == .argocd)
        var flags = AppSettings()
        flags.rolloutsAbort = "argocd"
        #expect(try LiveSettings.resolve(app: "a", file: file, flags: flags).rolloutsAbort == .argocd)
        flags.rolloutsAbort = "plugin"
        #expect {
            try LiveSettings.resolve(app: "b", file: file, flags: flags)
        } throws: { ($0 as? ConfigError)?.key == "--rollouts-abort" && ($0 as? ConfigError)?.message.contains("argocd") == true }
    }

    @Test func aYAMLSyntaxErrorNamesItsLine() {
        #expect {
            try ConfigFile.parse(yaml: "apps:\n  - name: a\n    alerts: [unclosed\n", file: "c.yaml")
        } throws: { ($0 as? ConfigError)?.line ?? 0 > 0 && ($0 as? ConfigError)?.message.contains("not valid YAML") == true }
    }

    @Test(arguments: [
        ("-o", "--app"), ("Catalog", "--app"), ("cat alog", "--app"), ("catalog-", "--app"),
        (String(repeating: "a", count: 254), "--app"),
    ])
    func appNamesAreValidatedAsKubernetesNames(name: String, flag: String) {
        #expect {
            try LiveSettings.resolve(app: name, file: nil, flags: AppSettings())
        } throws: { ($0 as? ConfigError)?.key == flag && ($0 as? ConfigError)?.file == "command line" }
    }

    @Test(arguments: ["bookstore-catalog-us-east", "a", "app.v2", "x1"])
    func kubernetesNamesAreAccepted(name: String) throws {
        #expect(try LiveSettings.resolve(app: name, file: nil, flags: AppSettings()).app == name)
    }

    @Test func stepThreeCsHoldAndPatienceComeFromTheFileOrTheFlags() throws {
        let yaml = "defaults:\n  sustain: 120\napps:\n  - name: a\n    verifyTimeout: 900\n  - name: b\n"
        let file = try ConfigFile.parse(yaml: yaml, file: "config.yaml")
        let a = try LiveSettings.resolve(app: "a", file: file, flags: AppSettings())
        #expect(a.sustain == 120 && a.verifyTimeout == 900)
        var flags = AppSettings()
        flags.sustain = 15
        let b = try LiveSettings.resolve(app: "b", file: file, flags: flags)
        #expect(b.sustain == 15 && b.verifyTimeout == LiveSettings.defaultVerifyTimeout)
        let none = try LiveSettings.resolve(app: "c", file: nil, flags: AppSettings())
        #expect(none.sustain == 60 && none.verifyTimeout == 600, "the runbook's minute of hold and ten minutes of patience")
        #expect(none.prometheusTimeout == 10)
        let quick = try LiveSettings.resolve(app: "a", file: try ConfigFile.parse(yaml: "defaults:\n  prometheusTimeout: 3\n", file: "c.yaml"),
                                             flags: AppSettings())
        #expect(quick.prometheusTimeout == 3)
    }

    @Test(arguments: ["--sustain", "--verify-timeout", "--command-timeout", "--threshold", "--prometheus-timeout"])
    func aNonPositiveSecondsFlagIsRefusedByName(flag: String) {
        let key: WritableKeyPath<AppSettings, Double?> = switch flag {
        case "--sustain": \.sustain
        case "--verify-timeout": \.verifyTimeout
        case "--command-timeout": \.commandTimeout
        case "--prometheus-timeout": \.prometheusTimeout
        default: \.threshold
        }
        for bad in [0, -5, Double.nan, .infinity] {
            var flags = AppSettings()
            flags[keyPath: key] = bad
            #expect {
                try LiveSettings.resolve(app: "a", file: nil, flags: flags)
            } throws: { ($0 as? ConfigError)?.key == flag }
        }
    }

    @Test func aBadFlagIsNamedAsTheFlag() {
        var flags = AppSettings()
        flags.namespace = "Not_A_Namespace"
        #expect {
            try LiveSettings.resolve(app: "a", file: nil, flags: flags)
        } throws: { ($0 as? ConfigError)?.description == "command line: --namespace: 'Not_A_Namespace' contains 'N': only lowercase letters, digits and '-' are allowed (RFC 1123)" }
    }

    @Test func theDefaultPathFollowsXDGConfigHome() {
        #expect(ConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/incident-console/config.yaml")
        #expect(ConfigFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/incident-console/config.yaml")
    }

    @Test func aMissingDefaultFileIsNoErrorButAMissingNamedFileIs() throws {
        #expect(try ConfigFile.load(path: "/nonexistent/config.yaml", required: false) == nil)
        #expect(throws: ConfigError(file: "/nonexistent/config.yaml", message: "no such file")) {
            try ConfigFile.load(path: "/nonexistent/config.yaml", required: true)
        }
    }
}

/// `metrics:` (issue 16): what 3c watches besides the p99, each with its unit, threshold and direction.
@Suite struct MetricsConfigTests {
    static func resolve(_ app: String, _ yaml: String, alerts: [String]? = nil) throws -> LiveSettings {
        var flags = AppSettings()
        flags.alerts = alerts
        return try LiveSettings.resolve(app: app, file: try ConfigFile.parse(yaml: yaml, file: "config.yaml"), flags: flags)
    }

    static let file = """
        apps:
          - name: orders
            alerts: [OrdersHighLatency]
            metrics:
              - name: 5xx ratio
                query: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))'
                unit: ratio
                threshold: 0.01
                alerts: [BookstoreOrders5xxRate]
              - name: throughput
                query: 'sum(rate(http_requests_total[5m]))'
                unit: rps
                threshold: 50
                direction: above
        """

    @Test func theConfiguredMetricsAreWatchedBesideTheP99InTheirUnits() throws {
        let settings = try Self.resolve("orders", Self.file)
        #expect(settings.metrics.map(\.name) == ["p99", "5xx ratio", "throughput"])
        #expect(settings.metrics[0].query.contains(#"service="orders""#) && settings.metrics[0].threshold == 0.5)
        #expect(settings.metrics[1].unit == .ratio && settings.metrics[1].threshold == 0.01 && settings.metrics[1].direction == .below)
        #expect(settings.metrics[2].unit == .rps && settings.metrics[2].direction == .above)
    }

    @Test func theAlertThatPagesPutsItsMetricFirst() throws {
        let settings = try Self.resolve("orders", Self.file, alerts: ["BookstoreOrders5xxRate"])
        #expect(settings.metrics.map(\.name) == ["5xx ratio", "p99", "throughput"])
        // No metrics configured and an error-rate alert: the 5xx ratio by default, first.
        let bare = try Self.resolve("orders", "apps:\n  - name: orders\n", alerts: ["BookstoreOrders5xxRate", "OrdersHighLatency"])
        #expect(bare.metrics.map(\.name) == ["5xx ratio", "p99"])
        #expect(bare.metrics[0].query == #"sum(rate(http_requests_total{service="orders",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="orders"}[5m]))"#)
    }

    @Test func aMetricNamedP99ReplacesTheDefaultOne() throws {
        let settings = try Self.resolve("orders", """
            apps:
              - name: orders
                metrics:
                  - {name: p99, query: 'histogram_quantile(0.99, sum by (le) (rate(grpc_server_handling_seconds_bucket[5m])))', threshold: 0.25}
            """)
        #expect(settings.metrics.count == 1 && settings.metrics[0].query.hasPrefix("histogram_quantile(0.99, sum by (le) (rate(grpc_"))
        #expect(settings.metrics[0].threshold == 0.25 && settings.metrics[0].unit == .seconds)
    }

    @Test(arguments: [
        ("- {name: a, query: q, unit: furlongs, threshold: 1}", "apps[0].metrics[0].unit", "'furlongs' is not a unit: seconds, ratio, percent, rps"),
        ("- {name: a, query: q, unit: ratio, threshold: 5}", "apps[0].metrics[0].threshold", "expected a ratio from 0.0001 to 1, got 5"),
        ("- {name: a, query: q, threshold: .nan}", "apps[0].metrics[0].threshold", "expected seconds from 0.001 to 3600, got NaN"),
        ("- {name: a, query: q, threshold: 1, direction: sideways}", "apps[0].metrics[0].direction", "'sideways' is not a direction"),
        ("- {name: a, threshold: 1}", "apps[0].metrics[0]", "every metric needs a query"),
        ("- {name: a, query: q}", "apps[0].metrics[0]", "every metric needs a threshold"),
        ("- {name: a, query: q, threshold: 1}\n      - {name: a, query: r, threshold: 2}", "apps[0].metrics[1].name", "a is listed twice"),
        ("- {name: \"\\e[2J\", query: q, threshold: 1}", "apps[0].metrics[0].name", "holds control characters"),
        ("[]", "apps[0].metrics", "expected a list of metrics"),
    ])
    func aBadMetricNamesItsKey(entry: String, key: String, said: String) {
        let yaml = "apps:\n  - name: orders\n    metrics:\n      \(entry)\n"
        #expect {
            try Self.resolve("orders", yaml)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.key == key && error.description.contains(said)
        }
    }
}
