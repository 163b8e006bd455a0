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

    @Option(help: "For a demo or drill: simulated seconds per real second from where it stopped.")
    var speed: Double = 10

    func validate() throws {
        guard speed > 0, speed <= 3600 else { throw ValidationError("--speed must be between 0 and 3600") }
    }

    func run() async throws {
        let theme = try display.resolvedTheme(configPath: live.config)
        let path = try journal ?? JournalFiles.newest()
        guard FileManager.default.fileExists(atPath: path) else { throw Failure.exit("cannot open journal \(path): no such file", status: Failure.unreadableJournal) }
        // Locked before it is read: nobody else writes it from here on.
        let lock = try JournalFiles.lock(path)
        // Read once and replayed once: the state, and the commands the simulated world re-applies, come from that one pass.
        let replayed = try JournalFiles.replayed(path)
        let state = replayed.state
        guard let config = state.config else { throw Failure.exit("\(path) has no incident", status: Failure.unreadableJournal) }
        // Refused before anything is written: a journal this console cannot continue stays as it was.
        let drill = try config.mode == .simulation ? Self.simulated(config, journal: path) : nil
        // Its torn last line, if any, is cut off here so new records start on a line of their own.
        let driven = try JournalFiles.continuing(path, lock: lock, journal: replayed)
        switch config.mode {
        case .simulation:
            // The simulated cluster (the demo's, or the drill's) is rebuilt from the incident's beginning
            // with every confirmed command the journal holds applied at its time; then its evidence is
            // re-read, as it would be from a real cluster. A drill goes on with its hints, score and debrief.
            let scenario = drill?.scenario ?? .runbookIncident
            let world: SimulatedWorld
            do { world = try await SimulatedWorld.rebuilt(scenario, from: replayed, speed: speed) } catch {
                throw Failure.exit("could not rebuild the simulated cluster: \(error)")
            }
            var launcher = ConsoleLauncher(journalPath: path, theme: theme)
            launcher.training = drill.map(Train.training)
            launcher.exercise = drill == nil ? nil : .drill
            try await launcher.run(.resume(replayed, world.ports, driven))
            if let drill { try Train.writeDebrief(drill, journal: path) }
        case .live:
            // The live world is rebuilt from the journal's incident, the config file and the same flags as `run`.
            // A dry run stays one: resuming it never starts executing what it only showed.
            let settings = try live.resumeSettings(for: config)
            try live.check(settings)
            let dryRun = live.dryRun || config.isDryRun
            var launcher = ConsoleLauncher(journalPath: path, theme: theme)
            launcher.exercise = .live
            launcher.postmortemTemplate = try settings.postmortemTemplate.map(PostmortemFile.loadTemplate)
            try await launcher.run(.resume(replayed, LivePorts.make(settings, dryRun: dryRun), driven))
        }
    }

    /// Which simulated incident the journal ran: nil for the demo, else its drill (built in or from the
    /// drills directory). One this console does not have cannot be rebuilt: refused, naming it.
    static func simulated(_ config: IncidentConfig, journal: String) throws -> TrainingScenario? {
        let catalog = ScenarioCatalog.load()
        guard let name = config.scenario else {
            // Written before journals named their scenario: the demo's app, or the one drill on that app.
            if config.app == Scenario.runbookIncident.app { return nil }
            let drills = catalog.scenarios.filter { $0.scenario.app == config.app }
            guard drills.count == 1 else {
                throw Failure.exit("\(journal) is a drill on \(TerminalSafe.text(config.app, keepLines: false)) from a console that did not record which drill; it cannot be rebuilt — the journal is unchanged", status: Failure.unreadableJournal)
            }
            return drills[0]
        }
        if name == Scenario.runbookIncident.name { return nil }
        guard let drill = catalog[name] else {
            throw Failure.exit("\(journal) is a drill on '\(TerminalSafe.text(name, keepLines: false))', which this console does not have — it cannot be rebuilt; the journal is unchanged", status: Failure.unreadableJournal)
        }
        return drill
    }

}
