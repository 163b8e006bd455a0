import Foundation
import RunbookEngine

/// What the pods really run, through `kubectl -n NS get pods -l SELECTOR -o json`, and what the
/// Deployment takes them to (`kubectl -n NS get deployment NAME -o json`), with the engineer's own kubeconfig (KUBECONFIG and the current context are left alone).
public struct KubectlCluster: ClusterPort {
    public let executable: String
    public let runner: any CommandRunner
    public let timeout: Duration
    /// `run --dry-run`: the Rollouts plugin's abort is journaled as not run, as argocd's gates are.
    public let dryRun: Bool
    /// The pinned context every command names (`kubectl --context NAME …`); nil: kubectl's current one.
    public let context: String?

    public init(executable: String = "kubectl", runner: any CommandRunner = ProcessRunner(), timeout: Duration = .seconds(30),
                dryRun: Bool = false, context: String? = nil) {
        self.executable = executable; self.runner = runner; self.timeout = timeout; self.dryRun = dryRun
        self.context = context
    }

    /// The one kubectl gate: `kubectl [--context NAME] argo rollouts abort NAME -n NS` (the `rolloutsAbort:
    /// kubectl` key), run as shown; with a pinned context, a command that does not name it never runs.
    public func run(_ command: GateCommand) async -> CommandResult {
        let argv = command.argv
        let pinned = context.map { ["--context", $0] } ?? []
        let tail = Array(argv.dropFirst(1 + pinned.count))
        guard argv.first == "kubectl", Array(argv.dropFirst().prefix(pinned.count)) == pinned,
              tail.count == 6, tail[0...2] == ["argo", "rollouts", "abort"], tail[4] == "-n",
              KubernetesName.subdomainProblem(tail[3]) == nil, KubernetesName.labelProblem(tail[5]) == nil else {
            return CommandResult(argv: argv, exitCode: nil, stdout: "", stderr: "",
                                 launchError: "not a kubectl argo rollouts abort command\(context.map { " on context \($0)" } ?? ""): \(command.commandLine)")
        }
        if dryRun {
            return CommandResult(argv: argv, exitCode: nil, stdout: "", stderr: "", launchError: "\(ArgoCDCLI.dryRunNote): \(command.commandLine)")
        }
        var result = await runner.run([executable] + argv.dropFirst(), timeout: timeout, workingDirectory: nil)
        // The journal and the audit speak of the command the gate showed.
        result.argv = argv
        return result
    }

    public func podImages(namespace: String, selector: String) async throws -> [PodImage] {
        if let problem = KubernetesName.labelProblem(namespace) { throw PortError(.failed, "namespace '\(namespace)' \(problem)") }
        guard !selector.isEmpty, !selector.hasPrefix("-") else { throw PortError(.failed, "'\(selector)' is not a label selector") }
        let list: PodList = try await get(["-n", namespace, "get", "pods", "-l", selector, "-o", "json"], what: "a pod list")
        let pods = list.items.flatMap(\.images)
        if pods.isEmpty { throw PortError(.empty, "no pods match \(selector) in namespace \(namespace)") }
        return pods
    }

    public func deploymentImages(namespace: String, name: String) async throws -> [String] {
        if let problem = KubernetesName.labelProblem(namespace) { throw PortError(.failed, "namespace '\(namespace)' \(problem)") }
        if let problem = KubernetesName.subdomainProblem(name) { throw PortError(.failed, "deployment '\(name)' \(problem)") }
        let deployment: Deployment = try await get(["-n", namespace, "get", "deployment", name, "-o", "json"], what: "a Deployment")
        let images = deployment.spec.template.spec.containers.compactMap(\.image)
        if images.isEmpty { throw PortError(.empty, "deployment \(name) in namespace \(namespace) names no container image") }
        return images
    }

    public func rollout(namespace: String, name: String) async throws -> Rollout {
        if let problem = KubernetesName.labelProblem(namespace) { throw PortError(.failed, "namespace '\(namespace)' \(problem)") }
        if let problem = KubernetesName.subdomainProblem(name) { throw PortError(.failed, "rollout '\(name)' \(problem)") }
        let json: RolloutJSON = try await get(["-n", namespace, "get", "rollout", name, "-o", "json"], what: "an Argo Rollout")
        guard json.metadata != nil || json.status != nil else {
            throw PortError(.malformed, "kubectl -n \(namespace) get rollout \(name) printed JSON without metadata or status: not a Rollout")
        }
        var rollout = json.rollout(fallbackName: name, namespace: namespace)
        // The run's metrics (successCondition, last value) say why analysis passed or failed; the Rollout alone does not.
        if let run = rollout.analysis, KubernetesName.subdomainProblem(run.name) == nil,
           let analysis: AnalysisRunJSON = try? await get(["-n", namespace, "get", "analysisrun", run.name, "-o", "json"], what: "an AnalysisRun") {
            rollout.analysis = analysis.analysis(over: run)
        }
        return rollout
    }

    /// Runs `kubectl ARGS` and decodes its JSON; every failure says which command and how.
    private func get<T: Decodable>(_ plain: [String], what: String) async throws -> T {
        let arguments = (context.map { ["--context", $0] } ?? []) + plain
        let command = (["kubectl"] + arguments).joined(separator: " ")
        let result = await runner.run([executable] + arguments, timeout: timeout, workingDirectory: nil)
        if let launchError = result.launchError { throw PortError(.missingBinary, launchError) }
        if result.timedOut { throw PortError(.timeout, "\(command) did not answer within its timeout and was killed") }
        guard result.succeeded else {
            let said = result.stderr.split(whereSeparator: \.isNewline).first.map(String.init)
                ?? "exit code \(result.exitCode.map(String.init) ?? "none")"
            throw PortError(.failed, "\(command) failed: \(said)")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(result.stdout.utf8)) } catch {
            let start = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).prefix(60)
            throw PortError(.malformed, "\(command) printed something that is not \(what): \(start.isEmpty ? "nothing" : String(start))")
        }
    }

    /// `kind: Deployment`, reduced to its pod template's container images.
    struct Deployment: Decodable {
        struct Spec: Decodable { var template: Template }
        struct Template: Decodable { var spec: PodSpec }
        struct PodSpec: Decodable { var containers: [Container] }
        struct Container: Decodable { var name: String; var image: String? }
        var spec: Spec
    }

    /// `kind: List` of pods, reduced to names, container images and readiness.
    struct PodList: Decodable {
        struct Pod: Decodable {
            struct Metadata: Decodable { var name: String; var labels: [String: String]? }
            struct Spec: Decodable { var containers: [Container]? }
            struct Container: Decodable { var name: String; var image: String? }
            struct Status: Decodable { var containerStatuses: [ContainerStatus]? }
            struct ContainerStatus: Decodable { var name: String; var image: String?; var imageID: String?; var ready: Bool? }
            var metadata: Metadata
            var spec: Spec?
            var status: Status?

            /// One entry per container; the image is `imageID` (the digest it really runs) when known.
            var images: [PodImage] {
                let statuses = status?.containerStatuses ?? []
                let containers = spec?.containers ?? []
                let names = containers.isEmpty ? statuses.map(\.name) : containers.map(\.name)
                return names.map { name in
                    let status = statuses.first { $0.name == name }
                    let spec = containers.first { $0.name == name }
                    let image = status?.imageID.flatMap { $0.isEmpty ? nil : $0 } ?? status?.image ?? spec?.image ?? "unknown"
                    let pod = names.count > 1 ? "\(metadata.name)/\(name)" : metadata.name
                    return PodImage(pod: pod, image: image, ready: status?.ready ?? false,
                                    hash: metadata.labels?["rollouts-pod-template-hash"])
                }
            }
        }
        var items: [Pod]
    }
}
