import ArgumentParser
import CBuildStamp

/// The root command: every way into the console.
@main
struct IncidentConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident-console",
        abstract: "Walk the Argo CD code-rollback runbook, one confirmed step at a time.",
        discussion: """
        A full-screen console for rolling an Argo CD application back to its last known good \
        revision. Each step shows its evidence; each step that changes anything shows the exact \
        command and runs it only after you press y. Every event is journaled.

        Start with `incident-console demo`: the runbook's own incident on a simulated cluster, no setup.
        """,
        version: IncidentConsole.version,
        subcommands: [Run.self, Demo.self, Follow.self, Resume.self, Audit.self, PostmortemCommand.self, Exercises.self, CheckMigrations.self, Themes.self, Train.self, Replay.self]
    )

    /// What `--version` prints: "built from source", or the release's git revision (scripts/release, CBuildStamp).
    static let version = "incident-console 0.11.0 (\(String(cString: ic_build_origin())))"

    /// The log file is set up before any command (and so any Logger) exists.
    static func main() async {
        ConsoleLog.bootstrap()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
