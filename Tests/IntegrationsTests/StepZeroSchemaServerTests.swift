import Foundation
import Integrations
import MigrationSafety
import RunbookEngine
import TestHarness
import Testing

/// Step 0 with `shadowPostgres`: the migrations read asks a real throwaway PostgreSQL (Debian's package,
/// which scripts/install-deps installs) on a real git repository, and says so on the report's Schema line.
@Suite(.serialized)
struct StepZeroSchemaServerTests {
    static let glob = "db/*.sql"

    /// good: a table; bad: a DO block that drops a column through dynamic SQL the statements cannot read (REVIEW).
    static func repo(history: String) async throws -> (GitTestRepo, good: Revision, bad: Revision) {
        let repo = try await GitTestRepo()
        let good = try await repo.commit("orders", files: ["db/0001_orders.sql": history])
        let bad = try await repo.commit("drop id, dynamically", files: [
            "db/0002_cleanup.sql": "DO $$BEGIN EXECUTE 'ALTER TABLE orders ' || chr(68) || 'ROP COLUMN id'; END$$;\n",
        ])
        return (repo, Revision(good), Revision(bad))
    }

    /// The live ports with only git real: Step 0's read goes to git and the schema server, nothing else.
    static func ports(_ repo: GitTestRepo, server: (any SchemaServerPort)?) -> Ports {
        let nowhere = "/nonexistent/never-run"
        return Ports(argocd: ArgoCDCLI(executable: nowhere), cluster: KubectlCluster(executable: nowhere),
                     configRepo: GitConfigRepo(path: repo.path),
                     metrics: PrometheusMetrics(baseURL: URL(string: "http://127.0.0.1:9")!, query: "up"),
                     clock: SystemClock(), schemaServer: server)
    }

    static func report(_ ports: Ports, good: Revision, bad: Revision) async throws -> MigrationReport {
        guard case .migrationsRead(.ok(let report), _, _) = await ports.answer(.migrations(from: good, to: bad, glob: glob)) else {
            throw Unexpected()
        }
        return report
    }

    struct Unexpected: Error {}

    @Test func withoutTheServerTheReplayModelCannotSeeTheDropAndSaysReview() async throws {
        let (repo, good, bad) = try await Self.repo(history: "CREATE TABLE orders (id int, total numeric(10,2));\n")
        let report = try await Self.report(Self.ports(repo, server: nil), good: good, bad: bad)
        #expect(report.verdict == .review, "\(report.findings)")
        #expect(report.schema?.hasPrefix("known: replayed 1 migration file") == true, "\(report.schema ?? "nil")")
    }

    @Test func theServersCatalogFindsTheDroppedColumnAndStepZeroSaysUnsafe() async throws {
        guard ShadowPostgres.locate() != nil else {
            Issue.record("no PostgreSQL under /usr/lib/postgresql: \(ShadowPostgres.installHint)")
            return
        }
        let (repo, good, bad) = try await Self.repo(history: "CREATE TABLE orders (id int, total numeric(10,2));\n")
        let report = try await Self.report(Self.ports(repo, server: ShadowSchemaServer()), good: good, bad: bad)
        #expect(report.verdict == .unsafe, "\(report.findings)")
        #expect(report.findings.contains { $0.rule == "shadow-drop-column" }, "\(report.findings)")
        #expect(report.schema?.contains("shadow PostgreSQL") == true, "\(report.schema ?? "nil")")
    }

    /// History the real server rejects: the server cannot answer, Step 0 judges with the replay and says why.
    @Test func aServerThatCannotAnswerLeavesTheReplayModelsVerdictAndTheReasonOnTheSchemaLine() async throws {
        guard ShadowPostgres.locate() != nil else {
            Issue.record("no PostgreSQL under /usr/lib/postgresql: \(ShadowPostgres.installHint)")
            return
        }
        let (repo, good, bad) = try await Self.repo(history: "CREATE TABLE orders (id int, total numeric(10,2));\nCREATE INDEX orders_note ON orders (note);\n")
        let report = try await Self.report(Self.ports(repo, server: ShadowSchemaServer()), good: good, bad: bad)
        #expect(report.verdict == .review, "\(report.findings)")
        #expect(report.schema?.contains("the shadow PostgreSQL did not answer") == true, "\(report.schema ?? "nil")")
        #expect(report.schema?.contains("0001_orders.sql does not apply") == true, "\(report.schema ?? "nil")")
    }
}
