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
        journal, the newest one is followed and named on standard error.

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
        let contents = try JournalFiles.read(path)
        // Without an argument the newest journal is a guess: say which one, where it stays after the screen.
        if journal == nil { FileHandle.standardError.write(Data(TerminalSafe.text("incident-console: following \(path) (the newest journal)\n").utf8)) }
        try await ConsoleLauncher(journalPath: path, theme: theme).run(.follow(contents))
    }
}

/// Finding and reading journals for the commands that open an existing one.
enum JournalFiles {
    static func newest() throws -> String {
        let directory = JournalWriter.directory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let journals = names.filter { $0.hasSuffix(".jsonl") }.map { "\(directory)/\($0)" }
        let dated = journals.compactMap { path -> (String, Date)? in
            guard let date = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
            return (path, date)
        }
        guard let newest = dated.max(by: { $0.1 < $1.1 }) else {
            throw Failure.exit("no journal in \(directory) — pass its path", status: Failure.unreadableJournal)
        }
        return newest.0
    }

    static func read(_ path: String) throws -> JournalContents {
        let contents: JournalContents
        do { contents = try JournalReader.read(path: path) } catch {
            throw Failure.exit("\(error)", status: Failure.unreadableJournal)
        }
        guard contents.records.first.map({ if case .started = $0.event.kind { true } else { false } }) == true else {
            throw Failure.exit("\(path) does not start with an incident's first event", status: Failure.unreadableJournal)
        }
        if let newer = contents.records.first(where: { $0.v > JournalRecord.formatVersion }) {
            throw Failure.exit("\(path) is journal format v\(newer.v); this console reads v\(JournalRecord.formatVersion)",
                               status: Failure.unreadableJournal)
        }
        return contents
    }
}
