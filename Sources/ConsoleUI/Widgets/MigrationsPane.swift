import RunbookEngine
import MigrationSafety

/// Migrations: Step 0's verdict and each statement behind it (line, verdict, rule and reason, statement).
enum MigrationsPane {
    static func lines(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        let runbook = state.runbook
        let compared = runbook.migrationsRange.map { " (\($0.map(\.short).joined(separator: "..")))" } ?? ""
        guard let report = runbook.migrations.value else {
            if let error = runbook.migrations.error {
                return [TextLine("\(glyphs.cross) could not check the migrations: \(error.message)", .danger),
                        TextLine("Step 0 cannot pass until the diff is read; r re-reads it.", .muted)]
            }
            if runbook.inFlight[.migrations] != nil, let good = runbook.lastKnownGood, let bad = runbook.badEntry {
                let wait = Ages.waiting(since: runbook.inFlight[.migrations], now: state.clock)
                return [TextLine("reading git diff \(good.revision.short)..\(bad.revision.short)\(wait)", .muted)]
            }
            return [TextLine("waiting for the history to know what to compare", .muted)]
        }
        let wide = width >= 60
        let range = wide ? compared : ""
        var lines: [TextLine] = []
        let mark = Mark.verdict(report.verdict, glyphs)
        var head = TextLine("\(mark.symbol) \(report.verdict.word)", Style(mark.role, bold: true))
        head.append(" \(report.findings.count) statement(s) in \(report.files.count) file(s)\(range)", .text)
        lines.append(head)
        // What the verdict knew of the schema at the last good revision (replayed, a real server's, or not known).
        if let schema = report.schema {
            let schemaLines = wide ? ScreenText.wrap("Schema: " + schema, width: max(1, width - 2)) : ["Schema: " + schema]
            lines.append(contentsOf: schemaLines.map { TextLine($0, .muted) })
        }
        if let override = runbook.override {
            lines.append(TextLine("\(glyphs.warn) overridden by \(override.by): \(override.reason)", Style(.danger, bold: true)))
        }
        if report.findings.isEmpty {
            lines.append(TextLine("No migration changed: a code rollback is safe for the schema.", .muted))
        }
        for finding in report.findings {
            let findingMark = Mark.verdict(finding.verdict, glyphs)
            var line = TextLine("\(findingMark.symbol) \(finding.verdict.word)", Style(findingMark.role, bold: true))
            let file = finding.file.map { wide ? $0 : ($0.split(separator: "/").last.map(String.init) ?? $0) } ?? "stdin"
            line.append(" " + finding.rule, .text, bold: true)
            line.append(" \(file):\(finding.line)", .muted)
            lines.append(line)
            let reasonLines = wide ? ScreenText.wrap(finding.reason, width: max(1, width - 4)) : [finding.reason]
            lines.append(contentsOf: reasonLines.map { TextLine("    " + $0, .text) })
            let statement = finding.statement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let statementLines = wide ? ScreenText.wrap(statement, width: max(1, width - 4)) : [statement]
            lines.append(contentsOf: statementLines.map { TextLine("    " + $0, .muted) })
        }
        return lines
    }
}
