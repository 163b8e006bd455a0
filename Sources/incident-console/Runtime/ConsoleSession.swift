import ConsoleUI
import Foundation
import Storage
import RunbookEngine
import Terminal

/// The main loop: the one owner of State. It drains inputs, journals and reduces events,
/// hands effects to the runner, and redraws only when something changed. It never waits on
/// I/O itself: idle, it sleeps until the next key, result, signal or clock tick.
@MainActor
final class ConsoleSession {
    private(set) var state: ConsoleState
    private let screen: CursesScreen
    private let journal: JournalWriter?
    /// The incident's clock; nil when following (the journal's own times are the clock).
    private let clock: (any ClockPort)?
    private let driver: String
    private var runner: EffectRunner?
    private let running = RunningTasks()
    /// What the loop takes in batches: results and ticks post here directly.
    private let queue = InputQueue()
    private var glyphs: Glyphs
    private var exitMessage: String?
    /// Tells the input thread the keys were read and stdin may be polled again.
    var rearm: @Sendable () -> Void = {}
    /// `train` only: the debrief from the drill's events, shown when the drill ends, and the score so far.
    private var debrief: (@Sendable ([Event]) -> DebriefSheet)?
    private var score: (@Sendable ([Event]) -> Int)?
    private var drillEvents: [Event] = []

    init(state: ConsoleState, screen: CursesScreen, journal: JournalWriter?, clock: (any ClockPort)?, driver: String, glyphs: Glyphs) {
        self.state = state
        self.screen = screen
        self.journal = journal
        self.clock = clock
        self.driver = driver
        self.glyphs = glyphs
    }

    /// Where results come back: any thread may post.
    nonisolated var poster: @Sendable (Event) -> Void {
        let queue = self.queue
        return { event in queue.post(.event(event)) }
    }

    /// Where the launcher's pumps post: the same queue as results and ticks.
    nonisolated var inputs: InputQueue { queue }

    func setRearm(_ rearm: @escaping @Sendable () -> Void) { self.rearm = rearm }

    /// Replay only: where Space and `s` reach the player.
    private var replayControl: ReplayControl?
    func setReplayControl(_ control: ReplayControl) { replayControl = control }

    func setDrill(score: @escaping @Sendable ([Event]) -> Int, debrief: @escaping @Sendable ([Event]) -> DebriefSheet) {
        self.score = score
        self.debrief = debrief
    }

    /// A drill ends at the runbook's end or when the trainee quits: the debrief comes up first.
    private func showDebrief() {
        guard let debrief, state.view.training != nil, state.view.training?.debrief == nil else { return }
        state.view.training?.debrief = debrief(drillEvents)
    }

    func attach(ports: Ports, journal: String, template: String? = nil) {
        runner = EffectRunner(ports: ports, texts: IncidentTexts(journal: journal), post: poster,
                              postmortem: { PostmortemFile.render(journal: journal, template: template) })
    }

    /// Runs until the driver quits or a signal arrives; returns why it stopped.
    func run(first events: [Event]) async -> String {
        for event in events { dispatch(event) }
        let queue = self.queue
        let ticker = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                queue.post(.tick)
            }
        }
        defer { ticker.cancel() }
        state.view.now = now
        redraw()
        while true {
            // Everything that is waiting is handled before the one redraw: keys never queue behind frames.
            var changed = false
            var batch = await queue.takeAll()
            var rounds = 0
            while !batch.isEmpty, exitMessage == nil {
                for input in batch {
                    if take(input) { changed = true }
                    if exitMessage != nil { break }
                }
                // What arrived meanwhile (a key typed during a slow read) still makes this frame.
                rounds += 1
                batch = rounds < 8 ? queue.takeWaiting() : []
            }
            if let exitMessage {
                let cancelled = running.all
                for task in cancelled { task.cancel() }
                // Through reduce like any event: an incident left with no ending gets its hand-over note and draft.
                dispatch(Event(at: now, .stopped(reason: exitMessage)))
                // A cancelled command gets SIGTERM, then SIGKILL after its grace: wait for that, not orphan it.
                await Self.drain(running.all, within: .milliseconds(2500))
                // The hand-over files' results, journaled so a follower and the next resume know where they are.
                for case .event(let event) in queue.takeWaiting() where record(event) { _ = Runbook.reduce(&state.runbook, event) }
                return exitMessage
            }
            if changed { redraw() }
        }
    }

    /// Handles one input; says whether the screen may have changed.
    private func take(_ input: ConsoleInput) -> Bool {
        switch input {
        case .event(let event):
            let gateBefore = state.runbook.gateStep
            dispatch(event)
            if state.view.replay != nil { state.view.replay?.at = event.at }
            let outcome = ConsoleUI.update(state, .reduced(event, gateBefore: gateBefore), now: Date(), by: driver)
            state.view = outcome.view
            act(on: outcome)
        case .keysReady:
            let keys = screen.readKeys()
            rearm()
            for key in keys { handle(key) }
            return !keys.isEmpty
        case .signal(let number):
            exitMessage = "stopped by signal \(Self.signalName(number))"
        case .tick:
            state.view.now = now
        case .restart(let events, let note):
            state.runbook = RunbookState()
            replay(events)
            state.view.message = note
        case .journalProblem(let problem):
            state.view.journalProblem = problem
        }
        return true
    }

    private var now: Date { clock?.now() ?? state.runbook.now }

    /// Rebuilds the state from events already in the journal: nothing is written, nothing runs.
    func replay(_ events: [Event]) {
        for event in events { _ = Runbook.reduce(&state.runbook, event) }
    }

    /// Journal first (durably for the driver's decisions), then reduce, then run the effects.
    func dispatch(_ event: Event) {
        guard record(event) else { return }
        let effects = Runbook.reduce(&state.runbook, event)
        guard let runner else { return }
        for effect in effects { running.start { await runner.perform(effect) } }
    }

    @discardableResult
    private func record(_ event: Event) -> Bool {
        guard let journal else { return keep(event) }
        do {
            try journal.append(event, durable: event.isDecision)
            return keep(event)
        } catch {
            // A decision that cannot be journaled must not run.
            state.view.message = "journal write failed — \(error)." + (event.isDecision ? " Nothing was done." : "")
            return event.isDecision ? false : keep(event)
        }
    }

    /// A drill's debrief counts only what the console acted on; the score on screen moves with what can cost points.
    private func keep(_ event: Event) -> Bool {
        guard debrief != nil else { return true }
        drillEvents.append(event)
        if let score, event.canCostPoints { state.view.training?.score = score(drillEvents) }
        return true
    }

    /// Keys go through the pure `update`, which alone decides whether the gate on screen may be confirmed.
    private func handle(_ key: KeyInput) {
        let outcome = ConsoleUI.update(state, .key(Key(key)), now: Date(), by: driver)
        if outcome.view.replay != state.view.replay { replayControl?.set(outcome.view.replay) }
        state.view = outcome.view
        if key == .resize { return }
        let now = self.now
        for kind in outcome.events { dispatch(Event(at: now, kind)) }
        act(on: outcome)
    }

    /// Does what `update` decided: the debrief, or the stop.
    private func act(on outcome: KeyOutcome) {
        if let text = outcome.copy, !screen.copyToClipboard(text) {
            state.view.message = "Could not send the message to the terminal's clipboard: the status file has it once Step 4 is confirmed."
        }
        if outcome.showDebrief { showDebrief() }
        if outcome.quit { exitMessage = "quit by \(driver)" }
    }

    private func redraw() {
        let size = screen.size()
        let frame = ConsoleUI.render(state, size: size, glyphs: glyphs)
        screen.draw(frame)
        // Only now is the frame on the terminal: what it showed may start arming its gate.
        state.view = ConsoleUI.update(state, .drawn(shownGate: frame.shownGate, size: size), now: Date(), by: driver).view
    }

    /// Waits for cancelled effects to finish, at most `limit` (the signal watchdog forces an exit at 3 s).
    static func drain(_ tasks: [Task<Void, Never>], within limit: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for task in tasks { await task.value } }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "\(number)"
        }
    }
}

extension Event {
    /// The driver's decisions: fsync'd to the journal before anything acts on them.
    var isDecision: Bool {
        switch kind {
        case .confirmed, .declined, .overrode, .choseLastKnownGood, .deferred, .severityChosen, .autoSyncGuardChosen, .started, .stopped: true
        default: false
        }
    }
}

extension Event {
    /// A hint, a decision or the rollback's answer: what a drill's running score can change on.
    var canCostPoints: Bool {
        switch kind {
        case .hintShown, .confirmed, .overrode, .gateFinished(.rollback, _): true
        default: false
        }
    }
}

extension Key {
    init(_ key: KeyInput) {
        switch key {
        case .character(let c): self = .character(c)
        case .up: self = .up
        case .down: self = .down
        case .left: self = .left
        case .right: self = .right
        case .tab: self = .tab
        case .backTab: self = .backTab
        case .enter: self = .enter
        case .escape: self = .escape
        case .backspace: self = .backspace
        case .pageUp: self = .pageUp
        case .pageDown: self = .pageDown
        case .home: self = .home
        case .end: self = .end
        case .resize: self = .resize
        }
    }
}
