import Foundation
import RunbookEngine

extension SimulatedWorld {
    /// The simulated cluster as a journal left it, for `resume`: the scenario from its beginning with
    /// every command a confirmation sent (fsync'd before it ran, so also one running when the console
    /// died) applied at its own time, as a real cluster would remember them. The clock stands still
    /// while the world is built and the commands are applied — however slow the machine, each lands at
    /// the time the journal gives it — and runs at `speed` from the journal's last moment on.
    public static func rebuilt(_ scenario: Scenario, from journal: ReplayedJournal, speed: Double) async throws -> SimulatedWorld {
        let clock = VirtualClock(start: journal.state.startedAt ?? scenario.start, speed: 0)
        let world = try await SimulatedWorld(scenario: scenario, clock: clock)
        // The commands were collected by the journal's one replay (`ReplayedJournal.gateRuns`): not replayed again.
        for run in journal.gateRuns {
            clock.advance(by: .seconds(max(0, run.at.timeIntervalSince(clock.now()))))
            _ = await world.run(run.command)
        }
        clock.advance(by: .seconds(max(0, journal.state.now.timeIntervalSince(clock.now()))))
        clock.run(at: speed)
        return world
    }

    /// The same from a journal's events (those the console acted on).
    public static func rebuilt(_ scenario: Scenario, from events: [Event], speed: Double) async throws -> SimulatedWorld {
        try await rebuilt(scenario, from: ReplayedJournal(events: events), speed: speed)
    }
}
