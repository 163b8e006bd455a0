/// Classifies a migration set statement by statement, in order, so later statements know what
/// earlier ones created and a rename can be shadowed by a compatibility view created after it.
struct ClassificationSession {
    private var judge = StatementJudge()
    private(set) var findings: [Finding] = []
    private(set) var files: [String] = []
    /// Renames that a later view named like the old object turns from UNSAFE into REVIEW.
    private var shadows: [(findingIndex: Int, oldName: ObjectName)] = []

    /// Classifies every statement of `sql`; `fileLine` maps a line of `sql` to a line of the file.
    /// `include` (given the statement's line range) skips statements a caller does not want judged.
    mutating func classify(sql: String, file: String?, fileLine: (Int) -> Int = { $0 },
                           include: (ClosedRange<Int>) -> Bool = { _ in true }) {
        if let file, !files.contains(file) { files.append(file) }
        for statement in StatementSplitter.statements(in: sql) {
            let lastLine = statement.line + statement.text.utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count
            guard include(statement.line...lastLine) else { continue }
            judge.pendingShadows = []
            judge.createdViews = []
            let judgement = judge.judge(statement)
            findings.append(Finding(file: file, line: fileLine(statement.line), statement: statement.text,
                                    verdict: judgement.verdict, rule: judgement.rule, reason: judgement.reason))
            // Only a statement that is nothing but the rename may be softened by a view.
            if judgement.verdict == .unsafe, judgement.rule.hasPrefix("rename-") || judgement.rule == "set-schema" {
                shadows += judge.pendingShadows.map { (findings.count - 1, $0.oldName) }
            }
            for view in judge.createdViews { shadow(by: view) }
        }
    }

    mutating func add(_ finding: Finding) {
        if let file = finding.file, !files.contains(file) { files.append(file) }
        findings.append(finding)
    }

    mutating func consider(file: String) {
        if !files.contains(file) { files.append(file) }
    }

    var report: MigrationReport { MigrationReport(findings: findings, files: files) }

    private mutating func shadow(by view: ObjectName) {
        for shadow in shadows where shadow.oldName == view {
            var finding = findings[shadow.findingIndex]
            finding.verdict = .review
            finding.rule = "rename-with-compatibility-view"
            finding.reason = "renames \(view), but a view keeps the old name readable; check the old binary's writes through it work"
            findings[shadow.findingIndex] = finding
        }
        shadows.removeAll { $0.oldName == view }
    }
}
