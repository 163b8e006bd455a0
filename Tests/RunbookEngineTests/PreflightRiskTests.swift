import Foundation
import RunbookEngine
import Testing

/// Pre-flight says what would stop or undo the rollback before any gate (issue 18): a parent that puts
/// auto-sync back (said again on 3a's gate), and an operation already running.
@Suite struct PreflightRiskTests {
    static func check(_ walk: Walk, _ title: String) throws -> PreflightCheck {
        try #require(walk.state.preflightChecks.first { $0.title == title })
    }

    @Test(arguments: [
        (AppParent(kind: .application, name: "platform-apps", seenIn: "the argocd.argoproj.io/tracking-id annotation"),
         "First: argocd app set platform-apps --sync-policy none"),
        (AppParent(kind: .applicationSet, name: "catalog-regions", seenIn: "ownerReferences"),
         "ignoreApplicationDifferences with jsonPointers [/spec/syncPolicy] to ApplicationSet catalog-regions"),
    ])
    func aParentIsSaidAtPreflightAndAgainOnThreeAsGate(parent: AppParent, fix: String) throws {
        var world = World()
        world.app.parent = parent
        let walk = Walk.at(.preflight, world)
        #expect(walk.state.gateStep == .preflight)
        let check = try Self.check(walk, "no parent app")
        #expect(!check.passed)
        #expect(check.detail.contains(parent.name) && check.detail.contains(parent.seenIn) && check.detail.contains(fix), "\(check.detail)")
        let atThreeA = Walk.at(.disableAutoSync, world)
        #expect(atThreeA.state.gateStep == .disableAutoSync)
        #expect(atThreeA.state.parentWarning?.contains(fix) == true)
    }

    @Test func noParentPassesAndSaysNothingAtThreeA() throws {
        let walk = Walk.at(.disableAutoSync)
        #expect(try Self.check(Walk.at(.preflight), "no parent app").passed)
        #expect(walk.state.parentWarning == nil)
    }

    @Test func theParentsFixCarriesThePinnedContext() throws {
        var world = World()
        world.app.parent = AppParent(kind: .application, name: "root", seenIn: "the app.kubernetes.io/instance label")
        var config = Incident.config
        config.argocdContext = "prod-argocd"
        let walk = Walk.at(.preflight, world, config: config)
        #expect(walk.state.parentWarning?.contains("argocd --argocd-context prod-argocd app set root --sync-policy none") == true)
    }

    @Test func aHostileParentNameIsPrintedInert() throws {
        var world = World()
        world.app.parent = AppParent(kind: .applicationSet, name: "evil\u{1b}]52;c;aGk=\u{07}\nset", seenIn: "ownerReferences")
        let warning = try #require(Walk.at(.preflight, world).state.parentWarning)
        #expect(!warning.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }, "\(warning.debugDescription)")
    }

    @Test(arguments: [
        (OperationPhase.running, false, "a rollback would be refused while it runs"),
        (.terminating, false, "Argo CD is terminating it"),
        (.succeeded, true, "last operation Succeeded"),
        (.failed, true, "last operation Failed"),
    ])
    func anOperationInTheWayIsSaidWithItsPhaseAndStart(phase: OperationPhase, passes: Bool, text: String) throws {
        var world = World()
        world.app.operation = OperationState(phase: phase, message: "waiting for healthy state of apps/Deployment/catalog",
                                             syncRevision: Incident.h42.revision, startedAt: Incident.start.addingTimeInterval(-600))
        let check = try Self.check(Walk.at(.preflight, world), "no op running")
        #expect(check.passed == passes)
        #expect(check.detail.contains(text), "\(check.detail)")
        if !passes { #expect(check.detail.contains("since ") && check.detail.contains("waiting for healthy state")) }
    }
}

/// The terminate-op branch: offered before the rollback while an operation Argo CD runs would make it
/// refuse the rollback; its command is shown and run like every gate's, and judged from a fresh read.
@Suite struct TerminateOperationTests {
    static func stuckWorld() -> World {
        var world = World()
        world.app.operation = OperationState(phase: .running, message: "waiting for completion of hook batch/Job/catalog-migrate",
                                             syncRevision: Incident.h42.revision, startedAt: Incident.start.addingTimeInterval(-900))
        return world
    }

    @Test func aStuckOperationIsTerminatedBeforeTheRollbackCanOpen() throws {
        var walk = Walk.at(.terminateOp, Self.stuckWorld())
        #expect(walk.state.gateStep == .terminateOp)
        #expect(walk.state.gateCommand(for: .terminateOp)?.argv == ["argocd", "app", "terminate-op", Incident.app])
        #expect(!walk.state.isSettled(.terminateOp))
        // The gate in front is the terminate: a y for 3a now is not taken.
        walk.confirm(.disableAutoSync)
        #expect(!walk.state.status(.disableAutoSync).isFinished)
        #expect(walk.state.gateStep == .terminateOp)
        walk.confirm(.terminateOp)
        #expect(walk.state.status(.terminateOp).isDone, "\(walk.state.status(.terminateOp))")
        #expect(walk.state.steps[.terminateOp]?.detail?.contains("Operation terminated") == true)
        #expect(walk.world.app.operation?.phase == .failed)
        walk.confirm(.disableAutoSync)
        #expect(walk.state.gateStep == .rollback)
    }

    @Test func withNoOperationRunningTheBranchIsNeitherShownNorWaitedFor() {
        let walk = Walk.at(.rollback)
        #expect(!walk.state.isShown(.terminateOp))
        #expect(walk.state.gateStep == .rollback)
        #expect(!walk.gates.contains { $0.step == .terminateOp })
    }

    @Test func declinedItIsSkippedAndTheRollbackIsStillOffered() {
        var walk = Walk.at(.terminateOp, Self.stuckWorld())
        walk.send(.declined(step: .terminateOp, by: Incident.driver))
        walk.settle()
        #expect(walk.state.status(.terminateOp).isFinished)
        walk.confirm(.disableAutoSync)
        walk.settle()
        #expect(walk.state.gateStep == .rollback)
    }

    @Test func anOperationThatEndsOnItsOwnTakesTheBranchAway() {
        var walk = Walk.at(.terminateOp, Self.stuckWorld())
        #expect(walk.state.gateStep == .terminateOp)
        walk.world.app.operation?.phase = .succeeded
        walk.poll(for: 10)
        #expect(walk.state.gateStep == .disableAutoSync)
        #expect(walk.state.isSettled(.terminateOp))
    }

    @Test func aTerminateStillTerminatingStaysRunningUntilArgoCDFailsTheOperation() {
        var world = Self.stuckWorld()
        world.terminateEndsAt = Incident.start
        var walk = Walk.at(.terminateOp, world)
        walk.confirm(.terminateOp)
        walk.settle()
        #expect(walk.state.status(.terminateOp).isRunning, "\(walk.state.status(.terminateOp))")
        #expect(walk.state.gateStep != .rollback)
        walk.world.app.operation?.phase = .failed
        walk.poll(for: 10)
        #expect(walk.state.status(.terminateOp).isDone)
    }
}

private extension StepStatus {
    var isDone: Bool { if case .done = self { true } else { false } }
}

/// History depth (issue 18): Argo CD rolls back only to an entry it keeps (`revisionHistoryLimit`); a
/// target it pruned is reached by syncing to its revision, behind the same gate.
@Suite struct HistoryDepthTests {
    static func shortHistory() -> World {
        var world = World()
        world.app.history = [Incident.h41, Incident.h42]
        world.app.historyLimit = 2
        return world
    }

    @Test func aTargetThatIsTheOldestKeptEntryIsAWarningAtPreflight() throws {
        let check = try #require(Walk.at(.preflight, Self.shortHistory()).state.preflightChecks.first { $0.title == "target in history" })
        #expect(!check.passed && check.explainsFailure)
        #expect(check.detail.contains("history 41 is the oldest of the 2 entries Argo CD keeps"), "\(check.detail)")
        let roomy = try #require(Walk.at(.preflight).state.preflightChecks.first { $0.title == "target in history" })
        #expect(roomy.passed && roomy.detail == "history 41 is kept (5 of 10)", "\(roomy.detail)")
    }

    @Test func aTargetPrunedAfterAFalseStartIsSyncedToByRevision() throws {
        var walk = Walk.rolledBack(Self.shortHistory())
        #expect(walk.gates.last?.argv == ["argocd", "app", "rollback", Incident.app, "41"])
        // HEAD is synced again (the false start): with a limit of 2, history 41 is pruned.
        walk.world.autoSyncReappliesHead(at: walk.clock)
        walk.poll(for: 10)
        #expect(!walk.state.app.value!.history.contains { $0.id == HistoryID(41) })
        #expect(walk.state.gateStep == .rollback, "\(walk.state.status(.rollback))")
        #expect(!walk.state.targetInHistory)
        #expect(walk.state.rollbackBySyncReason?.contains("history 41 is no longer in Argo CD's history (it keeps 2") == true)
        let sync = ["argocd", "app", "sync", Incident.app, "--revision", Incident.h41.revision.rawValue]
        #expect(walk.state.gateCommand(for: .rollback)?.argv == sync)
        walk.confirm(.rollback)
        #expect(walk.gates.last?.argv == sync)
        #expect(walk.state.status(.rollback).isFinished, "\(walk.state.status(.rollback))")
        #expect(walk.state.rollbackAttempts == 2, "the sync is counted as a rollback")
    }

    @Test func aMultiSourceTargetIsSyncedSourceBySource() throws {
        var world = Self.shortHistory()
        let sources = [HistorySource(repoURL: "https://github.com/acme/bookstore-platform.git", path: "apps/catalog", revision: Incident.h41.revision),
                       HistorySource(repoURL: "https://charts.example.com/stable", chart: "catalog", revision: Revision("1.4.1"))]
        world.app.history[0].sources = sources
        var walk = Walk.rolledBack(world)
        walk.world.autoSyncReappliesHead(at: walk.clock)
        walk.poll(for: 10)
        #expect(walk.state.gateCommand(for: .rollback)?.argv == ["argocd", "app", "sync", Incident.app,
                                                                 "--revisions", Incident.h41.revision.rawValue, "--source-positions", "1",
                                                                 "--revisions", "1.4.1", "--source-positions", "2"])
    }

    @Test func aRevisionThatReadsAsAFlagIsNeverSyncedTo() throws {
        var world = Self.shortHistory()
        world.app.history[0].revision = Revision("--server=evil.example.com")
        var walk = Walk.rolledBack(world)
        walk.world.autoSyncReappliesHead(at: walk.clock)
        walk.poll(for: 10)
        let before = walk.gates.count
        walk.confirm(.rollback)
        #expect(walk.gates.count == before, "nothing ran")
    }
}
