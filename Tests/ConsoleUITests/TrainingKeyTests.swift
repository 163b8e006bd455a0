import Testing
import RunbookEngine
@testable import ConsoleUI

/// `train`'s layer: `h` is a hint there and nothing anywhere else; the debrief holds the screen until left.
@Suite struct TrainingKeyTests {
    static let training = TrainingView(drill: "auto-sync-footgun", hints: [.disableAutoSync: "Watch for auto-sync coming back."], hintCost: 10)

    static let sheet = DebriefSheet(drill: "auto-sync-footgun", intended: "roll back to the last known good and walk the runbook",
                                    ending: "rolled back and walked the runbook to Step 5", metIntent: true,
                                    decision: "y on Step 3b Roll back at 11:24:10", lesson: nil, timings: [], noRollback: false,
                                    mistakes: [], mistakeCost: 20, hints: [.rollback, .verify], hintCost: 10, score: 80)

    static func drill(_ incident: Incident) -> ConsoleState {
        var state = incident.console()
        state.view.training = training
        return state
    }

    @Test func hOutsideTrainDoesNothing() {
        let state = Incident.atDisableAutoSync().console()
        let outcome = handle(.character("h"), state, by: Incident.driver)
        #expect(outcome.events.isEmpty)
        #expect(!outcome.quit)
        #expect(outcome.view == state.view)
    }

    @Test func hInTrainShowsTheHintForTheGateAndJournalsIt() {
        let outcome = handle(.character("h"), Self.drill(.atDisableAutoSync()), by: Incident.driver)
        #expect(outcome.events == [.hintShown(step: .disableAutoSync, by: Incident.driver)])
        #expect(outcome.view.training?.hint == TrainingView.Hint(step: .disableAutoSync, text: "Watch for auto-sync coming back."))
        var after = Self.drill(.atDisableAutoSync())
        after.view = outcome.view
        let next = handle(.tab, after, by: Incident.driver)
        #expect(next.view.training?.hint == nil)
    }

    @Test func aFollowerCannotSpendTheTraineesHints() {
        var state = Self.drill(.atDisableAutoSync())
        state.view.readOnly = "trainee@laptop"
        #expect(handle(.character("h"), state, by: "watcher@desk").events.isEmpty)
    }

    @Test(arguments: [Key.character("q"), .enter, .escape])
    func theDebriefIsLeftWith(_ key: Key) {
        var state = Self.drill(.atDisableAutoSync())
        state.view.training?.debrief = Self.sheet
        #expect(handle(key, state, by: Incident.driver).quit)
    }

    @Test func noGateCanBeConfirmedUnderTheDebrief() {
        var state = Self.drill(.atDisableAutoSync())
        state.view.training?.debrief = Self.sheet
        let outcome = handle(.character("y"), state, by: Incident.driver)
        #expect(outcome.events.isEmpty)
        #expect(!outcome.quit)
    }

    @Test func theHintAndTheDebriefAreDrawn() {
        var state = Self.drill(.atDisableAutoSync())
        state.view.training?.hint = TrainingView.Hint(step: .disableAutoSync, text: "Watch for auto-sync coming back.")
        var text = render(state, size: Size(width: 100, height: 30), glyphs: .unicode).lines.joined(separator: "\n")
        #expect(text.contains("Hint: Step 3a Disable auto-sync  (-10 points)"))
        #expect(text.contains("Watch for auto-sync coming back."))
        state.view.training?.debrief = Self.sheet
        text = render(state, size: Size(width: 100, height: 30), glyphs: .unicode).lines.joined(separator: "\n")
        #expect(text.contains("Debrief: auto-sync-footgun"))
        #expect(text.contains("Score: 80/100"))
    }
}
