import RunbookEngine

/// Output: what the last gate command printed, then the notes, newest first. A danger note newer
/// than that command comes before it: a refusal must not hide below old output.
enum OutputPane {
    static let maxOutputLines = 40
    static let maxNotes = 50

    static func lines(_ state: ConsoleState, glyphs: Glyphs) -> [TextLine] {
        let runbook = state.runbook
        var urgent: [TextLine] = []
        var notes: [TextLine] = []
        let commandAt = runbook.lastGateFinishedAt ?? .distantPast
        for note in runbook.notes.reversed().prefix(maxNotes) {
            let line = noteLine(note, glyphs)
            if note.level == .danger, note.at >= commandAt, !runbook.commands.isEmpty { urgent.append(line) } else { notes.append(line) }
        }
        var lines = urgent
        if let command = runbook.commands.last {
            lines.append(contentsOf: commandLines(command, glyphs))
        }
        if let stopped = runbook.stoppedReason {
            lines.append(TextLine("\(glyphs.warn) stopped: \(stopped)", Style(.warn, bold: true)))
        }
        if !notes.isEmpty {
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(contentsOf: notes)
        }
        if lines.isEmpty { lines.append(TextLine("No command has run yet.", .muted)) }
        return lines
    }

    static func noteLine(_ note: Note, _ glyphs: Glyphs) -> TextLine {
        let mark = Mark.note(note.level, glyphs)
        var line = TextLine(Ages.hourMinute(note.at) + " ", .muted)
        line.append("\(mark.symbol) \(note.level.rawValue) ", Style(mark.role, bold: true))
        line.append(note.text, note.level == .info ? .text : mark.role)
        return line
    }

    static func commandLines(_ command: CommandResult, _ glyphs: Glyphs) -> [TextLine] {
        var header = TextLine("$ " + command.commandLine, Style(.text, bold: true))
        let ended: (String, StyleRole) = {
            if let launch = command.launchError { return ("could not start: \(launch)", .danger) }
            if command.timedOut { return ("timed out after \(Format.duration(command.seconds))", .danger) }
            let code = command.exitCode.map { "exit \($0)" } ?? "no exit code"
            return ("\(code), \(Format.seconds(command.seconds))", command.succeeded ? .ok : .danger)
        }()
        header.append("  " + (command.succeeded ? "\(glyphs.check) " : "\(glyphs.cross) ") + ended.0, ended.1)
        var lines = [header]
        let out = command.stdout.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let err = command.stderr.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for line in out.prefix(maxOutputLines) where !line.isEmpty { lines.append(TextLine("  " + line, .text)) }
        for line in err.prefix(maxOutputLines) where !line.isEmpty { lines.append(TextLine("  " + line, .warn)) }
        if command.truncated { lines.append(TextLine("  (output cut at the capture limit)", .muted)) }
        return lines
    }
}
