import Foundation
import MigrationSafety
@testable import RunbookEngine

/// A tiny fake world that answers the console's reads and runs its gate commands the way
/// Argo CD, the cluster, the config repo and Prometheus would.
struct World {
    var app = Incident.application()
    var pods = Incident.pods(Incident.badImage)
    var migrations: Outcome<MigrationReport> = .ok(Incident.safeMigrations)
    var diagnosis = Incident.change
    var alertStart: Date? = Incident.h42.deployedAt.addingTimeInterval(207)
    var revert: Revision?
    /// What `argocd app diff` against the target prints (empty: no difference), or how it fails.
    var diff: Outcome<String> = .ok(Incident.rollbackDiff)

    /// p99 over the target's deployment window (every sample), or the whole answer when set.
    var targetP99 = 0.31
    var targetLatency: [LatencySample]?
    var targetLatencyError: PortError?
    /// What `argocd account can-i sync applications PROJECT/APP` answers (when the app names its project).
    var canSync: Outcome<Bool> = .ok(true)
    /// The project's sync windows, judged as Argo CD judges them; or how reading them fails.
    var syncWindows: [SyncWindow] = []
    var syncWindowsFail: PortError?

    /// p99 before the rollback took, and how long after it p99 falls.
    var p99Bad = 1.2
    var p99Recovered = 0.21
    var recoversAfter: Double = 30
    /// The 5xx ratio (a metric with a ratio unit) before and after, and how long after the rollback it
    /// falls (nil: as the p99 does); or how reading the other metrics fails.
    var errorsBad = 0.08
    var errorsRecovered = 0.002
    var errorsRecoverAfter: Double?
    var metricsError: PortError?
    var rolledBackAt: Date?
    /// When someone flipped the feature flag off (the kill switch): p99 falls after it as after a rollback.
    var flagFlippedAt: Date?
    /// Whether flipping the flag cures the regression (it was the flag), or not.
    var flagCures = true
    /// What Step 4b's webhook answers, and every body posted to it.
    var webhookAnswer: Outcome<Int> = .ok(200)
    var postedBodies: [String] = []

    /// When set, `terminate-op` leaves the operation Terminating (the controller fails it later, by hand in the test).
    var terminateEndsAt: Date?
    /// How `argocd app rollback` goes: exit code and the operation Argo CD records.
    var rollbackExitCode: Int32? = 0
    var rollbackPhase: OperationPhase = .succeeded
    /// Pods move to the good digest when the rollback succeeds…
    var podsFollowRollback = true
    /// …or to these (a values-only rollback: the same image in a new ReplicaSet).
    var podsAfterRollback: [PodImage]?
    /// The Deployment's template images; nil: whatever the pods run.
    var deploymentImages: [String]?
    /// The Argo Rollout the app runs (listed in its resources); nil: a Deployment.
    var rollout: Rollout? {
        didSet {
            app.resources = rollout.map { [ManagedResource(group: "argoproj.io", kind: "Rollout", namespace: Incident.config.namespace, name: $0.name),
                                           ManagedResource(group: "", kind: "Service", namespace: Incident.config.namespace, name: $0.name)] }
        }
    }

    /// A metric's series: the 5xx ratio for a ratio, the p99 for anything else.
    func series(_ metric: MetricSpec, from: Date, to: Date) -> [LatencySample] {
        guard metric.unit == .ratio else { return latency(from: from, to: to) }
        let after = errorsRecoverAfter ?? recoversAfter
        return latency(from: from, to: to).map { sample in
            let recovered = [rolledBackAt, flagFlippedAt].contains { $0.map { sample.at >= $0.addingTimeInterval(after) } ?? false }
            return LatencySample(at: sample.at, seconds: recovered ? errorsRecovered : errorsBad)
        }
    }

    /// The p99 series Prometheus returns: one sample every 5 s.
    func latency(from: Date, to: Date) -> [LatencySample] {
        let step = 5.0
        var t = (from.timeIntervalSince1970 / step).rounded(.up) * step
        var samples: [LatencySample] = []
        while t <= to.timeIntervalSince1970 {
            let at = Date(timeIntervalSince1970: t)
            let recovered = [rolledBackAt, flagFlippedAt].contains { $0.map { at >= $0.addingTimeInterval(recoversAfter) } ?? false }
            samples.append(LatencySample(at: at, seconds: recovered ? p99Recovered : p99Bad))
            t += step
        }
        return samples
    }

    /// The result event for one effect, as the effect runner would post it.
    mutating func answer(_ effect: Effect, at now: Date) -> Event.Kind? {
        switch effect {
        case .read(let read):
            switch read {
            case .app: return .appRead(.ok(app))
            case .migrations(let from, let to, _): return .migrationsRead(migrations, from: from, to: to)
            case .diagnosis(let revision): return .diagnosisRead(.ok(diagnosis), revision: revision)
            case .pods: return .podsRead(.ok(pods))
            case .deployment: return .deploymentRead(.ok(deploymentImages ?? Array(Set(pods.map(\.image))).sorted()))
            case .latency(let metric, let from, let to): return .latencyRead(.ok(series(metric, from: from, to: to)))
            case .metrics(let windows):
                return .metricsRead(windows.map { window in
                    MetricReading(name: window.metric.name, samples: metricsError.map { .failed($0) } ?? .ok(series(window.metric, from: window.from, to: window.to)))
                })
            case .alert: return .alertRead(.ok(alertStart))
            case .revert(let of): return .revertRead(.ok(revert), of: of)
            case .targetLatency(_, let revision, let from, let to):
                if let error = targetLatencyError { return .targetLatencyRead(.failed(error), revision: revision, from: from, to: to) }
                return .targetLatencyRead(targetLatency.map { .ok($0) } ?? .ok(latency(from: from, to: to).map { LatencySample(at: $0.at, seconds: targetP99) }),
                                          revision: revision, from: from, to: to)
            case .diff(_, let revision, _):
                switch diff {
                case .ok(let text): return .diffRead(.ok(RollbackDiff(revision: revision, text: text)), revision: revision)
                case .failed(let error): return .diffRead(.failed(error), revision: revision)
                }
            case .permission(let app, let project):
                switch canSync {
                case .ok(let allowed): return .permissionRead(.ok(SyncPermission(project: project, app: app, allowed: allowed)))
                case .failed(let error): return .permissionRead(.failed(error))
                }
            case .syncWindows(let app, let project):
                if let syncWindowsFail { return .syncWindowsRead(.failed(syncWindowsFail)) }
                return .syncWindowsRead(.ok(.judged(syncWindows, project: project,
                                                    for: SyncWindowTarget(app: app, namespace: Incident.config.namespace, server: "https://kubernetes.default.svc"))))
            case .rollout(_, let name):
                return .rolloutRead(rollout.map { .ok($0) } ?? .failed(PortError(.failed, "rollouts.argoproj.io \"\(name)\" not found")))
            }
        case .runGate(let command):
            return .gateFinished(step: command.step, result: run(command.argv, at: now))
        case .communicate:
            return .communicated(.ok("/tmp/incident/status-update.txt"))
        case .killSwitchFlipped:
            if flagCures { flagFlippedAt = now }
            return nil
        case .writePostmortem:
            return .postmortemWritten(.ok("/tmp/incident/postmortem.md"))
        case .postStatus(let body):
            postedBodies.append(body)
            return .statusPosted(webhookAnswer)
        case .schedule:
            return nil  // timers are fired by the test, on purpose
        }
    }

    /// What Argo CD does with a gate command.
    mutating func run(_ shown: [String], at now: Date) -> CommandResult {
        // A pinned context (`argocd --argocd-context NAME …`) names this same Argo CD and cluster.
        let argv = CommandResult.unpinned(shown)
        func result(_ code: Int32?, _ out: String, _ err: String = "") -> CommandResult {
            CommandResult(argv: shown, exitCode: code, stdout: out, stderr: err, timedOut: code == nil, seconds: 2)
        }
        // `argocd proj windows enable-manual-sync PROJECT ID`: the window lets manual syncs through.
        if argv.count == 6, argv[1...3] == ["proj", "windows", "enable-manual-sync"] {
            guard let id = Int(argv[5]), let index = syncWindows.firstIndex(where: { $0.id == id }) else {
                return result(20, "", "FATA[0000] window with id '\(argv[5])' not found")
            }
            syncWindows[index].manualSync = true
            return result(0, "")
        }
        switch Array(argv.dropFirst(4).prefix(2)) {
        case ["--sync-policy", "none"]:
            app.autoSync = nil
            return result(0, "Application '\(app.name)' updated")
        case ["--sync-policy", "automated"]:
            app.autoSync = AutoSync(prune: argv.contains("--auto-prune"), selfHeal: argv.contains("--self-heal"),
                                    allowEmpty: argv.contains("--allow-empty"))
            return result(0, "Application '\(app.name)' updated")
        case let words where argv.count == 6 && argv[2] == "set" && words.first == "--revision":
            // `argocd app set APP --revision REV`: what the app tracks (3a's pin, 3d's restore).
            app.targetRevisions = [argv[5]]
            return result(0, "Application '\(app.name)' updated")
        default:
            break
        }
        // `argocd app sync APP`: 3b on a pinned app, to the commit it is pinned to (auto-sync may stay on).
        if argv == ["argocd", "app", "sync", app.name] {
            guard let pinned = app.targetRevisions?.first,
                  let known = [Incident.h40, Incident.h41, Incident.h42].first(where: { $0.revision.rawValue == pinned }) else {
                return result(20, "", "FATA[0000] rpc error: code = Unknown desc = nothing pinned to sync to")
            }
            let next = HistoryEntry(id: HistoryID(app.history.last!.id.rawValue + 1), revision: known.revision, deployedAt: now)
            app.history.append(next)
            pruneHistory()
            app.sync = .synced
            rolledBackAt = now
            if podsFollowRollback { pods = podsAfterRollback ?? Incident.pods(Incident.goodImage, replicaSet: "5c6b7") }
            app.operation = OperationState(phase: .succeeded, message: "successfully synced", syncRevision: known.revision, startedAt: now, finishedAt: now)
            return result(0, "Operation:          Sync\nSync Revision:      \(known.revision.rawValue)\nPhase:              Succeeded")
        }
        // `argocd app actions run APP ACTION --kind Rollout --resource-name NAME --namespace NS`, or the plugin's abort
        let plugin = argv.count == 7 && argv[0] == "kubectl" && argv[1...2] == ["argo", "rollouts"]
        if plugin || argv.count == 12 && argv[1...3] == ["app", "actions", "run"], var rollout {
            switch plugin ? argv[3] : argv[5] {
            case "abort":
                rollout.aborted = true
                rollout.abortedAt = now
                // Argo Rollouts terminates the canary's running analysis when it aborts.
                if rollout.analysis?.running == true { rollout.analysis?.phase = "Successful"; rollout.analysis?.message = "Run Terminated" }
                pods = Incident.pods(Incident.goodImage, hash: rollout.stableHash)
            case "promote-full":
                rollout.stableHash = rollout.currentHash
                rollout.currentStepIndex = rollout.stepWeights.count
                pods = Incident.pods(Incident.goodImage, hash: rollout.currentHash)
            default: return result(1, "", "unknown action")
            }
            rolledBackAt = now
            self.rollout = rollout
            return result(0, "")
        }
        if argv == ["argocd", "app", "terminate-op", app.name] {
            guard var operation = app.operation, operation.phase == .running else {
                return result(20, "", "FATA[0000] rpc error: code = InvalidArgument desc = Unable to terminate operation. No operation is in progress")
            }
            // Argo CD marks it Terminating; the controller then fails it.
            operation.phase = terminateEndsAt == nil ? .failed : .terminating
            operation.message = "Operation terminated"
            operation.finishedAt = now
            app.operation = operation
            return result(0, "Application '\(app.name)' operation terminating")
        }
        let target: HistoryEntry
        if argv.count == 6, argv[2] == "sync", argv[3] == app.name, argv[4] == "--revision" {
            // 3b for a target pruned from the history: the revision, as Argo CD resolves it.
            let revision = Revision(argv[5])
            guard let known = [Incident.h40, Incident.h41, Incident.h42].first(where: { $0.revision.sameCommit(as: revision) }) else {
                return result(20, "", "FATA[0000] rpc error: code = Unknown desc = unable to resolve '\(argv[5])' to a commit SHA")
            }
            target = known
        } else {
            guard argv.count == 5, argv[2] == "rollback", let id = Int(argv[4]),
                  let entry = app.history.first(where: { $0.id == HistoryID(id) }) else {
                return result(1, "", "unknown command")
            }
            target = entry
        }
        let id = target.id.rawValue
        if app.autoSync != nil {
            return result(20, "", "FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled")
        }
        let next = HistoryEntry(id: HistoryID(app.history.last!.id.rawValue + 1), revision: target.revision, deployedAt: now)
        if rollbackPhase == .succeeded {
            app.history.append(next)
            pruneHistory()
            app.sync = .outOfSync
            if var rollout {
                // The Rollout takes the old template as a new canary at its first step: promote-full finishes it.
                rollout.currentHash = Incident.oldPodHash
                rollout.currentStepIndex = 0
                self.rollout = rollout
            } else {
                rolledBackAt = now
                if podsFollowRollback { pods = podsAfterRollback ?? Incident.pods(Incident.goodImage, replicaSet: "5c6b7") }
            }
        }
        app.operation = OperationState(phase: rollbackPhase, message: rollbackPhase == .succeeded ? "successfully synced" : "one or more objects failed to apply",
                                       syncRevision: target.revision, startedAt: now, finishedAt: now)
        guard let code = rollbackExitCode else { return result(nil, "Waiting for app to reach 'Synced'...") }
        return result(code, "Rolling back application '\(app.name)' to history \(id) (revision \(target.revision.short))")
    }

    /// Argo CD keeps `revisionHistoryLimit` entries (10 unless set): the oldest go.
    mutating func pruneHistory() {
        let limit = app.historyLimit ?? 10
        if app.history.count > limit { app.history.removeFirst(app.history.count - limit) }
    }

    /// Argo CD's auto-sync, left on, puts HEAD (the bad revision) back after a rollback.
    mutating func autoSyncReappliesHead(at now: Date) {
        let next = HistoryEntry(id: HistoryID(app.history.last!.id.rawValue + 1), revision: Incident.bad, deployedAt: now)
        app.history.append(next)
        pruneHistory()
        app.sync = .synced
        app.operation = OperationState(phase: .succeeded, message: "successfully synced (auto)", syncRevision: Incident.bad)
        pods = Incident.pods(Incident.badImage)
        rolledBackAt = nil
    }
}
