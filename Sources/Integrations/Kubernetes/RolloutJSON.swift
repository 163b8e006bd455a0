import Foundation
import RunbookEngine

/// `kind: Rollout` (argoproj.io/v1alpha1) as `kubectl get rollout NAME -o json` prints it, reduced to
/// the fields the Rollouts path reads; field names exactly as upstream's. Absent is not an error.
struct RolloutJSON: Decodable {
    struct Metadata: Decodable { var name: String?; var namespace: String?; var annotations: [String: String]? }
    struct Spec: Decodable { var strategy: Strategy?; var template: Template?; var paused: Bool? }
    struct Strategy: Decodable { var canary: Canary?; var blueGreen: BlueGreen? }
    struct Canary: Decodable { var steps: [Step]?; var analysis: Background? }
    struct Background: Decodable { var templates: [TemplateRef]? }
    struct TemplateRef: Decodable { var templateName: String? }
    struct BlueGreen: Decodable { var prePromotionAnalysis: Background?; var postPromotionAnalysis: Background? }
    struct Step: Decodable { var setWeight: Int?; var analysis: Background? }
    struct Template: Decodable { var spec: PodSpec? }
    struct PodSpec: Decodable { var containers: [Container]? }
    struct Container: Decodable { var image: String? }
    struct Status: Decodable {
        var abort: Bool?
        var abortedAt: String?
        var canary: CanaryStatus?
        var stableRS: String?
        var currentPodHash: String?
        var currentStepIndex: Int?
        var conditions: [Condition]?
        var pauseConditions: [PauseCondition]?
    }
    struct CanaryStatus: Decodable {
        var currentBackgroundAnalysisRunStatus: RunStatus?
        var currentStepAnalysisRunStatus: RunStatus?
    }
    struct RunStatus: Decodable { var name: String?; var status: String?; var message: String? }
    struct Condition: Decodable { var type: String?; var reason: String?; var message: String? }
    struct PauseCondition: Decodable { var reason: String? }

    var metadata: Metadata?
    var spec: Spec?
    var status: Status?

    func rollout(fallbackName: String, namespace: String) -> Rollout {
        let canary = spec?.strategy?.canary
        let steps = canary?.steps ?? []
        let run = status?.canary?.currentStepAnalysisRunStatus ?? status?.canary?.currentBackgroundAnalysisRunStatus
        let progressing = status?.conditions?.first { $0.type == "Progressing" }
        let blueGreen = spec?.strategy?.blueGreen
        let hasAnalysis = canary?.analysis?.templates?.isEmpty == false || steps.contains { $0.analysis != nil }
            || blueGreen?.prePromotionAnalysis != nil || blueGreen?.postPromotionAnalysis != nil
        return Rollout(
            name: metadata?.name ?? fallbackName, namespace: metadata?.namespace ?? namespace,
            strategy: blueGreen != nil && canary == nil ? .blueGreen : .canary,
            stepWeights: steps.map(\.setWeight), currentStepIndex: status?.currentStepIndex,
            stableHash: status?.stableRS, currentHash: status?.currentPodHash,
            aborted: status?.abort ?? false, abortedAt: status?.abortedAt.flatMap(ApplicationJSON.date),
            paused: spec?.paused == true || status?.pauseConditions?.isEmpty == false,
            progressingReason: progressing?.reason, progressingMessage: progressing?.message,
            analysis: run.flatMap { run in
                run.name.map { Rollout.Analysis(name: $0, phase: run.status ?? "Unknown", message: run.message ?? "") }
            },
            hasAnalysis: hasAnalysis,
            revision: metadata?.annotations?["rollout.argoproj.io/revision"].flatMap { Int($0) },
            images: spec?.template?.spec?.containers?.compactMap(\.image) ?? [])
    }
}

/// `kind: AnalysisRun`: its phase, message, the hash it judges and each metric's condition and last value.
struct AnalysisRunJSON: Decodable {
    struct Metadata: Decodable { var name: String?; var labels: [String: String]? }
    struct Spec: Decodable { var metrics: [Metric]? }
    struct Metric: Decodable { var name: String; var successCondition: String? }
    struct Status: Decodable { var phase: String?; var message: String?; var metricResults: [MetricResult]? }
    struct MetricResult: Decodable { var name: String; var phase: String?; var measurements: [Measurement]? }
    struct Measurement: Decodable { var value: String? }

    var metadata: Metadata?
    var spec: Spec?
    var status: Status?

    func analysis(over reported: Rollout.Analysis) -> Rollout.Analysis {
        let results = status?.metricResults ?? []
        let metrics = (spec?.metrics ?? []).map { metric in
            let result = results.first { $0.name == metric.name }
            return Rollout.Analysis.Metric(name: metric.name, successCondition: metric.successCondition,
                                           phase: result?.phase, lastValue: result?.measurements?.last?.value ?? nil)
        }
        return Rollout.Analysis(name: reported.name, phase: status?.phase ?? reported.phase,
                                message: status?.message ?? reported.message,
                                podHash: metadata?.labels?["rollouts-pod-template-hash"], metrics: metrics)
    }
}
