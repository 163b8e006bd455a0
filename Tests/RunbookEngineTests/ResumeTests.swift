import Foundation
@testable import Storage
import Testing
@testable import RunbookEngine

/// After a crash: what was running is re-checked from fresh evidence before anything else.
@Suite("Resuming after a crash")
struct ResumeTests {
    /// The driver pressed y on 3b, the rollback command was sent, and the console died before its result.
    static func diedDuringRollback(_ world: World = World()) -> Walk {
        var walk = Walk.at(.rollback, world)
        walk.press(.rollback)
        return walk
    }

    @Test func aCommandRunningWhenTheConsoleDiedIsOutcomeUnknownAfterResume() {
        var walk = Self.diedDuringRollback()
        guard case .running = walk.state.status(.rollback) else { Issue.record("3b is not running"); return }
        walk.send(.resumed(by: "pair@other"))
        #expect(walk.state.status(.rollback) == .outcomeUnknown)
        #expect(walk.state.status(.rollback).detail == "outcome unknown — re-check")
        #expect(walk.lastNote?.contains("outcome unknown") == true)
    }

    @Test func resumeReReadsTheEvidenceAtOnce() {
        var walk = Self.diedDuringRollback()
        let effects = walk.send(.resumed(by: Incident.driver))
        #expect(effects.contains { if case .read(.app) = $0 { true } else { false } })
    }

    @Test func nothingCanBeConfirmedWhileAnOutcomeIsUnknown() {
        let walk = Self.diedDuringRollback()
        let replay = walk.journal
        var resumed = RunbookState()
        for event in replay { _ = Runbook.reduce(&resumed, event) }
        _ = Runbook.reduce(&resumed, Event(at: walk.clock + 1, .resumed(by: Incident.driver)))
        for step in StepID.allCases {
            #expect(!resumed.isConfirmable(step), "\(step.label) is confirmable before the rollback is re-checked")
        }
        // A y that arrives anyway runs nothing.
        let argv = ["argocd", "app", "rollback", Incident.app, "41"]
        let effects = Runbook.reduce(&resumed, Event(at: walk.clock + 2, .confirmed(step: .rollback, argv: argv, by: Incident.driver)))
        #expect(effects.allSatisfy { $0.mutation == nil })
    }

    @Test func aRollbackThatHappenedIsFoundDoneByTheReCheck() {
        var walk = Self.diedDuringRollback()
        // Argo CD did the rollback; only the console never heard.
        walk.world.app = Incident.application(autoSync: nil, history: Incident.history + [HistoryEntry(id: HistoryID(43), revision: Incident.good, deployedAt: walk.clock)],
                                              operation: OperationState(phase: .succeeded, message: "rolled back", syncRevision: Incident.good))
        walk.outbox.removeAll()
        walk.send(.resumed(by: Incident.driver))
        walk.settle()
        #expect(walk.state.status(.rollback).isFinished)
        #expect(walk.gates.filter { $0.step == .rollback }.count == 1, "the rollback is not run twice")
    }

    @Test func aRollbackThatNeverReachedArgoCDOpensItsGateAgain() {
        var walk = Self.diedDuringRollback()
        walk.outbox.removeAll()
        walk.send(.resumed(by: Incident.driver))
        walk.settle()
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        #expect(walk.state.isConfirmable(.rollback))
    }

    @Test func aConfirmationJournaledBeforeTheCrashIsStillHonoured() throws {
        // The journal on disk: everything up to the rollback's confirmation, fsync'd, then the kill.
        var walk = Self.diedDuringRollback()
        let path = try JournalTests.written(walk.journal)
        let contents = try JournalReader.read(path: path)
        let state = Runbook.replay(contents.events)
        #expect(contents.events.contains { if case .confirmed(.rollback, _, _) = $0.kind { true } else { false } })
        #expect(state.status(.disableAutoSync).isFinished)
        guard case .running = state.status(.rollback) else { Issue.record("3b is not running after replay"); return }
        walk.outbox.removeAll()
        walk.send(.resumed(by: Incident.driver))
        #expect(walk.state.status(.disableAutoSync).isFinished, "a step done before the crash stays done")
    }

    @Test func aResumedJournalWithATornLastLineReplaysWhatWasWhole() throws {
        let walk = Self.diedDuringRollback()
        let path = try JournalTests.written(walk.journal)
        try JournalTailTests.append(Data(#"{"v":1,"seq":"#.utf8), to: path)
        let contents = try JournalReader.read(path: path)
        #expect(contents.repairNote != nil)
        #expect(contents.events == walk.journal)
    }
}
