import Foundation
import MigrationSafety

/// Evidence the console reads from the world; one kind of read is in flight at most once.
public enum Read: String, Sendable, Codable, CaseIterable {
    case app, migrations, diagnosis, pods, deployment, latency, alert, revert, diff, rollout, targetLatency, permission, syncWindows
    /// Every metric 3c watches after the first.
    case metrics
}

/// Timers the reducer schedules for itself.
public enum Timer: String, Sendable, Codable {
    /// Re-read the evidence the current steps need.
    case poll
    /// Step 3c has waited long enough.
    case verifyTimeout
    /// The kill switch's watch has waited long enough for p99 to come down.
    case killSwitchTimeout
}

/// One metric's answer: its series, or why it could not be read.
public struct MetricReading: Sendable, Equatable, Codable {
    public var name: String
    public var samples: Outcome<[LatencySample]>
    public init(name: String, samples: Outcome<[LatencySample]>) { self.name = name; self.samples = samples }
}

/// Everything that can happen, stamped with when it happened (on the incident's clock).
/// Every Event is journaled; replaying them through `reduce` rebuilds the state exactly.
public struct Event: Sendable, Equatable, Codable {
    public var at: Date
    public var kind: Kind

    public init(at: Date, _ kind: Kind) { self.at = at; self.kind = kind }

    public enum Kind: Sendable, Equatable, Codable {
        /// The first event of a journal: the incident as the driver started it.
        case started(config: IncidentConfig, driver: String)

        // The driver's decisions. `by` is user@host; a follower never produces these.
        /// `y` on the gate of `step`; `argv` is the command the gate showed (empty for evidence steps).
        case confirmed(step: StepID, argv: [String], by: String)
        /// `n` on the gate of `step`: nothing runs.
        case declined(step: StepID, by: String)
        /// Going past an UNSAFE Step 0 anyway: the app name typed exactly, and why.
        case overrode(typedApp: String, reason: String, by: String)
        /// A different history entry chosen as the rollback target.
        case choseLastKnownGood(HistoryID, by: String)
        /// Re-read all evidence now (`r`).
        case refreshRequested(by: String)
        /// The console was started again on this journal after it stopped or died (`resume`).
        case resumed(by: String)
        /// Leaving 3d (re-enable auto-sync) for later, with why: the incident can close while auto-sync
        /// stays off, and the postmortem says so.
        case deferred(step: StepID, reason: String, by: String)
        /// `p` at Step 4's gate: the incident's grade for the status message (P0 adds the tenants' text
        /// and the status page's entry).
        case severityChosen(Severity, by: String)
        /// A trainee pressed `h` in `train` for a hint on `step`. Changes nothing: journaled so a
        /// drill's debrief (and a replay) can count it.
        case hintShown(step: StepID, by: String)
        /// `t` at 3a's gate: guard the rollback by pinning targetRevision to the target's SHA, or by
        /// disabling auto-sync (the default). Changes 3a's command (and 3b's and 3d's after it); runs nothing.
        case autoSyncGuardChosen(AutoSyncGuard, by: String)

        // Results, posted back by the effect runner.
        case appRead(Outcome<Application>)
        case migrationsRead(Outcome<MigrationReport>, from: Revision, to: Revision)
        /// Step 2: `git show --stat` of the bad revision and what its diff changed.
        case diagnosisRead(Outcome<ChangeEvidence>, revision: Revision)
        case podsRead(Outcome<[PodImage]>)
        /// The Deployment's container images (`spec.template`): what the pods are being rolled to.
        case deploymentRead(Outcome<[String]>)
        /// The Rollout the app runs (`kubectl get rollout NAME -o json`, with its current AnalysisRun).
        case rolloutRead(Outcome<Rollout>)
        /// The series of the metric 3c watches first (the p99 in journals written before there were several).
        case latencyRead(Outcome<[LatencySample]>)
        /// The other metrics' series, each by its name.
        case metricsRead([MetricReading])
        case alertRead(Outcome<Date?>)
        case revertRead(Outcome<Revision?>, of: Revision)
        /// `argocd app diff` against the rollback target, read before 3b's gate opens.
        case diffRead(Outcome<RollbackDiff>, revision: Revision)
        /// p99 over the window the rollback target was deployed (`TargetRecord`).
        case targetLatencyRead(Outcome<[LatencySample]>, revision: Revision, from: Date, to: Date)
        /// `argocd account can-i sync applications PROJECT/APP`, read before the rollback's gate.
        case permissionRead(Outcome<SyncPermission>)
        /// The app's sync-window state and the windows that deny it, read before the rollback's gate.
        case syncWindowsRead(Outcome<SyncWindowReading>)
        /// A mutating gate command finished (whatever its exit code says).
        case gateFinished(step: StepID, result: CommandResult)
        /// Step 4's status message was handed over (path of the file written).
        case communicated(Outcome<String>)
        /// Step 4b's post: the webhook's HTTP status, or why nothing was posted (never the URL).
        case statusPosted(Outcome<Int>)
        /// Step 5's postmortem was written (its path).
        case postmortemWritten(Outcome<String>)
        case timerFired(Timer)
        /// The console stopped (quit, signal, fatal error): said in the journal for whoever reads it next.
        case stopped(reason: String)
        /// The decision at `seq` was written but could not be made durable (fsync failed): the console did
        /// not act on it, and every reader of the journal treats it as never made (`JournalContents.events`).
        case decisionNotDurable(seq: Int, reason: String)
    }
}
