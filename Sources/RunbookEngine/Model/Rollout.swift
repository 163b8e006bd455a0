import Foundation

/// One `status.resources[]` entry of an Application: a resource Argo CD manages for it.
public struct ManagedResource: Sendable, Equatable, Codable {
    public var group: String
    public var kind: String
    public var namespace: String
    public var name: String
    public init(group: String, kind: String, namespace: String, name: String) {
        self.group = group; self.kind = kind; self.namespace = namespace; self.name = name
    }

    public var isRollout: Bool { group == "argoproj.io" && kind == "Rollout" }
    public var isDeployment: Bool { group == "apps" && kind == "Deployment" }
}

/// An Argo Rollout (`kubectl get rollout NAME -o json`), reduced to what the Rollouts path reads.
public struct Rollout: Sendable, Equatable, Codable {
    public enum Strategy: String, Sendable, Codable { case canary, blueGreen }

    /// An AnalysisRun as the Rollout reports it (`status.canary.current…AnalysisRunStatus`), with the
    /// run's own metrics when it was read (`kubectl get analysisrun NAME -o json`).
    public struct Analysis: Sendable, Equatable, Codable {
        public struct Metric: Sendable, Equatable, Codable {
            public var name: String
            public var successCondition: String?
            public var phase: String?
            public var lastValue: String?
            public init(name: String, successCondition: String?, phase: String?, lastValue: String?) {
                self.name = name; self.successCondition = successCondition; self.phase = phase; self.lastValue = lastValue
            }
        }
        public var name: String
        /// Pending, Running, Successful, Failed, Error, Inconclusive.
        public var phase: String
        public var message: String
        /// `rollouts-pod-template-hash` of the run: which ReplicaSet it judges.
        public var podHash: String?
        public var metrics: [Metric]
        public init(name: String, phase: String, message: String, podHash: String? = nil, metrics: [Metric] = []) {
            self.name = name; self.phase = phase; self.message = message; self.podHash = podHash; self.metrics = metrics
        }
        public var failed: Bool { ["Failed", "Error", "Inconclusive"].contains(phase) }
        public var running: Bool { ["Pending", "Running"].contains(phase) }
    }

    public var name: String
    public var namespace: String
    public var strategy: Strategy
    /// `spec.strategy.canary.steps[].setWeight` by step (nil for a step that sets none).
    public var stepWeights: [Int?]
    /// `status.currentStepIndex`: the step the canary is on (== steps when fully promoted).
    public var currentStepIndex: Int?
    /// `status.stableRS`: the pod-template hash of the stable ReplicaSet.
    public var stableHash: String?
    /// `status.currentPodHash`: the pod-template hash of `spec.template` (the canary while not promoted).
    public var currentHash: String?
    public var aborted: Bool
    public var abortedAt: Date?
    /// `spec.paused` or a pause condition.
    public var paused: Bool
    /// The Progressing condition's reason and message (`RolloutAborted`, `ProgressDeadlineExceeded`).
    public var progressingReason: String?
    public var progressingMessage: String?
    /// The AnalysisRun running now (background or step), if any.
    public var analysis: Analysis?
    /// The strategy names analysis (background `analysis` or an `analysis` step).
    public var hasAnalysis: Bool
    /// `metadata.annotations["rollout.argoproj.io/revision"]`.
    public var revision: Int?
    /// `spec.template`'s container images: what the Rollout is rolling to.
    public var images: [String]

    public init(name: String, namespace: String, strategy: Strategy, stepWeights: [Int?], currentStepIndex: Int?,
                stableHash: String?, currentHash: String?, aborted: Bool, abortedAt: Date?, paused: Bool,
                progressingReason: String?, progressingMessage: String?, analysis: Analysis?, hasAnalysis: Bool,
                revision: Int?, images: [String]) {
        self.name = name; self.namespace = namespace; self.strategy = strategy; self.stepWeights = stepWeights
        self.currentStepIndex = currentStepIndex; self.stableHash = stableHash; self.currentHash = currentHash
        self.aborted = aborted; self.abortedAt = abortedAt; self.paused = paused
        self.progressingReason = progressingReason; self.progressingMessage = progressingMessage
        self.analysis = analysis; self.hasAnalysis = hasAnalysis; self.revision = revision; self.images = images
    }

    /// `spec.template` is the stable ReplicaSet: nothing is being rolled out (the bad revision, if bad, is all of it).
    public var fullyPromoted: Bool { currentHash != nil && currentHash == stableHash }

    /// A canary under way or paused: the stable ReplicaSet still serves, and abort gives it all traffic.
    public var canaryInFlight: Bool { !fullyPromoted && stableHash != nil }

    /// The canary's weight as Argo Rollouts counts it: 0 once aborted, 100 past the last step, else the
    /// last `setWeight` at or before the current step.
    public var weight: Int {
        if aborted { return 0 }
        let index = currentStepIndex ?? 0
        if index >= stepWeights.count { return 100 }
        return stepWeights[...index].reversed().compactMap { $0 }.first ?? 0
    }

    /// "step 1/2" (1-based while under way, n/n when promoted).
    public var stepText: String {
        let index = min(currentStepIndex ?? 0, stepWeights.count)
        return "step \(index == stepWeights.count ? index : index + 1)/\(stepWeights.count)"
    }
}

/// The workload an Application runs, as `status.resources[]` names it (or the config does when several).
public enum Workload: Sendable, Equatable, Codable {
    case deployment(String)
    case rollout(String)

    public var name: String {
        switch self { case .deployment(let name), .rollout(let name): name }
    }
    public var isRollout: Bool { if case .rollout = self { true } else { false } }
    public var kindName: String { isRollout ? "Rollout" : "Deployment" }
}

/// What the console found as the app's workload, or why it found none.
public enum WorkloadDetection: Sendable, Equatable {
    case found(Workload)
    /// Several candidates and no `workload` key naming one.
    case ambiguous([String])
    /// No Deployment or Rollout (or none by the configured name).
    case none(String)

    /// From the Application's resources; `named` is the `workload` key/flag when given.
    public static func detect(_ resources: [ManagedResource], named: String?) -> WorkloadDetection {
        let rollouts = resources.filter(\.isRollout).map(\.name)
        let deployments = resources.filter(\.isDeployment).map(\.name)
        if let named {
            if rollouts.contains(named) { return .found(.rollout(named)) }
            if deployments.contains(named) { return .found(.deployment(named)) }
            return .none("the app manages no Deployment or Rollout named \(named)")
        }
        if rollouts.count == 1 { return .found(.rollout(rollouts[0])) }
        if rollouts.count > 1 { return .ambiguous(rollouts.map { "Rollout \($0)" }) }
        if deployments.count == 1 { return .found(.deployment(deployments[0])) }
        if deployments.count > 1 { return .ambiguous(deployments.map { "Deployment \($0)" }) }
        return .none("the app manages neither a Deployment nor an Argo Rollout")
    }

    /// What the Application pane and the notes say about it.
    public var text: String {
        switch self {
        case .found(let workload): "\(workload.kindName) \(workload.name)"
        case .ambiguous(let names): "several workloads (\(names.joined(separator: ", "))): name one with the workload key or --workload"
        case .none(let why): why
        }
    }
}
