import ArgumentParser
import Foundation
import RunbookEngine

/// `incident-console replay`: a recorded incident or drill played back on screen, read-only.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play a recorded journal back on screen, read-only, for reviews and teaching.",
        discussion: """
        Starts from an empty console and applies the journal's events paced by their own \
        timestamps, --speed times faster (pauses longer than 3 s are shortened). The top line says \
        whose incident it is, its span and how far it has played. Space pauses and plays on; s \
        jumps to the next step. Nothing runs and no key can confirm anything; q leaves.

        Exit status: 0 when you leave, 3 when the journal cannot be read or used (said on standard error).
        """
    )

    @Argument(help: ArgumentHelp("The journal to play back.", valueName: "journal"))
    var journal: String

    @Option(help: "Journal seconds per real second.")
    var speed: Double = 10

    @OptionGroup var display: ThemeOptions
    @OptionGroup var configFile: ConfigFileOption

    func validate() throws {
        guard speed > 0, speed <= 3600 else { throw ValidationError("--speed must be between 0 and 3600") }
    }

    func run() async throws {
        let theme = try display.resolvedTheme(configPath: configFile.config)
        let events = try JournalFiles.read(journal).events
        try await ConsoleLauncher(journalPath: journal, theme: theme).run(.replay(events, speed: speed))
    }
}
