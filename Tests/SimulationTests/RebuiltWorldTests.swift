import Foundation
import RunbookEngine
import Simulation
import Testing

/// `resume` of a demo or drill: the simulated cluster rebuilt from the journal is the one the console left.
@Suite struct RebuiltWorldTests {
    /// A drill walked until its rollback was confirmed: the journal a console killed right then leaves.
    static func killedAfterTheRollback(_ name: String) async throws -> (DrillDriver, confirmedAt: Date) {
        let driver = try await DrillDriver(try #require(ScenarioCatalog.builtIn()[name]))
        #expect(await driver.confirmGates { $0.gateStep == .rollback })
        await driver.wait(20)
        await driver.confirmGate()
        let confirmation = try #require(driver.events.last { if case .confirmed(.rollback, _, _) = $0.kind { true } else { false } })
        return (driver, confirmation.at)
    }

    @Test(arguments: ["catalog-bad-digest", "orders-hpa-values"])
    func eachCommandLandsAtItsJournalTimeHoweverLongTheRebuildTakes(drill name: String) async throws {
        let (driver, confirmedAt) = try await Self.killedAfterTheRollback(name)
        let target = try #require(driver.state.lastKnownGood)
        // Building the world's git repository takes real time; at 600× a running clock would move minutes meanwhile.
        let world = try await SimulatedWorld.rebuilt(driver.drill.scenario, from: driver.events, speed: 600)
        let app = try await world.application(driver.drill.scenario.app)
        #expect(app.autoSync == nil, "3a's command was applied")
        let rollback = try #require(app.history.last)
        #expect(rollback.revision == target.revision && rollback.id != target.id, "3b's rollback was applied: \(app.history)")
        #expect(rollback.deployedAt == confirmedAt, "the rollback landed when the journal says it was sent, not when the rebuild got to it")
        #expect(app.operation?.syncRevision == target.revision)
    }

    @Test func theClockGoesOnFromTheJournalsLastMomentAtTheSpeedAsked() async throws {
        let (driver, _) = try await Self.killedAfterTheRollback("catalog-bad-digest")
        let last = try #require(driver.events.last?.at)
        let world = try await SimulatedWorld.rebuilt(driver.drill.scenario, from: driver.events, speed: 0)
        #expect(world.clock.now() == last)
    }
}
