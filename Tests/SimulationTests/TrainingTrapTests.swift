import Foundation
import RunbookEngine
import Simulation
import Testing

/// Each drill's trap, taken, is a recorded mistake with the runbook's reason.
@Suite struct TrainingTrapTests {
    static func driver(_ name: String) async throws -> DrillDriver {
        try await DrillDriver(try #require(ScenarioCatalog.builtIn()[name]))
    }

    @Test func rollingBackBeforeDisablingAutoSyncIsAMistake() async throws {
        let driver = try await Self.driver("catalog-bad-digest")
        #expect(await driver.confirmGates { $0.gateStep == .disableAutoSync })
        await driver.confirm(.rollback)
        #expect(driver.state.commands.isEmpty)
        // Derived now, the drill also ended before mitigating.
        #expect(driver.debrief.mistakes.map(\.kind) == [.rollbackWithAutoSyncOn, .stoppedBeforeMitigating])
        #expect(driver.debrief.mistakes.first?.reason.contains("Auto-sync ON will fight the rollback") == true)
    }

    @Test func reEnablingAutoSyncBeforeTheRevertIsAMistake() async throws {
        let driver = try await Self.driver("catalog-bad-digest")
        #expect(await driver.confirmGates { $0.status(.rollback).isFinished })
        await driver.confirm(.enableAutoSync)
        #expect(driver.state.status(.enableAutoSync).isFinished == false)
        #expect(driver.debrief.mistakes.map(\.kind) == [.autoSyncBeforeRevert])
    }

    @Test func rollingBackWhileTheParentTurnedAutoSyncBackOnIsAMistake() async throws {
        let driver = try await Self.driver("auto-sync-footgun")
        #expect(await driver.confirmGates { $0.status(.disableAutoSync).isFinished })
        #expect(await driver.wait(upTo: 60) { if case .failed = $0.status(.disableAutoSync) { true } else { false } })
        await driver.confirm(.rollback)
        #expect(!driver.state.commands.contains { $0.argv.contains("rollback") })
        #expect(driver.debrief.mistakes.map(\.kind) == [.rollbackWithAutoSyncOn, .stoppedBeforeMitigating])
    }

    @Test func overridingAnUnsafeStep0IsAMistake() async throws {
        let driver = try await Self.driver("forward-only-migration")
        #expect(await driver.wait { $0.hardStop != nil })
        await driver.send(.overrode(typedApp: "bookstore-payments-us-east", reason: "we need the old image back", by: DrillDriver.trainee))
        #expect(await driver.confirmGates { $0.status(.rollback).isFinished })
        let kinds = driver.debrief.mistakes.map(\.kind)
        #expect(kinds == [.pastUnsafeStep0])
        #expect(driver.debrief.mistakes.first?.times == 2)
        #expect(!driver.debrief.metIntent)
    }

    @Test(arguments: [("feature-flag-config", Mistake.Kind.rollbackInsteadOfKillSwitch),
                      ("false-alarm", Mistake.Kind.rollbackNotIndicated)])
    func rollingBackWhenNotIndicatedIsAMistake(_ name: String, _ kind: Mistake.Kind) async throws {
        let driver = try await Self.driver(name)
        // `n` on the ending the console offers, then on to the rollback.
        #expect(await driver.confirmGates(declining: [.noRollback, .killSwitch]) { $0.status(.rollback).isFinished })
        await driver.quit()
        #expect(driver.debrief.mistakes.map(\.kind) == [kind])
        #expect(!driver.debrief.metIntent)
        #expect(driver.debrief.score == 100 - Mistake.cost)
    }

    @Test func rollingBackToAnOlderEntryThanTheLastKnownGoodIsAMistake() async throws {
        let driver = try await Self.driver("orders-hpa-values")
        #expect(await driver.confirmGates { $0.gateStep == .disableAutoSync })
        await driver.send(.choseLastKnownGood(HistoryID(26), by: DrillDriver.trainee))
        #expect(await driver.confirmGates { $0.status(.rollback).isFinished })
        #expect(driver.debrief.mistakes.map(\.kind) == [.wrongTarget])
    }

    @Test func stoppingARollbackDrillBeforeMitigatingIsAMistake() async throws {
        let driver = try await Self.driver("catalog-bad-digest")
        #expect(await driver.confirmGates { $0.gateStep == .check })
        await driver.quit()
        #expect(driver.debrief.mistakes.map(\.kind) == [.stoppedBeforeMitigating])
    }
}
