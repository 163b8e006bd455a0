import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// Issue 14: the Application pane shows the Rollout the app runs — strategy, step and weight, stable
/// against canary with their pods, the abort, the Progressing condition and the AnalysisRun.
@Suite struct RolloutRenderTests {
    static let large = Size(width: 200, height: 60)
    static let message = #"metric "web" assessed Failed due to failed (1) > failureLimit (0)"#

    /// The fixture's aborted canary (rollout-aborted_rollout.yaml) behind the runbook's app.
    static func rollout(aborted: Bool) -> Rollout {
        Rollout(name: "catalog", namespace: "bookstore-platform-acme-books", strategy: .canary, stepWeights: [10, nil],
                currentStepIndex: 0, stableHash: "7d84d44bb8", currentHash: "db976bc44", aborted: aborted,
                abortedAt: aborted ? Incident.date("2026-05-20T14:30:05Z") : nil, paused: false,
                progressingReason: aborted ? "RolloutAborted" : "ReplicaSetUpdated", progressingMessage: aborted ? message : "Rollout is progressing",
                analysis: Rollout.Analysis(name: "catalog-db976bc44-2", phase: aborted ? "Failed" : "Running", message: aborted ? message : "",
                                           podHash: "db976bc44"),
                hasAnalysis: true, revision: 2, images: ["argoproj/rollouts-demo:yellow"])
    }

    static func incident(_ rollout: Rollout) -> Incident {
        var incident = Incident()
        incident.send(.started(config: Incident.config, driver: Incident.driver), after: 0)
        var app = Incident.application()
        app.resources = [ManagedResource(group: "", kind: "Service", namespace: Incident.config.namespace, name: "catalog"),
                         ManagedResource(group: "argoproj.io", kind: "Rollout", namespace: Incident.config.namespace, name: "catalog")]
        incident.send(.appRead(.ok(app)))
        incident.send(.rolloutRead(.ok(rollout)))
        let pods = (0..<3).map { PodImage(pod: "catalog-7d84d44bb8-\($0)", image: Incident.goodDigest, ready: true, hash: "7d84d44bb8") }
            + [PodImage(pod: "catalog-db976bc44-0", image: Incident.badDigest, ready: true, hash: "db976bc44")]
        incident.send(.podsRead(.ok(pods)))
        return incident
    }

    /// The Application pane's lines at the width it has on a 200-column screen (it scrolls when taller than its box),
    /// with wrapped continuations joined back to their line.
    static func pane(_ incident: Incident) -> String {
        ApplicationPane.lines(incident.console(), width: 78, glyphs: .unicode).map { $0.spans.map(\.text).joined() }
            .joined(separator: "\n").replacingOccurrences(of: "\n          ", with: " ")
    }

    @Test func aCanaryInFlightShowsItsStepWeightHashesPodsAndAnalysis() {
        let screen = Self.pane(Self.incident(Self.rollout(aborted: false)))
        #expect(screen.contains("Rollout   catalog canary  step 1/2, weight 10%"), "\(screen)")
        #expect(screen.contains("Stable    7d84d44bb8  3/4 pods"))
        #expect(screen.contains("Canary    db976bc44  1/4 pods  ✗ bad revision"))
        #expect(screen.contains("Analysis  ▶ Running"), "\(screen)")
        #expect(!screen.contains("status.abort"))
    }

    @Test func anAbortedCanaryShowsTheAbortTheConditionAndTheFailedAnalysis() {
        let screen = Self.pane(Self.incident(Self.rollout(aborted: true)))
        #expect(screen.contains("weight 0%"), "\(screen)")
        #expect(screen.contains("✗ status.abort true at 14:30:05"), "\(screen)")
        #expect(screen.contains("RolloutAborted: \(Self.message)"))
        #expect(screen.contains("Analysis  ✗ Failed: \(Self.message)"))
    }

    @Test func anAppWithNeitherADeploymentNorARolloutSaysSo() {
        var incident = Incident()
        incident.send(.started(config: Incident.config, driver: Incident.driver), after: 0)
        var app = Incident.application()
        app.resources = [ManagedResource(group: "", kind: "ConfigMap", namespace: Incident.config.namespace, name: "catalog")]
        incident.send(.appRead(.ok(app)))
        let screen = Self.pane(incident)
        #expect(screen.contains("the app manages neither a Deployment nor an Argo Rollout"), "\(screen)")
    }

    @Test func theAbortGateShowsArgoCDsResourceAction() {
        var incident = Self.incident(Self.rollout(aborted: false))
        incident.send(.migrationsRead(.ok(Incident.safeReport), from: Revision("a1b2c3d"), to: Revision("d8f3c2a")))
        incident.send(.diagnosisRead(.ok(Incident.change), revision: Revision("d8f3c2a")))
        incident.send(.latencyRead(.ok(Incident.latency(until: incident.clock))))
        incident.send(.alertRead(.ok(Incident.date("2026-05-20T14:25:40Z"))))
        for _ in 0..<4 { incident.confirm() }
        #expect(incident.state.gateStep == .abortRollout, "\(incident.state.steps)")
        let screen = render(incident.console(), size: Self.large, glyphs: .unicode).screen
        #expect(screen.contains("argocd app actions run bookstore-catalog-us-east abort --kind Rollout --resource-name catalog --namespace bookstore-platform-acme-books"), "\(screen)")
        #expect(screen.contains("Abort the canary"))
        #expect(screen.contains("Aborted is not finished: the revert in git makes it final."), "\(screen)")
        let small = render(incident.console(), size: Size(width: 80, height: 24), glyphs: .unicode)
        #expect(small.shownGate?.step == .abortRollout, "the gate, its command and its note fit whole at 80×24:\n\(small.screen)")
    }
}
