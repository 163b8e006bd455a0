import Foundation
import RunbookEngine

/// Reads which contexts argocd and kubectl use, read-only, before a live incident starts:
/// `argocd [--argocd-context NAME] context` (its table: `*` marks the current one) and
/// `kubectl [--context NAME] config view --minify -o json` (that context, its cluster and server).
/// What cannot be read stays nil: the status line says "?" and 3a's cluster check says it cannot compare.
public enum ContextReader {
    public static func read(argocd: String, kubectl: String, argocdContext: String?, kubeContext: String?,
                            runner: any CommandRunner, timeout: Duration) async -> ClusterContexts {
        var contexts = ClusterContexts(argocdContext: argocdContext, kubeContext: kubeContext)
        let argocdArgv = [argocd] + (argocdContext.map { ["--argocd-context", $0] } ?? []) + ["context"]
        let listed = await runner.run(argocdArgv, timeout: timeout, workingDirectory: nil)
        if listed.succeeded, let (name, server) = argocdTable(listed.stdout, pinned: argocdContext) {
            contexts.argocdContext = name
            contexts.argocdServer = server
        }
        let kubectlArgv = [kubectl] + (kubeContext.map { ["--context", $0] } ?? []) + ["config", "view", "--minify", "-o", "json"]
        let viewed = await runner.run(kubectlArgv, timeout: timeout, workingDirectory: nil)
        if viewed.succeeded, let view = try? JSONDecoder().decode(KubeConfigView.self, from: Data(viewed.stdout.utf8)) {
            let context = view.contexts?.first { $0.name == (kubeContext ?? view.currentContext) } ?? view.contexts?.first
            contexts.kubeContext = context?.name ?? kubeContext ?? view.currentContext
            let cluster = view.clusters?.first { $0.name == context?.context?.cluster } ?? view.clusters?.first
            contexts.kubeCluster = cluster?.name
            contexts.kubeServer = cluster?.cluster?.server
        }
        return contexts
    }

    /// The pinned context's row of `argocd context`, or the current one (`*`): its name and server.
    static func argocdTable(_ text: String, pinned: String?) -> (String, String?)? {
        for line in text.split(whereSeparator: \.isNewline) {
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !fields.isEmpty, fields.first != "CURRENT" else { continue }
            let current = fields.first == "*"
            if current { fields.removeFirst() }
            guard let name = fields.first else { continue }
            if let pinned { if name == pinned { return (name, fields.dropFirst().first) } } else if current {
                return (name, fields.dropFirst().first)
            }
        }
        return nil
    }

    /// `kubectl config view --minify -o json`, reduced to names and the server.
    struct KubeConfigView: Decodable {
        struct Context: Decodable { struct Body: Decodable { var cluster: String? }; var name: String; var context: Body? }
        struct Cluster: Decodable { struct Body: Decodable { var server: String? }; var name: String; var cluster: Body? }
        var currentContext: String?
        var contexts: [Context]?
        var clusters: [Cluster]?
        enum CodingKeys: String, CodingKey { case currentContext = "current-context", contexts, clusters }
    }
}
