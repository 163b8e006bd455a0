import Foundation

/// The Output pane's log: every gate command (argv, exit, duration, output) and every note, in the
/// order they happened. Built by `reduce`, so a replay or a follower rebuilds it exactly; bounded, so a
/// long incident cannot grow the state without end (the journal keeps what is dropped).
public struct OutputLog: Sendable, Equatable, Codable {
    public enum Entry: Sendable, Equatable, Codable {
        case command(LoggedCommand)
        case note(Note)
        /// A file step wrote its file (the status message, the postmortem draft).
        case wrote(WrittenFile)
        /// `argocd app diff` against the rollback target, read before 3b's gate opened.
        case diff(LoggedDiff)
        /// Step 2's evidence: `git show --stat` of the bad revision and the lines of its diff that matter.
        case change(LoggedChange)
    }

    /// Entries kept; older ones are dropped from the front and counted in `dropped`.
    public static let maxEntries = 200
    /// Lines kept of each command's stdout and of its stderr: the last ones, where the verdict is.
    public static let maxOutputLines = 200
    /// Characters kept of one output line (a megabyte on one line must not stay in the state).
    public static let maxLineLength = 400

    public private(set) var entries: [Entry] = []
    /// How many entries were dropped from the front: they are still in the journal.
    public private(set) var dropped = 0

    public init() {}

    /// Every entry ever appended, dropped ones included: a position that stays put as the log grows.
    public var total: Int { dropped + entries.count }

    /// The same log with every note passed through `transform` (a viewer's wording of the driver's prompts).
    public func mappingNotes(_ transform: (Note) -> Note) -> OutputLog {
        var log = self
        log.entries = entries.map { entry in
            if case .note(let note) = entry { return .note(transform(note)) }
            return entry
        }
        return log
    }

    mutating func append(_ entry: Entry) {
        entries.append(entry)
        let extra = entries.count - Self.maxEntries
        if extra > 0 {
            entries.removeFirst(extra)
            dropped += extra
        }
    }
}

/// A gate command as the log keeps it: the result with its output cut to the last lines.
public struct LoggedCommand: Sendable, Equatable, Codable {
    public var step: StepID
    /// When it was confirmed (nil for a result the console was not waiting for).
    public var startedAt: Date?
    public var finishedAt: Date
    public var result: CommandResult
    /// Output lines left out at the top (beyond `OutputLog.maxOutputLines` of a stream).
    public var droppedLines: Int

    init(step: StepID, startedAt: Date?, finishedAt: Date, result: CommandResult) {
        var kept = result
        let (stdout, droppedOut) = Self.lastLines(result.stdout)
        let (stderr, droppedErr) = Self.lastLines(result.stderr)
        kept.stdout = stdout
        kept.stderr = stderr
        self.step = step; self.startedAt = startedAt; self.finishedAt = finishedAt
        self.result = kept; self.droppedLines = droppedOut + droppedErr
    }

    private static func lastLines(_ text: String) -> (String, Int) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let long = OutputLog.maxLineLength
        guard lines.count > OutputLog.maxOutputLines || lines.contains(where: { $0.utf8.count > long }) else { return (text, 0) }
        return (OutputLog.cut(lines.suffix(OutputLog.maxOutputLines)), max(0, lines.count - OutputLog.maxOutputLines))
    }
}

extension OutputLog {
    /// Lines as the log keeps them, joined: each cut at `maxLineLength`, saying how much more the journal holds.
    static func cut(_ lines: some Sequence<Substring>) -> String {
        let long = maxLineLength
        return lines.map { line in
            line.count > long ? line.prefix(long) + " [\(line.count - long) more characters in the journal]" : String(line)
        }.joined(separator: "\n")
    }
}

/// 3b's diff as the log keeps it: the summary of the whole, and its first lines (a diff reads from the top).
public struct LoggedDiff: Sendable, Equatable, Codable {
    public var at: Date
    /// The command as the console ran it (its context flags aside).
    public var argv: [String]
    public var revision: Revision
    public var summary: String
    public var isEmpty: Bool
    public var text: String
    /// Lines left out at the bottom (beyond `OutputLog.maxOutputLines`): the journal has the whole diff.
    public var droppedLines: Int

    init(at: Date, app: String, diff: RollbackDiff, sources: [HistorySource] = []) {
        self.at = at
        argv = RollbackDiff.argv(app: app, revision: diff.revision, sources: sources)
        revision = diff.revision
        summary = diff.summary
        isEmpty = diff.isEmpty
        let lines = diff.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        text = OutputLog.cut(lines.prefix(OutputLog.maxOutputLines))
        droppedLines = max(0, lines.count - OutputLog.maxOutputLines)
    }
}

/// A file a step wrote, and what it is.
public struct WrittenFile: Sendable, Equatable, Codable {
    public var step: StepID
    public var path: String
    public var at: Date
}
