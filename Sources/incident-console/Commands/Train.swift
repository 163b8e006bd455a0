import ArgumentParser
import ConsoleUI
import Foundation
import Storage
import RunbookEngine
import Simulation

/// `incident-console train`: game-day drills on the simulated cluster, with hints and a debrief.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drill the runbook on a simulated incident with its own trap, then get a debrief.",
        discussion: """
        Each drill is a real-world variation of the runbook: you drive it exactly as in a live \
        incident (the screen says SIMULATION). h shows a hint for the step in play (-\(Hints.cost) \
        points); the score so far is on the status line; wrong moves are recorded from the journal. \
        When the runbook is complete, or you quit (q, then y) — also the right move when the runbook \
        says not to roll back, once you have confirmed the evidence that says so — a debrief shows \
        the drill's lesson, your decision, time to mitigate, each mistake with the runbook's reason, \
        hints and a score; it is also written as Markdown next to the journal. --list shows each \
        drill's symptoms, never its answer. Your own drills: YAML files in \
        $XDG_CONFIG_HOME/incident-console/scenarios/ (the shipped ones in Scenarios/ show the format).
        """
    )

    @Flag(help: "List the drills, each with its symptoms in one line.")
    var list = false

    @Argument(help: ArgumentHelp("The drill to run (see --list).", valueName: "scenario"))
    var name: String?

    @Option(help: "Simulated seconds per real second (1 is real time).")
    var speed: Double = 10

    @OptionGroup var session: SessionOptions
    @OptionGroup var configFile: ConfigFileOption

    func validate() throws {
        guard speed > 0, speed <= 3600 else { throw ValidationError("--speed must be between 0 and 3600") }
        guard list || name != nil else { throw ValidationError("name a drill, or pass --list to see them") }
    }

    func run() async throws {
        let catalog = ScenarioCatalog.load()
        for problem in catalog.problems {
            FileHandle.standardError.write(Data("incident-console: skipped \(TerminalSafe.text(problem.description, keepLines: false))\n".utf8))
        }
        if list {
            let width = catalog.scenarios.map(\.name.count).max() ?? 0
            for drill in catalog.scenarios {
                let source = drill.source == "built-in" ? "" : "  [\(drill.source)]"
                // A drill file is someone else's YAML: its name and description reach the terminal escaped.
                // Symptoms only: the intended end and the lesson are the debrief's to say.
                let line = "\(drill.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(drill.description)\(source)"
                print(TerminalSafe.text(line, keepLines: false))
            }
            return
        }
        guard let name, let drill = catalog[name] else {
            throw Failure.exit("no drill named '\(name ?? "")' — try: \(catalog.scenarios.map(\.name).joined(separator: ", "))")
        }
        let theme = try session.display.resolvedTheme(configPath: configFile.config)
        let config = drill.scenario.incidentConfig
        let path = try session.journal ?? JournalFiles.defaultPath(app: config.app)
        let journal = try JournalFiles.startNew(path)
        let clock = VirtualClock(start: drill.scenario.start, speed: speed)
        let world: SimulatedWorld
        do { world = try await SimulatedWorld(scenario: drill.scenario, clock: clock) } catch {
            throw Failure.exit("could not build the simulated cluster: \(error)")
        }
        var launcher = ConsoleLauncher(journalPath: path, theme: theme)
        launcher.training = Self.training(drill)
        launcher.exercise = .drill
        try await launcher.run(.drive(config, world.ports, journal))
        try Self.writeDebrief(drill, journal: path)
        withExtendedLifetime(journal) {}
    }

    /// What a drill adds to the console: its hints, the score so far, the debrief at the end.
    static func training(_ drill: TrainingScenario) -> ConsoleLauncher.Training {
        let hints = Dictionary(uniqueKeysWithValues: StepID.allCases.map { ($0, drill.hint(for: $0)) })
        return ConsoleLauncher.Training(
            view: TrainingView(drill: drill.name, hints: hints, hintCost: Hints.cost),
            score: { events in Debrief.runningScore(events, drill: drill) },
            debrief: { events in DebriefSheet(Debrief.derive(events, drill: drill)) })
    }

    /// The debrief from the journal as written, as Markdown next to it.
    static func writeDebrief(_ drill: TrainingScenario, journal: String) throws {
        let contents: JournalContents
        do { contents = try JournalReader.read(path: journal) } catch {
            throw Failure.exit("could not read the drill's journal for the debrief: \(error)")
        }
        let debrief = Debrief.derive(contents.events, drill: drill)
        let path = IncidentFiles.debrief(journal)
        do { try PrivateFile.write(Data(debrief.markdown.utf8), to: path) } catch {
            throw Failure.exit("could not write the debrief: \(error)")
        }
        print(TerminalSafe.text("incident-console: drill \(drill.name): score \(debrief.score)/100. Debrief: \(path)", keepLines: false))
    }
}
