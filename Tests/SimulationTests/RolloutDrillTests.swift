import Foundation
import RunbookEngine
import Simulation
import Testing

/// Issue 14 in the simulator: a drill's app can be an Argo Rollout behind the same ports (its resources,
/// the Rollout with its canary steps, hashes and AnalysisRun, abort and promote-full), and the two
/// Rollouts drills reach their right decision through `reduce` — or score the mistake.
@Suite struct RolloutDrillTests {
    static func drill(_ name: String) throws -> TrainingScenario {
        try #require(ScenarioCatalog.builtIn()[name], "no shipped drill \(name)")
    }

    static func world(_ name: String) async throws -> (SimulatedWorld, VirtualClock, Scenario) {
        let scenario = try drill(name).scenario
        let clock = VirtualClock(start: scenario.start, speed: 0)
        return (try await SimulatedWorld(scenario: scenario, clock: clock), clock, scenario)
    }

    @Test func aCanaryDrillsWorldListsTheRolloutAndPausesItsCanaryOnItsStep() async throws {
        let (world, _, scenario) = try await Self.world("rollout-canary-analysis-failed")
        let app = try await world.application(scenario.app)
        #expect(app.resources?.filter(\.isRollout).map(\.name) == ["reviews"])
        #expect(app.resources?.filter { $0.kind == "Service" }.count == 2)
        #expect(WorkloadDetection.detect(app.resources ?? [], named: nil) == .found(.rollout("reviews")))
        #expect(app.health == .suspended, "Argo CD reports a paused canary Suspended")
        let rollout = try await world.rollout(namespace: scenario.namespace, name: "reviews")
        #expect(rollout.canaryInFlight && !rollout.aborted && rollout.paused)
        #expect(rollout.stepWeights == [20, nil, 40, nil, 60, nil, 80, nil] && rollout.currentStepIndex == 3 && rollout.weight == 40)
        #expect(rollout.stableHash == String(scenario.releases[1].digest.dropFirst(7).prefix(10)))
        #expect(rollout.currentHash == String(scenario.current.digest.dropFirst(7).prefix(10)))
        #expect(rollout.analysis?.phase == "Running" && rollout.analysis?.podHash == rollout.currentHash)
        #expect(rollout.analysis?.metrics.first?.successCondition == "result[0] < 0.5")
        let pods = try await world.podImages(namespace: scenario.namespace, selector: scenario.selector)
        #expect(pods.filter { $0.hash == rollout.currentHash }.count == 2, "40 % of 5 replicas run the canary: \(pods)")
        #expect(pods.filter { $0.hash == rollout.stableHash }.count == 3)
        #expect(pods.allSatisfy { $0.pod.hasPrefix("reviews-\($0.hash ?? "?")-") })
    }

    /// Argo CD's resource action and the kubectl plugin abort the same way: the stable ReplicaSet takes every pod.
    @Test(arguments: [["argocd", "app", "actions", "run", "bookstore-reviews-us-east", "abort", "--kind", "Rollout",
                       "--resource-name", "reviews", "--namespace", "bookstore-platform-acme-books"],
                      ["kubectl", "argo", "rollouts", "abort", "reviews", "-n", "bookstore-platform-acme-books"]])
    func abortGivesTheStableReplicaSetEveryPod(argv: [String]) async throws {
        let (world, clock, scenario) = try await Self.world("rollout-canary-analysis-failed")
        let result = await world.run(GateCommand(step: .abortRollout, argv: argv))
        #expect(result.succeeded, "\(result.stderr)")
        let rollout = try await world.rollout(namespace: scenario.namespace, name: "reviews")
        #expect(rollout.aborted && rollout.abortedAt == scenario.start && rollout.weight == 0)
        #expect(rollout.progressingReason == "RolloutAborted")
        #expect(rollout.analysis?.running == false, "the abort ends the canary's analysis")
        #expect(try await world.application(scenario.app).health == .degraded, "Argo CD calls an aborted Rollout Degraded")
        clock.advance(by: scenario.rollout.podsReplaced + scenario.rollout.podReady + .seconds(1))
        let pods = try await world.podImages(namespace: scenario.namespace, selector: scenario.selector)
        #expect(pods.allSatisfy { $0.hash == rollout.stableHash && $0.ready }, "\(pods)")
        let again = await world.run(GateCommand(step: .abortRollout, argv: ["kubectl", "delete", "rollout", "reviews"]))
        #expect(!again.succeeded, "only the plugin's abort runs as kubectl")
    }

    @Test func theDemoKeepsTheRunbooksDeployment() async throws {
        let world = try await SimulatedWorld(scenario: .runbookIncident, clock: VirtualClock(start: Scenario.runbookIncident.start, speed: 0))
        let app = try await world.application(Scenario.runbookIncident.app)
        #expect(WorkloadDetection.detect(app.resources ?? [], named: nil) == .found(.deployment("catalog")))
        await #expect(throws: PortError.self) { try await world.rollout(namespace: Scenario.runbookIncident.namespace, name: "catalog") }
    }

    @Test func theCanaryDrillIsAbortedAfterOneConfirmationAndWalksToTheEnd() async throws {
        let driver = try await DrillDriver(try Self.drill("rollout-canary-analysis-failed"))
        #expect(driver.state.runbook.name == "code-rollback-rollouts")
        let completed = await driver.confirmGates { $0.isComplete }
        let state = driver.state
        #expect(completed, "\(StepID.allCases.map { "\($0.label): \(state.status($0))" }) \(state.notes.map(\.text))")
        #expect(state.commands.map(\.argv) == [["argocd", "app", "actions", "run", "bookstore-reviews-us-east", "abort", "--kind", "Rollout",
                                                 "--resource-name", "reviews", "--namespace", "bookstore-platform-acme-books"]])
        #expect(state.finishedAt[.verify] != nil)
        #expect(state.notes.contains { $0.text.hasPrefix("Aborted is not finished") })
        #expect(state.status(.enableAutoSync) == .skipped("the revert \((state.revert.value ?? nil)?.short ?? "?") is in git: the abort is final (auto-sync was never off)"))
        await driver.quit()
        let debrief = driver.debrief
        #expect(debrief.decisive?.kind == .confirmed(.abortRollout))
        #expect(debrief.metIntent && debrief.ending == .completed)
        #expect(debrief.mistakes.isEmpty, "\(debrief.mistakes)")
        #expect(debrief.score == 100)
        #expect(debrief.timeToMitigate.map { $0 > 0 && $0 <= 120 } == true, "\(String(describing: debrief.timeToMitigate))")
    }

    /// Left to its analysis, the canary is aborted by Argo Rollouts six minutes in: the console needs no
    /// command, but the debrief says what waiting cost.
    @Test func waitingForTheAnalysisIsTheMistake() async throws {
        let driver = try await DrillDriver(try Self.drill("rollout-canary-analysis-failed"))
        #expect(await driver.confirmGates { $0.gateStep == .abortRollout })
        #expect(await driver.wait(upTo: 600) { if case .skipped = $0.status(.abortRollout) { true } else { false } })
        #expect(await driver.world.notes.contains { $0.text.hasPrefix("Argo Rollouts aborted the canary") })
        #expect(driver.state.commands.isEmpty)
        await driver.quit()
        let debrief = driver.debrief
        #expect(debrief.mistakes.map(\.kind) == [.canaryLeftToAnalysis], "\(debrief.mistakes)")
        #expect(!debrief.metIntent && debrief.decisive == nil)
        #expect(debrief.markdown.contains("Left the canary to its analysis"))
    }

    @Test func thePromotedDrillRollsBackPastTheParentsAutoSyncThenPromotesFully() async throws {
        let drill = try Self.drill("rollout-promoted-bad")
        let driver = try await DrillDriver(drill)
        #expect(await driver.confirmGates { $0.status(.disableAutoSync).isFinished })
        #expect(!driver.state.isShown(.abortRollout), "a promoted Rollout has no canary to abort")
        await driver.wait(40)  // the parent turns auto-sync back on 20 s after 3a
        let completed = await driver.confirmGates { $0.isComplete }
        let state = driver.state
        #expect(completed, "\(StepID.allCases.map { "\($0.label): \(state.status($0))" }) \(state.notes.map(\.text))")
        let argv = state.commands.map(\.argv)
        let rollback = try #require(argv.firstIndex(of: ["argocd", "app", "rollback", drill.scenario.app, "64"]), "\(argv)")
        let lastDisable = try #require(argv.lastIndex(of: ["argocd", "app", "set", drill.scenario.app, "--sync-policy", "none"]))
        #expect(lastDisable < rollback && argv.filter { $0.contains("none") }.count == 2, "3a ran again after the parent: \(argv)")
        #expect(argv.dropFirst(rollback + 1).first == ["argocd", "app", "actions", "run", drill.scenario.app, "promote-full", "--kind", "Rollout",
                                                       "--resource-name", "inventory", "--namespace", drill.scenario.namespace])
        #expect(state.rolloutRecovery.stableIsGood && state.finishedAt[.verify] != nil)
        #expect(state.whyNoAutoRollback.text.contains("result[0] < 2.0"), "\(state.whyNoAutoRollback.text)")
        await driver.quit()
        let debrief = driver.debrief
        #expect(debrief.metIntent && debrief.mistakes.isEmpty, "\(debrief.mistakes)")
        #expect(debrief.score == 100)
    }

    @Test func theAutoSyncTrapAndAMissingPromoteFullAreTheMistakes() async throws {
        let driver = try await DrillDriver(try Self.drill("rollout-promoted-bad"))
        #expect(await driver.confirmGates { $0.status(.disableAutoSync).isFinished })
        await driver.wait(40)
        await driver.confirm(.rollback)  // y on 3b while the parent has turned auto-sync back on
        #expect(driver.state.commands.allSatisfy { !$0.argv.contains("rollback") }, "the console refused it")
        #expect(await driver.confirmGates { $0.status(.rollback).isFinished })
        await driver.quit()  // before promote-full
        let kinds = driver.debrief.mistakes.map(\.kind)
        #expect(kinds == [.rollbackWithAutoSyncOn, .rollbackNotPromoted], "\(kinds)")
        #expect(!driver.debrief.metIntent)
    }
}
