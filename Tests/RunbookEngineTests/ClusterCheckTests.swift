import Foundation
import RunbookEngine
import Testing

/// Which cluster (issue 18): 3a's gate warns when the Application deploys to another cluster than kubectl's,
/// and a pinned argocd context is part of every gate's command.
@Suite struct ClusterCheckTests {
    static func config(argocdContext: String? = nil, clusters: ClusterContexts?) -> IncidentConfig {
        var config = Incident.config
        config.argocdContext = argocdContext
        config.clusters = clusters
        return config
    }

    static let prod = ClusterContexts(argocdContext: "argocd.example.com", argocdServer: "argocd.example.com",
                                      kubeContext: "prod-us-east", kubeCluster: "prod-us-east-cluster", kubeServer: "https://prod-us-east.k8s.example.com/")

    static func walk(destination: AppDestination?, clusters: ClusterContexts? = prod) -> Walk {
        var world = World()
        world.app.destination = destination
        return Walk.at(.disableAutoSync, world, config: config(clusters: clusters))
    }

    @Test(arguments: [
        (AppDestination(server: "https://staging-eu.k8s.example.com"), true, "the app deploys to https://staging-eu.k8s.example.com, but kubectl's context prod-us-east is https://prod-us-east.k8s.example.com"),
        (AppDestination(name: "staging-eu"), true, "the app deploys to cluster staging-eu, but kubectl's context prod-us-east (cluster prod-us-east-cluster) is another"),
        (AppDestination(server: "https://kubernetes.default.svc"), false, "the cluster Argo CD runs in"),
        (AppDestination(name: "in-cluster"), false, "the cluster Argo CD runs in"),
    ])
    func anotherClusterIsSaidAtThreA(destination: AppDestination, warn: Bool, text: String) throws {
        let walk = Self.walk(destination: destination)
        #expect(walk.state.gateStep == .disableAutoSync)
        let warning = try #require(walk.state.clusterWarning)
        #expect(warning.warn == warn)
        #expect(warning.text.contains(text), "\(warning.text)")
    }

    @Test(arguments: [AppDestination(server: "HTTPS://prod-us-east.k8s.example.com"), AppDestination(name: "prod-us-east"),
                      AppDestination(name: "prod-us-east-cluster")])
    func theSameClusterSaysNothing(destination: AppDestination) {
        #expect(Self.walk(destination: destination).state.clusterWarning == nil)
    }

    @Test func withoutTheKubectlServerTheyCannotBeComparedAndSaySo() throws {
        let unread = ClusterContexts(argocdContext: "argocd.example.com")
        let warning = try #require(Self.walk(destination: AppDestination(server: "https://staging-eu.k8s.example.com"), clusters: unread).state.clusterWarning)
        #expect(!warning.warn && warning.text.contains("cannot be compared"))
        #expect(Self.walk(destination: AppDestination(server: "https://x"), clusters: nil).state.clusterWarning == nil, "no live contexts (a demo): nothing said")
    }

    @Test func aPinnedArgocdContextIsInEveryGatesCommand() {
        let walk = Walk.at(.disableAutoSync, config: Self.config(argocdContext: "prod-argocd", clusters: Self.prod))
        #expect(walk.state.gateCommand(for: .disableAutoSync)?.argv == ["argocd", "--argocd-context", "prod-argocd", "app", "set", Incident.app, "--sync-policy", "none"])
        #expect(walk.state.gateCommand(for: .rollback)?.argv == ["argocd", "--argocd-context", "prod-argocd", "app", "rollback", Incident.app, "41"])
        #expect(Walk.at(.disableAutoSync).state.gateCommand(for: .disableAutoSync)?.argv.contains("--argocd-context") == false)
    }

    @Test func theContextsAreJournaledWithTheIncidentAndReadBackExactly() throws {
        let config = Self.config(argocdContext: "prod-argocd", clusters: Self.prod)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(config)
        #expect(try JSONDecoder().decode(IncidentConfig.self, from: data) == config)
        let plain = String(decoding: try encoder.encode(Incident.config), as: UTF8.self)
        #expect(!plain.contains("clusters") && !plain.contains("Context"), "an unpinned, simulated incident's line is as it was: \(plain)")
    }
}
