import Foundation
import RunbookEngine

/// The Argo Rollout of a canary scenario as its controller keeps it: which template is stable, which is
/// `spec.template`, the step, the abort and the AnalysisRun. Pods follow it through scoped deploys.
struct CanaryState: Sendable, Equatable {
    var stable: Revision
    var current: Revision
    var step: Int
    var aborted = false
    var abortedAt: Date?
    /// The AnalysisRun's phase and message (nil: no run, the strategy names no analysis).
    var analysisPhase: String?
    var analysisMessage = ""
    /// `rollout.argoproj.io/revision`: one more for every new template.
    var revision: Int
}

extension SimulatedWorld {
    /// The Rollout at the start: a canary paused on its step (stable the release before), or fully promoted.
    static func initialCanary(_ scenario: Scenario) -> CanaryState? {
        guard let canary = scenario.canary else { return nil }
        let current = scenario.current.revision
        let stable = canary.pausedAt == nil ? current : (scenario.lastKnownGood?.revision ?? current)
        return CanaryState(stable: stable, current: current, step: canary.pausedAt ?? canary.steps.count,
                           analysisPhase: canary.analysis?.phase, revision: scenario.releases.count)
    }

    var canaryInFlight: Bool { canaryState.map { $0.step < (scenario.canary?.steps.count ?? 0) } ?? false }

    func digest(of revision: Revision) -> String { digestByRevision[revision] ?? scenario.current.digest }

    /// Pods to match the Rollout: the canary's share on `spec.template` while in flight and not aborted, the rest stable.
    func reconcileCanaryPods(at: Date) {
        guard let state = canaryState, let canary = scenario.canary else { return }
        let count = canaryInFlight && !state.aborted ? canary.canaryPods(at: state.step, replicas: scenario.replicas) : 0
        if count > 0 {
            timeline.deploys.append(PodTimeline.Deploy(at: at, revision: state.current, digest: digest(of: state.current), pods: 0..<count))
        }
        if count < scenario.replicas {
            timeline.deploys.append(PodTimeline.Deploy(at: at, revision: state.stable, digest: digest(of: state.stable), pods: count..<scenario.replicas))
        }
    }

    /// Argo CD synced `revision` (a rollback or auto-sync): a template back to the stable one goes straight to
    /// stable, as Argo Rollouts does; any other starts a new canary at step 0 with a new AnalysisRun.
    func canaryTemplateChanged(to revision: Revision, at: Date) {
        guard var state = canaryState else { return }
        if digest(of: revision) == digest(of: state.current) { return }
        if digest(of: revision) == digest(of: state.stable) {
            state.current = state.stable
            state.step = scenario.canary?.steps.count ?? 0
        } else {
            state.current = revision
            state.step = 0
            state.revision += 1
            if scenario.canary?.analysis != nil { state.analysisPhase = "Running"; state.analysisMessage = "" }
        }
        state.aborted = false
        state.abortedAt = nil
        canaryState = state
        reconcileCanaryPods(at: at)
    }

    /// `abort` and `promote-full`, from Argo CD's resource action or the kubectl plugin: nil when done, else why not.
    func rolloutAction(_ action: String, at: Date) -> String? {
        guard var state = canaryState, let canary = scenario.canary else { return "the app runs no Rollout" }
        switch action {
        case "abort":
            guard canaryInFlight else { return "the Rollout has no update in progress to abort" }
            state.aborted = true
            state.abortedAt = state.abortedAt ?? at
            if anchors[.abort] == nil { anchors[.abort] = at }
            if state.analysisPhase == "Running" { state.analysisPhase = "Successful"; state.analysisMessage = "Run Terminated" }
        case "promote-full":
            state.stable = state.current
            state.step = canary.steps.count
            state.aborted = false
            state.abortedAt = nil
            if state.analysisPhase == "Running" { state.analysisPhase = "Successful"; state.analysisMessage = "Run Terminated" }
        default:
            return "action '\(action)' is not one of abort, promote-full"
        }
        canaryState = state
        reconcileCanaryPods(at: at)
        return nil
    }

    /// The scenario's `analysis-fails` event: the run fails and Argo Rollouts aborts the canary itself.
    func canaryAnalysisFails(at: Date) {
        guard var state = canaryState, canaryInFlight, !state.aborted, state.analysisPhase == "Running",
              let metric = scenario.canary?.analysis?.metric else { return }
        state.analysisPhase = "Failed"
        state.analysisMessage = "metric \"\(metric)\" assessed Failed due to failed (3) > failureLimit (2)"
        state.aborted = true
        state.abortedAt = at
        if anchors[.abort] == nil { anchors[.abort] = at }
        canaryState = state
        notes.append(Note(at: at, text: "Argo Rollouts aborted the canary: \(state.analysisMessage)"))
        reconcileCanaryPods(at: at)
    }

    /// `kubectl get rollout NAME -o json` (and its AnalysisRun), as the adapter reads it.
    func rolloutObject(at now: Date) -> Rollout? {
        guard let state = canaryState, let canary = scenario.canary else { return nil }
        let currentHash = PodTimeline.templateHash(digest(of: state.current))
        let inFlight = canaryInFlight
        let (reason, message): (String, String) = state.aborted
            ? ("RolloutAborted", state.analysisPhase == "Failed" ? state.analysisMessage : "Rollout aborted update to revision \(state.revision)")
            : inFlight ? ("RolloutPaused", "Rollout is paused") : ("NewReplicaSetAvailable", "Rollout has completed update to revision \(state.revision)")
        let analysis = canary.analysis.flatMap { spec in
            state.analysisPhase.map { phase in
                Rollout.Analysis(name: "\(scenario.deployment)-\(currentHash)-\(state.revision)", phase: phase, message: state.analysisMessage,
                                 podHash: currentHash,
                                 metrics: [.init(name: spec.metric, successCondition: spec.successCondition, phase: phase,
                                                 lastValue: String(format: "[%.2f]", timeline.p99(at: now)))])
            }
        }
        return Rollout(name: scenario.deployment, namespace: scenario.namespace, strategy: .canary, stepWeights: canary.steps,
                       currentStepIndex: state.step, stableHash: PodTimeline.templateHash(digest(of: state.stable)),
                       currentHash: currentHash, aborted: state.aborted, abortedAt: state.abortedAt, paused: inFlight && !state.aborted,
                       progressingReason: reason, progressingMessage: message, analysis: analysis, hasAnalysis: canary.analysis != nil,
                       revision: state.revision, images: [scenario.image(digest(of: state.current))])
    }

    /// Argo CD's health of a Rollout app: Degraded once aborted, Suspended while the canary is paused.
    func rolloutHealth() -> HealthStatus? {
        guard let state = canaryState else { return nil }
        if state.aborted { return .degraded }
        return canaryInFlight ? .suspended : nil
    }

    /// `argocd app actions run APP ACTION --kind Rollout --resource-name NAME [--namespace NS]` and
    /// `kubectl argo rollouts abort NAME -n NS`, answered as the server and the plugin answer.
    func interpretRolloutCommand(_ argv: [String], words: [String], at now: Date) -> CommandResult? {
        let program = (words.first.map { ($0 as NSString).lastPathComponent }) ?? ""
        let args = Array(words.dropFirst())
        let action: String, name: String, namespace: String?
        if program == "kubectl" {
            guard args.count == 6, args[0...2] == ["argo", "rollouts", "abort"], args[4] == "-n" else {
                return CommandResult(argv: argv, exitCode: 1, stdout: "", stderr: "Error: simulated cluster: only kubectl argo rollouts abort NAME -n NS runs here\n", seconds: 0.3)
            }
            (action, name, namespace) = ("abort", args[3], args[5])
        } else if args.count >= 3, args[0...2] == ["app", "actions", "run"] {
            guard args.count == 9 || args.count == 11, args[5] == "--kind", args[6] == "Rollout", args[7] == "--resource-name",
                  args.count == 9 || args[9] == "--namespace" else {
                return CommandResult(argv: argv, exitCode: 20, stdout: "", stderr: "FATA[0000] simulated cluster: expected --kind Rollout --resource-name NAME [--namespace NS]\n", seconds: 0.3)
            }
            guard args[3] == scenario.app else {
                return CommandResult(argv: argv, exitCode: 20, stdout: "", stderr: "FATA[0000] rpc error: code = NotFound desc = applications.argoproj.io \"\(args[3])\" not found\n", seconds: 0.3)
            }
            action = args[4]; name = args[8]
            namespace = args.count == 11 ? args[10] : nil
        } else {
            return nil
        }
        guard canaryState != nil, name == scenario.deployment, namespace.map({ $0 == scenario.namespace }) ?? true else {
            return CommandResult(argv: argv, exitCode: program == "kubectl" ? 1 : 20, stdout: "",
                                 stderr: "Error from server (NotFound): rollouts.argoproj.io \"\(name)\" not found\n", seconds: 0.3)
        }
        if let refusal = rolloutAction(action, at: now) {
            return CommandResult(argv: argv, exitCode: program == "kubectl" ? 1 : 20, stdout: "", stderr: "Error: \(refusal)\n", seconds: 0.3)
        }
        return CommandResult(argv: argv, exitCode: 0, stdout: program == "kubectl" ? "rollout '\(name)' aborted\n" : "", stderr: "", seconds: 0.3)
    }
}
