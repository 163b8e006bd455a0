import Foundation
import MigrationSafety

/// The shadow PostgreSQL's answer for a release: the schema at the last good revision from the real
/// catalog, and what the release's migrations, applied in one transaction, changed in it.
public enum ShadowSchema {
    public typealias Answer = ServerSchemaAnswer

    /// Why the shadow could not answer (history that does not apply, an order that cannot be known).
    public typealias Unanswered = ServerSchemaAnswer.Unanswered

    /// Applies `history` (in its tool's order) to a fresh database, reads the catalog, applies `release`
    /// to a copy in one transaction, reads it again and compares.
    public static func answer(history: [MigrationSource], release: [MigrationSource], revision: String,
                              on shadow: ShadowPostgres, database: String = "shadow") async throws -> Answer {
        let good = database + "_good", released = database + "_release"
        let (ordered, unknownOrder) = SchemaReplay.inToolOrder(history)
        if let unknownOrder { throw Unanswered(reason: unknownOrder) }
        try await shadow.createDatabase(good)
        for (index, source) in ordered.enumerated() {
            let path = try write(source, index: index, in: shadow, database: database)
            do { try await shadow.apply(file: path, database: good) } catch {
                throw Unanswered(reason: "\(source.file ?? "?") does not apply: \(error)")
            }
        }
        let origin = "\(revision) (shadow PostgreSQL)"
        let before = CatalogSchema.schema(fromRows: try await shadow.query(CatalogSchema.query, database: good),
                                          revision: revision, origin: origin)
        try await shadow.createDatabase(released, template: good)
        var findings: [Finding] = []
        let (releaseOrdered, _) = SchemaReplay.inToolOrder(release)
        for (index, source) in releaseOrdered.enumerated() {
            let path = try write(source, index: ordered.count + index, in: shadow, database: database)
            do { try await shadow.apply(file: path, database: released) } catch {
                findings.append(Finding(file: source.file, line: 1, statement: "(applied to the shadow PostgreSQL)", verdict: .review,
                                        rule: "shadow-release-failed", reason: "the release's migration fails on the schema at \(revision): \(error)"))
                break
            }
        }
        let after = CatalogSchema.schema(fromRows: try await shadow.query(CatalogSchema.query, database: released),
                                         revision: revision, origin: origin)
        return Answer(prior: before, findings: findings + CatalogSchema.changes(from: before, to: after))
    }

    private static func write(_ source: MigrationSource, index: Int, in shadow: ShadowPostgres, database: String) throws -> String {
        let path = shadow.directory + "/\(database)-\(index).sql"
        try Data(source.sql.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
