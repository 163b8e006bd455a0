import Foundation
import Testing
@testable import RunbookEngine

@Suite("The rollback target")
struct LastKnownGoodTests {
    @Test func lastKnownGoodIsProposedAsTheEntryBeforeTheCurrentOne() {
        let walk = Walk()
        #expect(walk.state.lastKnownGood == Incident.h41)
        #expect(!walk.state.lastKnownGoodChosen)
        #expect(walk.state.argv(.rollback) == ["argocd", "app", "rollback", Incident.app, "41"])
    }

    @Test func anEarlierEntryOnTheSameRevisionIsNotProposed() {
        // 41 re-deployed d8f3c2a (a retried sync): the entry before it is the real last known good.
        var history = Incident.history
        history[3].revision = Incident.bad
        var world = World()
        world.app = Incident.application(history: history)
        let walk = Walk(world)
        #expect(walk.state.lastKnownGood == Incident.h40)
    }

    @Test func choosingAnotherEntryChangesTheRollbackCommand() {
        var walk = Walk.at(.rollback)
        let effects = walk.send(.choseLastKnownGood(HistoryID(40), by: Incident.driver))
        #expect(walk.state.lastKnownGood == Incident.h40)
        #expect(walk.state.lastKnownGoodChosen)
        #expect(walk.lastNote == "oncall@laptop chose history 40 (9e8d7c6) as the rollback target.")
        // Step 0 compares against the target: the diff is read again for the new range.
        #expect(effects.contains(.read(.migrations(from: Incident.h40.revision, to: Incident.bad, glob: Incident.config.migrationsGlob))))
        #expect(walk.state.status(.schema) == .ready)
        #expect(walk.state.status(.rollback) == .locked)
        walk.settle()
        #expect(walk.state.migrationsRange == [Incident.h40.revision, Incident.bad])
        walk.confirm(.schema)
        #expect(walk.state.pendingGate == .rollback)
        #expect(walk.state.argv(.rollback) == ["argocd", "app", "rollback", Incident.app, "40"])
        walk.confirm(.rollback)
        #expect(walk.gates.last?.argv == ["argocd", "app", "rollback", Incident.app, "40"])
        #expect(walk.state.status(.rollback) == .done("rolled back to 40 (9e8d7c6): operation Succeeded; OutOfSync against HEAD is expected after a rollback"))
    }

    @Test func aConfirmationNamingTheOldTargetRunsNothing() {
        var walk = Walk.at(.rollback)
        let shown = walk.state.argv(.rollback)
        walk.send(.choseLastKnownGood(HistoryID(40), by: Incident.driver))
        walk.settle()
        walk.confirm(.schema)
        let effects = walk.confirm(.rollback, argv: shown)
        #expect(effects.isEmpty)
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
    }

    @Test func aNewTargetWithAnUnsafeDiffStopsTheWalk() {
        var walk = Walk.at(.rollback)
        walk.world.migrations = .ok(Incident.unsafeMigrations)
        walk.send(.choseLastKnownGood(HistoryID(38), by: Incident.driver))
        walk.settle()
        #expect(walk.state.hardStop != nil)
        #expect(walk.state.status(.schema).isFailed)
        #expect(walk.confirm(.rollback).isEmpty)
    }

    @Test(arguments: [42, 43, 99, 7])
    func entriesNotOlderThanTheBadOneAreRefused(id: Int) {
        var walk = Walk.at(.rollback)
        let effects = walk.send(.choseLastKnownGood(HistoryID(id), by: Incident.driver))
        #expect(effects.isEmpty)
        #expect(walk.state.lastKnownGood == Incident.h41)
        #expect(walk.lastNote == "History \(id) cannot be the rollback target: pick an entry older than 42 on another revision.")
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
    }

    @Test func anOlderEntryOnTheBadRevisionIsRefused() {
        var history = Incident.history
        history[1].revision = Incident.bad  // 39 ran d8f3c2a too
        var world = World()
        world.app = Incident.application(history: history)
        var walk = Walk.at(.rollback, world)
        walk.send(.choseLastKnownGood(HistoryID(39), by: Incident.driver))
        #expect(walk.state.lastKnownGood == Incident.h41)
    }

    @Test func theTargetCannotChangeOnceTheRollbackRan() {
        var walk = Walk.at(.verify)
        walk.send(.choseLastKnownGood(HistoryID(40), by: Incident.driver))
        #expect(walk.state.lastKnownGood == Incident.h41)
        #expect(walk.lastNote == "The rollback target cannot change once the rollback has run.")
    }

    @Test(arguments: [
        [Incident.h42],
        [HistoryEntry(id: HistoryID(41), revision: Incident.bad, deployedAt: Incident.h41.deployedAt), Incident.h42],
    ])
    func aHistoryWithNoEarlierEntryBlocksTheRollback(history: [HistoryEntry]) {
        var world = World()
        world.app = Incident.application(history: history)
        var walk = Walk(world)
        #expect(walk.state.lastKnownGood == nil)
        #expect(walk.state.notes.map(\.text).contains("History has no entry before 42: there is nothing to roll back to."))
        #expect(walk.state.gateCommand(for: .rollback) == nil)
        #expect(walk.state.preflightChecks[1] == PreflightCheck(title: "last known good known", passed: false, detail: "no earlier entry"))
        // Without a target there is no Step 0 diff either: Pre-flight cannot be passed, nothing ever runs.
        #expect(walk.state.status(.preflight) == .ready)
        for step in StepID.allCases { walk.confirm(step) }
        #expect(walk.gates.isEmpty)
    }
}
