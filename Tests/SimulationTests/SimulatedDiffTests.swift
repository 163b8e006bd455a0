import Foundation
import RunbookEngine
import Simulation
import Testing

/// The simulator answers `argocd app diff` as the server would: the live state against a revision's manifests.
@Suite struct SimulatedDiffTests {
    @Test func theDiffAgainstTheLastKnownGoodSwapsTheImageBack() async throws {
        let (world, _) = try await SimulatedIncidentTests.world()
        let scenario = SimulatedIncidentTests.scenario
        let diff = try await world.diff(SimulatedIncidentTests.app, revision: SimulatedIncidentTests.good)
        #expect(diff.resources == ["apps/Deployment \(scenario.namespace)/\(scenario.deployment)"])
        let good = try #require(scenario.lastKnownGood)
        #expect(diff.imageChanges.map(\.from) == [scenario.image(scenario.current.digest)])
        #expect(diff.imageChanges.map(\.to) == [scenario.image(good.digest)])
    }

    @Test func afterTheRollbackTheSameDiffIsEmpty() async throws {
        let (world, _) = try await SimulatedIncidentTests.world()
        _ = await world.run(SimulatedIncidentTests.disable)
        _ = await world.run(SimulatedIncidentTests.rollback)
        let diff = try await world.diff(SimulatedIncidentTests.app, revision: SimulatedIncidentTests.good)
        #expect(diff.isEmpty)
    }

    @Test func anUnknownRevisionOrAppIsTheServersError() async throws {
        let (world, _) = try await SimulatedIncidentTests.world()
        await #expect(throws: PortError.self) { _ = try await world.diff(SimulatedIncidentTests.app, revision: Revision("0000000")) }
        await #expect(throws: PortError.self) { _ = try await world.diff("other-app", revision: SimulatedIncidentTests.good) }
    }
}
