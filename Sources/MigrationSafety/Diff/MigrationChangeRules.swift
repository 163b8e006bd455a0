/// What each kind of file change in a migration diff means for the old binary.
enum MigrationChangeRules {
    static func classify(_ change: FileChange, into session: inout ClassificationSession) {
        let path = change.path
        guard path.lowercased().hasSuffix(".sql"), !DownMigration.isDownFile(path) else { return }
        if change.isBinary {
            session.add(finding(path, line: 1, "(binary)", .review("binary-migration", "git shows \(path) as binary; read it")))
        } else if change.isNew {
            classifyNewFile(change, into: &session)
        } else if change.isDeleted {
            session.add(finding(path, line: 1, "(deleted)", .review("history-drift",
                "deletes \(path), a migration that already shipped; databases keep its changes and the tool may refuse to run")))
        } else if change.hunks.isEmpty {
            // A mode change or a pure rename.
            if let old = change.oldPath, old != path {
                session.add(finding(path, line: 1, "(renamed from \(old))", .review("history-drift",
                    "renames \(old), a migration that already shipped; the tool may run it again or refuse to run")))
            } else {
                session.consider(file: path)
            }
        } else {
            classifyEditedFile(change, into: &session)
        }
    }

    /// A new up-migration: only its added lines run (down sections blanked, line numbers kept).
    private static func classifyNewFile(_ change: FileChange, into session: inout ClassificationSession) {
        var lines: [String] = []
        var fileLines: [Int] = []
        for hunk in change.hunks {
            var newLine = hunk.newStart
            for line in hunk.lines {
                if case .added(let text) = line { lines.append(text); fileLines.append(newLine) }
                if case .removed = line { continue }
                newLine += 1
            }
        }
        let sql = DownMigration.upSections(lines).joined(separator: "\n")
        session.classify(sql: sql, file: change.path) { line in
            line - 1 < fileLines.count ? fileLines[line - 1] : line
        }
        session.consider(file: change.path)
    }

    /// An edited shipped migration is history drift, unless only comments, whitespace or down
    /// sections changed. The statements it touches are judged too: a repeatable migration reruns.
    private static func classifyEditedFile(_ change: FileChange, into session: inout ClassificationSession) {
        let path = change.path
        let markers = toolMarkers(of: change)
        let changedHunks = change.hunks.filter {
            !sameStatements(old: side(of: $0, old: true, tools: markers), new: side(of: $0, old: false, tools: markers))
        }
        guard let firstChanged = changedHunks.first else {
            let line = change.hunks.first?.newStart ?? 1
            session.add(finding(path, line: line, "(comments only)", .safe("comment-only-edit",
                "only comments, whitespace or down sections of \(path) changed")))
            return
        }
        let renamed = change.oldPath.map { $0 != path } ?? false
        let first = firstChange(in: firstChanged)
        session.add(finding(path, line: first.line, first.text,
            .review("history-drift", "edits \(renamed ? "and renames " : "")\(path), a migration that already shipped; databases that ran it keep the old version")))
        for hunk in changedHunks {
            var lines: [String] = []
            var addedLines: Set<Int> = []
            for line in hunk.lines {
                switch line {
                case .context(let text): lines.append(text)
                case .added(let text): lines.append(text); addedLines.insert(lines.count)
                case .removed: continue
                }
            }
            let sql = DownMigration.upSections(lines, tools: markers).joined(separator: "\n")
            let offset = hunk.newStart - 1
            session.classify(sql: sql, file: path, fileLine: { $0 + offset },
                             include: { range in addedLines.contains { range.contains($0) } })
        }
    }

    /// The tools whose up marker shows anywhere in an edit: the rest of the file is not in the diff.
    private static func toolMarkers(of change: FileChange) -> Set<DownMigration.Tool> {
        DownMigration.tools(in: change.hunks.flatMap { hunk in
            hunk.lines.map { line in
                switch line { case .context(let text), .added(let text), .removed(let text): text }
            }
        })
    }

    /// One side of a hunk as SQL text, down sections blanked.
    private static func side(of hunk: Hunk, old: Bool, tools: Set<DownMigration.Tool>) -> String {
        let lines = hunk.lines.compactMap { line -> String? in
            switch line {
            case .context(let text): text
            case .removed(let text): old ? text : nil
            case .added(let text): old ? nil : text
            }
        }
        return DownMigration.upSections(lines, tools: tools).joined(separator: "\n")
    }

    /// Whether two texts are the same tokens once comments and whitespace are set aside.
    static func sameStatements(old: String, new: String) -> Bool {
        guard let oldTokens = tokenTexts(old), let newTokens = tokenTexts(new) else { return false }
        return oldTokens == newTokens
    }

    private static func tokenTexts(_ sql: String) -> [String]? {
        guard let tokens = PostgresParser.scan(sql) else { return nil }
        let source = SourceText(sql)
        return tokens.filter { !$0.isComment }.map { source.slice($0.start..<$0.end) }
    }

    /// The first added or removed line of a hunk, with its line number in the new file.
    private static func firstChange(in hunk: Hunk) -> (line: Int, text: String) {
        var newLine = hunk.newStart
        for line in hunk.lines {
            switch line {
            case .added(let text), .removed(let text): return (max(newLine, 1), text.trimmingSQLWhitespace())
            case .context: newLine += 1
            }
        }
        return (max(hunk.newStart, 1), "")
    }

    private static func finding(_ file: String, line: Int, _ statement: String, _ judgement: Judgement) -> Finding {
        Finding(file: file, line: line, statement: statement, verdict: judgement.verdict,
                rule: judgement.rule, reason: judgement.reason)
    }
}
