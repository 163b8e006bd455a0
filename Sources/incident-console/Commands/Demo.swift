import ArgumentParser
import ConsoleUI
import Foundation
import Integrations
import RunbookEngine
import Simulation
import Terminal

/// `incident-console demo`: the runbook's own incident on the built-in simulated cluster.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk the runbook on the built-in simulated incident (no setup needed).",
        discussion: """
        The runbook's own incident: bookstore-catalog-us-east deployed d8f3c2a (history 42) about \
        12 minutes ago, p99 latency is 1.2 s, auto-sync is on with selfHeal. The simulated Argo CD \
        behaves like the real one (it refuses a rollback while auto-sync is on); the config repo is \
        a real git repository in a temporary directory, so Step 0 and Step 2 run real git. \
        The screen says SIMULATION throughout.
        """
    )

    @Option(help: "Simulated seconds per real second (1 is real time; 60 walks the runbook in about a minute).")
    var speed: Double = 10

    @Option(name: .customLong("status-webhook-env"), help: ArgumentHelp("Name of the environment variable holding a Slack incoming-webhook URL (a test channel's): Step 4b offers to post the demo's message there, as run does. Without it the demo has no Step 4b.", valueName: "name"))
    var statusWebhookEnv: String?

    @OptionGroup var session: SessionOptions
    @OptionGroup var configFile: ConfigFileOption

    func validate() throws {
        guard speed > 0, speed <= 3600 else { throw ValidationError("--speed must be between 0 and 3600") }
        if let statusWebhookEnv, let problem = LiveSettings.problem(key: "statusWebhookEnv", value: statusWebhookEnv) {
            throw ValidationError("--status-webhook-env: \(problem)")
        }
    }

    func run() async throws {
        let theme = try session.display.resolvedTheme(configPath: configFile.config)
        // The journal is claimed first: a second driver or an old journal is refused before anything is built.
        let path = try session.journal ?? JournalFiles.defaultPath(app: Scenario.runbookIncident.app)
        let journal = try JournalFiles.startNew(path)
        let clock = VirtualClock(start: VirtualClock.runbookStart, speed: speed)
        let world: SimulatedWorld
        do { world = try await SimulatedWorld(scenario: .runbookIncident, clock: clock) } catch {
            throw Failure.exit("could not build the simulated cluster: \(error)")
        }
        let scenario = world.scenario
        // Faster than 20× the simulated cluster would be re-read several times a (real) second: read it
        // every half second instead, which is still every 10 s or more of the incident's clock.
        let config = IncidentConfig(app: scenario.app, namespace: scenario.namespace, deployment: scenario.deployment,
                                    selector: scenario.selector, alertName: scenario.alert.name,
                                    pollSeconds: max(10, speed / 2), mode: .simulation, scenario: scenario.name,
                                    region: scenario.region, statusPost: statusWebhookEnv != nil, metrics: scenario.metrics)
        var ports = world.ports
        ports.statusPost = statusWebhookEnv.map {
            SlackWebhook(variable: $0, environment: ProcessInfo.processInfo.environment, timeout: SlackWebhook.timeout)
        }
        var launcher = ConsoleLauncher(journalPath: path, theme: theme)
        launcher.firstScreenMessage = ExerciseLog.warning(beside: path)
        try await launcher.run(.drive(config, ports, journal))
    }
}

/// Options every console mode shares.
struct SessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A new journal file (one JSON line per event, mode 0600, in a directory only you can write to); an existing one is refused: resume continues it.",
                               discussion: "Default: $XDG_STATE_HOME/incident-console/APP-TIME.jsonl", valueName: "path"))
    var journal: String?

    @OptionGroup var display: ThemeOptions
}
