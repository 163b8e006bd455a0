import Foundation
import Testing
@testable import RunbookEngine

@Suite("Steps 3a and 3d: auto-sync off, and on again")
struct AutoSyncTests {
    @Test func disablingAutoSyncRunsTheExactCommandShown() {
        var walk = Walk.at(.disableAutoSync)
        let effects = walk.confirm(.disableAutoSync)
        #expect(effects == [.runGate(GateCommand(step: .disableAutoSync, argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "none"]))])
        #expect(walk.state.autoSyncBefore == Incident.autoSyncOn)
        #expect(walk.state.status(.disableAutoSync) == .done("auto-sync is off (was automated + prune + selfHeal)"))
    }

    @Test func rollbackCannotBeConfirmedBeforeAutoSyncIsVerifiedOff() {
        var walk = Walk.at(.disableAutoSync)
        let rollback = walk.state.argv(.rollback)
        #expect(walk.send(.confirmed(step: .rollback, argv: rollback, by: Incident.driver)).isEmpty)
        #expect(walk.state.status(.rollback) == .locked)
        // 3a's command ran and exited 0, but nobody has looked yet: still not verified.
        walk.press(.disableAutoSync)
        walk.send(.gateFinished(step: .disableAutoSync, result: walk.world.run(walk.state.argv(.disableAutoSync), at: walk.clock)))
        #expect(walk.state.status(.disableAutoSync) == .running("checking that auto-sync is off"))
        #expect(walk.send(.confirmed(step: .rollback, argv: rollback, by: Incident.driver)).isEmpty)
        #expect(walk.gates.map(\.step) == [.disableAutoSync])
    }

    @Test func autoSyncOffIsJudgedByAFreshReadNotByTheExitCode() {
        var walk = Walk.at(.disableAutoSync)
        walk.press(.disableAutoSync)
        let effects = walk.send(.gateFinished(step: .disableAutoSync, result: CommandResult(argv: walk.state.argv(.disableAutoSync), exitCode: 0, stdout: "", stderr: "")))
        #expect(effects == [.read(.app(name: Incident.app))])
        walk.send(.appRead(.ok(Incident.application())))  // Argo CD still says automated
        #expect(walk.state.status(.disableAutoSync).isRunning)
        #expect(walk.state.status(.rollback) == .locked)
    }

    @Test func aStaleAppReadRequestedBeforeTheGateFinishedDoesNotConfirm3a() {
        var walk = Walk.at(.disableAutoSync)
        walk.send(.refreshRequested(by: Incident.driver))  // an app read goes out now…
        walk.press(.disableAutoSync)
        walk.send(.gateFinished(step: .disableAutoSync, result: walk.world.run(walk.state.argv(.disableAutoSync), at: walk.clock)))
        // …and lands after the command, already showing auto-sync off: it still proves nothing.
        let effects = walk.send(.appRead(.ok(walk.world.app)))
        #expect(walk.state.status(.disableAutoSync).isRunning)
        #expect(effects.contains(.read(.app(name: Incident.app))), "a fresh read is asked for")
        walk.outbox.removeAll()
        walk.send(.appRead(.ok(walk.world.app)))
        #expect(walk.state.status(.disableAutoSync).isFinished)
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
    }

    @Test func aFailedDisableCanBeRetried() {
        var walk = Walk.at(.disableAutoSync)
        walk.press(.disableAutoSync)
        walk.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
            argv: walk.state.argv(.disableAutoSync), exitCode: nil, stdout: "", stderr: "",
            launchError: "argocd not found on PATH — install the Argo CD CLI or pass --argocd PATH")))
        #expect(walk.state.status(.disableAutoSync) == .failed("argocd app set failed: argocd not found on PATH — install the Argo CD CLI or pass --argocd PATH"))
        walk.settle()
        #expect(walk.state.gateStep == .disableAutoSync)
        #expect(walk.confirm(.disableAutoSync).count == 1)
        #expect(walk.state.status(.disableAutoSync).isFinished)
    }

    @Test func autoSyncSwitchedBackOnAfter3aReopens3aAndBlocksTheRollback() {
        var walk = Walk.at(.rollback)
        walk.world.app.autoSync = Incident.autoSyncOn  // an app-of-apps parent re-applies the spec
        walk.poll(for: 10)
        #expect(walk.state.status(.disableAutoSync) == .failed("auto-sync was switched back on after Step 3a (an app-of-apps parent?) — disable it again"))
        #expect(walk.state.notes.map(\.text).contains("Auto-sync came back on after Step 3a: Argo CD would re-sync HEAD and undo the rollback."))
        #expect(walk.state.status(.rollback) == .locked)
        #expect(walk.confirm(.rollback).isEmpty)
        #expect(walk.state.gateStep == .disableAutoSync)
        walk.confirm(.disableAutoSync)
        #expect(walk.state.autoSyncBefore == Incident.autoSyncOn)
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        #expect(walk.gates.map(\.step) == [.disableAutoSync, .disableAutoSync])
    }

    @Test func step3aIsSkippedWhenAutoSyncWasAlreadyOffAndThen3dIsSkippedToo() {
        var world = World()
        world.app = Incident.application(autoSync: nil)
        var walk = Walk.at(.rollback, world)
        #expect(walk.state.status(.disableAutoSync) == .skipped("auto-sync was already off"))
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        walk.confirm(.rollback)
        walk.confirmEverything(before: .enableAutoSync)
        #expect(walk.state.status(.enableAutoSync) == .skipped("auto-sync was off before the incident"))
        walk.walkToTheEnd()
        #expect(walk.gates.map(\.step) == [.rollback])
        let complete = walk.state.isComplete
        #expect(complete)
    }

    @Test func reEnablingWaitsForTheRevertWhileStep4GoesAhead() {
        var walk = Walk.at(.communicate)
        #expect(walk.state.status(.enableAutoSync) == .waiting("waiting for a revert of d8f3c2a in the config repo"))
        #expect(walk.state.pendingGate == .communicate)
        #expect(walk.confirm(.enableAutoSync).isEmpty)
        walk.confirm(.communicate)
        #expect(walk.state.status(.communicate).isFinished)
        walk.revertLands()
        #expect(walk.state.notes.map(\.text).contains("The bad commit is reverted in the config repo by 7c0ffee."))
        #expect(walk.state.status(.enableAutoSync) == .awaitingConfirmation)
    }

    @Test func theRevertIsOnlyLookedForAfterTheRollback() {
        var walk = Walk.at(.rollback)
        walk.poll(for: 30)
        #expect(!walk.emitted.contains { if case .read(.revert) = $0 { true } else { false } })
        walk.confirm(.rollback)
        walk.poll(for: 10)
        #expect(walk.emitted.contains(.read(.revert(of: Incident.bad))))
    }

    @Test(arguments: [
        (AutoSync(prune: true, selfHeal: true), ["--auto-prune", "--self-heal"]),
        (AutoSync(prune: false, selfHeal: true), ["--self-heal"]),
        (AutoSync(prune: true, selfHeal: false), ["--auto-prune"]),
        (AutoSync(prune: false, selfHeal: false), []),
    ])
    func reEnablingRestoresPruneAndSelfHealAsTheyWere(before: AutoSync, flags: [String]) {
        var world = World()
        world.app.autoSync = before
        var walk = Walk.at(.enableAutoSync, world)
        let argv = ["argocd", "app", "set", Incident.app, "--sync-policy", "automated"] + flags
        #expect(walk.confirm(.enableAutoSync) == [.runGate(GateCommand(step: .enableAutoSync, argv: argv))])
        #expect(walk.world.app.autoSync == before)
        #expect(walk.state.status(.enableAutoSync) == .done("auto-sync is on again (\(Format.autoSync(before)))"))
    }

    /// Found by the gate-invariant property: a 3d made retryable by a result nobody asked for
    /// (a journal edited by hand, a runner bug) re-enabled auto-sync with no revert in git.
    @Test func reEnablingIsRefusedWhileNoRevertIsKnownEvenAsARetry() {
        var walk = Walk.at(.communicate)
        #expect(walk.state.revert.value == .some(nil), "the config repo was read: no revert yet")
        walk.send(.gateFinished(step: .enableAutoSync, result: CommandResult(argv: ["argocd", "app", "?"], exitCode: nil, stdout: "", stderr: "", timedOut: true)))
        walk.settle()
        #expect(walk.confirm(.enableAutoSync).isEmpty)
        #expect(walk.gates.map(\.step) == [.disableAutoSync, .rollback])
    }

    @Test func reEnablingIsJudgedByAFreshRead() {
        var walk = Walk.at(.enableAutoSync)
        walk.press(.enableAutoSync)
        walk.send(.gateFinished(step: .enableAutoSync, result: CommandResult(argv: walk.state.argv(.enableAutoSync), exitCode: 0, stdout: "", stderr: "")))
        walk.send(.appRead(.ok(walk.world.app)))  // still off
        #expect(walk.state.status(.enableAutoSync) == .running("checking that auto-sync is on"))
        #expect(walk.state.status(.disableAutoSync).isFinished, "3d running is not 'switched back on behind our back'")
    }
}
