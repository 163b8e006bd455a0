import ArgumentParser
import Foundation
import RunbookEngine
import Simulation

/// `incident-console resume`: continue an incident after a crash or a closed laptop.
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue an incident from its journal after the console stopped or died.",
        discussion: """
        Replays the journal and goes on where it stopped. A command that was running when the \
        console died is shown as "outcome unknown" and its evidence is re-read before anything \
        else can be confirmed. A last line cut off mid-write is dropped, with a note. Refused, naming \
        who, while another console drives the journal (it holds JOURNAL.lock).

        Exit status: 0 when you leave, 1 when another console drives the journal, 2 for a bad flag or \
        config key, 3 when the journal cannot be read or used (said on standard error).
        """
    )

    @Argument(help: ArgumentHelp("The journal to continue. Default: the newest one in $XDG_STATE_HOME/incident-console.", valueName: "journal"))
    var journal: String?

    @OptionGroup var display: ThemeOptions

    /// For a live incident: where Prometheus, the config repo and the CLIs are (as `run` takes them).
    @OptionGroup var live: LiveOptions

    func run() async throws {
        let theme = try display.resolvedTheme(configPath: live.config)
        let path = try journal ?? JournalFiles.newest()
        guard FileManager.default.fileExists(atPath: path) else { throw Failure.exit("cannot open journal \(path): no such file", status: Failure.unreadableJournal) }
        // Locked before it is read: nobody else writes it from here on.
        let lock = try JournalFiles.lock(path)
        let contents = try JournalFiles.read(path)
        // Its torn last line, if any, is cut off here so new records start on a line of their own.
        let driven = try JournalFiles.continuing(path, lock: lock, contents: contents)
        let state = Runbook.replay(contents.events)
        guard let config = state.config else { throw Failure.exit("\(path) has no incident", status: Failure.unreadableJournal) }
        switch config.mode {
        case .simulation:
            // The simulated cluster is rebuilt from the incident's beginning with every confirmed command
            // the journal holds applied at its time, as a real cluster would remember them; then its
            // evidence is re-read, as it would be from a real cluster.
            let world = try await Self.rebuiltWorld(contents.events, start: state.startedAt ?? VirtualClock.runbookStart)
            try await ConsoleLauncher(journalPath: path, theme: theme).run(.resume(contents, world.ports, driven))
        case .live:
            // The live world is rebuilt from the journal's incident, the config file and the same flags as `run`.
            // A dry run stays one: resuming it never starts executing what it only showed.
            let settings = try live.resumeSettings(for: config)
            try live.check(settings)
            let dryRun = live.dryRun || config.isDryRun
            try await ConsoleLauncher(journalPath: path, theme: theme).run(.resume(contents, LivePorts.make(settings, dryRun: dryRun), driven))
        }
    }

    /// The simulated world as the journal left it: each command a confirmation sent (fsync'd before it ran,
    /// so also one running when the console died) is applied at its own time, then the clock runs on.
    static func rebuiltWorld(_ events: [Event], start: Date) async throws -> SimulatedWorld {
        let clock = VirtualClock(start: start, speed: 10)
        let world = try await SimulatedWorld(scenario: .runbookIncident, clock: clock)
        var state = RunbookState()
        for event in events {
            let effects = Runbook.reduce(&state, event)
            for case .runGate(let command) in effects {
                clock.advance(by: .seconds(max(0, event.at.timeIntervalSince(clock.now()))))
                _ = await world.run(command)
            }
        }
        clock.advance(by: .seconds(max(0, state.now.timeIntervalSince(clock.now()))))
        return world
    }
}
