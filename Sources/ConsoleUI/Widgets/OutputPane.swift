import Foundation
import RunbookEngine

/// Output: the incident's log, oldest first — every gate command (exit status first, then its argv
/// and what it printed), every note and every file written, each with its time — and the command
/// running now, with how long it has been waited on, at the bottom. Wrapped, never cut.
enum OutputPane {
    /// One block of the log as the pane shows it: what the journal alone holds, an entry, the stop,
    /// a command running now, or the empty log's line.
    enum Item {
        case dropped(Int)
        case entry(OutputLog.Entry)
        case stopped(String)
        case running(StepID, since: Date)
        case empty
    }

    /// The log's items in order, and the position of the first: entry N of the incident is at position
    /// N however many were dropped, so a scrolled view keeps its place as the log grows.
    static func items(_ runbook: RunbookState) -> (first: Int, items: [Item]) {
        let log = runbook.log
        var items: [Item] = log.dropped > 0 ? [.dropped(log.dropped)] : []
        items += log.entries.map { .entry($0) }
        if let stopped = runbook.stoppedReason { items.append(.stopped(stopped)) }
        items += (runbook.commandsInFlight ?? [:]).sorted { $0.value < $1.value }.map { .running($0.key, since: $0.value) }
        if items.isEmpty { items.append(.empty) }
        return (log.dropped > 0 ? log.dropped - 1 : 0, items)
    }

    /// Every line of the log (for tests and counts; the pane draws only its window).
    static func lines(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        items(state.runbook).items.flatMap { lines($0, state, width: width, glyphs: glyphs) }
    }

    /// One item's lines, cleaned and wrapped to `width`.
    static func lines(_ item: Item, _ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        let raw: [TextLine]
        switch item {
        case .dropped(let count): raw = [TextLine("\(count) earlier entries in the journal", .muted)]
        case .entry(.command(let command)): raw = commandLines(command, glyphs)
        case .entry(.note(let note)): raw = [noteLine(note, glyphs)]
        case .entry(.wrote(let file)): raw = [wroteLine(file, glyphs)]
        case .entry(.diff(let diff)): raw = diffLines(diff, glyphs)
        case .entry(.change(let change)): raw = ChangeLines.lines(change, glyphs)
        case .stopped(let reason): raw = [TextLine("\(glyphs.warn) stopped: \(reason)", Style(.warn, bold: true))]
        case .running(let step, let since): raw = running(step, since: since, state, glyphs)
        case .empty: raw = [TextLine("No command has run yet.", .muted)]
        }
        return raw.flatMap { clean($0, glyphs).wrapped(width: width, indent: indent($0)) }
    }

    /// What the pane shows at `height` rows: from the view's anchor, or the newest lines when it is
    /// pinned (or the anchor is that far down). Builds only the items it shows, however long the log.
    static func window(_ state: ConsoleState, width: Int, height: Int, glyphs: Glyphs) -> Window {
        let (first, items) = items(state.runbook)
        var cache: [Int: [TextLine]] = [:]
        func itemLines(_ index: Int) -> [TextLine] {
            if let known = cache[index] { return known }
            let built = lines(items[index], state, width: width, glyphs: glyphs)
            cache[index] = built
            return built
        }
        let bottom = bottomStart(items.count, height: height) { itemLines($0).count }
        var start = bottom
        if let anchor = state.view.outputAnchor {
            let index = min(max(0, anchor.entry - first), items.count - 1)
            let line = min(max(0, anchor.line), max(0, itemLines(index).count - 1))
            if (index, line) < bottom { start = (index, line) }
        }
        var shown: [TextLine] = []
        var index = start.0
        shown += itemLines(index).dropFirst(start.1)
        while shown.count < height, index + 1 < items.count {
            index += 1
            shown += itemLines(index)
        }
        let cutBelow = shown.count > height
        return Window(lines: Array(shown.prefix(height)), start: OutputAnchor(entry: first + start.0, line: start.1),
                      above: start.0 + (start.1 > 0 ? 1 : 0), below: items.count - 1 - index + (cutBelow ? 1 : 0))
    }

    /// The (item, line) where the last `height` lines of the log begin.
    static func bottomStart(_ count: Int, height: Int, _ lineCount: (Int) -> Int) -> (Int, Int) {
        var index = count - 1
        var collected = lineCount(index)
        while collected < height, index > 0 {
            index -= 1
            collected += lineCount(index)
        }
        return (index, max(0, collected - height))
    }

    /// The pane's rows, where they begin, and how many items lie wholly or partly above and below them.
    struct Window {
        var lines: [TextLine]
        var start: OutputAnchor
        var above: Int
        var below: Int
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

    /// 3b's diff: the summary leads, then the command and the diff itself (`<` live, `>` the target).
    static func diffLines(_ diff: LoggedDiff, _ glyphs: Glyphs) -> [TextLine] {
        var header = TextLine([time(diff.at)])
        header.append("\(diff.isEmpty ? glyphs.warn : glyphs.pointer) diff: \(diff.summary)", Style(diff.isEmpty ? .warn : .text, bold: true))
        header.append("  3b \(StepID.rollback.title)", .muted)
        var lines = [header, TextLine("  $ " + CommandResult.commandLine(diff.argv), Style(.text, bold: true))]
        lines += outputLines(diff.text, .text)
        if diff.droppedLines > 0 {
            lines.append(TextLine("    (\(diff.droppedLines) more diff lines in the journal)", .muted))
        }
        return lines
    }

    /// A command's output, one line per line it printed; escapes shown, never acted on.
    static func outputLines(_ text: String, _ role: StyleRole) -> [TextLine] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .filter { !$0.allSatisfy(\.isWhitespace) }
            .map { line in
                let spaced = line.contains("\t") ? line.replacingOccurrences(of: "\t", with: "    ") : String(line)
                return TextLine("    " + TerminalSafe.text(spaced, keepLines: false), role)
            }
    }

    /// A gate command running now, with how long it has run: the log's live end.
    static func running(_ step: StepID, since: Date, _ state: ConsoleState, _ glyphs: Glyphs) -> [TextLine] {
        guard let command = state.runbook.gateCommand(for: step) else { return [] }
        let waited = max(0, state.clock.timeIntervalSince(since))
        var header = TextLine([time(since)])
        header.append("\(glyphs.pointer) running for \(Format.duration(waited))", Style(.warn, bold: true))
        header.append("  \(step.label) \(step.title)", .muted)
        return [header, TextLine("  $ " + command.commandLine, Style(.text, bold: true))]
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
