import Foundation
import TestHarness
import MigrationSafety
@testable import RunbookEngine

/// Generates what could happen next in an incident: a driver pressing keys (right, wrong, early, twice),
/// results arriving late, twice, failed or never, commands failing or timing out, auto-sync flipping
/// behind the console's back, timers, stray results nobody asked for.
struct ChaosWorld {
    var random: SeededRandom
    var world = World()
    /// The incident as the console starts it: some Rollout incidents abort with the kubectl plugin.
    var config = Incident.config
    /// Effects the world may still answer, in any order.
    var pending: [Effect] = []
    var clock = Incident.start

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    /// What one tree of sequences found.
    struct Tree {
        var sequences = 0
        /// Events reduced and checked (a shared stem counts once).
        var events = 0
        var ran: [StepID: Int] = [:]
        var postmortems = 0
        /// Steps whose confirmation was taken, and endings reached: the coverage the test asserts.
        var confirmed: Set<StepID> = []
        /// The same, taken while the state ran the Rollouts table.
        var confirmedOnRollouts: Set<StepID> = []
        /// Aborts run as `kubectl argo rollouts abort` (the `rolloutsAbort: kubectl` config).
        var kubectlAborts = 0
        /// 3a's pin of targetRevision and 3d's restore that ran (`argocd app set APP --revision …`).
        var pins = 0
        var restores = 0
        var endings: Set<Ending> = []
        var failure: (events: [Event], violation: Violation)?
    }

    /// A tree of sequences: a stem where the driver mostly does the right thing (so the branches start
    /// anywhere from Pre-flight to Step 5), then chaotic branches off it, and chaotic twigs off those
    /// (`levels`: how many, and at most how long). Every root-to-leaf path is one sequence, checked after
    /// every event; a shared prefix is checked once, as the checks of a prefix do not depend on what follows.
    static func tree(seed: UInt64, levels: [(count: Int, longest: Int)], reduce: @escaping Reducer,
                     throughTheJournal: Bool = false) -> Tree {
        var found = Tree()
        var chaos = ChaosWorld(seed: seed)
        chaos.varyTheIncident()
        var invariant = GateInvariant(reduce: reduce)
        invariant.replaysThroughTheJournalCodec = throughTheJournal
        var kind = Event.Kind.started(config: chaos.config, driver: Incident.driver)
        // Walks the sequence on from `kind`; false at a violation.
        func walk(_ length: Int, competent: Bool, _ chaos: inout ChaosWorld, _ invariant: inout GateInvariant, _ kind: inout Event.Kind) -> Bool {
            for _ in 0..<length {
                chaos.clock += Double(1 + chaos.random.below(20))
                var taken: StepID?
                if case .confirmed(let step, _, _) = kind, invariant.live.isConfirmable(step) { taken = step }
                switch invariant.step(Event(at: chaos.clock, kind)) {
                case .failure(let violation):
                    found.failure = (invariant.journal, violation)
                    return false
                case .success(let effects):
                    found.events += 1
                    if case .gateFinished(let step, _) = kind { found.ran[step, default: 0] += 1 }
                    if case .postmortemWritten(.ok) = kind { found.postmortems += 1 }
                    if let taken, invariant.live.status(taken) != .awaitingConfirmation {
                        found.confirmed.insert(taken)
                        if invariant.live.runbook.name == Runbook.rolloutsRollback.name { found.confirmedOnRollouts.insert(taken) }
                    }
                    if case .gateFinished(.abortRollout, let result) = kind, result.argv.first == "kubectl" { found.kubectlAborts += 1 }
                    if case .gateFinished(let step, let result) = kind, result.argv.contains("--revision"), result.argv.contains("set") {
                        if step == .disableAutoSync { found.pins += 1 } else if step == .enableAutoSync { found.restores += 1 }
                    }
                    if let ending = invariant.live.ending { found.endings.insert(ending) }
                    chaos.pending += effects.filter { if case .schedule = $0 { false } else { true } }
                }
                kind = chaos.next(invariant.live, competent: competent)
            }
            return true
        }
        func branch(_ level: Int, _ chaos: ChaosWorld, _ invariant: GateInvariant, _ kind: Event.Kind, salt: UInt64) -> Bool {
            guard level < levels.count else { found.sequences += 1; return true }
            for index in 0..<levels[level].count {
                var twig = chaos
                twig.random = SeededRandom(seed: (salt &* 31 &+ UInt64(index + 1)) &* 0x9E37_79B9_7F4A_7C15)
                var twigInvariant = invariant
                var twigKind = kind
                guard walk(1 + twig.random.below(levels[level].longest), competent: false, &twig, &twigInvariant, &twigKind),
                      branch(level + 1, twig, twigInvariant, twigKind, salt: salt &* 31 &+ UInt64(index + 1)) else {
                    found.sequences += 1
                    return false
                }
            }
            return true
        }
        guard walk(1 + chaos.random.below(120), competent: true, &chaos, &invariant, &kind) else { found.sequences = 1; return found }
        _ = branch(0, chaos, invariant, kind, salt: seed)
        return found
    }

    /// Most incidents are the runbook's; some are its branches: an alert that fired before the deploy
    /// or long after it, a config-only change, a rollback after which p99 never comes down; and some run
    /// an Argo Rollout (the Rollouts table): a canary in flight, one already aborted, one fully promoted.
    /// Half name a status webhook, so Step 4b is offered.
    mutating func varyTheIncident() {
        if random.chance(0.5) { config.statusPost = true }
        // Some find an operation already running (a sync stuck on a hook): the terminate-op branch.
        if random.chance(0.15) { world.app.operation = Self.stuckOperation }
        // Most apps say what they track (one source; sometimes two): then 3a may pin it instead.
        if random.chance(0.7) { world.app.targetRevisions = random.chance(0.1) ? ["main", "v2"] : [random.pick(["main", "HEAD", ""])] }
        switch random.weighted([10, 2, 1, 3, 3, 4, 1, 4]) {
        case 5:
            world.rollout = Incident.rolloutInFlight()
            if random.chance(0.5) { config.rolloutsAbort = .kubectl }
        case 6: world.rollout = Incident.rolloutInFlight(aborted: true)
        case 7: world.rollout = Incident.rolloutPromoted()
        case 1: world.alertStart = Incident.h42.deployedAt.addingTimeInterval(-Double(60 + random.below(3600)))
        case 2: world.alertStart = Incident.h42.deployedAt.addingTimeInterval(Double(1900 + random.below(20_000)))
        case 3: world.diagnosis = Incident.configOnlyChange
        case 4: world.p99Recovered = 0.9
        default: break
        }
        // The app names its project about half the time: then Argo CD answers can-i, and a freeze window
        // may deny syncs (one or two windows, so the override's gate reopens for the second).
        if random.chance(0.5) {
            world.app.project = "bookstore-platform"
            world.canSync = .ok(random.chance(0.8))
            if random.chance(0.6) {
                let freeze = SyncWindow(id: 1, active: true, kind: "deny", schedule: "0 0 27 11 *", duration: "96h",
                                        applications: ["bookstore-*"], namespaces: [], clusters: [], manualSync: false)
                let nightly = SyncWindow(id: 2, active: true, kind: "deny", schedule: "0 22 * * *", duration: "8h",
                                         applications: [], namespaces: [config.namespace], clusters: [], manualSync: false)
                world.syncWindows = random.chance(0.3) ? [freeze, nightly] : [freeze]
            }
        }
    }

    static let stuckOperation = OperationState(phase: .running, message: "waiting for completion of hook batch/Job/catalog-migrate",
                                               syncRevision: Incident.h42.revision, startedAt: Incident.start.addingTimeInterval(-900))

    private enum Action { case confirm, decline, override, choose, refresh, answer, worldChanges, timer, stray, stop }

    /// What happens next. A competent driver answers the gate shown with its command, and the world
    /// answers in order without surprises — mostly.
    mutating func next(_ state: RunbookState, competent: Bool = false) -> Event.Kind {
        let actions: [Action] = [.confirm, .decline, .override, .choose, .refresh, .answer, .worldChanges, .timer, .stray, .stop]
        if competent {
            if random.chance(0.9), !pending.isEmpty { return answer(pending.removeFirst(), surprises: false) }
            // Waiting on 3c or the kill switch's watch, minutes pass; the timers fire when their time has come.
            if state.status(.verify).isWaiting || state.status(.killSwitch).isRunning, random.chance(0.5) { clock += 100 }
            if let started = state.verifyStartedAt, case .waiting = state.status(.verify),
               clock.timeIntervalSince(started) >= Incident.config.verifyTimeoutSeconds { return .timerFired(.verifyTimeout) }
            if let flipped = state.killSwitchFlippedAt, case .running = state.status(.killSwitch),
               clock.timeIntervalSince(flipped) >= Incident.config.verifyTimeoutSeconds { return .timerFired(.killSwitchTimeout) }
            if state.gateStep == .disableAutoSync, state.autoSyncGuardChosen == nil, random.chance(0.4) {
                return .autoSyncGuardChosen(.pin, by: Incident.driver)
            }
            if let gate = state.gateStep, random.chance(0.9) {
                return .confirmed(step: gate, argv: state.argv(gate), by: Incident.driver)
            }
            if case .failed = state.status(.enableAutoSync), random.chance(0.1) {
                return .deferred(step: .enableAutoSync, reason: "the owner decides", by: Incident.driver)
            }
            if case .waiting = state.status(.enableAutoSync), random.chance(0.1) {
                return .deferred(step: .enableAutoSync, reason: random.pick(["the owner decides", ""]), by: Incident.driver)
            }
            if state.hardStop != nil, random.chance(0.5) {
                return .overrode(typedApp: Incident.app, reason: "isbn10 unread since March", by: Incident.driver)
            }
            if case .waiting = state.status(.enableAutoSync), random.chance(0.3) { world.revert = Incident.revert }
            return .timerFired(.poll)
        }
        let action = actions[random.weighted([26, 2, 3, 3, 2, 40, 7, 6, 3, 1])]
        switch action {
        case .confirm:
            let step = random.chance(0.6) ? (state.gateStep ?? random.pick(StepID.allCases)) : random.pick(StepID.allCases)
            return .confirmed(step: step, argv: argv(for: step, state), by: random.chance(0.97) ? Incident.driver : "")
        case .decline:
            if random.chance(0.2) {
                return .deferred(step: random.pick([.enableAutoSync, .enableAutoSync, .rollback]), reason: random.pick(["later", ""]),
                                 by: random.chance(0.9) ? Incident.driver : "")
            }
            return .declined(step: state.pendingGate ?? random.pick(StepID.allCases), by: Incident.driver)
        case .override:
            return .overrode(typedApp: random.pick([Incident.app, Incident.app, "Bookstore-Catalog-US-East", "catalog", "y", ""]),
                             reason: random.pick(["isbn10 unread since March", "", "  "]), by: Incident.driver)
        case .choose:
            if random.chance(0.3) { return .autoSyncGuardChosen(random.pick(AutoSyncGuard.allCases), by: random.chance(0.9) ? Incident.driver : "") }
            return .choseLastKnownGood(HistoryID(36 + random.below(9)), by: Incident.driver)
        case .refresh:
            return .refreshRequested(by: Incident.driver)
        case .answer:
            guard !pending.isEmpty else { return .timerFired(.poll) }
            let index = random.chance(0.7) ? 0 : random.below(pending.count)
            let effect = random.chance(0.08) ? pending[index] : pending.remove(at: index)  // sometimes answered twice
            return answer(effect)
        case .worldChanges:
            changeTheWorld()
            return .timerFired(.poll)
        case .timer:
            return .timerFired(random.pick([.poll, .poll, .poll, .poll, .poll, .poll, .poll, .verifyTimeout, .killSwitchTimeout]))
        case .stray:
            return stray()
        case .stop:
            if random.chance(0.5) { return .stopped(reason: "q pressed") }
            pending.removeAll()  // the old process died with its reads and commands in flight
            return .resumed(by: Incident.driver)
        }
    }

    /// Mostly the command the gate shows; sometimes another one.
    private mutating func argv(for step: StepID, _ state: RunbookState) -> [String] {
        switch random.weighted([75, 8, 8, 5, 4]) {
        case 0: return state.argv(step)
        case 1: return state.argv(random.pick([.disableAutoSync, .syncWindowOverride, .rollback, .enableAutoSync, .abortRollout, .promoteFull]))
        case 2: return ["argocd", "app", "rollback", Incident.app, String(38 + random.below(6))]
        case 3: return []
        default: return state.argv(step) + ["--force"]
        }
    }

    private mutating func failure() -> PortError {
        random.pick([PortError(.timeout, "did not answer within 30 s"), PortError(.malformed, "unexpected JSON"),
                     PortError(.missingBinary, "argocd not found on PATH")])
    }

    private mutating func answer(_ effect: Effect, surprises: Bool = true) -> Event.Kind {
        switch effect {
        case .read(let read):
            if random.chance(surprises ? 0.1 : 0.01) {
                switch read {
                case .app: return .appRead(.failed(failure()))
                case .migrations(let from, let to, _): return .migrationsRead(.failed(failure()), from: from, to: to)
                case .diagnosis(let revision): return .diagnosisRead(.failed(failure()), revision: revision)
                case .pods: return .podsRead(.failed(failure()))
                case .deployment: return .deploymentRead(.failed(failure()))
                case .latency: return .latencyRead(.failed(failure()))
                case .metrics(let windows): return .metricsRead(windows.map { MetricReading(name: $0.metric.name, samples: .failed(failure())) })
                case .alert: return .alertRead(.failed(failure()))
                case .revert(let of): return .revertRead(.failed(failure()), of: of)
                case .diff(_, let revision, _): return .diffRead(.failed(failure()), revision: revision)
                case .rollout: return .rolloutRead(.failed(failure()))
                case .targetLatency(_, let revision, let from, let to): return .targetLatencyRead(.failed(failure()), revision: revision, from: from, to: to)
                case .permission: return .permissionRead(.failed(failure()))
                case .syncWindows: return .syncWindowsRead(.failed(failure()))
                }
            }
            switch read {
            case .migrations(let from, let to, _):
                let report = [Incident.safeMigrations, Incident.reviewMigrations, Incident.unsafeMigrations][random.weighted(surprises ? [6, 2, 2] : [8, 1, 1])]
                return .migrationsRead(.ok(report), from: from, to: to)
            case .latency(_, _, let to):
                return .latencyRead(.ok(latency(until: to)))
            default:
                return world.answer(effect, at: clock) ?? .timerFired(.poll)
            }
        case .runGate(let command):
            return .gateFinished(step: command.step, result: surprises ? run(command) : world.run(command.argv, at: clock))
        case .communicate:
            return .communicated(random.chance(0.85) ? .ok("/tmp/status.txt") : .failed(failure()))
        case .postStatus:
            return .statusPosted(random.chance(0.7) ? .ok(200) : random.chance(0.5) ? .ok(500) : .failed(failure()))
        case .writePostmortem:
            return .postmortemWritten(random.chance(0.85) ? .ok("/tmp/postmortem.md") : .failed(failure()))
        case .killSwitchFlipped:
            // Sometimes the flag was the cause, sometimes not.
            if random.chance(0.7) { world.flagFlippedAt = clock }
            return .timerFired(.poll)
        case .schedule(_, let timer):
            return .timerFired(timer)
        }
    }

    /// The last two minutes of p99, every 10 s: the world's series, with spikes and no-traffic gaps.
    private mutating func latency(until to: Date) -> [LatencySample] {
        let recovery = [world.rolledBackAt, world.flagFlippedAt].compactMap { $0?.addingTimeInterval(world.recoversAfter) }.min() ?? .distantFuture
        return stride(from: -120.0, through: 0, by: 10).map { offset in
            let at = to.addingTimeInterval(offset)
            if random.chance(0.04) { return LatencySample(at: at, seconds: random.pick([.nan, 0.5, 0.9])) }
            return LatencySample(at: at, seconds: at >= recovery ? world.p99Recovered : world.p99Bad)
        }
    }

    /// Argo CD runs a gate command, and sometimes things go wrong around it.
    private mutating func run(_ command: GateCommand) -> CommandResult {
        world.rollbackPhase = [OperationPhase.succeeded, .failed, .error, .running][random.weighted([7, 1, 1, 1])]
        world.podsFollowRollback = random.chance(0.8)
        switch random.weighted([70, 10, 8, 6, 6]) {
        case 0: return world.run(command.argv, at: clock)
        case 1:
            if random.chance(0.3) { _ = world.run(command.argv, at: clock) }  // it failed, yet it did something
            return CommandResult(argv: command.argv, exitCode: 1, stdout: "", stderr: "FATA[0001] rpc error: code = Unavailable")
        case 2: return world.run(command.argv, at: clock).withExitCode(random.chance(0.5) ? 0 : 20)
        case 3: return CommandResult(argv: command.argv, exitCode: nil, stdout: "", stderr: "", timedOut: true, seconds: 120)
        default: return CommandResult(argv: command.argv, exitCode: nil, stdout: "", stderr: "", launchError: "argocd not found on PATH")
        }
    }

    private mutating func changeTheWorld() {
        switch random.below(7) {
        case 0: world.app.autoSync = world.app.autoSync == nil ? Incident.autoSyncOn : nil
        case 5: world.app.operation = world.app.operation?.phase == .running ? nil : Self.stuckOperation
        case 1: if world.app.autoSync != nil || random.chance(0.5) { world.autoSyncReappliesHead(at: clock) }
        case 2: world.revert = random.chance(0.8) ? Incident.revert : nil
        case 3: world.pods = random.pick([Incident.pods(Incident.goodImage), Incident.pods(Incident.badImage),
                                          Incident.pods(Incident.goodImage, ready: false), []])
        case 4: world.p99Recovered = random.pick([0.21, 0.45, 0.8])
        default: world.recoversAfter = random.pick([0, 30, 400])
        }
    }

    /// A result nobody asked for (or asked for long ago).
    private mutating func stray() -> Event.Kind {
        switch random.below(5) {
        case 0: return .appRead(.ok(world.app))
        case 1:
            let step = random.pick(StepID.allCases)
            let code: Int32? = random.pick([0, 1, nil])
            return .gateFinished(step: step, result: CommandResult(argv: ["argocd", "app", "?"], exitCode: code, stdout: "", stderr: "",
                                                                   timedOut: code == nil))
        case 2: return .migrationsRead(.ok(random.pick([Incident.safeMigrations, Incident.unsafeMigrations])),
                                       from: random.pick(Incident.history).revision, to: Incident.bad)
        case 3: return .revertRead(.ok(random.pick([nil, Incident.revert])), of: Incident.bad)
        default: return .podsRead(.ok(world.pods))
        }
    }
}

extension CommandResult {
    func withExitCode(_ code: Int32) -> CommandResult {
        var copy = self
        copy.exitCode = code
        if code != 0, stderr.isEmpty { copy.stderr = "FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled" }
        return copy
    }
}
