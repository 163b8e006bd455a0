import Foundation
import MigrationSafety
import RunbookEngine
import Simulation

/// Drives `Runbook.reduce` against a simulated world on a frozen clock moved by hand: every
/// effect is performed at once through the world's ports and its result reduced, in order,
/// so a drill's walk is deterministic. Keeps the events as a journal would.
final class DrillDriver {
    let drill: TrainingScenario
    let world: SimulatedWorld
    let clock: VirtualClock
    private(set) var state = RunbookState()
    private(set) var events: [Event] = []
    private var timers: [(at: Date, timer: RunbookEngine.Timer)] = []
    static let trainee = "trainee@drill"

    init(_ drill: TrainingScenario) async throws {
        self.drill = drill
        clock = VirtualClock(start: drill.scenario.start, speed: 0)
        world = try await SimulatedWorld(scenario: drill.scenario, clock: clock)
        await send(.started(config: drill.scenario.incidentConfig, driver: Self.trainee))
    }

    /// Reduces one event and everything its effects bring back, at the clock's now.
    func send(_ kind: Event.Kind) async {
        var queue = [Event(at: clock.now(), kind)]
        while !queue.isEmpty {
            let event = queue.removeFirst()
            events.append(event)
            for effect in Runbook.reduce(&state, event) {
                if let result = await perform(effect) { queue.append(Event(at: clock.now(), result)) }
            }
        }
    }

    /// Moves the clock in 5-second ticks, firing timers as they fall due.
    func wait(_ seconds: Int) async {
        for _ in 0..<max(1, seconds / 5) {
            clock.advance(by: .seconds(5))
            let now = clock.now()
            let due = timers.filter { $0.at <= now }.sorted { $0.at < $1.at }
            timers.removeAll { $0.at <= now }
            for timer in due { await send(.timerFired(timer.timer)) }
        }
    }

    /// Waits (up to `limit` seconds) until `condition` holds; false if it never did.
    @discardableResult
    func wait(upTo limit: Int = 900, until condition: (RunbookState) -> Bool) async -> Bool {
        var waited = 0
        while !condition(state) {
            guard waited < limit else { return false }
            await wait(5)
            waited += 5
        }
        return true
    }

    /// `y` on whatever the bar shows, with the argv it shows.
    func confirmGate() async {
        guard let gate = state.gateStep else { return }
        await confirm(gate)
    }

    /// `y` on `step` as a key press would send it, open or not (a stale key, a hand-made journal).
    func confirm(_ step: StepID) async {
        await send(.confirmed(step: step, argv: state.gateCommand(for: step)?.argv ?? [], by: Self.trainee))
    }

    /// Confirms gates as they open until `stop` holds.
    /// `y` on every gate (`n` on those in `declining`: a branch not taken) until `stop` holds.
    func confirmGates(declining: Set<StepID> = [], until stop: (RunbookState) -> Bool, upTo limit: Int = 1800) async -> Bool {
        var waited = 0
        while !stop(state) {
            if let gate = state.gateStep, declining.contains(gate) {
                await send(.declined(step: gate, by: Self.trainee))
                continue
            }
            if state.gateStep != nil { await confirmGate(); continue }
            guard waited < limit else { return false }
            await wait(5)
            waited += 5
        }
        return true
    }

    func quit() async { await send(.stopped(reason: "quit by \(Self.trainee)")) }

    var debrief: Debrief { Debrief.derive(events, drill: drill) }

    private func perform(_ effect: Effect) async -> Event.Kind? {
        switch effect {
        case .schedule(let after, let timer):
            timers.append((clock.now().addingTimeInterval(after), timer))
            return nil
        case .runGate(let command):
            return .gateFinished(step: command.step, result: await world.run(command))
        case .communicate:
            return .communicated(.ok("/dev/null/status.txt"))
        case .writePostmortem:
            return .postmortemWritten(.ok("/dev/null/postmortem.md"))
        case .postStatus:
            return .statusPosted(.ok(200))
        case .killSwitchFlipped:
            await world.killSwitchFlipped()
            return nil
        case .read(let request):
            return await world.ports.answer(request)
        }
    }
}
