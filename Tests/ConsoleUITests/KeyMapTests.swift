import Testing
import RunbookEngine
@testable import ConsoleUI

/// The keys, as the runbook needs them: one press per gate, nothing a stray key can set off.
@Suite struct KeyMapTests {
    let driver = Incident.driver

    func press(_ keys: [Key], _ state: ConsoleState, by driver: String = Incident.driver) -> (ConsoleState, [Event.Kind], Bool) {
        var state = state
        var events: [Event.Kind] = []
        var quit = false
        for key in keys {
            let outcome = handle(key, state, by: driver)
            state.view = outcome.view
            events += outcome.events
            quit = quit || outcome.quit
        }
        return (state, events, quit)
    }

    func typing(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test func yConfirmsTheGateShownWithItsExactArgv() {
        let state = Incident.atDisableAutoSync().console()
        let outcome = handle(.character("y"), state, by: driver)
        #expect(outcome.events == [.confirmed(step: .disableAutoSync,
                                              argv: ["argocd", "app", "set", "bookstore-catalog-us-east", "--sync-policy", "none"],
                                              by: driver)])
        #expect(!outcome.quit)
    }

    @Test func yOnAnEvidenceStepConfirmsWithAnEmptyArgv() {
        let outcome = handle(.character("y"), Incident.evidenceIn().console(), by: driver)
        #expect(outcome.events == [.confirmed(step: .preflight, argv: [], by: driver)])
    }

    @Test func yWithNoGateSaysSoAndEmitsNothing() {
        let outcome = handle(.character("y"), Incident.verifying().console(), by: driver)
        #expect(outcome.events.isEmpty)
        #expect(outcome.view.message == "Nothing to confirm yet.")
        let done = handle(.character("y"), Incident.complete().console(), by: driver)
        #expect(done.events.isEmpty)
        #expect(done.view.message == "The runbook is complete: nothing left to confirm. q quits.")
    }

    @Test func nDeclinesTheGateShown() {
        let outcome = handle(.character("n"), Incident.atDisableAutoSync().console(), by: driver)
        #expect(outcome.events == [.declined(step: .disableAutoSync, by: driver)])
    }

    @Test func readOnlyKeysEmitNothingAndSayWhoIsFollowed() {
        var view = ViewState()
        view.readOnly = "alice@laptop"
        view.focus = .history
        let hardStop = Incident.evidenceIn(report: Incident.unsafeReport).console(view)
        for state in [Incident.atDisableAutoSync().console(view), hardStop] {
            for key in [Key.character("y"), .character("n"), .character("r"), .character("o"), .enter] {
                let outcome = handle(key, state, by: "bob@desk")
                #expect(outcome.events.isEmpty, "\(key)")
                #expect(outcome.view.message == "read-only: following alice@laptop", "\(key)")
                #expect(outcome.view.overrideDialog == nil)
            }
        }
    }

    @Test func aFollowerMayStillMoveScrollAndReadHelp() {
        var view = ViewState()
        view.readOnly = "alice@laptop"
        let (state, events, _) = press([.tab, .character("?")], Incident.atDisableAutoSync().console(view))
        #expect(events.isEmpty)
        #expect(state.view.focus == .output)
        #expect(state.view.showHelp)
    }

    @Test func theOverrideDialogOpensOnlyAtAHardStop() {
        let normal = handle(.character("o"), Incident.atDisableAutoSync().console(), by: driver)
        #expect(normal.view.overrideDialog == nil)
        #expect(normal.events.isEmpty)
        let stopped = handle(.character("o"), Incident.evidenceIn(report: Incident.unsafeReport).console(), by: driver)
        #expect(stopped.view.overrideDialog == OverrideDialog())
    }

    @Test func theOverrideDialogSwallowsStrayKeysAndEmitsOnlyAfterNameAndReason() {
        let incident = Incident.evidenceIn(report: Incident.unsafeReport)
        var (state, events, quit) = press([.character("o")], incident.console())
        // Stray keys: they type, they never confirm, quit, refresh or move.
        (state, events, quit) = press([.character("y"), .character("q"), .character("n"), .character("r"), .tab,
                                       .character("?"), .enter], state)
        #expect(events.isEmpty)
        #expect(!quit)
        #expect(state.view.overrideDialog?.stage == .typingApp)
        #expect(state.view.overrideDialog?.problem != nil)
        #expect(!state.view.showHelp)
        #expect(state.view.focus == .runbook)
        // Clear what was typed, type the name exactly.
        (state, events, _) = press(Array(repeating: .backspace, count: 10) + typing(Incident.app) + [.enter], state)
        #expect(events.isEmpty)
        #expect(state.view.overrideDialog?.stage == .typingReason)
        // An empty reason is not a reason.
        (state, events, _) = press([.character(" "), .enter], state)
        #expect(events.isEmpty)
        #expect(state.view.overrideDialog?.problem != nil)
        (state, events, _) = press(typing("IC decision: isbn10 already unused") + [.enter], state)
        #expect(events == [.overrode(typedApp: Incident.app, reason: "IC decision: isbn10 already unused", by: driver)])
        #expect(state.view.overrideDialog == nil)

        // The reducer takes it: the hard stop is lifted, journaled with the reason.
        var runbook = incident.state
        _ = Runbook.reduce(&runbook, Event(at: incident.clock, events[0]))
        #expect(runbook.hardStop == nil)
        #expect(runbook.override?.reason == "IC decision: isbn10 already unused")
    }

    @Test func aWrongAppNameKeepsTheDialogOnTheName() {
        let state = Incident.evidenceIn(report: Incident.unsafeReport).console()
        let (after, events, _) = press([.character("o")] + typing("bookstore-catalog-us-west") + [.enter], state)
        #expect(events.isEmpty)
        #expect(after.view.overrideDialog?.stage == .typingApp)
        #expect(after.view.overrideDialog?.problem?.contains("bookstore-catalog-us-east") == true)
    }

    @Test func escapeCancelsTheOverride() {
        let state = Incident.evidenceIn(report: Incident.unsafeReport).console()
        let (after, events, _) = press([.character("o")] + typing(Incident.app) + [.enter, .character("w"), .escape], state)
        #expect(events.isEmpty)
        #expect(after.view.overrideDialog == nil)
    }

    @Test func qAsksFirstWhileTheIncidentIsInProgress() {
        let state = Incident.atDisableAutoSync().console()
        var (after, events, quit) = press([.character("q")], state)
        #expect(!quit)
        #expect(after.view.quitPending)
        // While the question is shown, nothing else does anything.
        (after, events, quit) = press([.character("r"), .tab, .character("o"), .character("?"), .enter], after)
        #expect(events.isEmpty)
        #expect(!quit)
        #expect(after.view.quitPending)
        #expect(after.view.focus == .runbook)
        #expect(!after.view.showHelp)
        (after, _, quit) = press([.character("n")], after)
        #expect(!quit)
        #expect(!after.view.quitPending)
        (after, events, quit) = press([.character("q"), .character("y")], after)
        #expect(quit)
        #expect(events.isEmpty, "y answers the question, it does not confirm the gate")
    }

    @Test func qQuitsAtOnceWhenTheRunbookIsComplete() {
        let outcome = handle(.character("q"), Incident.complete().console(), by: driver)
        #expect(outcome.quit)
        let empty = handle(.character("q"), ConsoleState(runbook: RunbookState()), by: driver)
        #expect(empty.quit)
    }

    @Test func tabVisitsEveryPaneAndShiftTabGoesBack() {
        var state = Incident.atDisableAutoSync().console()
        var seen: [Pane] = []
        for _ in Pane.allCases {
            state.view = handle(.tab, state, by: driver).view
            seen.append(state.view.focus)
        }
        #expect(Set(seen) == Set(Pane.allCases))
        #expect(state.view.focus == .runbook)
        state.view = handle(.backTab, state, by: driver).view
        #expect(state.view.focus == .latency)
    }

    @Test func enterOnAHistoryRowChoosesItAsTheRollbackTarget() {
        var view = ViewState()
        view.focus = .history
        let state = Incident.atDisableAutoSync().console(view)
        // Newest first, the cursor starts on the proposed last-known-good (41): j moves to 40.
        let (asked, none40, _) = press([.character("j"), .enter], state)
        #expect(asked.view.selectedHistoryID == HistoryID(40))
        #expect(none40.isEmpty, "Enter asks first")
        #expect(asked.view.targetQuestion == HistoryID(40))
        let bar = render(asked, size: Size(width: 160, height: 48), glyphs: .unicode)
        #expect(bar.lines.contains { $0.contains("Roll back to history 40 (9e8d7c6) instead of history 41 (a1b2c3d)?") })
        #expect(bar.shownGate == nil, "the question takes the bar: 3a cannot be confirmed under it")
        let (kept, declined, _) = press([.character("n")], asked)
        #expect(declined.isEmpty && kept.view.targetQuestion == nil)
        #expect(kept.view.message == "Rollback target unchanged: history 41 (a1b2c3d).")
        let (after, events, _) = press([.character("y")], asked)
        #expect(after.view.targetQuestion == nil)
        #expect(events == [.choseLastKnownGood(HistoryID(40), by: driver)])
        let (_, again, _) = press([.enter], state)
        #expect(again.isEmpty, "41 is already the target")
        let (bad, none, _) = press([.character("k"), .enter], state)
        #expect(none.isEmpty, "42 is the bad deploy")
        #expect(bad.view.message?.contains("cannot be the rollback target") == true)
    }

    /// From the top (the Output log, pinned to its bottom, has its own tests in OutputScrollTests).
    @Test func arrowsScrollTheFocusedPaneWithinItsContent() {
        var view = ViewState()
        view.focus = .application
        let state = Incident.verifying().console(view)
        let (down, _, _) = press([.down, .down], state)
        #expect(down.view.scrollOffset(.application) == 2)
        let (end, _, _) = press([.end], state)
        let last = end.view.scrollOffset(.application)
        let (beyond, _, _) = press([.end, .down, .pageDown], state)
        #expect(beyond.view.scrollOffset(.application) == last)
        let (home, _, _) = press([.end, .home], state)
        #expect(home.view.scrollOffset(.application) == 0)
        let (up, _, _) = press([.up, .character("k")], state)
        #expect(up.view.scrollOffset(.application) == 0)
    }

    @Test func helpTogglesAndKeepsGateKeysAway() {
        let state = Incident.atDisableAutoSync().console()
        var (after, events, _) = press([.character("?")], state)
        #expect(after.view.showHelp)
        (after, events, _) = press([.character("y")], after)
        #expect(events.isEmpty)
        #expect(after.view.showHelp)
        (after, _, _) = press([.character("?")], after)
        #expect(!after.view.showHelp)
    }

    @Test func rRequestsARefresh() {
        let outcome = handle(.character("r"), Incident.verifying().console(), by: driver)
        #expect(outcome.events == [.refreshRequested(by: driver)])
    }

    @Test func resizeChangesNothing() {
        var view = ViewState()
        view.message = "kept"
        let state = Incident.atDisableAutoSync().console(view)
        let outcome = handle(.resize, state, by: driver)
        #expect(outcome == KeyOutcome(view: state.view))
    }
}
