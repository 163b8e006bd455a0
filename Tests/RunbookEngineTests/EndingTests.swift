import Foundation
import Testing
@testable import RunbookEngine

/// Every way an incident ends, through `reduce`: each ending is a gate confirmed with `y`, each leads
/// to Step 4 and Step 5 in its own words, and none runs a command it should not.
@Suite("Endings: hand-off, no rollback, kill switch, escalate, abandoned")
struct EndingTests {
    /// `y` on whatever gate is open until Step 5 is done or nothing is left to confirm; the revert lands
    /// when 3d waits for it. Returns the status message and the postmortem the walk produced.
    static func confirmAll(_ walk: inout Walk, limit: Int = 30) -> (message: String?, postmortem: String?) {
        var message: String?, postmortem: String?
        for _ in 0..<limit where !walk.state.isComplete {
            if case .waiting = walk.state.status(.enableAutoSync), walk.state.gateStep == nil { walk.revertLands(); continue }
            guard let gate = walk.state.gateStep else { walk.poll(for: 10); continue }
            for effect in walk.confirm(gate) {
                if case .communicate(let text) = effect { message = text }
                if case .writePostmortem(let text) = effect { postmortem = text }
            }
        }
        return (message, postmortem)
    }

    static func commandsRun(_ walk: Walk) -> [String] { walk.gates.map(\.commandLine) }

    @Test func anUnsafeStep0EndsInAHandOffThatRunsNothing() {
        var world = World()
        world.migrations = .ok(Incident.unsafeMigrations)
        var walk = Walk(world)
        walk.confirm(.preflight)
        #expect(walk.state.hardStop != nil)
        #expect(walk.state.gateStep == .handOff)
        let (message, postmortem) = Self.confirmAll(&walk)
        #expect(walk.state.ending == .handOff)
        #expect(walk.state.isComplete)
        #expect(Self.commandsRun(walk).isEmpty, "a hand-off runs no command")
        for step: StepID in [.check, .diagnose, .disableAutoSync, .rollback, .verify, .enableAutoSync] {
            #expect(walk.state.status(step) == .skipped("not needed: handed off to the data-rollback runbook"), "\(step.label)")
        }
        #expect(message?.contains("data-rollback-postgres-pitr.md") == true)
        #expect(message?.contains("No rollback was done") == true)
        #expect(postmortem?.contains("Ending: handed off to the data-rollback runbook.") == true)
        #expect(postmortem?.contains("No rollback was run.") == true)
    }

    @Test func overridingTheHardStopWithdrawsTheHandOff() {
        var world = World()
        world.migrations = .ok(Incident.unsafeMigrations)
        var walk = Walk(world)
        walk.confirm(.preflight)
        #expect(walk.state.status(.handOff) == .awaitingConfirmation)
        walk.send(.overrode(typedApp: Incident.app, reason: "isbn10 unread since March", by: Incident.driver))
        #expect(walk.state.status(.handOff) == .locked)
        #expect(!walk.state.isShown(.handOff))
        #expect(walk.state.gateStep == .schema)
    }

    @Test func anAlertBeforeTheDeployOffersNoRollbackAndNoCommandRuns() {
        var world = World()
        world.alertStart = Incident.h42.deployedAt.addingTimeInterval(-600)
        var walk = Walk(world)
        walk.confirm(.preflight)
        walk.confirm(.schema)
        #expect(walk.state.deployTiming == .alertBefore(seconds: 600))
        #expect(walk.state.gateStep == .noRollback)
        #expect(walk.state.status(.check) == .locked)
        let (message, postmortem) = Self.confirmAll(&walk)
        #expect(walk.state.ending == .noRollback)
        #expect(walk.state.isComplete)
        #expect(Self.commandsRun(walk).isEmpty)
        #expect(message?.contains("did not cause it") == true && message?.contains("No rollback was done") == true)
        #expect(postmortem?.contains("Ending: no rollback: the deploy did not cause this.") == true)
    }

    @Test func decliningNoRollbackGoesOnToStep1() {
        var world = World()
        world.alertStart = Incident.h42.deployedAt.addingTimeInterval(3 * 3600)
        var walk = Walk(world)
        walk.confirm(.preflight)
        walk.confirm(.schema)
        #expect(walk.state.gateStep == .noRollback)
        walk.send(.declined(step: .noRollback, by: Incident.driver))
        #expect(walk.state.status(.noRollback) == .skipped("declined by oncall@laptop: going on as if the deploy caused it"))
        #expect(walk.state.gateStep == .check)
        #expect(walk.state.isShown(.noRollback))
    }

    @Test func anAlertSoonAfterTheDeployOffersNoBranch() {
        var walk = Walk.at(.check)
        #expect(walk.state.deployTiming == .alertAfter(seconds: 207))
        #expect(walk.state.gateStep == .check)
        #expect(!walk.state.isShown(.noRollback))
        walk.confirm(.check)
        #expect(walk.state.status(.noRollback) == .locked, "once Step 1 is done the branch is gone")
    }

    @Test func aConfigOnlyChangeOffersTheKillSwitchAndItsWatchEndsTheIncident() {
        var world = World()
        world.diagnosis = Incident.configOnlyChange
        var walk = Walk.at(.killSwitch, world)
        #expect(walk.state.gateStep == .killSwitch)
        #expect(walk.state.status(.disableAutoSync) == .locked)
        walk.world.flagFlippedAt = walk.clock
        walk.confirm(.killSwitch)
        #expect(walk.state.status(.killSwitch).isRunning)
        walk.poll(for: 120)
        #expect(walk.state.status(.killSwitch).detail?.contains("✓ held below 0.50 s for 60 s") == true, "\(walk.state.status(.killSwitch))")
        #expect(walk.state.ending == .killSwitch)
        #expect(walk.state.status(.disableAutoSync) == .skipped("not needed: mitigated by the feature-flag kill switch"))
        let (message, postmortem) = Self.confirmAll(&walk)
        #expect(walk.state.isComplete)
        #expect(Self.commandsRun(walk).isEmpty, "the kill switch runs no argocd command")
        #expect(message?.contains("Mitigated by disabling the feature flag") == true)
        #expect(message?.contains("apps/catalog/config/flags.yaml") == true)
        #expect(postmortem?.contains("Ending: mitigated by the feature-flag kill switch.") == true)
    }

    @Test func aKillSwitchThatDoesNotHelpFallsBackToTheRollback() {
        var world = World()
        world.diagnosis = Incident.configOnlyChange
        world.flagCures = false
        var walk = Walk.at(.killSwitch, world)
        walk.confirm(.killSwitch)  // the flag is flipped, but p99 stays up
        walk.poll(for: Incident.config.verifyTimeoutSeconds)
        walk.send(.timerFired(.killSwitchTimeout))
        #expect(walk.state.status(.killSwitch).detail?.contains("rolling back instead") == true, "\(walk.state.status(.killSwitch))")
        #expect(walk.state.chosenEnding == nil)
        #expect(walk.state.gateStep == .disableAutoSync)
    }

    @Test func aTimerFromBeforeTheFlipCannotEndTheWatchEarly() {
        var world = World()
        world.diagnosis = Incident.configOnlyChange
        var walk = Walk.at(.killSwitch, world)
        walk.confirm(.killSwitch)
        walk.send(.timerFired(.killSwitchTimeout))
        #expect(walk.state.status(.killSwitch).isRunning)
    }

    @Test func decliningTheKillSwitchTakesTheRollbackPath() {
        var world = World()
        world.diagnosis = Incident.configOnlyChange
        var walk = Walk.at(.killSwitch, world)
        walk.send(.declined(step: .killSwitch, by: Incident.driver))
        #expect(walk.state.gateStep == .disableAutoSync)
    }

    @Test func a3cThatNeverHoldsOffersEscalationThatKeepsAutoSyncOffInPlainWords() {
        var world = World()
        world.p99Recovered = 0.9  // the rollback went through, p99 stays up
        var walk = Walk.rolledBack(world)
        walk.poll(for: Incident.config.verifyTimeoutSeconds)
        walk.send(.timerFired(.verifyTimeout))
        #expect(walk.state.status(.verify).isFailed)
        #expect(walk.state.gateStep == .escalate)
        walk.confirm(.escalate)
        #expect(walk.state.ending == .escalate)
        // 3d stays open in the background: auto-sync was turned off by 3a.
        #expect(walk.state.status(.enableAutoSync).isWaiting)
        let effects = walk.confirm(.communicate)
        guard case .communicate(let message) = effects.first else { Issue.record("no message: \(effects)"); return }
        #expect(message.contains("did not bring it back") && message.contains("Escalated"))
        #expect(message.contains("auto-sync on bookstore-catalog-us-east is still OFF"))
        #expect(walk.state.gateStep == nil, "Step 5 waits for 3d")
        walk.send(.deferred(step: .enableAutoSync, reason: "", by: Incident.driver))
        #expect(walk.state.status(.enableAutoSync).isWaiting, "no deferral without a reason")
        walk.send(.deferred(step: .enableAutoSync, reason: "the owner decides after the root cause", by: Incident.driver))
        #expect(walk.state.status(.enableAutoSync) == .skipped("deferred by oncall@laptop: the owner decides after the root cause"))
        let (_, postmortem) = Self.confirmAll(&walk)
        #expect(walk.state.isComplete)
        #expect(postmortem?.contains("Ending: escalated.") == true)
        #expect(postmortem?.contains("3d deferred by oncall@laptop") == true)
        #expect(Self.commandsRun(walk).count == 2, "3a and 3b, nothing after the escalation: \(Self.commandsRun(walk))")
    }

    @Test func decliningEscalationWatches3cAgain() {
        var world = World()
        world.p99Recovered = 0.9
        var walk = Walk.rolledBack(world)
        walk.poll(for: Incident.config.verifyTimeoutSeconds)
        walk.send(.timerFired(.verifyTimeout))
        walk.send(.declined(step: .escalate, by: Incident.driver))
        #expect(walk.state.status(.verify).isWaiting)
        #expect(walk.state.status(.escalate) == .locked)
        #expect(walk.state.verifyStartedAt == walk.clock)
    }

    @Test func aRollbackOperationThatFailsTwiceOffersEscalation() {
        var world = World()
        world.rollbackPhase = .failed
        var walk = Walk.at(.rollback, world)
        walk.confirm(.rollback)
        #expect(walk.state.gateStep == .rollback, "the first failure's gate is the retry")
        walk.confirm(.rollback)
        #expect(walk.state.gateStep == .escalate)
        walk.send(.declined(step: .escalate, by: Incident.driver))
        #expect(walk.state.gateStep == .rollback)
        walk.confirm(.rollback)
        #expect(walk.state.gateStep == .escalate, "retrying put escalation on offer again")
    }

    /// With `--argocd-context` pinned the journal holds `argocd --argocd-context NAME app rollback …`:
    /// those attempts count too, or a rollback that fails twice would never offer escalation.
    @Test(arguments: [nil, "prod-argocd"] as [String?])
    func aPinnedRollbackThatFailsTwiceOffersEscalation(argocdContext: String?) {
        var world = World()
        world.rollbackPhase = .failed
        var config = Incident.config
        config.argocdContext = argocdContext
        var walk = Walk.at(.rollback, world, config: config)
        walk.confirm(.rollback)
        walk.confirm(.rollback)
        let pinned = argocdContext.map { ["argocd", "--argocd-context", $0] } ?? ["argocd"]
        #expect(walk.gates.filter { $0.step == .rollback }.map(\.argv) == Array(repeating: pinned + ["app", "rollback", Incident.app, "41"], count: 2))
        #expect(walk.state.rollbackAttempts == 2)
        #expect(walk.state.rollbackDidNotWork)
        #expect(walk.state.gateStep == .escalate)
    }

    @Test(arguments: [
        (["argocd", "--argocd-context", "prod", "app", "rollback", "catalog", "41"], true),
        (["argocd", "app", "rollback", "catalog", "41"], true),
        (["argocd", "--argocd-context", "prod", "app", "set", "catalog", "--sync-policy", "none"], false),
        (["argocd", "--argocd-context"], false),
        (["kubectl", "--context", "prod", "argo", "rollouts", "abort", "catalog"], false),
    ])
    func aRollbackIsCountedWhateverContextItNames(argv: [String], isRollback: Bool) {
        var state = RunbookState()
        state.commands = [CommandResult(argv: argv, exitCode: 0, stdout: "", stderr: "")]
        #expect(state.rollbackAttempts == (isRollback ? 1 : 0))
        #expect(state.commands[0].runs(["argocd", "app", "rollback"]) == isRollback)
    }

    @Test func quittingMidIncidentIsAnAbandonedEndingUntilResumed() {
        var walk = Walk.at(.rollback)
        walk.send(.stopped(reason: "quit by oncall@laptop"))
        #expect(walk.state.ending == .abandoned)
        #expect(walk.state.stoppedAt == .rollback)
        let message = Messages.statusUpdate(walk.state)
        #expect(message.contains("left at Step 3b"))
        #expect(message.contains("still OFF"), "auto-sync is off since 3a: the hand-over must say so")
        #expect(Messages.postmortem(walk.state).contains("Ending: abandoned at Step 3b."))
        walk.send(.resumed(by: Incident.driver))
        #expect(walk.state.ending == nil)
    }

    @Test(arguments: [StepID.communicate, .postmortem, .enableAutoSync])
    func nothingAfterTheEndingOpensBeforeIt(step: StepID) {
        var walk = Walk.at(.rollback)
        #expect(walk.state.chosenEnding == nil)
        walk.confirm(step, argv: walk.state.argv(step))
        #expect(!walk.state.status(step).isFinished)
        #expect(walk.gates.allSatisfy { $0.step != .enableAutoSync })
    }
}

