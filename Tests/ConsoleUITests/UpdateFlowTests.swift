import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// Issue 13: what the shell used to decide, decided by the pure `update`: a drill's quit shows its
/// debrief first, a complete drill ends in its debrief, a follower hears the driver left, a key's
/// answer about one gate goes when another is in play, and a reason being typed takes every `y`.
@Suite struct UpdateFlowTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func drill(_ incident: Incident) -> ConsoleState {
        var view = ViewState()
        view.training = TrainingView(drill: "false-alarm", hints: [:], hintCost: 10)
        return incident.console(view)
    }

    @Test func quittingADrillShowsItsDebriefFirst() {
        var state = drill(Incident.evidenceIn())
        state.view = update(state, .key(.character("q")), now: now, by: Incident.driver).view
        let answer = update(state, .key(.character("y")), now: now, by: Incident.driver)
        #expect(answer.showDebrief)
        #expect(!answer.quit)
    }

    @Test func quittingOutsideADrillQuits() {
        var state = Incident.evidenceIn().console()
        state.view = update(state, .key(.character("q")), now: now, by: Incident.driver).view
        let answer = update(state, .key(.character("y")), now: now, by: Incident.driver)
        #expect(answer.quit && !answer.showDebrief)
    }

    @Test func aCompleteDrillEndsInItsDebrief() {
        let state = drill(Incident.complete())
        let last = Event(at: now, .postmortemWritten(.ok("/tmp/postmortem.md")))
        #expect(update(state, .reduced(last, gateBefore: .postmortem), now: now, by: Incident.driver).showDebrief)
        #expect(!update(drill(Incident.verifying()), .reduced(last, gateBefore: nil), now: now, by: Incident.driver).showDebrief)
    }

    @Test func aFollowerHearsTheDriverLeft() {
        var view = ViewState()
        view.readOnly = ""
        let state = Incident.verifying().console(view)
        let outcome = update(state, .reduced(Event(at: Incident.t0, .stopped(reason: "quit")), gateBefore: nil), now: now, by: "bob@host")
        #expect(outcome.view.message == "\(Incident.driver) left at 14:34:00 UTC")
    }

    @Test func aKeysAnswerGoesWhenAnotherGateIsInPlay() {
        var state = Incident.verifying().console()
        state.view = update(state, .key(.character("y")), now: now, by: Incident.driver).view
        let said = state.view.message
        #expect(said != nil)
        let same = update(state, .reduced(Event(at: now, .timerFired(.poll)), gateBefore: state.runbook.gateStep), now: now, by: Incident.driver)
        #expect(same.view.message == said, "the same gate: the answer stays")
        let moved = update(state, .reduced(Event(at: now, .timerFired(.poll)), gateBefore: .preflight), now: now, by: Incident.driver)
        #expect(moved.view.message == nil, "another gate: the answer about the old one goes")
    }

    @Test func aYTypedIntoTheDeferReasonIsTypedNotRefused() {
        var state = Incident.escalated().console()
        state.view = update(state, .key(.character("D")), now: now, by: Incident.driver).view
        state.view = update(state, .key(.character("y")), now: now, by: Incident.driver).view
        #expect(state.view.deferReason == "y")
    }
}
