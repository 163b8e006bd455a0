import Foundation
import Testing
@testable import RunbookEngine

@Suite("Step 3b: the rollback")
struct RollbackTests {
    @Test func rollbackRunsTheExactCommandForTheLastKnownGood() {
        var walk = Walk.at(.rollback)
        let effects = walk.confirm(.rollback)
        #expect(effects == [.runGate(GateCommand(step: .rollback, argv: ["argocd", "app", "rollback", Incident.app, "41"]))])
    }

    @Test(arguments: [
        ["argocd", "app", "rollback", Incident.app, "40"],
        ["argocd", "app", "rollback", Incident.app, "41", "--prune"],
        ["argocd", "app", "rollback", "bookstore-catalog-eu-west", "41"],
        [],
        ["argocd", "app", "set", Incident.app, "--sync-policy", "none"],
    ])
    func aConfirmationWhoseArgvDiffersFromTheGateRunsNothing(argv: [String]) {
        var walk = Walk.at(.rollback)
        #expect(walk.confirm(.rollback, argv: argv).isEmpty)
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        #expect(walk.lastNote == "The confirmation for Step 3b did not match the command on screen — nothing ran.")
    }

    @Test func aConfirmationOf3aWithAnotherCommandRunsNothing() {
        var walk = Walk.at(.disableAutoSync)
        #expect(walk.confirm(.disableAutoSync, argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "automated"]).isEmpty)
        #expect(walk.state.autoSyncBefore == nil)
    }

    /// exit code, phase Argo CD reports, revision the operation synced → what Step 3b says.
    @Test(arguments: [
        (Int32(0), OperationPhase.succeeded, "a1b2c3d", "done"),
        (Int32(0), .failed, "a1b2c3d", "failed"),
        (Int32(0), .error, "a1b2c3d", "failed"),
        (Int32(0), .succeeded, "d8f3c2a", "failed"),
        (Int32(0), .running, "a1b2c3d", "running"),
        (Int32(0), .terminating, "a1b2c3d", "running"),
        (Int32(1), .succeeded, "a1b2c3d", "failed"),
    ])
    func theRollbackIsJudgedByPhaseAndRevisionNotTheExitCode(exit: Int32, phase: OperationPhase, synced: String, expected: String) {
        var walk = Walk.at(.rollback)
        walk.press(.rollback)
        let argv = walk.state.argv(.rollback)
        walk.send(.gateFinished(step: .rollback, result: CommandResult(argv: argv, exitCode: exit, stdout: "", stderr: exit == 0 ? "" : "FATA[0002] rollback failed")))
        var app = Incident.application(autoSync: nil, sync: .outOfSync,
                                       operation: OperationState(phase: phase, message: "one or more objects failed to apply", syncRevision: Revision(synced)))
        app.history.append(HistoryEntry(id: HistoryID(43), revision: Revision(synced), deployedAt: walk.clock))
        walk.send(.appRead(.ok(app)))
        #expect(walk.state.status(.rollback).word == expected, "\(walk.state.status(.rollback))")
    }

    @Test func exit0WithPhaseFailedFailsTheStepWithArgoCDsMessage() {
        var world = World()
        world.rollbackPhase = .failed
        var walk = Walk.at(.rollback, world)
        walk.confirm(.rollback)
        #expect(walk.state.commands.last?.exitCode == 0)
        #expect(walk.state.status(.rollback) == .failed("Argo CD reports the rollback Failed: one or more objects failed to apply"))
        #expect(walk.state.status(.verify) == .locked)
        #expect(walk.state.gateStep == .rollback, "a failed rollback can be tried again")
    }

    @Test func aRefusalBecauseAutoSyncIsOnIsShown() {
        var walk = Walk.at(.rollback)
        walk.world.app.autoSync = Incident.autoSyncOn  // switched back on, and we have not looked yet
        walk.confirm(.rollback)
        #expect(walk.state.status(.rollback) == .failed("argocd app rollback failed: FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled"))
        #expect(walk.state.notes.map(\.text).contains("Argo CD refused the rollback: auto-sync is on. Disable it (Step 3a) first."))
        // The re-read after the failure finds auto-sync on: 3a is open again, and 3b cannot go first.
        #expect(walk.state.status(.disableAutoSync).isFailed)
        #expect(walk.confirm(.rollback).isEmpty)
    }

    @Test func aRollbackThatTimedOutFailsTheStep() {
        var world = World()
        world.rollbackExitCode = nil
        var walk = Walk.at(.rollback, world)
        walk.confirm(.rollback)
        #expect(walk.state.status(.rollback) == .failed("argocd app rollback failed: timed out after 2 s"))
    }

    @Test func outOfSyncAfterTheRollbackIsExpectedNotAFailure() {
        var walk = Walk.at(.rollback)
        walk.confirm(.rollback)
        #expect(walk.state.app.value?.sync == .outOfSync)
        #expect(walk.state.status(.rollback) == .done("rolled back to 41 (a1b2c3d): operation Succeeded; OutOfSync against HEAD is expected after a rollback"))
        #expect(walk.state.notes.allSatisfy { $0.level == .info }, "nothing to warn about: \(walk.state.notes.map(\.text))")
    }

    @Test func aStaleAppReadDoesNotConfirmTheRollback() {
        var walk = Walk.at(.rollback)
        walk.send(.timerFired(.poll))  // reads go out…
        walk.outbox.removeAll()
        walk.press(.rollback)
        walk.send(.gateFinished(step: .rollback, result: walk.world.run(walk.state.argv(.rollback), at: walk.clock)))
        // …the old read lands already showing the rollback's operation: it was asked before the command finished.
        walk.send(.appRead(.ok(walk.world.app)))
        #expect(walk.state.status(.rollback).isRunning)
        walk.outbox.removeAll()
        walk.send(.appRead(.ok(walk.world.app)))
        #expect(walk.state.status(.rollback).isFinished)
    }

    /// Argo CD's controller picks a new operation up asynchronously: a read just after the rollback can still
    /// show the operation from before it (Succeeded, on the bad revision). That is no verdict on the rollback.
    @Test func aReadStillShowingTheOperationFromBeforeTheRollbackIsNoVerdict() {
        var walk = Walk.at(.rollback)
        let previous = OperationState(phase: .succeeded, message: "successfully synced (all tasks run)", syncRevision: Incident.bad,
                                      startedAt: Incident.start.addingTimeInterval(-700), finishedAt: Incident.start.addingTimeInterval(-690))
        var before = walk.state.app.value!
        before.operation = previous
        walk.send(.appRead(.ok(before)))
        walk.press(.rollback)
        let argv = walk.state.argv(.rollback)
        walk.send(.gateFinished(step: .rollback, result: CommandResult(argv: argv, exitCode: 0, stdout: "", stderr: "")))
        before.autoSync = nil
        walk.send(.appRead(.ok(before)), after: 5)
        #expect(walk.state.status(.rollback).isRunning, "\(walk.state.status(.rollback))")
        #expect(walk.state.status(.rollback).detail?.contains("waiting for Argo CD to report the rollback's operation") == true)
        // Two minutes on, still the old operation: that is a failure, said plainly.
        walk.send(.appRead(.ok(before)), after: 120)
        #expect(walk.state.status(.rollback) == .failed("Argo CD still shows the operation from before the rollback after 2 min — check argocd app get \(Incident.app)"))
    }

    @Test func theFalseStartIsNoted() {
        var walk = Walk.rolledBack()
        walk.world.autoSyncReappliesHead(at: walk.clock)
        walk.poll(for: 10)
        #expect(walk.state.notes.map(\.text).contains("False start: auto-sync re-applied d8f3c2a after the rollback to a1b2c3d. Disable auto-sync (3a) and roll back again."))
        #expect(walk.state.recovery.onGoodRevision == false)
        walk.poll(for: 30)
        #expect(walk.state.notes.filter { $0.text.hasPrefix("False start") }.count == 1, "said once")
    }

    @Test func anAppReadSentBeforeTheRollbackStartedCannotJudgeIt() {
        var walk = Walk.at(.rollback)
        let before = walk.state.app.value!
        walk.outbox.removeAll()
        walk.send(.timerFired(.poll))            // the poll's app read is on its way…
        #expect(walk.state.inFlight[.app] != nil)
        walk.press(.rollback)                    // …when the driver confirms the rollback
        walk.send(.appRead(.ok(before)))         // it answers with the operation from before the rollback
        #expect(walk.state.status(.rollback).isRunning, "a stale read must not fail the rollback: \(walk.state.status(.rollback))")
        #expect(walk.state.isConfirmable(.rollback) == false)
        #expect(walk.state.inFlight[.app] != nil, "a fresh read is asked for instead")
    }
}
