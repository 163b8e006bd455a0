import ArgumentParser
import Foundation
import Postmortem
import RunbookEngine
import Storage

/// `incident-console exercises`: the runbook's "when this runbook last worked" table, from the exercise log.
struct Exercises: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the exercise log as the runbook's table of its last successful uses (Markdown).",
        discussion: """
        Every live incident (run, resume) and every drill (train) that reaches an ending and finishes \
        Step 5 adds a row to exercises.jsonl beside its journal: the date (UTC; a drill's is when it was \
        done, its own clock is simulated), the app, the region, live or drill, how it was resolved and \
        notes from the journal. This prints them newest first, ready to paste into the runbook. The \
        demo adds no row. The runbook is stale after 90 days without an exercise: run and demo say so on \
        their first screen.

        Exit status: 0 printed (an empty log prints a line saying so), 3 the log cannot be read.

        Examples:
          incident-console exercises
          incident-console exercises --dir ~/incidents >> runbooks/code-rollback-argocd.md
        """
    )

    @Option(help: ArgumentHelp("The directory holding the journals and their exercises.jsonl.",
                               discussion: "Default: $XDG_STATE_HOME/incident-console", valueName: "dir"))
    var dir: String?

    func run() throws {
        let directory: String
        if let dir { directory = dir } else {
            do { directory = try JournalWriter.directory() } catch { throw Failure.exit("\(error)") }
        }
        let path = ExerciseLog.path(in: directory)
        if FileManager.default.fileExists(atPath: path), !FileManager.default.isReadableFile(atPath: path) {
            throw Failure.exit("cannot read \(path)", status: Failure.unreadableJournal)
        }
        let log = ExerciseLog.read(path)
        if log.unreadable > 0 {
            FileHandle.standardError.write(Data(TerminalSafe.text(
                "incident-console: \(path): \(log.unreadable) line\(log.unreadable == 1 ? "" : "s") could not be read and \(log.unreadable == 1 ? "is" : "are") left out\n").utf8))
        }
        guard !log.rows.isEmpty else {
            print(TerminalSafe.text("No exercise on record in \(path): a live incident or a drill (incident-console train) that finishes Step 5 adds one.", keepLines: false))
            return
        }
        print(TerminalSafe.text(ExerciseTable.markdown(log.rows)), terminator: "")
        if let warning = ExerciseTable.staleness(log.rows, now: Date()) {
            FileHandle.standardError.write(Data(TerminalSafe.text("incident-console: \(warning)\n").utf8))
        }
    }
}
