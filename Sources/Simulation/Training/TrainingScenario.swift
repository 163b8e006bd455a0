import Foundation
import RunbookEngine

/// A drill: a simulated incident, what the trainee is told about it, and the end the runbook calls for.
public struct TrainingScenario: Sendable, Equatable {
    /// What the runbook says to do in this incident.
    public enum Intended: String, Sendable, Equatable, CaseIterable {
        /// Roll back to `target` and walk the runbook to its end.
        case rollback
        /// Step 0 finds a forward-only migration: stop there and open the PITR runbook.
        case stopAtStep0 = "stop-at-step-0"
        /// The change is config only: flip the feature-flag kill switch instead of rolling back.
        case killSwitch = "kill-switch"
        /// The deploy did not cause the alert: a rollback is not indicated.
        case noRollback = "no-rollback"
        /// The rollback does not bring the metric back: escalate, and say auto-sync is still off.
        case escalate
        /// An Argo Rollout's canary still in flight: abort it (the stable ReplicaSet takes all traffic) and
        /// walk the Rollouts path; the revert in git makes it final.
        case abort

        /// The runbook's ending this drill calls for.
        public var ending: RunbookEngine.Ending {
            switch self {
            case .rollback: .rolledBack
            case .stopAtStep0: .handOff
            case .killSwitch: .killSwitch
            case .noRollback: .noRollback
            case .escalate: .escalate
            case .abort: .rolledBack
            }
        }

        /// Mitigated by a command the console runs: the rollback, or the canary's abort.
        public var rollsBack: Bool { self == .rollback || self == .abort }
    }

    public var scenario: Scenario
    /// One line for `train --list`: the symptoms as the on-call engineer meets them, never the answer.
    public var description: String
    /// What the drill teaches, said in the debrief only (nil: the intended end says it).
    public var lesson: String?
    public var intended: Intended
    /// The history ID the intended rollback lands on (rollback drills only).
    public var target: HistoryID?
    /// Scenario-specific hints that replace the generic one for a step.
    public var hints: [StepID: String]
    /// Where it came from: `built-in` or a file path.
    public var source: String

    public var name: String { scenario.name }

    public init(scenario: Scenario, description: String, lesson: String? = nil, intended: Intended, target: HistoryID? = nil,
                hints: [StepID: String] = [:], source: String = "built-in") {
        self.scenario = scenario; self.description = description; self.lesson = lesson; self.intended = intended
        self.target = target; self.hints = hints; self.source = source
    }

    /// The hint for `step`: this drill's own, or the runbook's generic advice.
    public func hint(for step: StepID) -> String {
        hints[step] ?? Hints.generic(step)
    }
}

extension Scenario {
    /// The incident as the console starts it on this simulated cluster.
    public var incidentConfig: IncidentConfig {
        IncidentConfig(app: app, namespace: namespace, deployment: deployment, selector: selector,
                       migrationsGlob: migrationsGlob, alertName: alert.name, mode: .simulation, scenario: name, region: region,
                       metrics: metrics)
    }

    /// What 3c watches, as a live config would default it for this alert: the p99, and the 5xx ratio
    /// (first) when the alert pages on errors. nil for a p99 alone, as journals always said it.
    public var metrics: [MetricSpec]? {
        let metrics = MetricSpec.defaults(alerts: [alert.name], latencyQuery: MetricSpec.query(MetricSpec.p99QueryTemplate, service: deployment),
                                          latencyThreshold: 0.5, service: deployment)
        return metrics.count > 1 ? metrics : nil
    }
}
