import Foundation
import RunbookEngine

/// What reaches the screen's state: a key, or the news that a frame is now on the terminal.
public enum ScreenInput: Sendable, Equatable {
    case key(Key)
    /// A frame was drawn at this size; `shownGate` is what it showed whole (`Frame.shownGate`).
    case drawn(shownGate: ShownGate?, size: Size)
    /// An event was journaled and reduced (`state` is after it); `gateBefore` was the gate in play before it.
    case reduced(Event, gateBefore: StepID?)
}

/// A gate as a frame showed it: the step and the exact argv on the bar (empty for evidence steps).
public struct ShownGate: Sendable, Equatable {
    public var step: StepID
    public var argv: [String]
    public init(step: StepID, argv: [String]) { self.step = step; self.argv = argv }
}

/// The gate the terminal has shown whole since `since`, with nothing covering it in between.
public struct GateOnScreen: Sendable, Equatable {
    public var gate: ShownGate
    public var since: Date
}

/// How long a mutating gate's command must have been on the terminal before `y` runs it.
public let gateArmSeconds = 0.6

/// The one pure entry for the screen: every key and every drawn frame goes through here, so what a
/// key may confirm depends only on what the terminal has really shown (`now` is the wall clock:
/// reading time is human time, whatever speed the incident's clock runs at).
///
/// - A gate is confirmable only while the frames drawn since it opened show its whole bar and its
///   Runbook row, uncovered, with the same argv; a mutating gate also needs `gateArmSeconds` of that.
/// - A resize, a covering dialog or a changed command re-arms it.
/// - While the terminal is too small every key but `q` and `?` (and the quit question's answer) is
///   ignored with a one-line answer.
public func update(_ state: ConsoleState, _ input: ScreenInput, now: Date, by driver: String) -> KeyOutcome {
    var view = state.view
    switch input {
    case .drawn(let shown, let size):
        view.tooSmall = !ScreenLayout.fits(size)
        view.screenSize = size
        if let shown, !view.tooSmall {
            if view.gateOnScreen?.gate != shown { view.gateOnScreen = GateOnScreen(gate: shown, since: now) }
        } else {
            view.gateOnScreen = nil
        }
        return KeyOutcome(view: view)
    case .reduced(let event, let gateBefore):
        // A key's answer about the gate ("Nothing to confirm yet.") is stale once another gate is in play.
        if state.runbook.gateStep != gateBefore, let said = view.keyAnswer, view.message == said {
            view.message = nil
            view.keyAnswer = nil
        }
        if case .stopped = event.kind, view.readOnly != nil {
            view.message = "\(state.runbook.driver) left at \(Format.clock(event.at))"
        }
        // A drill whose runbook is complete ends in its debrief.
        let debrief = state.runbook.isComplete && view.training != nil && view.training?.debrief == nil
        return KeyOutcome(view: view, showDebrief: debrief)
    case .key(.resize):
        // The next frame, at the new size, must show the gate again before it counts.
        view.gateOnScreen = nil
        return KeyOutcome(view: view)
    case .key(let key):
        if view.tooSmall, !answersWhenTooSmall(key, view) {
            let minimum = ScreenLayout.minimum
            view.message = "Terminal too small: only q (quit) and ? (keys) work until it is \(minimum.width)×\(minimum.height)."
            return KeyOutcome(view: view)
        }
        if key == .character("y"), let refusal = armRefusal(state, view, now: now) {
            view.message = refusal.message
            if refusal.rearm { view.gateOnScreen = nil }
            return KeyOutcome(view: view)
        }
        var current = state
        current.view = view
        var outcome = handle(key, current, by: driver)
        outcome.view.keyAnswer = outcome.view.message
        // Quitting a drill shows its debrief first; q on the debrief then quits.
        if outcome.quit, outcome.view.training != nil, outcome.view.training?.debrief == nil {
            outcome.quit = false
            outcome.showDebrief = true
        }
        return outcome
    }
}

private func answersWhenTooSmall(_ key: Key, _ view: ViewState) -> Bool {
    switch key {
    case .character("q"), .character("?"): true
    case .character("y"), .character("n"), .escape: view.quitPending || view.showHelp && key == .escape
    default: false
    }
}

/// Why a `y` must not confirm the gate in play now; nil when it may (or when `y` means something else here).
private func armRefusal(_ state: ConsoleState, _ view: ViewState, now: Date) -> (message: String, rearm: Bool)? {
    // Modal keys first: the quit question, the override dialog's typing, help, the debrief, a follower.
    guard view.readOnly == nil, !view.quitPending, view.targetQuestion == nil, view.overrideDialog == nil,
          view.deferReason == nil, !view.showHelp,
          view.training?.debrief == nil, let gate = state.runbook.gateStep else { return nil }
    let argv = state.runbook.gateCommand(for: gate)?.argv ?? []
    let what = gate.isMutating ? "command" : "evidence"
    guard let shown = view.gateOnScreen, shown.gate == ShownGate(step: gate, argv: argv) else {
        return ("Read the \(what) first: \(gate.label) is not fully on screen yet — press y again once it is.", false)
    }
    guard gate.isMutating else { return nil }
    let elapsed = now.timeIntervalSince(shown.since)
    // A wall clock stepped backwards proves nothing about reading time: start the wait again.
    if elapsed < 0 { return ("Read the command first — press y again to run it.", true) }
    if elapsed < gateArmSeconds { return ("Read the command first — press y again to run it.", false) }
    return nil
}
