import RunbookEngine

/// Step 2's evidence in the Output log: what the change is (judged from the diff), `git show REV --stat`
/// as git printed it, and the changed lines that matter per file (old → new). Everything from git passes
/// through `TerminalSafe`: a commit message or a file name can carry escapes.
enum ChangeLines {
    static func lines(_ change: LoggedChange, _ glyphs: Glyphs) -> [TextLine] {
        let warn = change.kind == .helmCRDs
        var header = TextLine([OutputPane.time(change.at)])
        header.append("\(warn ? glyphs.warn : glyphs.pointer) what changed: \(safe(change.summary))", Style(warn ? .warn : .text, bold: true))
        header.append("  2 \(StepID.diagnose.title)", .muted)
        var lines = [header, TextLine("  $ git show \(safe(change.revision.short)) --stat", Style(.text, bold: true))]
        lines += OutputPane.outputLines(change.stat, .text)
        if change.droppedLines > 0 {
            lines.append(TextLine("    (\(change.droppedLines) more lines in the journal)", .muted))
        }
        guard let files = change.files else { return lines }
        let keyed = files.filter { !$0.lines.isEmpty }
        if !keyed.isEmpty { lines.append(TextLine("  the lines that matter:", Style(.text, bold: true))) }
        for file in keyed {
            lines.append(TextLine("    \(safe(file.path)) (\(file.kinds.map(\.title).joined(separator: ", ")))", Style(.text, bold: true)))
            lines += file.lines.map { TextLine("      \(safe($0.text))", $0.kind == .helmCRDs ? .warn : .text) }
            if file.moreLines > 0 { lines.append(TextLine("      … \(file.moreLines) more changed keys", .muted)) }
        }
        lines += change.pins.map { TextLine("  \(safe($0))", .text) }
        return lines
    }

    private static func safe(_ text: String) -> String { TerminalSafe.text(text, keepLines: false) }
}
