import ArgumentParser
import Foundation
import RunbookEngine

/// `incident-console follow`: watch a driver's console from another pane, read-only.
struct Follow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch another engineer's console, read-only, from their journal.",
        discussion: """
        Tails the driver's journal and shows the same panes within a second of each event. You can \
        move focus, scroll and open help; no key can confirm a gate or change anything. Without a \
        journal, the newest one is followed and named on standard error. A follower never locks the \
        journal; one it can no longer read is shown in a JOURNAL UNREADABLE banner.

        Exit status: 0 when you leave, 3 when the journal cannot be read or used (said on standard error).
        """
    )

    @Argument(help: ArgumentHelp("The driver's journal. Default: the newest one in $XDG_STATE_HOME/incident-console.", valueName: "journal"))
    var journal: String?

    @OptionGroup var display: ThemeOptions
    @OptionGroup var configFile: ConfigFileOption

    func run() async throws {
        let theme = try display.resolvedTheme(configPath: configFile.config)
        let path = try journal ?? JournalFiles.newest()
        let replayed = try JournalFiles.replayed(path)
        // Without an argument the newest journal is a guess: say which one, where it stays after the screen.
        if journal == nil { FileHandle.standardError.write(Data(TerminalSafe.text("incident-console: following \(path) (the newest journal)\n").utf8)) }
        try await ConsoleLauncher(journalPath: path, theme: theme).run(.follow(replayed))
    }
}
