import Foundation
import Integrations
import RunbookEngine
import Simulation
import Testing

/// Step 0 and Step 2 run real git against the repository the simulator writes.
@Suite struct SimulatedConfigRepoTests {
    static func world() async throws -> SimulatedWorld {
        try await SimulatedWorld(clock: VirtualClock(speed: 0))
    }

    @Test func migrationDiffFromLastGoodToBadOnlyAddsANullableColumn() async throws {
        let world = try await Self.world()
        let diff = try await world.ports.configRepo.migrationDiff(
            from: Revision("a1b2c3d"), to: Revision("d8f3c2a"), glob: "examples/bookstore-platform/app/*/migrations/*.sql")
        #expect(diff.contains("examples/bookstore-platform/app/catalog/migrations/0003_add_books_subtitle.sql"))
        #expect(diff.contains("+ALTER TABLE books ADD COLUMN subtitle text;"))
        #expect(!diff.contains("values.yaml"))
        #expect(Scenario.runbookIncident.migrationsGlob == "examples/bookstore-platform/app/*/migrations/*.sql")
    }

    /// Step 0 judges the release against the schema replayed from the migrations at the last good revision.
    @Test func stepZeroKnowsTheSchemaAtTheLastGoodRevision() async throws {
        let world = try await Self.world()
        let answer = await world.ports.answer(.migrations(from: Revision("a1b2c3d"), to: Revision("d8f3c2a"),
                                                          glob: Scenario.runbookIncident.migrationsGlob))
        guard case .migrationsRead(.ok(let report), _, _) = answer else { Issue.record("\(answer)"); return }
        #expect(report.schema?.hasPrefix("known: replayed") == true, "\(report.schema ?? "nil")")
        #expect(report.schema?.contains("at a1b2c3d") == true)
        #expect(report.schema?.contains("replayed 0 ") == false, "the last good revision has migrations to replay")
        #expect(report.verdict == .safe)
    }

    @Test func showStatOfTheBadRevisionListsTheDigestBumpAndTheMigration() async throws {
        let world = try await Self.world()
        let stat = try await world.ports.configRepo.showStat(Revision("d8f3c2a"))
        #expect(stat.contains("catalog: image bump — book subtitles"))
        #expect(stat.contains("catalog/values.yaml"))
        #expect(stat.contains("0003_add_books_subtitle.sql"))
        #expect(stat.contains("2 files changed"))
    }

    @Test func everyHistoryRevisionResolvesInGit() async throws {
        let world = try await Self.world()
        for release in Scenario.runbookIncident.releases {
            let sha = try await world.repository.fullSHA(of: release.revision)
            #expect(sha.rawValue.count == 40)
        }
    }

    @Test func theSimulatedRepoIsTheSameOnEveryRun() async throws {
        let first = try await Self.world()
        let second = try await Self.world()
        #expect(first.repositoryPath != second.repositoryPath)
        #expect(try await first.repository.fullSHA(of: Revision("d8f3c2a")) == second.repository.fullSHA(of: Revision("d8f3c2a")))
    }

    @Test func theTemporaryRepoIsRemovedWithTheWorld() async throws {
        var world: SimulatedWorld? = try await Self.world()
        let path = world!.repositoryPath
        #expect(FileManager.default.fileExists(atPath: path))
        world = nil
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
