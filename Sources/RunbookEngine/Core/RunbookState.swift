import Foundation
import MigrationSafety

/// A driver decision worth remembering for the postmortem and the audit.
public struct Override: Sendable, Equatable, Codable {
    public var reason: String
    public var by: String
    public var at: Date
}

/// Something the on-call engineer must see: a trap caught, a warning, a refusal.
/// A gate the driver answered `n`, and when.
public struct Declined: Sendable, Equatable, Codable {
    public var step: StepID
    public var at: Date
}

public struct Note: Sendable, Equatable, Codable {
    public enum Level: String, Sendable, Codable { case info, warn, danger }
    /// Notes the rules and the postmortem look for again, by kind rather than by their words.
    public enum Kind: String, Sendable, Codable {
        /// Auto-sync put the bad revision back after the rollback.
        case falseStart
        /// Auto-sync was switched back on after 3a turned it off.
        case autoSyncBack
        /// Argo CD refused the rollback because auto-sync was on.
        case autoSyncRefusal
        /// 3c has not passed in the time the runbook expects a rollback to take.
        case slowRecovery
        /// 3b rolled back the app but not the CRDs the bad revision changed.
        case crdsLeft
        /// After 3b: whether the Deployment's template went back to the digest the bad revision replaced.
        case pinnedDigest
        /// targetRevision was changed after 3a pinned it.
        case pinLost
    }
    public var at: Date
    public var level: Level
    public var text: String
    /// Optional so notes encoded before it decode.
    public var kind: Kind?
}

/// Evidence as last read: the value, the error of the last attempt, and when.
public struct Evidence<Value: Sendable & Equatable & Codable>: Sendable, Equatable, Codable {
    public var value: Value?
    public var error: PortError?
    public var readAt: Date?
    public init() {}
    mutating func record(_ outcome: Outcome<Value>, at: Date) {
        switch outcome {
        case .ok(let value): self.value = value; error = nil
        case .failed(let failure): error = failure
        }
        readAt = at
    }
}

/// The whole truth of one incident. A pure value: `reduce` is the only thing that changes it.
public struct RunbookState: Sendable, Equatable, Codable {
    public var config: IncidentConfig?
    public var driver: String = ""
    public var startedAt: Date?
    /// The latest time any event carried: the incident's clock as far as the state knows.
    public var now: Date = .distantPast

    public var steps: [StepID: StepStatus] = Dictionary(uniqueKeysWithValues: StepID.allCases.map { ($0, .locked) })

    public var app = Evidence<Application>()
    public var migrations = Evidence<MigrationReport>()
    /// The revisions the migration verdict compares (last-known-good → current).
    public var migrationsRange: [Revision]?
    public var diagnosis = Evidence<ChangeEvidence>()
    public var pods = Evidence<[PodImage]>()
    /// The Deployment's template images: what a rollout is taking the pods to.
    public var deploymentImages = Evidence<[String]>()
    /// The app's workload as its first read named it (kept, so the runbook does not change under the driver).
    public var workload: Workload?
    /// Why no workload was found (neither kind, or several and none named).
    public var workloadProblem: String?
    /// The Argo Rollout, when the workload is one.
    public var rollout = Evidence<Rollout>()
    /// `status.currentPodHash` at the first read of the Rollout: the pod-template hash of the bad revision.
    public var badPodHash: String?
    /// The series of the metric 3c watches first (`IncidentConfig.watchedFirst`: the p99 unless the alert picked another).
    public var latency = Evidence<[LatencySample]>()
    /// The other metrics' series by name (`IncidentConfig.watchedToo`); nil until the first read (and always
    /// for an incident that watches one metric).
    public var otherMetrics: [String: Evidence<[LatencySample]>]?
    public var alertStart = Evidence<Date?>()
    public var revert = Evidence<Revision?>()
    /// `argocd app diff` against the rollback target: what 3b would change, read before its gate opens.
    public var rollbackDiff = Evidence<RollbackDiff>()
    /// p99 over the target's own deployment window (`TargetRecord`), or why it could not be read.
    public var targetRecord = Evidence<TargetRecord>()
    /// `argocd account can-i sync applications PROJECT/APP`, read before the rollback's gate.
    public var syncPermission = Evidence<SyncPermission>()
    /// The app's sync-window state and the windows that deny it (`SyncWindowChecks.swift`).
    public var syncWindows = Evidence<SyncWindowReading>()

    /// Reads sent and not yet answered, with when they were sent.
    public var inFlight: [Read: Date] = [:]
    /// Gate commands on their way, with when each was confirmed; a result (or a resume) clears one.
    /// Optional so states encoded before it decode.
    public var commandsInFlight: [StepID: Date]?
    /// When the last gate command started or finished: only reads sent after it can confirm what it did.
    public var lastGateFinishedAt: Date?

    /// The history entry that is live now (the bad one), fixed when the incident's history was first read.
    public var badEntry: HistoryEntry?
    /// The rollback target: proposed as the entry before the current one, or chosen by the driver.
    public var lastKnownGood: HistoryEntry?
    public var lastKnownGoodChosen = false
    /// The gate the driver declined last, and when: the bar says what that leaves open until it is confirmed.
    public var declined: Declined?
    /// The entry the console itself found as last known good; it keeps that label when the driver picks another.
    public var proposedLastKnownGood: HistoryEntry?
    /// The operation Argo CD reported when the rollback was confirmed: a read still showing it was
    /// taken before the controller picked the rollback up, and cannot judge it.
    public var operationBeforeRollback: OperationState?
    /// The images the pods ran before the rollback (the bad digests).
    public var badImages: Set<String> = []
    /// The pods that ran before the rollback, by name: when the rollback keeps the image (a values-only
    /// change), recovery means these are all replaced.
    public var badPods: Set<String> = []
    /// The Deployment's template images when the rollback was confirmed, and as first read after it.
    public var templateBeforeRollback: [String]?
    public var templateAfterRollback: [String]?
    /// The auto-sync settings before Step 3a turned them off, so 3d restores them.
    public var autoSyncBefore: AutoSync?
    /// How the driver set 3a's gate to guard the rollback (`t`); nil: disabling auto-sync, as always.
    public var autoSyncGuardChosen: AutoSyncGuard?
    /// 3a's pin of targetRevision, recorded when it was confirmed (nil: 3a did not pin).
    public var pin: TargetPin?
    public var override: Override?

    /// Every gate command that ran, with what it printed.
    public var commands: [CommandResult] = []
    public var notes: [Note] = []
    /// Commands, notes and written files in order, bounded: what the Output pane shows.
    public var log = OutputLog()
    /// When each step's gate opened (for the timeline) and when a step finished.
    public var gateOpenedAt: [StepID: Date] = [:]
    public var finishedAt: [StepID: Date] = [:]
    /// When Step 3c started waiting for recovery.
    public var verifyStartedAt: Date?
    public var communicatedTo: String?
    /// The JSON body Step 4b posts: Step 4's channel message as it was written (frozen there, so the
    /// gate shows exactly what `y` sends).
    public var statusPostBody: String?
    /// The grade the driver chose at Step 4's gate (nil: the config's, else P1).
    public var severityChosen: Severity?
    public var postmortemPath: String?
    public var stoppedReason: String?
    /// Where the runbook stood when the console stopped: an abandoned incident's "where".
    public var stoppedAt: StepID?
    /// When the driver said the feature flag was flipped (the kill switch's watch starts there).
    public var killSwitchFlippedAt: Date?
    /// Argo CD reported the rollback's operation failed (not the CLI): escalating is on offer.
    public var rollbackOperationFailed = false

    public init() {}

    public func status(_ step: StepID) -> StepStatus { steps[step] ?? .locked }

    /// The runbook this incident follows: the Rollouts table for an Argo Rollout, else code-rollback-argocd.
    public var runbook: RunbookTable { workload?.isRollout == true ? Runbook.rolloutsRollback : Runbook.codeRollback }

    /// Step 5 is done: it comes after every ending, Step 4 and 3d (or 3d's deferral).
    public var isComplete: Bool { status(.postmortem).isFinished }

    /// The gate shown in the confirmation bar: the earliest step waiting for `y`.
    public var pendingGate: StepID? {
        runbook.steps.first { status($0) == .awaitingConfirmation }
    }

    /// The ending the incident has come to: an ending's gate confirmed (and, for the kill switch, its
    /// watch passed), or 3c verified for the straight line.
    public var chosenEnding: Ending? {
        for (step, ending) in runbook.endingSteps {
            if case .done = status(step) { return ending }
        }
        if case .done = status(.verify) { return .rolledBack }
        return nil
    }

    /// The ending, counting a driver who left before any: abandoned (until someone resumes).
    public var ending: Ending? {
        chosenEnding ?? (stoppedReason != nil && !isComplete ? .abandoned : nil)
    }

    /// Step 4's grade: the driver's choice at the gate, else the config's default for the app, else P1.
    public var severity: Severity { severityChosen ?? config?.severity ?? .p1 }

    /// The console turned auto-sync off (3a confirmed): someone must turn it back on (3d).
    public var autoSyncTurnedOff: Bool { autoSyncBefore != nil }

    /// 3a turned auto-sync off and 3d has not run (nor been deferred): Argo CD deploys nothing to the app.
    public var autoSyncStillOff: Bool { autoSyncTurnedOff && !status(.enableAutoSync).isFinished }

    /// The rollback was tried and did not work: 3c timed out, or Argo CD reported the operation failed
    /// after a retry (the first failure's gate is the retry).
    public var rollbackDidNotWork: Bool {
        if case .failed = status(.verify) { return true }
        if case .failed = status(.rollback), rollbackOperationFailed, rollbackAttempts >= 2 { return true }
        return false
    }

    /// How many times the rollback command ran.
    public var rollbackAttempts: Int { commands.filter(\.isRollback).count }

    /// Whether auto-sync is known to be off right now (nil: not known yet).
    public var autoSyncOff: Bool? {
        guard let app = app.value else { return nil }
        return app.autoSync == nil
    }

    /// Step 0 found a forward-only migration and nobody overrode it: the hand-off's case.
    public var unsafeMigrations: Bool { override == nil && migrations.value?.verdict == .unsafe }

    /// Step 0 could not read the release's migrations at all (a git error, an unreadable file).
    public var migrationsUnreadable: PortError? { migrations.value == nil ? migrations.error : nil }

    /// Step 0 found a forward-only migration, or could not check, and nobody overrode it.
    public var hardStop: String? {
        guard override == nil else { return nil }
        if unsafeMigrations {
            return "UNSAFE migration shipped with \(badEntry?.revision.short ?? "the bad release"): a code rollback alone would corrupt data. Stop here and follow \(Ending.dataRollbackRunbook)."
        }
        if let error = migrationsUnreadable {
            return "Step 0 cannot read the migrations shipped with \(badEntry?.revision.short ?? "the bad release"): \(error). Unread is not safe: fix the read (r reads again), or override with the app name and a reason."
        }
        return nil
    }
}
