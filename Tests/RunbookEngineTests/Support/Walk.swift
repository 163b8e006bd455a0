import Foundation
@testable import RunbookEngine

/// The on-call engineer at the console with the fake world behind it: events in, effects
/// answered, so a test reads like the runbook (`walk.confirm(.disableAutoSync)`).
struct Walk {
    var state = RunbookState()
    var world: World
    var clock = Incident.start
    /// Every event reduced, in order: the journal.
    private(set) var journal: [Event] = []
    /// Every effect the reducer asked for, in order.
    private(set) var emitted: [Effect] = []
    /// Effects the world has not answered yet.
    var outbox: [Effect] = []

    /// Starts the incident and lets the first reads come back.
    init(_ world: World = World(), config: IncidentConfig = Incident.config, settled: Bool = true) {
        self.world = world
        send(.started(config: config, driver: Incident.driver))
        if settled { settle() }
    }

    /// One event, one second after the last; returns what the reducer asked for.
    @discardableResult
    mutating func send(_ kind: Event.Kind, after seconds: Double = 1) -> [Effect] {
        clock += seconds
        let event = Event(at: clock, kind)
        let effects = Runbook.reduce(&state, event)
        journal.append(event)
        emitted += effects
        outbox += effects
        return effects
    }

    /// The world answers everything outstanding (reads, gate commands, files) until quiet.
    mutating func settle() {
        var rounds = 0
        while !outbox.isEmpty, rounds < 200 {
            rounds += 1
            let effect = outbox.removeFirst()
            if let answer = world.answer(effect, at: clock) { send(answer) }
        }
    }

    /// `y` on the gate of `step`, with the command the gate shows unless told otherwise; the world answers.
    @discardableResult
    mutating func confirm(_ step: StepID, argv: [String]? = nil, by: String = Incident.driver) -> [Effect] {
        let effects = send(.confirmed(step: step, argv: argv ?? state.argv(step), by: by))
        settle()
        return effects
    }

    /// The order a walk finishes the steps in: Step 4 goes ahead while 3d waits for the revert.
    static let order: [StepID] = [.preflight, .schema, .check, .diagnose, .disableAutoSync, .rollback, .verify,
                                  .communicate, .enableAutoSync, .postmortem]

    /// `y` on the gate of `step` with the test playing the world: what it asks for is not answered.
    @discardableResult
    mutating func press(_ step: StepID, argv: [String]? = nil) -> [Effect] {
        let effects = send(.confirmed(step: step, argv: argv ?? state.argv(step), by: Incident.driver))
        outbox.removeAll { effects.contains($0) }
        return effects
    }

    /// `y` on every step before `step` in that order, doing what each one waits for
    /// (recovery before 3c, the revert before 3d).
    mutating func confirmEverything(before step: StepID) {
        // A branch comes after the straight-line steps that precede it in the runbook.
        let earlierSteps = Walk.order.contains(step) ? Array(Walk.order.prefix(while: { $0 != step })) : Walk.order.filter { $0 < step }
        for earlier in earlierSteps where !state.status(earlier).isFinished {
            if earlier == .verify { waitForRecovery() }
            if earlier == .enableAutoSync, state.status(.enableAutoSync).isWaiting { revertLands() }
            confirm(earlier)
        }
    }

    /// Time passes: the poll timer fires every `pollSeconds` and the world answers.
    mutating func poll(for seconds: Double) {
        let every = Incident.config.pollSeconds
        var waited = 0.0
        while waited < seconds {
            send(.timerFired(.poll), after: every)
            settle()
            waited += every
        }
    }

    /// Polls 10 s at a time (five minutes at most) until a note of `kind` is said: the seconds after `start` it was, or nil.
    mutating func secondsUntilNote(_ kind: Note.Kind, since start: Date) -> Double? {
        for _ in 0..<30 {
            poll(for: 10)
            if state.notes.contains(where: { $0.kind == kind }) { return state.now.timeIntervalSince(start) }
        }
        return nil
    }

    /// Polls until Step 3c's evidence holds (or two minutes pass).
    mutating func waitForRecovery() {
        var waited = 0.0
        while state.status(.verify) != .awaitingConfirmation, waited < 120 {
            poll(for: 10)
            waited += 10
        }
    }

    /// Someone merges the revert of the bad commit; the next poll sees it.
    mutating func revertLands() {
        world.revert = Incident.revert
        poll(for: 10)
    }

    /// The whole runbook, every gate confirmed.
    mutating func walkToTheEnd() {
        confirmEverything(before: .postmortem)
        confirm(.postmortem)
    }

    var gates: [GateCommand] { emitted.compactMap(\.mutation) }
    var lastNote: String? { state.notes.last?.text }
}

extension Walk {
    /// A walk stopped at the gate of `step`: 3c once recovery has held, 3d once the revert is in.
    static func at(_ step: StepID, _ world: World = World(), config: IncidentConfig = Incident.config) -> Walk {
        var walk = Walk(world, config: config)
        walk.confirmEverything(before: step)
        if step == .verify { walk.waitForRecovery() }
        if step == .enableAutoSync, walk.state.status(.enableAutoSync).isWaiting { walk.revertLands() }
        return walk
    }

    /// A walk just after the rollback was verified done: 3c has only started waiting.
    static func rolledBack(_ world: World = World()) -> Walk {
        var walk = Walk.at(.rollback, world)
        walk.confirm(.rollback)
        return walk
    }
}

extension StepStatus {
    var isFailed: Bool { if case .failed = self { true } else { false } }
    var isWaiting: Bool { if case .waiting = self { true } else { false } }
    var isRunning: Bool { if case .running = self { true } else { false } }
}
