import Foundation
import Testing
@testable import RunbookEngine

/// Issue 16: 3a's alternative in the runbook — pin targetRevision to the good SHA instead of disabling
/// auto-sync; 3d then restores the targetRevision read before 3a.
@Suite("Step 3a's pin of targetRevision, and 3d's restore")
struct TargetRevisionPinTests {
    static let pinArgv = ["argocd", "app", "set", Incident.app, "--revision", Incident.good.rawValue]

    static func world(tracking original: String = "main") -> World {
        var world = World()
        world.app.targetRevisions = [original]
        return world
    }

    /// A walk at 3a's gate with the pin chosen.
    static func pinned(tracking original: String = "main") -> Walk {
        var walk = Walk.at(.disableAutoSync, world(tracking: original))
        walk.send(.autoSyncGuardChosen(.pin, by: Incident.driver))
        return walk
    }

    @Test(arguments: [nil, "prod-argocd"] as [String?])
    func tSwitches3aToThePinCommandWithThePinnedContext(_ context: String?) {
        var config = Incident.config
        config.argocdContext = context
        var walk = Walk.at(.disableAutoSync, Self.world(), config: config)
        let pinned = context.map { ["argocd", "--argocd-context", $0] } ?? ["argocd"]
        #expect(walk.state.argv(.disableAutoSync) == pinned + ["app", "set", Incident.app, "--sync-policy", "none"])
        walk.send(.autoSyncGuardChosen(.pin, by: Incident.driver))
        #expect(walk.state.argv(.disableAutoSync) == pinned + Array(Self.pinArgv.dropFirst()))
        #expect(walk.state.pinGateNote?.contains("Pins targetRevision to a1b2c3d (history 41)") == true)
        walk.send(.autoSyncGuardChosen(.disable, by: Incident.driver))
        #expect(walk.state.argv(.disableAutoSync) == pinned + ["app", "set", Incident.app, "--sync-policy", "none"])
        #expect(walk.state.pin == nil, "choosing runs nothing and records no pin")
    }

    @Test func thePinIsJudgedByAFreshReadAndAutoSyncStaysOn() {
        var walk = Self.pinned()
        walk.press(.disableAutoSync)
        #expect(walk.state.pin == TargetPin(original: "main", revision: Incident.good))
        walk.send(.gateFinished(step: .disableAutoSync, result: CommandResult(argv: Self.pinArgv, exitCode: 0, stdout: "", stderr: "")))
        #expect(walk.state.status(.disableAutoSync) == .running("checking that targetRevision is pinned to a1b2c3d"))
        walk.send(.appRead(.ok(walk.world.app)))  // the fake Argo CD was not told: still "main"
        #expect(walk.state.status(.disableAutoSync).isRunning)
        #expect(walk.state.status(.rollback) == .locked)
        walk.world.app.targetRevisions = [Incident.good.rawValue]
        walk.send(.appRead(.ok(walk.world.app)))
        #expect(walk.state.status(.disableAutoSync) == .done("targetRevision pinned to a1b2c3d (was main); auto-sync stays automated + prune + selfHeal and syncs to the pin"))
        #expect(walk.state.autoSyncBefore == nil, "auto-sync was never turned off")
        walk.settle()
        // Argo CD refuses a rollback while auto-sync is on: 3b syncs the app to its pin.
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        #expect(walk.state.argv(.rollback) == ["argocd", "app", "sync", Incident.app])
    }

    @Test func thePinnedPathRollsBackVerifiesAndRestoresTheOriginalTargetRevision() {
        var walk = Self.pinned()
        walk.confirmEverything(before: .enableAutoSync)
        #expect(walk.state.status(.rollback).isFinished)
        #expect(walk.state.status(.verify).isFinished)
        walk.revertLands()
        #expect(walk.state.status(.enableAutoSync) == .awaitingConfirmation)
        #expect(walk.state.argv(.enableAutoSync) == ["argocd", "app", "set", Incident.app, "--revision", "main"])
        walk.confirm(.enableAutoSync)
        #expect(walk.state.status(.enableAutoSync) == .done("targetRevision is main again: the pin to a1b2c3d is removed (auto-sync automated + prune + selfHeal)"))
        #expect(walk.gates.map(\.argv) == [Self.pinArgv, ["argocd", "app", "sync", Incident.app],
                                            ["argocd", "app", "set", Incident.app, "--revision", "main"]])
    }

    /// What 3d sets back is what 3a read: unset means HEAD to Argo CD, and is restored as HEAD.
    @Test(arguments: [("main", "main"), ("HEAD", "HEAD"), ("", "HEAD"), ("v1.4.2", "v1.4.2")])
    func threeDRestoresWhat3aRead(_ original: String, _ restored: String) {
        var walk = Self.pinned(tracking: original)
        walk.confirmEverything(before: .enableAutoSync)
        walk.revertLands()
        #expect(walk.state.argv(.enableAutoSync).suffix(2) == ["--revision", restored])
        walk.confirm(.enableAutoSync)
        #expect(walk.state.status(.enableAutoSync).isFinished)
        #expect(walk.world.app.targetRevisions == [restored])
    }

    @Test func restoringIsRefusedBeforeTheRevertAndJudgedByARead() {
        var walk = Self.pinned()
        walk.confirmEverything(before: .enableAutoSync)
        #expect(walk.state.status(.enableAutoSync).isWaiting)
        walk.revertLands()
        walk.press(.enableAutoSync)
        walk.send(.gateFinished(step: .enableAutoSync, result: CommandResult(argv: walk.state.argv(.enableAutoSync), exitCode: 0, stdout: "", stderr: "")))
        #expect(walk.state.status(.enableAutoSync) == .running("checking that targetRevision is main again"))
        walk.send(.appRead(.ok(walk.world.app)))  // still pinned: not restored, and not "lost" either
        #expect(walk.state.status(.enableAutoSync).isRunning)
        #expect(!walk.state.notes.contains { $0.kind == .pinLost })
    }

    /// Several sources, an unread targetRevision, a revision that reads as a flag: refused, with why, and 3a stays as it was.
    @Test(arguments: [
        (["main", "v2"] as [String]?, "a1b2c3d", "2 sources (spec.sources)"),
        (nil, "a1b2c3d", "targetRevision was not read"),
        (["main"], "-rf", "cannot be pinned by name"),
        (["--evil"], "a1b2c3d", "reads as a flag"),
    ])
    func thePinIsRefusedWithTheReason(_ revisions: [String]?, _ targetRevision: String, _ reason: String) {
        var world = World()
        world.app.targetRevisions = revisions
        world.app.history = [Incident.h38, Incident.h39, Incident.h40,
                             HistoryEntry(id: Incident.h41.id, revision: Revision(targetRevision), deployedAt: Incident.h41.deployedAt), Incident.h42]
        var walk = Walk.at(.disableAutoSync, world)
        #expect(walk.state.pinRefusal?.contains(reason) == true, "\(walk.state.pinRefusal ?? "nil")")
        walk.send(.autoSyncGuardChosen(.pin, by: Incident.driver))
        #expect(walk.state.autoSyncGuardMode == .disable)
        #expect(walk.lastNote?.contains(reason) == true)
        #expect(walk.state.argv(.disableAutoSync).suffix(2) == ["--sync-policy", "none"])
    }

    @Test func theChoiceIsTakenOnlyWhile3aWaitsForItsFirstConfirmation() {
        var early = Walk.at(.diagnose, Self.world())
        early.send(.autoSyncGuardChosen(.pin, by: Incident.driver))
        #expect(early.state.autoSyncGuardChosen == nil)
        var walk = Walk.at(.rollback, Self.world())
        walk.send(.autoSyncGuardChosen(.pin, by: Incident.driver))
        #expect(walk.state.autoSyncGuardChosen == nil)
        #expect(walk.state.pin == nil)
        #expect(walk.lastNote?.hasPrefix("t switches Step 3a") == true)
    }

    @Test func aPinUndoneBehindOurBackFails3aAndHolds3b() {
        var walk = Self.pinned()
        walk.confirm(.disableAutoSync)
        #expect(walk.state.status(.disableAutoSync).isFinished)
        walk.world.app.targetRevisions = ["HEAD"]  // a parent app re-applied the spec
        walk.poll(for: 10)
        #expect(walk.state.status(.disableAutoSync).isFailed)
        #expect(walk.state.notes.contains { $0.kind == .pinLost })
        #expect(!walk.state.rollbackGuarded)
        #expect(walk.send(.confirmed(step: .rollback, argv: ["argocd", "app", "sync", Incident.app], by: Incident.driver)).isEmpty)
        #expect(walk.state.argv(.disableAutoSync) == Self.pinArgv, "the retry pins again")
    }

    @Test func anotherTargetAfterThePinMustBePinnedAgain() {
        var walk = Self.pinned()
        walk.confirm(.disableAutoSync)
        walk.send(.choseLastKnownGood(Incident.h40.id, by: Incident.driver))
        walk.settle()
        #expect(!walk.state.rollbackGuarded)
        #expect(walk.state.argv(.disableAutoSync).last == Incident.h40.revision.rawValue)
        walk.confirmEverything(before: .rollback)
        #expect(walk.state.pin == TargetPin(original: "main", revision: Incident.h40.revision), "the original stays the one read first")
        #expect(walk.state.rollbackGuarded)
    }

    @Test func deferring3dSaysTheAppStaysPinned() {
        var walk = Self.pinned()
        walk.confirmEverything(before: .enableAutoSync)
        walk.send(.deferred(step: .enableAutoSync, reason: "owner decides", by: Incident.driver))
        #expect(walk.state.status(.enableAutoSync).isFinished)
        #expect(walk.lastNote == "3d deferred by \(Incident.driver): \(Incident.app) stays pinned to a1b2c3d (targetRevision; was main) until someone restores it (owner decides).")
    }

    @Test func anEscalationSaysThePinStaysNotAutoSync() {
        var world = Self.world()
        world.p99Recovered = 1.3  // the rollback does not help
        var walk = Walk.at(.disableAutoSync, world)
        walk.send(.autoSyncGuardChosen(.pin, by: Incident.driver))
        walk.confirmEverything(before: .verify)
        walk.send(.timerFired(.verifyTimeout), after: Incident.config.verifyTimeoutSeconds)
        walk.settle()
        walk.confirm(.escalate)
        let message = Messages.statusUpdate(walk.state)
        #expect(message.contains("is still pinned to a1b2c3d since Step 3a (targetRevision)"), "\(message)")
        #expect(!message.contains("auto-sync"))
        let postmortem = Messages.postmortem(walk.state)
        #expect(postmortem.contains("targetRevision was left pinned to a1b2c3d (Step 3a) and must be set back to main"))
        #expect(!postmortem.contains("Auto-sync was left OFF"))
    }

    @Test func theChoiceIsJournaledAndOldJournalsStillDecode() throws {
        let event = Event(at: Incident.start, .autoSyncGuardChosen(.pin, by: Incident.driver))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(event), as: UTF8.self)
        #expect(json.contains(#"{"autoSyncGuardChosen":{"_0":"pin","by":"#))
        #expect(try JSONDecoder().decode(Event.self, from: Data(json.utf8)) == event)
        // An Application read before targetRevision was: decodes with none, and offers no pin.
        let old = try JSONDecoder().decode(Application.self, from: try encoder.encode(Incident.application()))
        #expect(old.targetRevisions == nil)
        let replayed = Runbook.replay(Walk.at(.disableAutoSync).journal)
        #expect(replayed.pinRefusal != nil)
        // A journal that took the pin path replays to the same state.
        var walk = Self.pinned()
        walk.confirmEverything(before: .enableAutoSync)
        #expect(Runbook.replay(walk.journal) == walk.state)
    }
}
