import Foundation
import Testing
@testable import RunbookEngine

@Suite("The Rollouts path: abort a canary in flight, roll back and promote a promoted one")
struct RolloutsPathTests {
    static func world(_ rollout: Rollout?) -> World {
        var world = World()
        world.rollout = rollout
        return world
    }

    @Test func anAppListingARolloutTakesTheRolloutsTable() {
        var walk = Walk(Self.world(Incident.rolloutInFlight()))
        #expect(walk.state.workload == .rollout("catalog"))
        #expect(walk.state.runbook.name == "code-rollback-rollouts")
        #expect(walk.state.rollout.value?.currentHash == Incident.canaryPodHash)
        #expect(walk.state.badPodHash == Incident.canaryPodHash)
        #expect(walk.emitted.contains(.read(.rollout(namespace: Incident.config.namespace, name: "catalog"))))
        let before = walk.emitted.count
        walk.poll(for: 10)
        let polled = walk.emitted.dropFirst(before).compactMap { if case .read(let read) = $0 { read.kind } else { nil } }
        #expect(polled.contains(.rollout) && !polled.contains(.deployment), "a Rollout is read instead of a Deployment: \(polled)")
    }

    @Test func anAppListingADeploymentKeepsCodeRollback() {
        var world = World()
        world.app.resources = [ManagedResource(group: "apps", kind: "Deployment", namespace: Incident.config.namespace, name: "catalog")]
        let walk = Walk(world)
        #expect(walk.state.workload == .deployment("catalog"))
        #expect(walk.state.runbook.name == "code-rollback-argocd")
    }

    @Test func anAppWithNeitherKindSaysSo() {
        var world = World()
        world.app.resources = [ManagedResource(group: "", kind: "Service", namespace: Incident.config.namespace, name: "catalog")]
        let walk = Walk(world)
        #expect(walk.state.workload == nil)
        #expect(walk.state.workloadProblem == "the app manages neither a Deployment nor an Argo Rollout")
        #expect(walk.state.notes.contains { $0.text == "Workload: the app manages neither a Deployment nor an Argo Rollout." })
    }

    @Test func aCanaryInFlightIsAbortedByArgoCDsResourceActionAfterOneConfirmation() {
        var walk = Walk.at(.abortRollout, Self.world(Incident.rolloutInFlight()))
        #expect(walk.state.status(.abortRollout) == .awaitingConfirmation)
        #expect(walk.state.isShown(.abortRollout) && !walk.state.isShown(.disableAutoSync) && !walk.state.isShown(.rollback))
        let effects = walk.confirm(.abortRollout)
        #expect(effects == [.runGate(GateCommand(step: .abortRollout, argv: [
            "argocd", "app", "actions", "run", Incident.app, "abort", "--kind", "Rollout", "--resource-name", "catalog",
            "--namespace", Incident.config.namespace]))])
        #expect(walk.state.status(.abortRollout).isFinished)
        #expect(walk.state.notes.contains { $0.text.hasPrefix("Aborted is not finished: spec.template still holds \(Incident.badImage)") })
        walk.waitForRecovery()
        #expect(walk.state.status(.verify) == .awaitingConfirmation, "\(walk.state.status(.verify))")
        walk.confirm(.verify)
        #expect(walk.state.chosenEnding == .rolledBack)
        // Aborted is not finished: 3d waits for the revert even though auto-sync was never turned off.
        #expect(walk.state.status(.enableAutoSync) == .waiting("aborted is not finished: waiting for a revert of \(Incident.bad.short) in git"))
        walk.revertLands()
        #expect(walk.state.status(.enableAutoSync).isFinished)
        #expect(!walk.gates.contains { $0.argv.starts(with: ["argocd", "app", "rollback"]) })
        #expect(walk.gates.filter { $0.step == .abortRollout }.count == 1)
    }

    /// `rolloutsAbort: kubectl`: the plugin's abort, shown and run as one argv, after one confirmation.
    @Test func theKubectlPluginAbortsWhenConfigured() {
        var config = Incident.config
        config.rolloutsAbort = .kubectl
        var walk = Walk.at(.abortRollout, Self.world(Incident.rolloutInFlight()), config: config)
        let argv = ["kubectl", "argo", "rollouts", "abort", "catalog", "-n", Incident.config.namespace]
        #expect(walk.state.argv(.abortRollout) == argv)
        #expect(walk.confirm(.abortRollout) == [.runGate(GateCommand(step: .abortRollout, argv: argv))])
        #expect(walk.state.status(.abortRollout).isFinished)
        #expect(walk.gates.map(\.argv) == [argv])
    }

    @Test func aCanaryArgoRolloutsAlreadyAbortedNeedsNoCommandButStillVerifiesAndWaitsForTheRevert() {
        var world = Self.world(Incident.rolloutInFlight(aborted: true))
        world.pods = Incident.pods(Incident.goodImage, hash: Incident.stablePodHash)
        world.rolledBackAt = Incident.start
        var walk = Walk.at(.verify, world)
        #expect(walk.state.status(.abortRollout) == .skipped("Argo Rollouts already aborted it at \(Format.clock(Incident.h42.deployedAt.addingTimeInterval(300))): metric \"web\" assessed Failed due to failed (1) > failureLimit (0)"))
        #expect(walk.state.status(.verify) == .awaitingConfirmation)
        walk.confirm(.verify)
        #expect(walk.gates.isEmpty)
    }

    @Test func verifyWaitsWhilePodsRunTheCanaryHash() {
        var world = Self.world(Incident.rolloutInFlight())
        world.pods = Incident.pods(Incident.badImage, hash: Incident.canaryPodHash)
        var walk = Walk.at(.abortRollout, world)
        walk.press(.abortRollout)
        var rollout = Incident.rolloutInFlight()
        rollout.aborted = true
        walk.world.rollout = rollout
        walk.send(.gateFinished(step: .abortRollout, result: CommandResult(argv: walk.state.argv(.abortRollout), exitCode: 0, stdout: "", stderr: "")))
        walk.settle()
        walk.poll(for: 120)
        #expect(walk.state.status(.abortRollout).isFinished)
        #expect(walk.state.status(.verify).isWaiting)
        #expect(walk.state.rolloutRecovery.summary.contains("0/3 pods on it"))
    }

    @Test func aPromotedBadRevisionDisablesAutoSyncThenRollsBackThenPromotesFully() {
        var walk = Walk(Self.world(Incident.rolloutPromoted()))
        walk.confirmEverything(before: .disableAutoSync)
        #expect(walk.state.status(.disableAutoSync) == .awaitingConfirmation)
        #expect(!walk.state.isShown(.abortRollout))
        walk.confirm(.disableAutoSync)
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        walk.confirm(.rollback)
        #expect(walk.state.status(.rollback).isFinished)
        #expect(walk.state.status(.promoteFull) == .awaitingConfirmation, "\(walk.state.status(.promoteFull))")
        walk.confirm(.promoteFull)
        #expect(walk.state.status(.promoteFull).isFinished)
        walk.waitForRecovery()
        #expect(walk.state.status(.verify) == .awaitingConfirmation)
        #expect(walk.gates.map(\.step) == [.disableAutoSync, .rollback, .promoteFull])
        #expect(walk.gates.last?.argv == ["argocd", "app", "actions", "run", Incident.app, "promote-full", "--kind", "Rollout",
                                          "--resource-name", "catalog", "--namespace", Incident.config.namespace])
    }

    @Test func promoteFullIsRefusedWhileAutoSyncIsOn() {
        var walk = Walk(Self.world(Incident.rolloutPromoted()))
        walk.confirmEverything(before: .disableAutoSync)
        walk.confirm(.disableAutoSync)
        walk.confirm(.rollback)
        walk.world.app.autoSync = Incident.autoSyncOn
        walk.poll(for: 10)
        #expect(walk.send(.confirmed(step: .promoteFull, argv: walk.state.argv(.promoteFull), by: Incident.driver)).allSatisfy { $0.mutation == nil })
    }

    @Test func aWorkloadKeyPicksOneOfSeveralRollouts() {
        let resources = ["web", "catalog"].map { ManagedResource(group: "argoproj.io", kind: "Rollout", namespace: "ns", name: $0) }
        #expect(WorkloadDetection.detect(resources, named: nil) == .ambiguous(["Rollout web", "Rollout catalog"]))
        #expect(WorkloadDetection.detect(resources, named: "catalog") == .found(.rollout("catalog")))
        #expect(WorkloadDetection.detect(resources, named: "orders") == .none("the app manages no Deployment or Rollout named orders"))
    }

    /// Argo Rollouts' own arithmetic: 0 once aborted, 100 past the last step, else the last setWeight so far.
    @Test(arguments: [(0, false, 20), (1, false, 20), (2, false, 40), (8, false, 100), (3, true, 0)])
    func theCanaryWeightIsTheLastSetWeightSoFar(index: Int, aborted: Bool, weight: Int) {
        var rollout = Incident.rolloutInFlight()
        rollout.stepWeights = [20, nil, 40, nil, 60, nil, 80, nil]
        rollout.currentStepIndex = index
        rollout.aborted = aborted
        #expect(rollout.weight == weight)
    }
}

@Suite("Step 5: why Argo Rollouts did not roll back on its own, from the evidence")
struct AutoRollbackAnswerTests {
    static func answer(_ world: World) -> AutoRollbackAnswer { Walk(world).state.whyNoAutoRollback }

    @Test func aDeploymentHasNoRollout() {
        var world = World()
        world.app.resources = [ManagedResource(group: "apps", kind: "Deployment", namespace: "ns", name: "catalog")]
        #expect(Self.answer(world) == .noRollout(deployment: "catalog"))
    }

    @Test func aRolloutWithoutAnalysisHadNothingJudgingIt() {
        var rollout = Incident.rolloutPromoted()
        rollout.hasAnalysis = false
        #expect(Self.answer(RolloutsPathTests.world(rollout)) == .noAnalysis(rollout: "catalog"))
    }

    @Test func aPromotedRolloutsAnalysisPassedAndItsConditionIsShown() {
        var rollout = Incident.rolloutPromoted()
        let metric = Rollout.Analysis.Metric(name: "p99", successCondition: "result[0] < 2.0", phase: "Successful", lastValue: "[1.2]")
        rollout.analysis = Rollout.Analysis(name: "catalog-db976bc44-2", phase: "Successful", message: "", podHash: Incident.canaryPodHash, metrics: [metric])
        let answer = Self.answer(RolloutsPathTests.world(rollout))
        #expect(answer == .analysisPassed(rollout: "catalog", metrics: [metric]))
        #expect(answer.text == "The analysis of catalog passed, so it was not strict enough for this regression (metric p99: successCondition result[0] < 2.0, last value [1.2], Successful).")
    }

    @Test func aCanaryItsAnalysisAbortedDidRollBack() {
        let answer = Self.answer(RolloutsPathTests.world(Incident.rolloutInFlight(aborted: true)))
        #expect(answer == .analysisAborted(rollout: "catalog", message: #"metric "web" assessed Failed due to failed (1) > failureLimit (0)"#))
    }

    @Test func theConsolesOwnAbortIsNotArgoRolloutsRollingBack() {
        var walk = Walk.at(.abortRollout, RolloutsPathTests.world(Incident.rolloutInFlight()))
        walk.confirm(.abortRollout)
        #expect(walk.state.rollout.value?.aborted == true)
        if case .analysisAborted = walk.state.whyNoAutoRollback { Issue.record("the console's abort counted as Argo Rollouts'") }
    }

    @Test func thePostmortemCarriesTheAnswer() {
        let state = Walk(RolloutsPathTests.world(Incident.rolloutInFlight(aborted: true))).state
        #expect(Messages.postmortem(state).contains("Why did Argo Rollouts not roll back on its own? It did: Argo Rollouts aborted catalog on its analysis"))
    }
}
