import Integrations
import RunbookEngine

/// The simulated config repo port: real git over the scenario's repository, after letting the
/// world apply whatever is due by now (so a teammate's revert is there once its time has come).
public struct SimulatedConfigRepo: ConfigRepoPort {
    public let world: SimulatedWorld
    public let git: GitConfigRepo

    public init(world: SimulatedWorld) {
        self.world = world
        self.git = world.repository
    }

    public func migrationDiff(from: Revision, to: Revision, glob: String) async throws -> String {
        await world.settle()
        return try await git.migrationDiff(from: from, to: to, glob: glob)
    }

    public func migrationHistory(at revision: Revision, glob: String) async throws -> String {
        await world.settle()
        return try await git.migrationHistory(at: revision, glob: glob)
    }

    public func showStat(_ revision: Revision) async throws -> String {
        await world.settle()
        return try await git.showStat(revision)
    }

    public func showPatch(_ revision: Revision) async throws -> String {
        await world.settle()
        return try await git.showPatch(revision)
    }

    public func revertOf(_ revision: Revision) async throws -> Revision? {
        await world.settle()
        return try await git.revertOf(revision)
    }
}
