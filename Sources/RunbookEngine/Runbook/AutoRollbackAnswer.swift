/// Step 5's mandatory item "Why did Argo Rollouts NOT auto-rollback?", answered from the evidence the
/// console read: a value the postmortem (and anyone else) words, not a sentence to parse.
public enum AutoRollbackAnswer: Sendable, Equatable {
    /// The app runs a Deployment: nothing could roll it back on its own.
    case noRollout(deployment: String)
    /// A Rollout whose strategy names no analysis: nothing judged the canary.
    case noAnalysis(rollout: String)
    /// The analysis passed (or never failed): its conditions were too loose for this regression.
    case analysisPassed(rollout: String, metrics: [Rollout.Analysis.Metric])
    /// Argo Rollouts did abort, on its analysis, before the console did.
    case analysisAborted(rollout: String, message: String)
    /// The console could not tell (the workload or the Rollout was never read).
    case unknown(String)

    /// The answer, in a sentence.
    public var text: String {
        switch self {
        case .noRollout(let name):
            return "There is no Rollout: \(name) is a plain Deployment, so nothing could roll it back on its own."
        case .noAnalysis(let name):
            return "The Rollout \(name) has no analysis (no background analysis, no analysis step): nothing judged the canary."
        case .analysisPassed(let name, let metrics):
            let conditions = metrics.map { metric in
                "metric \(metric.name): successCondition \(metric.successCondition ?? "none")"
                    + (metric.lastValue.map { ", last value \($0)" } ?? "") + (metric.phase.map { ", \($0)" } ?? "")
            }
            return "The analysis of \(name) passed, so it was not strict enough for this regression"
                + (conditions.isEmpty ? "." : " (\(conditions.joined(separator: "; "))).")
        case .analysisAborted(let name, let message):
            return "It did: Argo Rollouts aborted \(name) on its analysis (\(message)); the revert in git still has to make it final."
        case .unknown(let why):
            return "Unknown: \(why)."
        }
    }

    /// The action item it calls for.
    public var actionItem: String {
        switch self {
        case .noRollout: "convert the Deployment to an Argo Rollout with an AnalysisTemplate on this metric"
        case .noAnalysis: "add an AnalysisTemplate (background or a step) on the metric that regressed"
        case .analysisPassed: "tighten the AnalysisTemplate's successCondition/failureLimit so this regression fails it"
        case .analysisAborted: "none for the analysis; make the revert the team's first move after an abort"
        case .unknown: "find out whether the app runs a Rollout and what its analysis checks"
        }
    }
}

extension RunbookState {
    /// Why Argo Rollouts did not roll the bad revision back on its own, from the workload, the Rollout and
    /// its AnalysisRun as last read.
    public var whyNoAutoRollback: AutoRollbackAnswer {
        switch workload {
        case .deployment(let name)?: return .noRollout(deployment: name)
        case nil: return .unknown(workloadProblem ?? "the Application's resources were not read")
        case .rollout(let name)?:
            guard let rollout = rollout.value else {
                return .unknown("the Rollout \(name) was not read\(rollout.error.map { " (\($0.message))" } ?? "")")
            }
            let consoleAborted = commands.contains { $0.runs(["argocd", "app", "actions", "run"]) && $0.argv.contains("abort") }
            if rollout.aborted, !consoleAborted {
                return .analysisAborted(rollout: name, message: rollout.analysis?.message ?? rollout.progressingMessage ?? "status.abort")
            }
            if !rollout.hasAnalysis { return .noAnalysis(rollout: name) }
            if let analysis = rollout.analysis, analysis.failed {
                return .analysisAborted(rollout: name, message: analysis.message)
            }
            return .analysisPassed(rollout: name, metrics: rollout.analysis?.metrics ?? [])
        }
    }
}
