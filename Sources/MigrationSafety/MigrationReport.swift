/// One statement's verdict and why, located so a person can find it.
public struct Finding: Sendable, Equatable, Codable {
    /// The migration file, or nil for SQL read from standard input.
    public var file: String?
    /// 1-based line of the statement's start within its file.
    public var line: Int
    /// The statement text (trimmed; long statements may be shortened for display by callers).
    public var statement: String
    public var verdict: Verdict
    /// A stable rule name, e.g. "drop-column", "add-column-nullable", "parse-error".
    public var rule: String
    /// One line a person can act on.
    public var reason: String

    public init(file: String?, line: Int, statement: String, verdict: Verdict, rule: String, reason: String) {
        self.file = file
        self.line = line
        self.statement = statement
        self.verdict = verdict
        self.rule = rule
        self.reason = reason
    }
}

/// The verdict for a whole migration set: the worst of its findings (SAFE when empty).
public struct MigrationReport: Sendable, Equatable, Codable {
    public var verdict: Verdict
    public var findings: [Finding]
    /// Migration files that were considered (after ignoring down migrations and non-SQL files).
    public var files: [String]
    /// What the judgement knew of the schema at the last good revision ("known: replayed 31 migration
    /// files at 4f1c2e9", or "not known (…)"); nil in reports made before the schema model existed.
    public var schema: String?

    public init(findings: [Finding], files: [String], schema: String? = nil) {
        self.findings = findings
        self.files = files
        self.schema = schema
        self.verdict = findings.map(\.verdict).max() ?? .safe
    }

    public static let empty = MigrationReport(findings: [], files: [])
}
