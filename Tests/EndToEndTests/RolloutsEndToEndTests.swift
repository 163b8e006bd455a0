import Foundation
import TestHarness
import Testing

/// Issue 14, live: `run` against argocd and kubectl stand-ins whose Application lists an Argo Rollout,
/// every command checked from the stand-ins' own argv log.
@Suite(.serialized)
struct RolloutsEndToEndTests {
    static let app = LiveRunTests.app

    /// A canary in flight: y until the abort ran, then more y — one abort, after one confirmation, never a rollback.
    @Test func theAbortPathRunsExactlyOneAbortAndNeverArgoCDsRollback() throws {
        let world = try LiveWorld(rollout: .canaryInFlight)
        let tmux = try world.console()
        try world.confirmUntil(tmux, timeout: 90) { world.argocdLog().contains { $0.hasPrefix("app actions run") } }
        let screen = try tmux.wait(timeout: 20) { $0.contains("Aborted is not finished") }
        // Keep pressing y: nothing else may run (3c waits for p99, which this run cannot read).
        _ = try tmux.pressY(timeout: 6) { _ in false }
        let log = world.argocdLog()
        let aborts = log.filter { $0.hasPrefix("app actions run") }
        #expect(aborts == ["app actions run \(Self.app) abort --kind Rollout --resource-name catalog --namespace bookstore"], "\(log)")
        #expect(!log.contains { $0.hasPrefix("app rollback") || $0.hasPrefix("app set") }, "no rollback, auto-sync left alone: \(log)")
        #expect(world.kubectlLog().contains("-n bookstore get rollout catalog -o json"))
        let journal = (try? String(contentsOfFile: world.journal, encoding: .utf8)) ?? ""
        let confirmations = journal.split(separator: "\n").filter { $0.contains(#""confirmed""#) && $0.contains(#""step":"abortRollout""#) }
        #expect(confirmations.count == 1, "one confirmation of the abort in the journal")
        #expect(screen.contains("Abort the canary"), "the Runbook pane lists the Rollouts path's abort")
        try world.quit(tmux)
    }

    /// `--rollouts-abort kubectl`: the gate shows the plugin's abort as it runs, and it runs exactly that, once, after one y.
    @Test func theKubectlPluginAbortRunsExactlyItsArgvAfterOneConfirmation() throws {
        let world = try LiveWorld(rollout: .canaryInFlight)
        let tmux = try world.console(extra: ["--rollouts-abort", "kubectl"])
        let abort = "argo rollouts abort catalog -n bookstore"
        _ = try tmux.wait(timeout: 20) { $0.contains(LiveRunTests.app) && $0.contains("Pre-flight") }
        let gate = try tmux.pressY(timeout: 90) { $0.contains("kubectl " + abort) || world.kubectlLog().contains(abort) }
        #expect(gate.contains("kubectl " + abort) && !world.kubectlLog().contains(abort), "the gate showed the command before it ran:\n\(gate)")
        try world.confirmUntil(tmux, timeout: 30) { world.kubectlLog().contains(abort) }
        _ = try tmux.wait(timeout: 20) { $0.contains("Aborted is not finished") }
        _ = try tmux.pressY(timeout: 6) { _ in false }
        #expect(world.kubectlLog().filter { $0.hasPrefix("argo ") } == [abort], "\(world.kubectlLog())")
        let log = world.argocdLog()
        #expect(!log.contains { $0.hasPrefix("app actions") || $0.hasPrefix("app rollback") || $0.hasPrefix("app set") }, "\(log)")
        let journal = (try? String(contentsOfFile: world.journal, encoding: .utf8)) ?? ""
        let confirmations = journal.split(separator: "\n").filter { $0.contains(#""confirmed""#) && $0.contains(#""step":"abortRollout""#) }
        #expect(confirmations.count == 1, "one confirmation of the abort in the journal")
        #expect(confirmations.first?.contains(#"["kubectl","argo","rollouts","abort","catalog","-n","bookstore"]"#) == true,
                "the confirmation carries the argv the gate showed: \(confirmations)")
        try world.quit(tmux)
    }

    /// A promoted bad revision: the rollback runs only after 3a turned auto-sync off and a read confirmed it.
    @Test func thePromotedPathRollsBackOnlyAfterAutoSyncIsVerifiedOff() throws {
        let world = try LiveWorld(rollout: .promoted)
        let tmux = try world.console()
        try world.confirmUntil(tmux, timeout: 90) { world.argocdLog().contains { $0.hasPrefix("app rollback") } }
        let log = world.argocdLog()
        let disable = try #require(log.firstIndex(of: "app set \(Self.app) --sync-policy none"), "\(log)")
        let rollback = try #require(log.firstIndex { $0.hasPrefix("app rollback") }, "\(log)")
        #expect(disable < rollback, "auto-sync was disabled before the rollback: \(log)")
        #expect(log[disable..<rollback].contains { $0.hasPrefix("app get \(Self.app)") }, "a read after 3a verified it off: \(log)")
        #expect(!log[..<rollback].contains { $0.hasPrefix("app actions run") }, "no abort or promote before the rollback: \(log)")
        #expect(!log.contains { $0.contains(" abort ") }, "a promoted Rollout is not aborted: \(log)")
        try world.quit(tmux)
    }
}
