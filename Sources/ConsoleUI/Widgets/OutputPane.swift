import Foundation
import RunbookEngine

/// Output: the incident's log, oldest first — every gate command (exit status first, then its argv
/// and what it printed), every note and every file written, each with its time — and the command
/// running now, with how long it has been waited on, at the bottom. Wrapped, never cut.
enum OutputPane {
    static func lines(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        let runbook = state.runbook
        var lines: [TextLine] = []
        if runbook.log.dropped > 0 {
            lines.append(TextLine("\(runbook.log.dropped) earlier entries in the journal", .muted))
        }
        for entry in runbook.log.entries {
            switch entry {
            case .command(let command): lines += commandLines(command, glyphs)
            case .note(let note): lines.append(noteLine(note, glyphs))
            case .wrote(let file): lines.append(wroteLine(file, glyphs))
            }
        }
        if let stopped = runbook.stoppedReason {
            lines.append(TextLine("\(glyphs.warn) stopped: \(stopped)", Style(.warn, bold: true)))
        }
        lines += running(state, glyphs)
        if lines.isEmpty { lines.append(TextLine("No command has run yet.", .muted)) }
        return lines.flatMap { clean($0, glyphs).wrapped(width: width, indent: indent($0)) }
    }

    /// The line index the pane shows first: the user's scroll position, else pinned to the newest.
    static func firstLine(_ view: ViewState, lineCount: Int, height: Int) -> Int {
        let bottom = max(0, lineCount - height)
        return min(max(0, view.scroll[.output] ?? bottom), bottom)
    }

    static let stamp = 9  // "14:35:09 "

    static func time(_ date: Date) -> Span { Span(String(Format.clock(date).prefix(8)) + " ", .muted) }

    static func noteLine(_ note: Note, _ glyphs: Glyphs) -> TextLine {
        let mark = Mark.note(note.level, glyphs)
        var line = TextLine([time(note.at)])
        line.append("\(mark.symbol) \(note.level.rawValue) ", Style(mark.role, bold: true))
        line.append(note.text, note.level == .info ? .text : mark.role)
        return line
    }

    static func wroteLine(_ file: WrittenFile, _ glyphs: Glyphs) -> TextLine {
        let what = file.step == .postmortem ? "postmortem draft" : file.step == .communicate ? "status message" : file.step.label
        var line = TextLine([time(file.at)])
        line.append("\(glyphs.check) \(what) written to ", Style(.ok, bold: true))
        line.append(file.path, Style(.text, bold: true))
        return line
    }

    /// The exit status leads (it is what matters), then the step, the command and its output.
    static func commandLines(_ logged: LoggedCommand, _ glyphs: Glyphs) -> [TextLine] {
        let command = logged.result
        let ended: (String, StyleRole) = {
            if let launch = command.launchError { return ("could not start: \(launch)", .danger) }
            if command.timedOut { return ("timed out after \(Format.duration(command.seconds))", .danger) }
            let code = command.exitCode.map { "exit \($0)" } ?? "no exit code"
            return ("\(code) in \(Format.seconds(command.seconds))", command.succeeded ? .ok : .danger)
        }()
        var header = TextLine([time(logged.finishedAt)])
        header.append((command.succeeded ? "\(glyphs.check) " : "\(glyphs.cross) ") + ended.0, Style(ended.1, bold: true))
        header.append("  \(logged.step.label) \(logged.step.title)", .muted)
        var lines = [header, TextLine("  $ " + command.commandLine, Style(.text, bold: true))]
        if logged.droppedLines > 0 {
            lines.append(TextLine("    (\(logged.droppedLines) earlier output lines in the journal)", .muted))
        }
        lines += outputLines(command.stdout, .text) + outputLines(command.stderr, .warn)
        if command.truncated { lines.append(TextLine("    (output cut at the capture limit)", .muted)) }
        return lines
    }

    /// A command's output, one line per line it printed; escapes shown, never acted on.
    static func outputLines(_ text: String, _ role: StyleRole) -> [TextLine] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .filter { !$0.allSatisfy(\.isWhitespace) }
            .map { TextLine("    " + TerminalSafe.text($0.replacingOccurrences(of: "\t", with: "    "), keepLines: false), role) }
    }

    /// The gate commands running now, oldest first, each with how long it has run: the log's live end.
    static func running(_ state: ConsoleState, _ glyphs: Glyphs) -> [TextLine] {
        let runbook = state.runbook
        let inFlight = (runbook.commandsInFlight ?? [:]).sorted { $0.value < $1.value }
        return inFlight.flatMap { step, since -> [TextLine] in
            guard let command = runbook.gateCommand(for: step) else { return [] }
            let waited = max(0, state.clock.timeIntervalSince(since))
            var header = TextLine([time(since)])
            header.append("\(glyphs.pointer) running for \(Format.duration(waited))", Style(.warn, bold: true))
            header.append("  \(step.label) \(step.title)", .muted)
            return [header, TextLine("  $ " + command.commandLine, Style(.text, bold: true))]
        }
    }

    private static func clean(_ line: TextLine, _ glyphs: Glyphs) -> TextLine {
        TextLine(line.spans.map { Span(ScreenText.clean($0.text, glyphs), $0.style) })
    }

    /// Continuation lines line up under the text they continue.
    private static func indent(_ line: TextLine) -> Int {
        let text = line.text
        if text.hasPrefix("    ") { return 6 }
        if text.hasPrefix("  $ ") { return 4 }
        return stamp + 2
    }
}
