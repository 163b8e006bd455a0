import Foundation
import TestHarness
import Testing

/// Which cluster, live (issue 18): `--argocd-context` / `--kube-context` are named by every argocd and kubectl
/// command the real binary runs, and the status line says which Argo CD and which cluster it talks to.
@Suite(.serialized)
struct ClusterContextEndToEndTests {
    @Test func everyCommandCarriesThePinnedContextsAndTheStatusLineNamesThem() throws {
        let world = try LiveWorld()
        let tmux = try world.console(extra: ["--argocd-context", "prod-argocd", "--kube-context", "prod-us-east"])
        let first = try tmux.wait(timeout: 30) { $0.contains("kubectl prod-us-east") }
        #expect(first.contains("argocd prod-argocd (argocd-prod.example.com)  kubectl prod-us-east"), "\(first)")
        try world.confirmUntil(tmux, timeout: 90) { world.argocdLog().contains { $0.hasSuffix("app rollback \(LiveRunTests.app) 41") } }
        _ = try tmux.wait(timeout: 15) { $0.contains("rolled back to 41") }
        try world.quit(tmux)

        let argocd = world.argocdLog(), kubectl = world.kubectlLog()
        #expect(argocd.contains("--argocd-context prod-argocd app set \(LiveRunTests.app) --sync-policy none"), "\(argocd)")
        #expect(argocd.contains("--argocd-context prod-argocd app rollback \(LiveRunTests.app) 41"), "\(argocd)")
        #expect(argocd.contains { $0.hasPrefix("--argocd-context prod-argocd app diff ") }, "\(argocd)")
        #expect(argocd.contains { $0.hasPrefix("--argocd-context prod-argocd app wait ") }, "\(argocd)")
        #expect(!argocd.isEmpty && argocd.allSatisfy { $0.hasPrefix("--argocd-context prod-argocd ") }, "every argocd command: \(argocd)")
        #expect(kubectl.contains("--context prod-us-east -n bookstore get pods -l app=catalog -o json"), "\(kubectl)")
        #expect(!kubectl.isEmpty && kubectl.allSatisfy { $0.hasPrefix("--context prod-us-east ") }, "every kubectl command: \(kubectl)")
        // The journal and the audit speak of the command as it ran, context and all.
        let journal = try String(contentsOfFile: world.journal, encoding: .utf8)
        #expect(journal.contains(#""argocd","--argocd-context","prod-argocd","app","rollback""#))
    }

    @Test(arguments: [("--kube-context=-n", "--kube-context: '-n' starts with '-'"),
                      ("--argocd-context=--server=evil.example.com", "--argocd-context: '--server=evil.example.com' starts with '-'")])
    func aContextThatLooksLikeAFlagIsRefusedBeforeAnythingRuns(flag: String, message: String) throws {
        let world = try LiveWorld()
        let run = try Spawn.outcome([Binary.path, "run", "--app", LiveRunTests.app, "--journal", world.journal, flag] + world.liveFlags(),
                                    environment: world.environment)
        #expect(run.exitCode == 2, "\(run)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(world.argocdLog().isEmpty && world.kubectlLog().isEmpty, "no command ran")
        #expect(!FileManager.default.fileExists(atPath: world.journal), "nothing was journaled")
    }
}
