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
    /// `prior` is the schema at the last good revision (see `SchemaReplay`); without it, `unknownBecause` says why.
    public static func classify(diff: String, prior: KnownSchema? = nil,
                                unknownBecause: String = "no repository was given") -> MigrationReport {
        do {
            return try classifyStrictly(diff: diff, prior: prior, unknownBecause: unknownBecause)
        } catch {
            // Named as the diff, not a file: the line is the diff's own.
            return MigrationReport(findings: [Finding(file: "(git diff)", line: error.line, statement: "(diff)", verdict: .review,
                                                      rule: "unreadable-diff", reason: "line \(error.line) of the diff: \(error.message)")],
                                   files: [])
        }
    }

    /// `classify(diff:)` for callers that stop on a diff they cannot read (check-migrations exits 3).
    public static func classifyStrictly(diff: String, prior: KnownSchema? = nil,
                                        unknownBecause: String = "no repository was given") throws(MalformedDiff) -> MigrationReport {
        var session = ClassificationSession(prior: prior, unknownBecause: unknownBecause)
        for change in try DiffReader.fileChanges(in: diff) {
            MigrationChangeRules.classify(change, into: &session)
        }
        return session.report
    }
}
