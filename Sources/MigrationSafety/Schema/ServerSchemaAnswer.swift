/// A real server's answer for a release (the shadow PostgreSQL): the schema at the last good revision as
/// its catalog has it, and the catalog changes the release made that the old binary would meet.
public struct ServerSchemaAnswer: Sendable {
    /// The catalog at the last good revision, judged against in place of the replay model.
    public var prior: KnownSchema
    /// Catalog changes (a column gone, a type changed, NOT NULL added) and a release that fails to apply (REVIEW).
    public var findings: [Finding]

    /// Why the server could not answer (binaries missing, history that does not apply, an order that cannot be known).
    public struct Unanswered: Error, Sendable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }

    public init(prior: KnownSchema, findings: [Finding]) {
        self.prior = prior
        self.findings = findings
    }

    /// `report` (judged against `prior`) with the server's findings that are worse than its verdict: the
    /// catalog counts where it saw more than the statements showed (a drop inside a function the release calls).
    public func adding(to report: MigrationReport) -> MigrationReport {
        let worse = findings.filter { $0.verdict > report.verdict }
        return MigrationReport(findings: report.findings + worse, files: report.files, schema: report.schema)
    }
}
