import Foundation
import RunbookEngine
import Simulation
import Testing

/// Issue 16: the demo's incident taken by 3a's pin instead of disabling auto-sync, through the simulated
/// cluster's real ports: auto-sync stays on and honours the pin, 3d sets targetRevision back.
@Suite struct TargetRevisionPinSimulationTests {
    static let app = "bookstore-catalog-us-east"
    static let demo = TrainingScenario(scenario: .runbookIncident, description: "the demo's incident", intended: .rollback)

    @Test func aPinnedAppDoesNotDriftBackToHeadWithAutoSyncOn() async throws {
        let clock = VirtualClock(start: Scenario.runbookIncident.start, speed: 0)
        let world = try await SimulatedWorld(scenario: .runbookIncident, clock: clock)
        #expect(try await world.application(Self.app).targetRevisions == ["HEAD"])
        let pin = await world.run(GateCommand(step: .disableAutoSync, argv: ["argocd", "app", "set", Self.app, "--revision", "a1b2c3d"]))
        #expect(pin.exitCode == 0)
        clock.advance(by: .seconds(30))
        var app = try await world.application(Self.app)
        #expect(app.autoSync != nil, "the pin leaves auto-sync on")
        #expect(app.targetRevisions == ["a1b2c3d"])
        #expect(app.current?.revision == Revision("a1b2c3d"), "auto-sync syncs to the pin")
        clock.advance(by: .seconds(600))
        app = try await world.application(Self.app)
        #expect(app.current?.revision == Revision("a1b2c3d"), "and never back to HEAD")
        let unknown = await world.run(GateCommand(step: .disableAutoSync, argv: ["argocd", "app", "set", Self.app, "--revision", "0badc0de"]))
        #expect(unknown.exitCode == 20)
        #expect(try await world.application(Self.app).targetRevisions == ["a1b2c3d"])
    }

    @Test func theDemoTakenByThePinEndsRestoredWithAutoSyncNeverOff() async throws {
        let driver = try await DrillDriver(Self.demo)
        #expect(await driver.confirmGates(until: { $0.gateStep == .disableAutoSync }))
        await driver.send(.autoSyncGuardChosen(.pin, by: DrillDriver.trainee))
        #expect(driver.state.gateCommand(for: .disableAutoSync)?.argv == ["argocd", "app", "set", Self.app, "--revision", "a1b2c3d"])
        #expect(await driver.confirmGates(until: { $0.isComplete }))
        let argvs = driver.state.commands.map(\.argv)
        #expect(argvs == [["argocd", "app", "set", Self.app, "--revision", "a1b2c3d"],
                          ["argocd", "app", "sync", Self.app],
                          ["argocd", "app", "set", Self.app, "--revision", "HEAD"]], "\(argvs)")
        #expect(driver.state.commands.allSatisfy { $0.exitCode == 0 })
        #expect(driver.state.status(.verify).isFinished)
        #expect(driver.state.status(.enableAutoSync) == .done("targetRevision is HEAD again: the pin to a1b2c3d is removed (auto-sync automated + prune + selfHeal)"))
        #expect(!driver.state.notes.contains { [.falseStart, .pinLost, .autoSyncRefusal].contains($0.kind) })
        // A drill scores the pin as the runbook's guard: 3b with auto-sync on, once pinned, is no mistake.
        #expect(!driver.debrief.mistakes.map(\.kind).contains(.rollbackWithAutoSyncOn), "\(driver.debrief.mistakes)")
        let app = try await driver.world.application(Self.app)
        #expect(app.targetRevisions == ["HEAD"])
        #expect(app.autoSync != nil)
    }
}
