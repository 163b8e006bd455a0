import Foundation
import RunbookEngine
import Simulation
import Testing

/// Every shipped drill loads, and walking its intended path through `reduce` on its own simulated
/// world reaches its intended end with a clean debrief.
@Suite struct TrainingScenarioTests {
    static let catalog = ScenarioCatalog.builtIn()
    static let names = ["catalog-bad-digest", "orders-hpa-values", "forward-only-migration",
                        "auto-sync-footgun", "parent-app-reenables", "feature-flag-config", "false-alarm", "verify-fails-escalate",
                        "rollout-canary-analysis-failed", "rollout-promoted-bad", "sync-window-deny"]

    static func drill(_ name: String) throws -> TrainingScenario {
        try #require(catalog[name], "no shipped drill \(name)")
    }

    @Test func everyShippedScenarioLoadsWithADescription() {
        #expect(Self.catalog.problems.isEmpty, "\(Self.catalog.problems)")
        #expect(Self.catalog.scenarios.map(\.name) == Self.names)
        for drill in Self.catalog.scenarios {
            #expect(!drill.description.isEmpty && !drill.description.contains("\n"))
        }
    }

    @Test func theRunbookTableIncidentsRollBackToTheirRecordedTargets() throws {
        #expect(try Self.drill("catalog-bad-digest").target == HistoryID(38))
        #expect(try Self.drill("orders-hpa-values").target == HistoryID(27))
        #expect(try Self.drill("orders-hpa-values").scenario.app == "bookstore-orders-eu-west")
    }

    /// The runbook's table: 2026-04-14, values.yaml dropped the HPA's min replicas 4 → 1 and nothing else;
    /// the 5xx alert fired. Step 2 says so from the drill repository's real diff.
    @Test func theHPADrillIsAValuesOnlyChangeAsTheRunbookRecordsIt() async throws {
        let drill = try Self.drill("orders-hpa-values")
        #expect(drill.scenario.alert.name == "BookstoreOrders5xxRate")
        let releases = drill.scenario.releases
        let good = try #require(releases.first { $0.historyID == HistoryID(27) }), bad = try #require(releases.first { $0.historyID == HistoryID(28) })
        #expect(good.digest == bad.digest, "no image bump in the bad revision")
        #expect(!bad.message.lowercased().contains("image"))
        let driver = try await DrillDriver(drill)
        #expect(await driver.confirmGates { $0.gateStep == .diagnose })
        let change = try #require(driver.state.diagnosis.value)
        #expect(change.kind == .helmValues)
        #expect(change.files?.flatMap(\.lines) == [KeyChange(key: "autoscaling.minReplicas", old: "4", new: "1", kind: .helmValues)])
        #expect(change.imagePins.isEmpty)
        #expect(driver.state.evidenceSummary(.diagnose) == "change: Helm values edit (autoscaling.minReplicas)")
        await driver.quit()
    }

    /// The 5xx alert paged: 3c watches the simulated service's 5xx ratio first (and its p99), and passes only
    /// when both have held; the ratio comes from the same pods as the p99.
    @Test func theHPADrillIsVerifiedOnTheFiveXXRatioFirst() async throws {
        let drill = try Self.drill("orders-hpa-values")
        let config = drill.scenario.incidentConfig
        #expect(config.metricsWatched.map(\.name) == ["5xx ratio", "p99"])
        #expect(config.watchedFirst.unit == .ratio && config.watchedFirst.threshold == 0.01)
        let driver = try await DrillDriver(drill)
        #expect(await driver.wait { ($0.latency.value?.last?.seconds ?? 0) > 0.05 && $0.otherMetrics?["p99"]?.value?.isEmpty == false })
        #expect(await driver.confirmGates { $0.status(.verify) == .awaitingConfirmation })
        let check = driver.state.recovery
        #expect(check.holds.map(\.metric.name) == ["5xx ratio", "p99"] && check.holds.allSatisfy(\.passed), "\(check.summary)")
        #expect(check.summary.contains(/5xx ratio 0\.\d+ %, ✓ held below 1\.00 % for 60 s; p99 0\.\d\d s, ✓ held below 0\.50 s/), "\(check.summary)")
        await driver.quit()
    }

    @Test(arguments: ["catalog-bad-digest", "orders-hpa-values", "auto-sync-footgun", "parent-app-reenables", "sync-window-deny"])
    func rollbackDrillWalksToTheRunbooksEnd(_ name: String) async throws {
        let drill = try Self.drill(name)
        let driver = try await DrillDriver(drill)
        // Through 3a, then watch a while: the footgun's parent turns auto-sync back on 20 s later.
        #expect(await driver.confirmGates { $0.status(.disableAutoSync).isFinished })
        await driver.wait(40)
        let completed = await driver.confirmGates { $0.isComplete }
        let state = driver.state
        #expect(completed, "\(StepID.allCases.map { "\($0.label): \(state.status($0))" }) \(state.notes.map(\.text))")
        #expect(state.lastKnownGood?.id == drill.target)
        #expect(state.commands.contains { $0.argv == ["argocd", "app", "rollback", drill.scenario.app, "\(drill.target!)"] && $0.succeeded })
        let debrief = driver.debrief
        #expect(debrief.ending == .completed)
        #expect(debrief.metIntent)
        #expect(debrief.mistakes.isEmpty, "\(debrief.mistakes)")
        #expect(debrief.score == 100)
        #expect(debrief.timeToMitigate.map { $0 <= 120 } == true)
    }

    @Test func autoSyncFootgunFailsStep3aWhenTheParentTurnsItBackOn() async throws {
        let driver = try await DrillDriver(try Self.drill("auto-sync-footgun"))
        #expect(await driver.confirmGates { $0.status(.disableAutoSync).isFinished })
        #expect(await driver.wait(upTo: 60) { if case .failed = $0.status(.disableAutoSync) { true } else { false } })
        #expect(driver.state.notes.contains { $0.text.contains("Auto-sync came back on after Step 3a") })
        #expect(driver.state.gateStep == .disableAutoSync)
        #expect(!driver.state.isConfirmable(.rollback))
    }

    /// issue 18: the parent is named before 3a (Pre-flight and 3a's gate), not only caught after it.
    @Test func parentAppIsNamedAtPreflightAndOnThreeAsGateBeforeAnyCommand() async throws {
        let driver = try await DrillDriver(try Self.drill("parent-app-reenables"))
        #expect(await driver.wait { $0.gateStep == .preflight })
        let check = try #require(driver.state.preflightChecks.first { $0.title == "no parent app" })
        #expect(!check.passed)
        #expect(check.detail.contains("the Application bookstore-apps manages this app"), "\(check.detail)")
        #expect(await driver.confirmGates { $0.gateStep == .disableAutoSync })
        #expect(driver.state.commands.isEmpty, "said before any command ran")
        #expect(driver.state.parentWarning?.contains("First: argocd app set bookstore-apps --sync-policy none") == true)
        // The parent does what it was said to do: auto-sync comes back after 3a, and the console catches it.
        #expect(await driver.confirmGates { $0.status(.disableAutoSync).isFinished })
        #expect(await driver.wait(upTo: 60) { if case .failed = $0.status(.disableAutoSync) { true } else { false } })
        #expect(!driver.state.isConfirmable(.rollback))
        await driver.quit()
    }

    @Test func forwardOnlyMigrationStopsAtStep0AndNothingCanRollBack() async throws {
        let driver = try await DrillDriver(try Self.drill("forward-only-migration"))
        #expect(await driver.confirmGates { $0.hardStop != nil && $0.gateStep == nil })
        #expect(driver.state.migrations.value?.verdict == .unsafe)
        for step in StepID.allCases where step > .schema { await driver.send(.confirmed(step: step, argv: driver.state.gateCommand(for: step)?.argv ?? [], by: DrillDriver.trainee)) }
        await driver.wait(60)
        #expect(driver.state.commands.isEmpty)
        #expect(driver.state.gateStep == nil)
        await driver.quit()
        let clean = try await DrillDriver(try Self.drill("forward-only-migration"))
        #expect(await clean.wait { $0.hardStop != nil })
        await clean.quit()
        let debrief = clean.debrief
        #expect(debrief.ending == .stoppedAtStep0)
        #expect(debrief.metIntent)
        #expect(debrief.mistakes.isEmpty)
    }

    /// When the right answer is not to roll back, the runbook ends another way with `y` alone: the
    /// no-rollback ending, or the kill switch (whose watch sees p99 come down after the flag flip).
    @Test(arguments: [("feature-flag-config", Debrief.Ending.killSwitch), ("false-alarm", Debrief.Ending.noRollback)])
    func aNoRollbackDrillEndsWithItsEndingAndStepsFourAndFive(_ name: String, _ ending: Debrief.Ending) async throws {
        let driver = try await DrillDriver(try Self.drill(name))
        #expect(await driver.confirmGates { $0.isComplete })
        let debrief = driver.debrief
        #expect(debrief.ending == ending)
        #expect(debrief.metIntent)
        #expect(debrief.mistakes.isEmpty)
        #expect(debrief.score == 100)
        #expect(driver.state.status(.communicate).isFinished && driver.state.status(.postmortem).isFinished)
        #expect(driver.state.commands.isEmpty)
    }

    @Test func theConsoleShowsWhyNoRollbackIsIndicated() async throws {
        let flag = try await DrillDriver(try Self.drill("feature-flag-config"))
        #expect(await flag.confirmGates { $0.gateStep == .killSwitch })
        #expect(flag.state.changeKind == .configOnly)
        let alarm = try await DrillDriver(try Self.drill("false-alarm"))
        #expect(await alarm.confirmGates { $0.gateStep == .noRollback })
        #expect(alarm.state.deployVersusAlert?.contains("a rollback may not be indicated") == true)
        #expect(alarm.state.deployTiming?.deployDidNotCause == true)
    }

    @Test func aVerifyThatNeverHoldsEndsInEscalationWithAutoSyncStillOffSaid() async throws {
        let driver = try await DrillDriver(try Self.drill("verify-fails-escalate"))
        #expect(await driver.confirmGates { $0.gateStep == .escalate }, "\(driver.state.status(.verify))")
        #expect({ if case .failed = driver.state.status(.verify) { true } else { false } }())
        #expect(await driver.confirmGates { $0.status(.communicate).isFinished })
        #expect(driver.state.ending == .escalate)
        #expect(driver.state.autoSyncTurnedOff, "3a turned auto-sync off: 3d stays open behind the ending")
        #expect(Messages.statusUpdate(driver.state).contains("Escalated"))
        let debrief = driver.debrief
        #expect(debrief.ending == .escalated)
        #expect(debrief.metIntent)
    }

    @Test func hintsAreCountedAndCostPoints() async throws {
        let driver = try await DrillDriver(try Self.drill("false-alarm"))
        await driver.send(.hintShown(step: .preflight, by: DrillDriver.trainee))
        #expect(await driver.confirmGates { $0.gateStep == .noRollback })
        await driver.send(.hintShown(step: .noRollback, by: DrillDriver.trainee))
        #expect(await driver.confirmGates { $0.isComplete })
        #expect(driver.debrief.hints == [.preflight, .noRollback])
        #expect(driver.debrief.score == 100 - 2 * Hints.cost)
        #expect(driver.debrief.markdown.contains("End: no rollback"))
    }
}
