import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// Which cluster on screen (issue 18): the status line names the argocd and kubectl contexts of a live
/// incident on every screen, and 3a's gate warns when the app deploys elsewhere.
@Suite struct ClusterLineTests {
    static func config() -> IncidentConfig {
        var config = Incident.config
        config.mode = .live
        config.clusters = ClusterContexts(argocdContext: "prod-argocd", argocdServer: "argocd.example.com",
                                          kubeContext: "prod-us-east", kubeCluster: "prod-us-east", kubeServer: "https://prod-us-east.k8s.example.com")
        return config
    }

    static func atDisableAutoSync(destination: AppDestination) -> Incident {
        var incident = Incident.atDisableAutoSync(config: config())
        var app = Incident.application()
        app.destination = destination
        incident.send(.appRead(.ok(app)))
        return incident
    }

    @Test(arguments: [(80, "  kubectl prod-us-east"), (100, "argocd prod-argocd  kubectl prod-us-east"),
                      (200, "argocd prod-argocd (argocd.example.com)  kubectl prod-us-east")])
    func theStatusLineNamesTheContextsAsFarAsThereIsRoom(width: Int, text: String) {
        let frame = render(Self.atDisableAutoSync(destination: AppDestination(server: "https://prod-us-east.k8s.example.com")).console(),
                           size: Size(width: width, height: 40), glyphs: .unicode)
        let status = frame.lines.last ?? ""
        #expect(status.contains(text), "\(status)")
        #expect(status.contains("? help"), "the help hint stays: \(status)")
    }

    @Test func aDemoHasNoContextsOnItsStatusLine() {
        let frame = render(Incident.atDisableAutoSync().console(), size: Size(width: 200, height: 60), glyphs: .unicode)
        #expect(!(frame.lines.last ?? "").contains("kubectl"))
    }

    @Test func anotherClusterIsAWarningOnThreeAsGate() {
        let frame = render(Self.atDisableAutoSync(destination: AppDestination(server: "https://staging-eu.k8s.example.com")).console(),
                           size: Size(width: 200, height: 60), glyphs: .unicode)
        let row = frame.lines.firstIndex { $0.contains("▲ the app deploys to https://staging-eu.k8s.example.com, but kubectl's context prod-us-east") }
        #expect(row != nil, "\(frame.screen)")
        if let row { #expect((0..<frame.size.width).contains { frame[$0, row].style.role == .warn }) }
    }

    @Test func theSameClusterAddsNothingToTheGate() {
        let frame = render(Self.atDisableAutoSync(destination: AppDestination(server: "https://prod-us-east.k8s.example.com")).console(),
                           size: Size(width: 200, height: 60), glyphs: .unicode)
        #expect(!frame.screen.contains("the app deploys to"))
    }
}
