import Foundation
import Testing
@testable import RunbookEngine

extension RunbookState {
    var shownStepsForTest: [StepID] { StepID.allCases.filter { isShown($0) } }
}

@Suite("A whole walk")
struct CompletionTests {
    @Test func aFullWalkCompletesTheRunbook() {
        var walk = Walk()
        walk.walkToTheEnd()
        let complete = walk.state.isComplete
        #expect(complete)
        // Every step of the straight line finished; the branches were never offered, so never shown.
        for step in StepID.allCases where walk.state.isShown(step) { #expect(walk.state.status(step).isFinished, "\(step.label): \(walk.state.status(step))") }
        #expect(walk.state.shownStepsForTest == [.preflight, .schema, .check, .diagnose, .disableAutoSync, .rollback, .verify, .enableAutoSync, .communicate, .postmortem])
        #expect(walk.state.ending == .rolledBack)
        #expect(walk.state.app.value?.current == HistoryEntry(id: HistoryID(43), revision: Incident.good, deployedAt: walk.state.finishedAt[.rollback]!.addingTimeInterval(-2)))
    }

    @Test func onceCompleteTheEvidenceIsReadEveryMinuteNotEveryPoll() {
        var walk = Walk()
        let during = Runbook.reduced(walk.state, Event(at: walk.state.now + 10, .timerFired(.poll))).1
        #expect(during.contains(.schedule(after: Incident.config.pollSeconds, .poll)))
        walk.walkToTheEnd()
        let after = Runbook.reduced(walk.state, Event(at: walk.state.now + 10, .timerFired(.poll))).1
        #expect(after.contains(.schedule(after: Runbook.pollSecondsWhenComplete, .poll)), "\(after)")
        #expect(after.contains { if case .read(.latency) = $0 { true } else { false } }, "the chart stays live")
    }

    @Test func theThreeCommandsRunOnceEachInRunbookOrder() {
        var walk = Walk()
        walk.walkToTheEnd()
        #expect(walk.gates.map(\.argv) == [
            ["argocd", "app", "set", Incident.app, "--sync-policy", "none"],
            ["argocd", "app", "rollback", Incident.app, "41"],
            ["argocd", "app", "set", Incident.app, "--sync-policy", "automated", "--auto-prune", "--self-heal"],
        ])
    }

    @Test func stepsFinishInRunbookOrderExceptStep4MayPass3d() {
        var walk = Walk()
        walk.walkToTheEnd()
        let order = StepID.allCases.filter { walk.state.finishedAt[$0] != nil }.sorted { walk.state.finishedAt[$0]! < walk.state.finishedAt[$1]! }
        #expect(order == [.preflight, .schema, .check, .diagnose, .disableAutoSync, .rollback, .verify, .communicate, .enableAutoSync, .postmortem])
    }

    @Test func step4HandsOverTheStatusMessageNamingBothRevisions() {
        var walk = Walk.at(.communicate)
        let effects = walk.confirm(.communicate)
        guard case .communicate(let message) = effects.first else { Issue.record("no status message: \(effects)"); return }
        #expect(message.contains("d8f3c2a") && message.contains("a1b2c3d") && message.contains("#bookstore-platform-status"))
        #expect(walk.state.status(.communicate) == .done("status message ready in /tmp/incident/status-update.txt"))
    }

    @Test func step5WritesThePostmortemWithTheCommandsAndActionItems() {
        var walk = Walk.at(.postmortem)
        let effects = walk.confirm(.postmortem)
        guard case .writePostmortem(let markdown) = effects.first else { Issue.record("no postmortem: \(effects)"); return }
        #expect(markdown.contains("argocd app rollback bookstore-catalog-us-east 41"))
        // Auto-sync was on and 3a turned it off as it should: the footgun never bit.
        #expect(markdown.contains("Auto-sync footgun: not met."))
        let complete = walk.state.isComplete
        #expect(complete)
    }

    @Test func theAutoSyncFootgunIsMetOnlyWhenItBit() {
        var walk = Walk.at(.rollback)
        walk.world.app.autoSync = Incident.autoSyncOn  // a parent turned it back on
        walk.poll(for: 10)
        #expect(walk.state.notes.contains { $0.kind == .autoSyncBack })
        #expect(Messages.postmortem(walk.state).contains("Auto-sync footgun met in this incident"))
    }

    @Test(arguments: [StepID.communicate, .postmortem])
    func aFileStepThatFailedCanBeRetried(step: StepID) {
        var walk = Walk.at(step)
        walk.send(.confirmed(step: step, argv: [], by: Incident.driver))
        let failure = PortError(.failed, "cannot write /tmp/incident: read-only file system")
        walk.send(step == .communicate ? .communicated(.failed(failure)) : .postmortemWritten(.failed(failure)))
        #expect(walk.state.status(step) == .failed("cannot write /tmp/incident: read-only file system"))
        let retryable = walk.state.isConfirmable(step)
        #expect(retryable, "a failed \(step.label) can be tried again at once")
        #expect(walk.state.gateStep == step)
        walk.outbox.removeAll()
        walk.confirm(step)
        #expect(walk.state.status(step).isFinished)
    }

    @Test func step5WaitsFor3dEvenAfterStep4IsDone() {
        var walk = Walk.at(.communicate)
        walk.confirm(.communicate)
        #expect(walk.state.status(.enableAutoSync).isWaiting)
        #expect(walk.state.status(.postmortem) == .locked)
        walk.poll(for: 60)
        #expect(walk.state.status(.postmortem) == .locked, "Step 5 waits for 3d as well as Step 4")
        let complete = walk.state.isComplete
        #expect(!complete)
    }
}
