import Foundation
import TestHarness
import Integrations
import RunbookEngine
import Testing

@Suite struct GitConfigRepoTests {
    static let glob = "examples/bookstore-platform/app/*/migrations/*.sql"
    static let migration = "examples/bookstore-platform/app/catalog/migrations/0042_add_subtitle.sql"
    static let values = "examples/bookstore-platform/app/catalog/values.yaml"

    /// main: good (values only) → bad (digest bump + nullable column migration).
    static func incidentRepo() async throws -> (repo: GitTestRepo, good: String, bad: String) {
        let repo = try await GitTestRepo()
        let good = try await repo.commit("catalog: image sha256:aaaa", files: [values: "image:\n  digest: sha256:aaaa\n"])
        let bad = try await repo.commit("catalog: image sha256:bbbb, subtitle column", files: [
            values: "image:\n  digest: sha256:bbbb\n",
            migration: "ALTER TABLE books ADD COLUMN subtitle text;\n",
        ])
        return (repo, good, bad)
    }

    @Test func migrationDiffShowsOnlyTheMigrationFiles() async throws {
        let (repo, good, bad) = try await Self.incidentRepo()
        let diff = try await GitConfigRepo(path: repo.path)
            .migrationDiff(from: Revision(String(good.prefix(7))), to: Revision(String(bad.prefix(7))), glob: Self.glob)
        #expect(diff.contains("+ALTER TABLE books ADD COLUMN subtitle text;"))
        #expect(diff.contains("0042_add_subtitle.sql"))
        #expect(!diff.contains("values.yaml"))
    }

    @Test func migrationDiffIsEmptyWhenNoMigrationShipped() async throws {
        let (repo, _, bad) = try await Self.incidentRepo()
        let next = try await repo.commit("catalog: image sha256:cccc", files: [Self.values: "image:\n  digest: sha256:cccc\n"])
        let diff = try await GitConfigRepo(path: repo.path).migrationDiff(from: Revision(bad), to: Revision(next), glob: Self.glob)
        #expect(diff.isEmpty)
    }

    /// Step 0's schema replay reads every migration at the last good revision, with the diff's own pathspec.
    @Test func migrationHistoryHoldsEveryMigrationAtTheRevisionAndNothingElse() async throws {
        let (repo, good, bad) = try await Self.incidentRepo()
        let older = "examples/bookstore-platform/app/catalog/migrations/0001_books.sql"
        let next = try await repo.commit("books", files: [older: "CREATE TABLE books (id bigint);\n"])
        let git = GitConfigRepo(path: repo.path)
        let atNext = try await git.migrationHistory(at: Revision(next), glob: Self.glob)
        #expect(atNext.contains("+CREATE TABLE books (id bigint);") && atNext.contains("+ALTER TABLE books ADD COLUMN subtitle text;"))
        #expect(!atNext.contains("values.yaml"))
        let atBad = try await git.migrationHistory(at: Revision(bad), glob: Self.glob)
        #expect(!atBad.contains("0001_books.sql") && atBad.contains("0042_add_subtitle.sql"))
        #expect(try await git.migrationHistory(at: Revision(good), glob: Self.glob).isEmpty)
    }

    @Test func showStatListsTheChangedFilesOfTheBadRevision() async throws {
        let (repo, _, bad) = try await Self.incidentRepo()
        let stat = try await GitConfigRepo(path: repo.path).showStat(Revision(String(bad.prefix(7))))
        #expect(stat.hasPrefix("commit \(bad)\n"))
        #expect(stat.contains("catalog: image sha256:bbbb, subtitle column"))
        #expect(stat.contains("values.yaml"))
        #expect(stat.contains("2 files changed"))
    }

    @Test func revertOfIsNilUntilTheBadCommitIsReverted() async throws {
        let (repo, _, bad) = try await Self.incidentRepo()
        let config = GitConfigRepo(path: repo.path)
        #expect(try await config.revertOf(Revision(String(bad.prefix(7)))) == nil)
        try await repo.run("revert", "--no-edit", bad)
        let head = try await repo.run("rev-parse", "HEAD")
        #expect(try await config.revertOf(Revision(String(bad.prefix(7)))) == Revision(head))
    }

    @Test func revertOnAnotherBranchDoesNotCount() async throws {
        let (repo, _, bad) = try await Self.incidentRepo()
        try await repo.run("switch", "-q", "-c", "revert-d8f3c2a")
        try await repo.run("revert", "--no-edit", bad)
        try await repo.run("switch", "-q", "main")
        #expect(try await GitConfigRepo(path: repo.path).revertOf(Revision(bad)) == nil)
        #expect(try await GitConfigRepo(path: repo.path, branch: "revert-d8f3c2a").revertOf(Revision(bad)) != nil)
    }

    @Test func revertMergedUpstreamIsFoundAfterAFetch() async throws {
        let (origin, _, bad) = try await Self.incidentRepo()
        let checkout = try await GitTestRepo(cloning: origin)
        try await origin.run("revert", "--no-edit", bad)
        let search = try await GitConfigRepo(path: checkout.path).revertSearch(Revision(bad))
        #expect(search.revert == Revision(try await origin.run("rev-parse", "HEAD")))
        #expect(search.fetchWarning == nil)
    }

    @Test func failedFetchIsToleratedAndSaidSo() async throws {
        let (repo, _, bad) = try await Self.incidentRepo()
        try await repo.run("remote", "add", "origin", "/nonexistent/bookstore-platform-config.git")
        let search = try await GitConfigRepo(path: repo.path).revertSearch(Revision(bad))
        #expect(search.revert == nil)
        #expect(search.reverted == Revision(bad))
        #expect(search.fetchWarning?.contains("git fetch in \(repo.path) failed") == true)
    }

    /// A remote that accepts the connection and never answers (a stalled VPN, a dead proxy): the fetch is
    /// killed at the command timeout, the local branch is still searched, and the warning says why.
    @Test func aStalledFetchIsCutOffAtTheTimeoutAndSaidSo() async throws {
        let (repo, _, bad) = try await Self.incidentRepo()
        let silent = try LocalListener(.silent)
        defer { silent.stop() }
        try await repo.run("remote", "add", "origin", "http://127.0.0.1:\(silent.port)/bookstore-platform-config.git")
        try await repo.run("revert", "--no-edit", bad)
        let clock = ContinuousClock()
        let started = clock.now
        let search = try await GitConfigRepo(path: repo.path, timeout: .seconds(2)).revertSearch(Revision(bad))
        let took = clock.now - started
        #expect(search.revert == Revision(try await repo.run("rev-parse", "HEAD")), "the local revert is still found")
        #expect(search.fetchWarning == "git fetch in \(repo.path) failed (timed out); searched the local branch only")
        #expect(took < .seconds(10), "the stalled fetch was cut off (took \(took))")
    }

    @Test func unknownRevisionIsNamed() async throws {
        let (repo, good, _) = try await Self.incidentRepo()
        let config = GitConfigRepo(path: repo.path)
        await #expect(throws: PortError(.failed, "unknown revision deadbee in \(repo.path) — run git fetch there, or check the SHA")) {
            try await config.migrationDiff(from: Revision(good), to: Revision("deadbee"), glob: Self.glob)
        }
        await #expect(throws: PortError.self) { try await config.revertOf(Revision("deadbee")) }
    }

    @Test func optionLookingRevisionIsRefused() async throws {
        let (repo, _, _) = try await Self.incidentRepo()
        await #expect(throws: PortError(.failed, "'--output=/tmp/x' is not a git revision")) {
            try await GitConfigRepo(path: repo.path).showStat(Revision("--output=/tmp/x"))
        }
    }

    @Test func directoryThatIsNotARepoSaysSo() async throws {
        let dir = try TemporaryDirectory()
        let error = await #expect(throws: PortError.self) {
            try await GitConfigRepo(path: dir.path).showStat(Revision("HEAD"))
        }
        #expect(error?.message == "\(dir.path) is not a git repository — pass the path of your config repo checkout")
    }

    @Test func missingDirectorySaysSo() async throws {
        let error = await #expect(throws: PortError.self) {
            try await GitConfigRepo(path: "/nonexistent/config-repo").showStat(Revision("HEAD"))
        }
        #expect(error?.message.contains("does not exist") == true)
    }

    @Test func missingGitIsAMissingBinary() async throws {
        let emptyDir = try TemporaryDirectory()
        let config = GitConfigRepo(path: emptyDir.path, runner: ProcessRunner(environment: ["PATH": emptyDir.path]))
        let error = await #expect(throws: PortError.self) { try await config.showStat(Revision("HEAD")) }
        #expect(error == PortError(.missingBinary, "git not found on PATH — install git or pass its path"))
    }
}
