import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// Issue 19's first rule: a gate is confirmed only after a frame that showed its whole command (and its
/// Runbook row) has been on the terminal for the arm delay; a too-small terminal confirms nothing.
@Suite struct GateArmingTests {
    let driver = Incident.driver
    let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)
    static let argvNone = ["argocd", "app", "set", Incident.app, "--sync-policy", "none"]

    /// The console as the shell runs it: render at `size`, tell `update` the frame is on the terminal.
    func drawn(_ state: ConsoleState, _ size: Size, at now: Date) -> ConsoleState {
        let frame = render(state, size: size, glyphs: .unicode)
        var state = state
        state.view = update(state, .drawn(shownGate: frame.shownGate, size: size), now: now, by: driver).view
        return state
    }

    func key(_ key: Key, _ state: ConsoleState, at now: Date) -> KeyOutcome {
        update(state, .key(key), now: now, by: driver)
    }

    @Test(arguments: [Size(width: 50, height: 12), Size(width: 79, height: 24), Size(width: 80, height: 23)])
    func aTooSmallTerminalConfirmsNothingHoweverLongItWaits(size: Size) {
        for incident in [Incident.evidenceIn(), Incident.atDisableAutoSync()] {
            var state = drawn(incident.console(), size, at: t0)
            #expect(state.view.tooSmall)
            #expect(render(state, size: size, glyphs: .unicode).shownGate == nil)
            for press in 0..<5 {
                let outcome = key(.character("y"), state, at: t0.addingTimeInterval(Double(press + 1) * 10))
                #expect(outcome.events.isEmpty, "y at \(size) confirmed \(outcome.events)")
                #expect(outcome.view.message?.hasPrefix("Terminal too small: only q (quit) and ? (keys) work") == true)
                state.view = outcome.view
                state = drawn(state, size, at: t0.addingTimeInterval(Double(press + 1) * 10))
            }
            // The answer is on the too-small screen itself.
            let text = render(state, size: size, glyphs: .unicode).lines.joined(separator: "\n")
            #expect(text.contains("Terminal too small"))
            for other in [Key.character("n"), .character("r"), .enter, .tab, .character("o")] {
                #expect(key(other, state, at: t0.addingTimeInterval(60)).events.isEmpty, "\(other)")
            }
        }
    }

    @Test func atATooSmallTerminalQAsksAndYThenQuits() {
        let size = Size(width: 50, height: 12)
        var state = drawn(Incident.atDisableAutoSync().console(), size, at: t0)
        let asked = key(.character("q"), state, at: t0)
        #expect(asked.view.quitPending && !asked.quit)
        state.view = asked.view
        #expect(render(state, size: size, glyphs: .unicode).lines.joined().contains("Quit while the incident is in progress?"))
        let quit = key(.character("y"), state, at: t0)
        #expect(quit.quit && quit.events.isEmpty)
    }

    @Test func aMutatingGateArmsOnlyAfterItsFrameHasBeenOnScreenForTheDelay() {
        let size = Size(width: 160, height: 48)
        let state = drawn(Incident.atDisableAutoSync().console(), size, at: t0)
        #expect(state.view.gateOnScreen?.gate == ShownGate(step: .disableAutoSync, argv: Self.argvNone))
        let early = key(.character("y"), state, at: t0.addingTimeInterval(gateArmSeconds - 0.05))
        #expect(early.events.isEmpty)
        #expect(early.view.message?.hasPrefix("Read the command first") == true)
        let armed = key(.character("y"), state, at: t0.addingTimeInterval(gateArmSeconds))
        #expect(armed.events == [.confirmed(step: .disableAutoSync, argv: Self.argvNone, by: driver)])
    }

    @Test func aGateNeverDrawnCannotBeConfirmedEvenLongAfter() {
        let state = Incident.atDisableAutoSync().console()
        let outcome = key(.character("y"), state, at: t0.addingTimeInterval(3600))
        #expect(outcome.events.isEmpty)
        #expect(outcome.view.message == "Read the command first: Step 3a is not fully on screen yet — press y again once it is.")
        // An evidence step needs its frame too, but no delay once drawn.
        let evidence = Incident.evidenceIn().console()
        #expect(key(.character("y"), evidence, at: t0).events.isEmpty)
        let shown = drawn(evidence, Size(width: 80, height: 24), at: t0)
        #expect(key(.character("y"), shown, at: t0).events == [.confirmed(step: .preflight, argv: [], by: driver)])
    }

    @Test func aResizeReArmsTheGate() {
        var state = drawn(Incident.atDisableAutoSync().console(), Size(width: 160, height: 48), at: t0)
        state.view = key(.resize, state, at: t0.addingTimeInterval(5)).view
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(5)).events.isEmpty)
        state = drawn(state, Size(width: 80, height: 24), at: t0.addingTimeInterval(5))
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(5.3)).events.isEmpty)
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(5 + gateArmSeconds)).events.count == 1)
    }

    @Test func aFrameShrunkBelowTheMinimumDisarmsAndGrowingBackStartsTheWaitAgain() {
        var state = drawn(Incident.atDisableAutoSync().console(), Size(width: 160, height: 48), at: t0)
        state = drawn(state, Size(width: 50, height: 12), at: t0.addingTimeInterval(1))
        #expect(state.view.gateOnScreen == nil)
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(2)).events.isEmpty)
        state = drawn(state, Size(width: 160, height: 48), at: t0.addingTimeInterval(3))
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(3.1)).events.isEmpty)
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(3 + gateArmSeconds)).events.count == 1)
    }

    @Test func helpOverTheBarDisarmsTheGate() {
        var state = Incident.atDisableAutoSync().console()
        state.view.showHelp = true
        #expect(render(state, size: Size(width: 160, height: 48), glyphs: .unicode).shownGate == nil)
        state = drawn(state, Size(width: 160, height: 48), at: t0)
        state.view = key(.character("?"), state, at: t0.addingTimeInterval(1)).view
        #expect(!state.view.showHelp)
        // Help closed, but the frame without help has not been drawn yet.
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(5)).events.isEmpty)
    }

    @Test func aCommandThatChangedUnderTheSameStepMustBeShownAgain() {
        var state = drawn(Incident.atDisableAutoSync().console(), Size(width: 160, height: 48), at: t0)
        // What the terminal showed is not what `y` would run now.
        state.view.gateOnScreen?.gate.argv = ["argocd", "app", "set", "another-app", "--sync-policy", "none"]
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(10)).events.isEmpty)
    }

    @Test func aClockSteppedBackwardsStartsTheWaitAgain() {
        var state = drawn(Incident.atDisableAutoSync().console(), Size(width: 160, height: 48), at: t0)
        let back = key(.character("y"), state, at: t0.addingTimeInterval(-30))
        #expect(back.events.isEmpty && back.view.gateOnScreen == nil)
        state.view = back.view
        state = drawn(state, Size(width: 160, height: 48), at: t0.addingTimeInterval(-30))
        #expect(key(.character("y"), state, at: t0.addingTimeInterval(-30 + gateArmSeconds)).events.count == 1)
    }

    @Test func aRunbookRowScrolledOutOfViewIsNotShown() {
        // The hard stop's banner leaves the Runbook pane six rows at 80×24.
        var state = Incident.evidenceIn(report: Incident.unsafeReport).console()
        let size = Size(width: 80, height: 24)
        #expect(render(state, size: size, glyphs: .unicode).shownGate?.step == .preflight)
        // Scrolled to the bottom of a pane too short for the whole runbook: Pre-flight's row is above the window.
        state.view.scroll[.runbook] = 100
        let frame = render(state, size: size, glyphs: .unicode)
        #expect(!frame.lines.contains { $0.contains("Pre-flight") && $0.contains("awaiting y") }, "the test needs the row scrolled away")
        #expect(frame.shownGate == nil)
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 240, height: 70)])
    func everyGateOfTheRunbookIsShownWholeAtUsableSizes(size: Size) {
        var incident = Incident.evidenceIn()
        var seen: [StepID] = []
        while let gate = incident.state.gateStep, seen.count < 6 {
            let frame = render(incident.console(), size: size, glyphs: .unicode)
            #expect(frame.shownGate == ShownGate(step: gate, argv: incident.state.gateCommand(for: gate)?.argv ?? []), "\(gate) at \(size)")
            if let command = incident.state.gateCommand(for: gate) {
                let squeezed = frame.lines.joined().filter { !$0.isWhitespace }
                #expect(squeezed.contains(command.commandLine.filter { !$0.isWhitespace }), "the whole command of \(gate) at \(size)")
            }
            seen.append(gate)
            if gate.isMutating { break }
            incident.confirm()
        }
        #expect(seen == [.preflight, .schema, .check, .diagnose, .disableAutoSync])
    }
}
