import Foundation

/// Which Argo CD and which Kubernetes cluster a live incident talks to, as read before it started: the
/// pinned contexts (`--argocd-context`, `--kube-context`) or the current ones. The status line shows them;
/// 3a's gate warns when the Application deploys to another cluster than kubectl's.
public struct ClusterContexts: Sendable, Equatable, Codable {
    /// The argocd CLI's context (`argocd context`), and the server it names.
    public var argocdContext: String?
    public var argocdServer: String?
    /// kubectl's context, its cluster's name and its API server (`kubectl config view --minify -o json`).
    public var kubeContext: String?
    public var kubeCluster: String?
    public var kubeServer: String?

    public init(argocdContext: String? = nil, argocdServer: String? = nil, kubeContext: String? = nil,
                kubeCluster: String? = nil, kubeServer: String? = nil) {
        self.argocdContext = argocdContext; self.argocdServer = argocdServer
        self.kubeContext = kubeContext; self.kubeCluster = kubeCluster; self.kubeServer = kubeServer
    }

    /// Argo CD's name for the cluster it runs in: its pods, not kubectl's API server URL.
    static let inCluster = "https://kubernetes.default.svc"

    /// Why the Application's destination is not (or cannot be shown to be) kubectl's cluster; nil when it is.
    /// `warn` is false when it cannot be compared (Argo CD's own cluster, or a context that was not read).
    public func destinationProblem(_ destination: AppDestination) -> (text: String, warn: Bool)? {
        let kube = "kubectl's context \(kubeContext ?? "?")"
        if let server = destination.server.flatMap(Self.normalised), !server.isEmpty {
            if server == Self.inCluster || server.hasPrefix(Self.inCluster + ":") {
                return ("the app deploys to \(server), the cluster Argo CD runs in: check that \(kube) is that cluster", false)
            }
            guard let kubeServer = kubeServer.flatMap(Self.normalised) else {
                return ("the app deploys to \(server); \(kube)'s cluster was not read, so they cannot be compared", false)
            }
            return server == kubeServer ? nil
                : ("the app deploys to \(server), but \(kube) is \(kubeServer): kubectl reads another cluster (pass --kube-context)", true)
        }
        if let name = destination.name, !name.isEmpty {
            if name == "in-cluster" {
                return ("the app deploys to in-cluster, the cluster Argo CD runs in: check that \(kube) is that cluster", false)
            }
            guard kubeContext != nil || kubeCluster != nil else {
                return ("the app deploys to cluster \(name); kubectl's context was not read, so they cannot be compared", false)
            }
            // `argocd cluster add CONTEXT` names the cluster after the kube context by default.
            return name == kubeContext || name == kubeCluster ? nil
                : ("the app deploys to cluster \(name), but \(kube) (cluster \(kubeCluster ?? "?")) is another: kubectl reads another cluster (pass --kube-context)", true)
        }
        return nil
    }

    /// `HTTPS://Host:443/` and `https://host:443` are one server.
    static func normalised(_ server: String) -> String? {
        var text = server.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// `spec.destination`: the cluster (by API server URL or by Argo CD's name for it) the app deploys to.
public struct AppDestination: Sendable, Equatable, Codable {
    public var server: String?
    public var name: String?
    public init(server: String? = nil, name: String? = nil) { self.server = server; self.name = name }
}
