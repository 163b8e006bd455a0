import Foundation
import Integrations
import RunbookEngine

/// The built-in simulated incident behind the same ports as live mode: Argo CD, the cluster,
/// Prometheus and the clock, plus a real git config repo in a temporary directory.
/// Everything is a function of the scenario, the commands run, and the virtual clock.
public actor SimulatedWorld: ArgoCDPort, ClusterPort, MetricsPort, ClockPort, FlagPort {
    public nonisolated let scenario: Scenario
    public nonisolated let clock: VirtualClock
    /// Real git over the simulated config repo.
    public nonisolated let repository: GitConfigRepo
    /// Where the simulated config repo lives (`git -C` this path).
    public nonisolated var repositoryPath: String { repository.path }

    /// Something the simulation did on its own, for a trainer's narration or a test.
    public struct Note: Sendable, Equatable {
        public var at: Date
        public var text: String
    }
    public internal(set) var notes: [Note] = []

    nonisolated let writer: ScenarioRepository
    private nonisolated let ownedDirectory: String?

    var history: [HistoryEntry]
    var autoSync: AutoSync?
    var operation: OperationState?
    /// HEAD of the tracked branch.
    var head: Revision
    /// `spec.source.targetRevision`: HEAD, or a SHA 3a pinned (`argocd app set APP --revision SHA`).
    var targetRevision = "HEAD"
    /// What Argo CD compares against and auto-sync syncs to: HEAD, or the pinned commit.
    var desired: Revision {
        targetRevision == "HEAD" ? head : digestByRevision.keys.first { $0.sameCommit(as: Revision(targetRevision)) } ?? head
    }
    var timeline: PodTimeline
    var digestByRevision: [Revision: String]
    var anchors: [ScenarioEvent.Anchor: Date]
    /// Scenario events not yet applied, with their index for a stable order.
    var pendingEvents: [ScenarioEvent]
    var autoSyncDueAt: Date?
    /// The Argo Rollout of a canary scenario (nil: a Deployment).
    var canaryState: CanaryState?
    /// The project's sync windows as they stand (`enable-manual-sync` changes them).
    var syncWindows: [SyncWindow]
    /// A rollback Argo CD parked behind a sync window: it runs once the window lets it.
    var parkedRollback: HistoryID?
    private var settling: Task<Void, Never>?

    /// Builds the scenario's config repo (real git) under `repositoryParent`, or a fresh
    /// temporary directory that is removed when the world goes away.
    /// - Parameter clock: defaults to a clock at the scenario's start running at real speed.
    public init(scenario: Scenario = .runbookIncident, clock: VirtualClock? = nil, repositoryParent: String? = nil) async throws {
        precondition(!scenario.releases.isEmpty, "a scenario needs at least one release")
        let parent: String
        if let repositoryParent {
            parent = repositoryParent
            ownedDirectory = nil
        } else {
            parent = FileManager.default.temporaryDirectory
                .appendingPathComponent("incident-console-sim-\(UUID().uuidString)").path
            ownedDirectory = parent
        }
        self.scenario = scenario
        self.clock = clock ?? VirtualClock(start: scenario.start, speed: 1)
        writer = try await ScenarioRepository.create(scenario, in: parent)
        repository = GitConfigRepo(path: writer.path)

        history = scenario.releases.map {
            HistoryEntry(id: $0.historyID, revision: $0.revision, deployedAt: scenario.date($0.deployedAt))
        }
        autoSync = scenario.autoSync
        head = scenario.current.revision
        let current = scenario.current
        operation = OperationState(phase: .succeeded, message: "successfully synced (all tasks run)",
                                   syncRevision: current.revision, startedAt: scenario.date(current.deployedAt),
                                   finishedAt: scenario.date(current.deployedAt + .seconds(4)))
        timeline = PodTimeline(scenario: scenario, deploys: scenario.releases.map {
            PodTimeline.Deploy(at: scenario.date($0.deployedAt), revision: $0.revision, digest: $0.digest)
        })
        canaryState = Self.initialCanary(scenario)
        // A canary paused at the start runs the current release on its share of the pods only.
        if let canary = scenario.canary, let step = canary.pausedAt, !timeline.deploys.isEmpty {
            timeline.deploys[timeline.deploys.count - 1].pods = 0..<canary.canaryPods(at: step, replicas: scenario.replicas)
        }
        digestByRevision = Dictionary(scenario.releases.map { ($0.revision, $0.digest) }, uniquingKeysWith: { $1 })
        anchors = [.start: scenario.start]
        syncWindows = scenario.syncWindows
        pendingEvents = scenario.events
    }

    deinit {
        if let ownedDirectory { try? FileManager.default.removeItem(atPath: ownedDirectory) }
    }

    /// The ports a demo or training run drives.
    public nonisolated var ports: Ports {
        Ports(argocd: self, cluster: self, configRepo: SimulatedConfigRepo(world: self), metrics: self, clock: self, flags: self)
    }

    // MARK: Argo CD

    public func application(_ name: String) async throws -> Application {
        await settle()
        guard name == scenario.app else {
            throw PortError(.failed, "rpc error: code = NotFound desc = applications.argoproj.io \"\(name)\" not found")
        }
        let now = clock.now()
        let deployed = history[history.count - 1]
        let digest = digestByRevision[deployed.revision] ?? scenario.current.digest
        let workload = scenario.canary == nil
            ? [ManagedResource(group: "apps", kind: "Deployment", namespace: scenario.namespace, name: scenario.deployment)]
            : [ManagedResource(group: "argoproj.io", kind: "Rollout", namespace: scenario.namespace, name: scenario.deployment),
               ManagedResource(group: "", kind: "Service", namespace: scenario.namespace, name: scenario.deployment + "-canary")]
        return Application(name: scenario.app, health: rolloutHealth() ?? timeline.health(at: now),
                           sync: deployed.revision.sameCommit(as: desired) ? .synced : .outOfSync,
                           syncRevision: desired, autoSync: autoSync, history: history, operation: operation,
                           images: [scenario.image(digest)],
                           resources: workload + [ManagedResource(group: "", kind: "Service", namespace: scenario.namespace, name: scenario.deployment)],
                           project: scenario.project, parent: scenario.parent, targetRevisions: [targetRevision])
    }

    /// The simulated apps have one source: `sources` is always empty here.
    public func diff(_ app: String, revision: Revision, sources: [HistorySource]) async throws -> RollbackDiff {
        await settle()
        return RollbackDiff(revision: revision, text: try diffText(app: app, revision: revision))
    }

    public func canSync(_ app: String, project: String) async throws -> SyncPermission {
        await settle()
        guard app == scenario.app else {
            throw PortError(.failed, "rpc error: code = NotFound desc = applications.argoproj.io \"\(app)\" not found")
        }
        return SyncPermission(project: project, app: app, allowed: scenario.canSync && project == scenario.project)
    }

    public func syncWindows(_ app: String, project: String) async throws -> SyncWindowReading {
        await settle()
        guard app == scenario.app, project == scenario.project else {
            throw PortError(.failed, "rpc error: code = NotFound desc = applications.argoproj.io \"\(app)\" not found")
        }
        return windowReading
    }

    public func run(_ command: GateCommand) async -> CommandResult {
        await settle()
        return interpret(command.argv, at: clock.now())
    }

    // MARK: Cluster

    public func podImages(namespace: String, selector: String) async throws -> [PodImage] {
        await settle()
        let normalized = selector.filter { !$0.isWhitespace }
        guard namespace == scenario.namespace, normalized == scenario.selector else { return [] }
        return timeline.pods(at: clock.now())
    }

    public func deploymentImages(namespace: String, name: String) async throws -> [String] {
        await settle()
        guard namespace == scenario.namespace, name == scenario.deployment else {
            throw PortError(.failed, "Error from server (NotFound): deployments.apps \"\(name)\" not found")
        }
        // The template names the image of the last sync applied; the pods follow it one by one.
        let now = clock.now()
        guard let last = timeline.deploys.last(where: { $0.at <= now }) else { return [] }
        return [scenario.image(last.digest)]
    }

    /// A canary scenario's Rollout; the others run a Deployment, as the runbook's own example does.
    public func rollout(namespace: String, name: String) async throws -> Rollout {
        await settle()
        guard namespace == scenario.namespace, name == scenario.deployment, let rollout = rolloutObject(at: clock.now()) else {
            throw PortError(.failed, "Error from server (NotFound): rollouts.argoproj.io \"\(name)\" not found")
        }
        return rollout
    }

    // MARK: Metrics

    /// The p99 series (a test's shorthand for the latency metric's).
    public func p99(from: Date, to: Date, step: Duration) async throws -> [LatencySample] {
        try await series(MetricSpec.latency(query: "", threshold: 0.5), from: from, to: to, step: step)
    }

    /// A metric by its unit: seconds are the p99, a ratio the 5xx ratio; the simulated service has no other.
    public func series(_ metric: MetricSpec, from: Date, to: Date, step: Duration) async throws -> [LatencySample] {
        await settle()
        let value: @Sendable (PodTimeline, Date) -> Double
        switch metric.unit {
        case .seconds: value = { $0.p99(at: $1) }
        case .ratio: value = { $0.errorRatio(at: $1) }
        case .percent: value = { $0.errorRatio(at: $1) * 100 }
        case .rps: throw PortError(.failed, "the simulated service has no \(metric.unit.rawValue) series for \(metric.name)")
        }
        guard step > .zero else { throw PortError(.failed, "bad_data: zero or negative query resolution step widths are not accepted") }
        let end = min(to, clock.now())
        guard from <= end else { return [] }
        let count = Int(end.timeIntervalSince(from) / step.seconds) + 1
        guard count <= 11_000 else {
            throw PortError(.failed, "bad_data: exceeded maximum resolution of 11,000 points per timeseries")
        }
        return (0..<count).map { index in
            let at = from.addingTimeInterval(Double(index) * step.seconds)
            return LatencySample(at: at, seconds: value(timeline, at))
        }
    }

    public func alertStart(_ alert: String, around: Date) async throws -> Date? {
        await settle()
        let start = scenario.date(scenario.current.deployedAt + scenario.alert.firesAfterDeploy)
        guard alert == scenario.alert.name, start <= clock.now() else { return nil }
        return start
    }

    // MARK: Feature flags

    /// The trainee flipped the drill's feature flag off: when the regression is that flag, p99 drains from now.
    public func killSwitchFlipped() async {
        let now = clock.now()
        guard scenario.regressionIsAFlag, timeline.flagOffAt == nil else { return }
        timeline.flagOffAt = now
        notes.append(Note(at: now, text: "feature flag flipped off"))
    }

    // MARK: Clock

    public nonisolated func now() -> Date { clock.now() }

    public nonisolated func sleep(for duration: Duration) async throws { try await clock.sleep(for: duration) }

    // MARK: Time passing

    /// Applies, in order, everything due by the clock's now: scenario events and auto-sync.
    /// Calls are serialized, so an event lands exactly once even while git is writing it.
    public func settle() async {
        let previous = settling
        let task = Task { await previous?.value; await self.applyDue() }
        settling = task
        await task.value
    }

    private func applyDue() async {
        while true {
            let now = clock.now()
            let eventDue = pendingEvents.indices
                .compactMap { index in anchors[pendingEvents[index].anchor].map { (index, $0.adding(pendingEvents[index].after)) } }
                .min { $0.1 < $1.1 }
            if let (index, at) = eventDue, at <= now, autoSyncDueAt.map({ at <= $0 }) ?? true {
                let event = pendingEvents.remove(at: index)
                await apply(event.action, at: at)
            } else if let at = autoSyncDueAt, at <= now {
                autoSyncDueAt = nil
                let target = desired
                sync(to: target, at: at, note: targetRevision == "HEAD" ? "auto-sync applied HEAD \(target.short)" : "auto-sync applied the pinned \(target.short)")
            } else {
                return
            }
        }
    }

    private func apply(_ action: ScenarioEvent.Action, at: Date) async {
        switch action {
        case .revertBadRelease(let author, let email):
            let bad = scenario.current.revision
            do {
                let revert = try await writer.revert(bad, at: at, author: (author, email))
                head = revert
                if let good = scenario.lastKnownGood { digestByRevision[revert] = good.digest }
                notes.append(Note(at: at, text: "\(author) merged the revert of \(bad.short) (\(revert.short))"))
                scheduleAutoSync(from: at)
            } catch {
                notes.append(Note(at: at, text: "the simulated revert of \(bad.short) failed: \(error)"))
            }
        case .autoSyncReenabled(let by):
            autoSync = scenario.autoSync ?? AutoSync(prune: false, selfHeal: false)
            notes.append(Note(at: at, text: "\(by) turned auto-sync back on"))
            scheduleAutoSync(from: at)
        case .podCrashLoop(let index):
            timeline.crashLoops[index] = at
            notes.append(Note(at: at, text: "pod \(index) started crash-looping"))
        case .analysisFails:
            canaryAnalysisFails(at: at)
        }
    }

    /// Auto-sync syncs an OutOfSync app to HEAD (or to its pinned commit) a little after it notices.
    func scheduleAutoSync(from at: Date) {
        guard autoSync != nil, !history[history.count - 1].revision.sameCommit(as: desired) else {
            autoSyncDueAt = nil
            return
        }
        if autoSyncDueAt == nil { autoSyncDueAt = at.adding(scenario.rollout.autoSyncDelay) }
    }

    /// One sync (rollback or auto-sync): a history entry, a succeeded operation, pods replaced.
    func sync(to revision: Revision, at: Date, note: String?) {
        let id = HistoryID((history.map(\.id.rawValue).max() ?? 0) + 1)
        history.append(HistoryEntry(id: id, revision: revision, deployedAt: at))
        operation = OperationState(phase: .succeeded, message: "successfully synced (all tasks run)",
                                   syncRevision: revision, startedAt: at, finishedAt: at.adding(.seconds(2)))
        let digest = digestByRevision[revision] ?? scenario.current.digest
        if canaryState != nil {
            canaryTemplateChanged(to: revision, at: at)
        } else {
            timeline.deploys.append(PodTimeline.Deploy(at: at, revision: revision, digest: digest))
        }
        if let note { notes.append(Note(at: at, text: note)) }
    }
}
