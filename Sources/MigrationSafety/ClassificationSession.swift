/// Classifies a migration set statement by statement, in order, so later statements know what
/// earlier ones created and a rename can be shadowed by a compatibility view created after it.
struct ClassificationSession {
    private var judge = StatementJudge()
    private(set) var findings: [Finding] = []
    private(set) var files: [String] = []
    /// Renames that a later view named like the old object turns from UNSAFE into REVIEW.
    private var shadows: [(findingIndex: Int, oldName: ObjectName)] = []
    /// The schema at the last good revision, followed through this set's statements: once a statement
    /// is one the model cannot follow, the prior is no longer trusted for the statements after it.
    private var releaseModel: KnownSchema?
    private let schemaNote: String

    /// `prior`: the schema at the last good revision, or nil with `unknownBecause` saying why it is not known.
    /// `shortcuts`: see `StatementJudge.shortcuts`.
    init(prior: KnownSchema? = nil, unknownBecause: String = "no repository was given", shortcuts: Bool = true) {
        judge.prior = prior
        judge.shortcuts = shortcuts
        releaseModel = prior
        schemaNote = prior.map { "known: \($0.description)" }
            ?? "not known (\(unknownBecause)); each statement was judged on its own"
    }

    /// Classifies every statement of `sql`; `fileLine` maps a line of `sql` to a line of the file.
    /// `include` (given the statement's line range) skips statements a caller does not want judged.
    /// `parsed`: the same text already split and parsed (`ParsedFile`).
    mutating func classify(sql: String, file: String?, fileLine: (Int) -> Int = { $0 },
                           include: (ClosedRange<Int>) -> Bool = { _ in true }, parsed: ParsedFile? = nil) {
        if let file, !files.contains(file) { files.append(file) }
        let sql = readable(sql, file: file, fileLine: fileLine, include: include)
        let statements = parsed?.statements ?? StatementSplitter.statements(in: sql, scanning: !judge.shortcuts)
        judge.parsedPLpgSQL = parsed?.plpgsql ?? [:]
        for (index, statement) in statements.enumerated() {
            let lastLine = statement.line + statement.text.countBytes(UInt8(ascii: "\n"))
            guard include(statement.line...lastLine) else { continue }
            judge.pendingShadows = []
            judge.createdViews = []
            let judgement = judge.judge(statement, parsed: parsed?.parsed[index])
            findings.append(Finding(file: file, line: fileLine(statement.line), statement: statement.text,
                                    verdict: judgement.verdict, rule: judgement.rule, reason: judgement.reason))
            // Only a statement that is nothing but the rename may be softened by a view.
            if judgement.verdict == .unsafe, judgement.rule.hasPrefix("rename-") || judgement.rule == "set-schema" {
                shadows += judge.pendingShadows.map { (findings.count - 1, $0.oldName) }
            }
            for view in judge.createdViews { shadow(by: view) }
            follow(statement, file: file)
        }
    }

    /// A NUL would end the text where libpg_query reads it, and U+FFFD stands for bytes that were not
    /// UTF-8: each such line is a REVIEW finding, and the NUL becomes a space so nothing after it is lost.
    private mutating func readable(_ sql: String, file: String?, fileLine: (Int) -> Int,
                                   include: (ClosedRange<Int>) -> Bool) -> String {
        // Byte searches: U+FFFD has one UTF-8 spelling, and a scalar-by-scalar walk of every file was slow.
        guard sql.containsBytes("\0") || sql.containsBytes("\u{FFFD}") else { return sql }
        for (index, bytes) in sql.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let line = String(decoding: bytes, as: UTF8.self)
            let hasNUL = bytes.contains(0), hasReplacement = line.unicodeScalars.contains("\u{FFFD}")
            guard hasNUL || hasReplacement, include((index + 1)...(index + 1)) else { continue }
            let what = hasNUL ? "a NUL byte, which PostgreSQL never accepts (the parser would stop there)"
                              : "bytes that are not UTF-8 (shown as U+FFFD)"
            findings.append(Finding(file: file, line: fileLine(index + 1),
                                    statement: Self.blankingNUL(line).trimmingSQLWhitespace(),
                                    verdict: .review, rule: "unreadable-bytes",
                                    reason: "line \(fileLine(index + 1)) holds \(what); the rest of the file was still checked, read this line"))
        }
        return Self.blankingNUL(sql)
    }

    static func blankingNUL(_ text: String) -> String {
        guard text.containsBytes("\0") else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.map { $0 == "\0" ? " " : $0 })
        return String(scalars)
    }

    mutating func add(_ finding: Finding) {
        if let file = finding.file, !files.contains(file) { files.append(file) }
        findings.append(finding)
    }

    mutating func consider(file: String) {
        if !files.contains(file) { files.append(file) }
    }

    var report: MigrationReport { MigrationReport(findings: findings, files: files, schema: schemaNote) }

    /// Applies a judged statement to the release's model; a statement it cannot follow ends the prior's use.
    private mutating func follow(_ statement: SQLStatement, file: String?) {
        guard let model = releaseModel else { return }
        var replayer = Replayer(schema: model, file: file ?? "<stdin>", firstLine: statement.line)
        replayer.apply(sql: statement.text)
        if replayer.schema.forgotten > model.forgotten {
            judge.prior = nil
            releaseModel = nil
        } else {
            releaseModel = replayer.schema
        }
    }

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
