import Foundation

extension Scenario {
    /// The app runs as an Argo Rollout with a canary strategy instead of a Deployment (a drill's `canary:`
    /// block; field names as `spec.strategy.canary` has them): its steps, where the current release's canary
    /// stands at the start, and its background analysis.
    public struct Canary: Sendable, Equatable {
        /// `spec.strategy.canary.steps`: a `setWeight`, or nil for a `pause`.
        public var steps: [Int?]
        /// The step the current release's canary is paused on at the start; nil: it was promoted fully
        /// (the stable ReplicaSet is the current release).
        public var pausedAt: Int?
        public var analysis: Analysis?

        /// `spec.strategy.canary.analysis`: one metric of its AnalysisTemplate, and how its run stands at the start.
        public struct Analysis: Sendable, Equatable {
            public var metric: String
            public var successCondition: String
            /// `Running` (still judging the canary) or `Successful` (it passed: the promoted release's run).
            public var phase: String
            public init(metric: String, successCondition: String, phase: String) {
                self.metric = metric; self.successCondition = successCondition; self.phase = phase
            }
        }

        public init(steps: [Int?], pausedAt: Int?, analysis: Analysis?) {
            self.steps = steps; self.pausedAt = pausedAt; self.analysis = analysis
        }

        /// Argo Rollouts' weight at `step`: the last setWeight at or before it, 100 past the last step.
        public func weight(at step: Int) -> Int {
            if step >= steps.count { return 100 }
            return steps[...step].reversed().compactMap { $0 }.first ?? 0
        }

        /// Without traffic routing the canary's weight is its share of the replicas (at least one pod while above 0).
        public func canaryPods(at step: Int, replicas: Int) -> Int {
            let weight = weight(at: step)
            guard weight > 0 else { return 0 }
            return min(replicas, max(1, Int((Double(replicas) * Double(weight) / 100).rounded(.up))))
        }
    }
}
