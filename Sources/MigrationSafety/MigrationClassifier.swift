/// Step 0 of the rollback runbook: does the old binary still work against the schema the bad
/// release migrated? Classifies with the real PostgreSQL parser (libpg_query), never by text matching.
public enum MigrationClassifier {
    /// Classifies one migration file (or standard input when `file` is nil). goose and dbmate
    /// down sections are skipped; line numbers stay those of the file.
    public static func classify(sql: String, file: String?) -> MigrationReport {
        var session = ClassificationSession()
        session.classify(sql: upSections(of: sql), file: file)
        return session.report
    }

    /// Classifies the output of `git diff LAST_GOOD..CURRENT -- <migrations glob>`: new up-migrations
    /// run, edited or deleted shipped migrations are history drift, down migrations and non-SQL are ignored.
    /// A diff that cannot be read is one REVIEW finding naming its line (`classifyStrictly` throws instead).
    public static func classify(diff: String) -> MigrationReport {
        do {
            return try classifyStrictly(diff: diff)
        } catch {
            // Named as the diff, not a file: the line is the diff's own.
            return MigrationReport(findings: [Finding(file: "(git diff)", line: error.line, statement: "(diff)", verdict: .review,
                                                      rule: "unreadable-diff", reason: "line \(error.line) of the diff: \(error.message)")],
                                   files: [])
        }
    }

    /// `classify(diff:)` for callers that stop on a diff they cannot read (check-migrations exits 3).
    public static func classifyStrictly(diff: String) throws(MalformedDiff) -> MigrationReport {
        var session = ClassificationSession()
        for change in try DiffReader.fileChanges(in: diff) {
            MigrationChangeRules.classify(change, into: &session)
        }
        return session.report
    }
}
