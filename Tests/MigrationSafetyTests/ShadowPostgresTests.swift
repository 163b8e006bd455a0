import Foundation
import Integrations
import Testing
@testable import MigrationSafety

/// The shadow PostgreSQL for real (Debian's postgresql package, which scripts/install-deps installs):
/// its catalog and the replay model give the same verdicts on the schema-dependent rows, and it leaves nothing behind.
@Suite(.serialized)
struct ShadowPostgresTests {
    private static func binaries() throws -> ShadowPostgres.Binaries {
        guard let binaries = ShadowPostgres.locate() else {
            throw ShadowMissing(message: "no PostgreSQL under /usr/lib/postgresql: \(ShadowPostgres.installHint) (scripts/install-deps does)")
        }
        return binaries
    }

    struct ShadowMissing: Error { var message: String }

    /// Rows whose history the replay followed to the end: there, both models know the schema.
    private static func followed(_ row: SchemaCase) -> Bool {
        let prior = SchemaReplay.replay(row.history.map { MigrationSource(file: $0.path, sql: $0.sql) }, revision: "good")
        return prior.isComplete && prior.foreignObjectsBecause == nil
    }

    @Test func theShadowAndTheReplayModelGiveTheSameVerdictsOnTheSchemaDependentRows() async throws {
        let shadow = try await ShadowPostgres.start(binaries: try Self.binaries())
        var compared = 0
        do {
            for (index, row) in schemaCases.enumerated() where Self.followed(row) {
                let repo = try ScratchRepository()
                defer { repo.delete() }
                for file in row.history { try repo.write(file.path, file.sql) }
                let good = try repo.commit("history")
                try repo.write("db/99999999999999_release.sql", row.release)
                let bad = try repo.commit("release")
                let diff = try repo.migrationDiff(from: good, to: bad)
                let history = try SchemaReplay.addedFiles(in: try repo.migrationHistory(at: good)).sources
                let release = try SchemaReplay.addedFiles(in: diff).sources

                let answer = try await ShadowSchema.answer(history: history, release: release, revision: "good", on: shadow, database: "row\(index)")
                let replayed = MigrationClassifier.classify(diff: diff, prior: SchemaReplay.replay(history, revision: "good"))
                // Where the replay chose not to know (nullability after a dropped constraint), the real server may know more.
                if replayed.findings.contains(where: { $0.reason.contains("did not know") }) { continue }
                let real = MigrationClassifier.classify(diff: diff, prior: answer.prior)
                #expect(real.verdict == replayed.verdict, "\(row.release)\nshadow: \(real.findings)\nreplay: \(replayed.findings)")
                #expect(real.findings.map(\.rule) == replayed.findings.map(\.rule), "\(row.release)")
                #expect(real.verdict == row.known.verdict, "\(row.release)")
                compared += 1
            }
        } catch {
            await shadow.stop()
            throw error
        }
        await shadow.stop()
        #expect(compared >= 24, "rows compared: \(compared)")
    }

    @Test func theCatalogComparisonFindsWhatARealDropAndATypeChangeDid() async throws {
        let shadow = try await ShadowPostgres.start(binaries: try Self.binaries())
        let answer: ShadowSchema.Answer
        do {
            answer = try await ShadowSchema.answer(
                history: [MigrationSource(file: "db/0001.sql", sql: "CREATE TABLE orders (id int, note varchar(8), total numeric(10,2));")],
                release: [MigrationSource(file: "db/0002.sql", sql: "DO $$BEGIN EXECUTE 'ALTER TABLE orders DROP COLUMN ' || 'id'; END$$;\nALTER TABLE orders ALTER COLUMN total TYPE text;")],
                revision: "good", on: shadow)
        } catch {
            await shadow.stop()
            throw error
        }
        await shadow.stop()
        #expect(answer.findings.map(\.rule).sorted() == ["shadow-change-type", "shadow-drop-column"], "\(answer.findings)")
        #expect(answer.findings.allSatisfy { $0.verdict == .unsafe })
        #expect(answer.prior.column("note", of: ObjectName(schema: nil, name: "orders"))?.type == ColumnType(name: "varchar", modifiers: [8]))
    }

    @Test func stoppingRemovesTheDirectoryAndEndsTheServer() async throws {
        let shadow = try await ShadowPostgres.start(binaries: try Self.binaries())
        let pidFile = try String(contentsOfFile: shadow.directory + "/data/postmaster.pid", encoding: .utf8)
        let pid = try #require(pid_t(pidFile.split(separator: "\n").first ?? ""))
        #expect(kill(pid, 0) == 0, "the server runs while the shadow is up")
        let listens = try String(contentsOfFile: shadow.directory + "/data/postgresql.conf", encoding: .utf8)
        #expect(listens.contains("listen_addresses = ''"), "no network")
        await shadow.stop()
        #expect(!FileManager.default.fileExists(atPath: shadow.directory))
        // Gone, or a zombie waiting for a PID 1 that does not reap (containers): either way no longer running.
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first
        #expect(state == nil || state == "Z", "the server is gone: state \(state.map(String.init) ?? "none")")
    }

    @Test func withoutTheServerPackageThereIsNoShadowAndTheHintSaysWhatToInstall() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty + "/15/bin", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(ShadowPostgres.locate(root: empty) == nil)
        #expect(ShadowPostgres.installHint.contains("apt-get install postgresql"))
    }
}
