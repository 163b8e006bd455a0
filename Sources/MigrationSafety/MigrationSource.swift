/// One migration as a caller hands it over: a file's text, or standard input (file nil).
public struct MigrationSource: Sendable, Equatable {
    public var file: String?
    public var sql: String

    public init(file: String?, sql: String) {
        self.file = file
        self.sql = sql
    }
}

extension MigrationClassifier {
    /// Classifies several migrations in order, as one set: objects an earlier one creates are new to
    /// later ones. Down migrations (`*.down.sql`, Flyway `U…`) are skipped; down sections are blanked.
    public static func classify(_ sources: [MigrationSource]) -> MigrationReport {
        var session = ClassificationSession()
        for source in sources {
            if let file = source.file, DownMigration.isDownFile(file) { continue }
            session.classify(sql: upSections(of: source.sql), file: source.file)
        }
        return session.report
    }

    /// goose and dbmate files: everything after `-- +goose Down` / `-- migrate:down` never runs on deploy.
    static func upSections(of sql: String) -> String {
        // Fast path: a file without either tool's directive has no down section to blank.
        guard sql.contains("+goose") || sql.contains("migrate:") else { return sql }
        let lines = sql.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.contains(where: { DownMigration.marker($0) != nil }) else { return sql }
        return DownMigration.upSections(lines).joined(separator: "\n")
    }
}
