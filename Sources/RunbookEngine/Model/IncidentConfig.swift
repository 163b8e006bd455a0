import Foundation

/// Where the console's observations come from.
public enum SourceMode: String, Sendable, Codable {
    case live, simulation
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

    public init(app: String, namespace: String, deployment: String, selector: String,
                migrationsGlob: String = "examples/bookstore-platform/app/*/migrations/*.sql",
                alertName: String = "", statusChannel: String = "#bookstore-platform-status",
                p99Threshold: Double = 0.5, sustainSeconds: Double = 60, verifyTimeoutSeconds: Double = 600,
                recentDeployWindowSeconds: Double = 1800, pollSeconds: Double = 10, mode: SourceMode, dryRun: Bool = false) {
        self.app = app; self.namespace = namespace; self.deployment = deployment; self.selector = selector
        self.migrationsGlob = migrationsGlob; self.alertName = alertName; self.statusChannel = statusChannel
        self.p99Threshold = p99Threshold; self.sustainSeconds = sustainSeconds
        self.verifyTimeoutSeconds = verifyTimeoutSeconds; self.recentDeployWindowSeconds = recentDeployWindowSeconds
        self.pollSeconds = pollSeconds; self.mode = mode; self.dryRun = dryRun ? true : nil
        self.readsDeployment = true
    }
}
