import Foundation
import Integrations
import RunbookEngine
import Testing

/// Issue 14: the workload read from the Application's resources, and the Rollout from kubectl, on
/// upstream's own objects (field names exactly as Argo CD and Argo Rollouts print them).
@Suite struct RolloutAdapterTests {
    @Test func anApplicationListingARolloutAndServicesIsDetectedAsThatRollout() async throws {
        let standIns = try StandIns()
        var fixture = try AppFixture.diffCache()
        fixture.setResources([("", "Service", "catalog"), ("", "Service", "catalog-canary"),
                              ("argoproj.io", "Rollout", "catalog"), ("argoproj.io", "AnalysisTemplate", "web-background")],
                             namespace: "bookstore")
        try standIns.write("app.json", fixture.json)
        let app = try await ArgoCDCLI(executable: standIns.argocd).application("velero-test")
        #expect(app.resources?.map(\.kind) == ["Service", "Service", "Rollout", "AnalysisTemplate"])
        #expect(app.resources?[2] == ManagedResource(group: "argoproj.io", kind: "Rollout", namespace: "bookstore", name: "catalog"))
        #expect(WorkloadDetection.detect(app.resources ?? [], named: nil) == .found(.rollout("catalog")))
    }

    @Test func theFixturesDeploymentIsDetectedAsADeployment() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", try AppFixture.diffCache().json)
        let app = try await ArgoCDCLI(executable: standIns.argocd).application("velero-test")
        #expect(WorkloadDetection.detect(app.resources ?? [], named: nil) == .found(.deployment("test-lla")))
    }

    /// The plugin's abort runs as the gate showed it (the configured kubectl in front); nothing else runs as kubectl's gate.
    @Test func kubectlRunsTheRolloutsPluginsAbortAndNothingElse() async throws {
        let standIns = try StandIns()
        let abort = ["kubectl", "argo", "rollouts", "abort", "catalog", "-n", "bookstore"]
        let result = await KubectlCluster(executable: standIns.kubectl).run(GateCommand(step: .abortRollout, argv: abort))
        #expect(result.succeeded && result.argv == abort)
        for argv in [["kubectl", "delete", "rollout", "catalog", "-n", "bookstore"], ["argocd", "app", "rollback", "a", "41"],
                     ["kubectl", "argo", "rollouts", "abort", "--all", "-n", "bookstore"]] {
            let refused = await KubectlCluster(executable: standIns.kubectl).run(GateCommand(step: .abortRollout, argv: argv))
            #expect(refused.launchError?.hasPrefix("not a kubectl argo rollouts abort command") == true, "\(argv)")
        }
        let dry = await KubectlCluster(executable: standIns.kubectl, dryRun: true).run(GateCommand(step: .abortRollout, argv: abort))
        #expect(dry.launchError?.hasPrefix(ArgoCDCLI.dryRunNote) == true)
        #expect(standIns.log("kubectl") == ["argo rollouts abort catalog -n bookstore"])
    }

    @Test func anAbortedCanaryReadsWithItsAnalysisRun() async throws {
        let standIns = try StandIns()
        try standIns.write("rollout.json", try RolloutFixture.json("rollout-aborted_rollout"))
        try standIns.write("analysisrun.json", try RolloutFixture.json("rollout-aborted_analysisrun"))
        let rollout = try await KubectlCluster(executable: standIns.kubectl).rollout(namespace: "default", name: "rollout-background-analysis")
        #expect(rollout.name == "rollout-background-analysis")
        #expect(rollout.strategy == .canary)
        #expect(rollout.stepWeights == [10, nil])
        #expect(rollout.aborted)
        #expect(rollout.abortedAt == ISO8601DateFormatter().date(from: "2020-09-22T09:10:05Z"))
        #expect(rollout.stableHash == "7d84d44bb8")
        #expect(rollout.currentHash == "db976bc44")
        #expect(rollout.canaryInFlight && !rollout.fullyPromoted)
        #expect(rollout.weight == 0, "an aborted canary gets no traffic")
        #expect(rollout.progressingReason == "RolloutAborted")
        #expect(rollout.progressingMessage == #"metric "web" assessed Failed due to failed (1) > failureLimit (0)"#)
        #expect(rollout.hasAnalysis)
        #expect(rollout.revision == 2)
        #expect(rollout.images == ["argoproj/rollouts-demo:yellow"])
        let analysis = try #require(rollout.analysis)
        #expect(analysis.name == "rollout-background-analysis-db976bc44-2")
        #expect(analysis.phase == "Failed" && analysis.failed)
        #expect(analysis.podHash == "db976bc44")
        #expect(analysis.metrics == [Rollout.Analysis.Metric(name: "web", successCondition: #"result == "true""#, phase: "Failed", lastValue: "false")])
        #expect(standIns.log("kubectl") == ["-n default get rollout rollout-background-analysis -o json",
                                            "-n default get analysisrun rollout-background-analysis-db976bc44-2 -o json"])
    }

    @Test func aCanaryStuckMidRolloutReadsItsStepAndDeadline() async throws {
        let standIns = try StandIns()
        try standIns.write("rollout.json", try RolloutFixture.json("canary_canary-rollout"))
        let rollout = try await KubectlCluster(executable: standIns.kubectl).rollout(namespace: "jesse-test", name: "canary-demo")
        #expect(rollout.stepWeights == [20, nil, 40, nil, 60, nil, 80, nil])
        #expect(rollout.currentStepIndex == 0)
        #expect(rollout.stepText == "step 1/8")
        #expect(rollout.weight == 20)
        #expect(rollout.stableHash == "877894d5b")
        #expect(rollout.currentHash == "65fb5ffc84")
        #expect(!rollout.aborted && rollout.canaryInFlight)
        #expect(rollout.progressingReason == "ProgressDeadlineExceeded")
        #expect(rollout.progressingMessage == #"ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing."#)
        #expect(rollout.analysis == nil)
        #expect(!rollout.hasAnalysis, "no background analysis and no analysis step: nothing would roll it back")
        #expect(rollout.revision == 31)
        #expect(standIns.log("kubectl") == ["-n jesse-test get rollout canary-demo -o json"], "no AnalysisRun to read")
    }

    @Test func anAnalysisRunThatCannotBeReadKeepsWhatTheRolloutSaid() async throws {
        let standIns = try StandIns()
        try standIns.write("rollout.json", try RolloutFixture.json("rollout-aborted_rollout"))
        let rollout = try await KubectlCluster(executable: standIns.kubectl).rollout(namespace: "default", name: "rollout-background-analysis")
        #expect(rollout.analysis == Rollout.Analysis(name: "rollout-background-analysis-db976bc44-2", phase: "Failed",
                                                     message: #"metric "web" assessed Failed due to failed (1) > failureLimit (0)"#))
    }

    @Test func podsCarryTheirRolloutsPodTemplateHash() async throws {
        let standIns = try StandIns()
        let list = #"{"kind":"List","items":[{"metadata":{"name":"catalog-db976bc44-x1","labels":{"app":"catalog","rollouts-pod-template-hash":"db976bc44"}},"spec":{"containers":[{"name":"catalog","image":"argoproj/rollouts-demo:yellow"}]},"status":{"containerStatuses":[{"name":"catalog","ready":true,"image":"argoproj/rollouts-demo:yellow","imageID":""}]}}]}"#
        try standIns.write("pods-bad.json", list)
        let pods = try await KubectlCluster(executable: standIns.kubectl).podImages(namespace: "default", selector: "app=catalog")
        #expect(pods.map(\.hash) == ["db976bc44"])
    }

    @Test(arguments: ["not json", #"{"kind":"Status","status":"Failure"}"#])
    func aRolloutReadThatIsNotARolloutIsMalformed(output: String) async throws {
        let standIns = try StandIns()
        try standIns.write("rollout.json", output)
        await #expect {
            try await KubectlCluster(executable: standIns.kubectl).rollout(namespace: "default", name: "catalog")
        } throws: { ($0 as? PortError)?.kind == .malformed }
    }
}
