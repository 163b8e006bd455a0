import Foundation
import TestHarness
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `incident-console run` in a real terminal against argocd and kubectl stand-ins, a real git config repo
/// and a real Prometheus (or an unreachable one): every gate confirmed with y, checked from the stand-ins' own log.
@Suite(.serialized)
struct LiveRunTests {
    static let app = "bookstore-catalog-us-east"

    @Test func runConfirmsEachGateAndDisablesAutoSyncBeforeTheRollback() throws {
        let world = try LiveWorld()
        let tmux = try world.console()
        try world.confirmUntil(tmux, timeout: 90) { world.argocdLog().contains { $0.hasPrefix("app rollback") } }
        // The read after the rollback shows it done; give the app wait and that read a moment.
        let screen = try tmux.wait(timeout: 15) { $0.contains("rolled back to 41") }

        let log = world.argocdLog()
        let disable = log.firstIndex(of: "app set \(Self.app) --sync-policy none")
        let rollback = log.firstIndex(of: "app rollback \(Self.app) 41")
        #expect(disable != nil && rollback != nil, "both gate commands ran: \(log)")
        #expect((disable ?? .max) < (rollback ?? .min), "auto-sync was disabled before the rollback: \(log)")
        #expect(log.contains("app wait \(Self.app) --health --operation --timeout 120"), "app wait follows the rollback: \(log)")
        #expect(!log.contains { $0.contains("--sync ") || $0.hasSuffix("--sync") }, "never app wait --sync")
        #expect(world.kubectlLog().contains("-n bookstore get pods -l app=catalog -o json"))
        #expect(screen.contains("rolled back to 41"), "the screen says the rollback is done\n\(screen)")
        // Prometheus is down: the latency pane says so instead of a chart.
        #expect(screen.contains("127.0.0.1:9"), "the latency pane names the unreachable Prometheus\n\(screen)")
        try world.quit(tmux)
    }

    /// The whole runbook, live: Step 1's evidence from the real ALERTS series, 3c passing on the real p99
    /// query once every pod is on the good digest, 3d waiting for the revert a teammate pushes, then 4 and 5.
    @Test func aLiveIncidentRunsToTheEndAgainstARealPrometheus() async throws {
        // Deployed 20 minutes ago; p99 fell back under 0.5 s six minutes ago (the chart shows the spike).
        let series = BookstoreSeries(deploy: 20, recovered: 6)
        try await PrometheusServer.with(series.openMetrics) { prometheus in
            let world = try LiveWorld(deployedAt: series.at(20))
            // The team's own postmortem template: Step 5 renders it instead of the built-in layout.
            let template = world.dir + "/postmortem-template.md"
            try "# Team postmortem: {{app}}\n\nEnded: {{ending}}. Due {{due}}.\n\n{{timeline}}\n".write(toFile: template, atomically: true, encoding: .utf8)
            let tmux = try world.console(prometheus: prometheus.url.absoluteString,
                                         extra: ["--alert", BookstoreSeries.alert, "--sustain", "20", "--postmortem-template", template])
            // Step 1's evidence comes from Prometheus' ALERTS series: firing 8 minutes after deploy 42.
            let first = try tmux.wait(timeout: 30) { $0.contains("the alert fired 8 min after it") }
            #expect(first.contains(/deploy 42 landed 2[01] min ago; the alert fired 8 min after it/), "\(first)")
            #expect(first.contains("0.30 s"), "the latency pane shows the real p99 (0.3 s)\n\(first)")
            #expect(first.contains("Template  registry.example.com/catalog:1.4.2 (deployment catalog)"), "the Deployment's image, from kubectl\n\(first)")

            try world.confirmUntil(tmux, timeout: 90) { world.argocdLog().contains { $0.hasPrefix("app rollback") } }
            // 3c: the real query, below 0.5 s for the 20 s hold, with 3/3 pods on the good digest.
            let verified = try tmux.wait(timeout: 90) {
                ConsoleScreen.stepStates($0)["Verify"] == "awaiting y" && $0.contains("✓ held below 0.50 s")
            }
            #expect(ConsoleScreen.stepStates(verified)["Verify"] == "awaiting y", "3c passed on the real p99\n\(verified)")
            #expect(verified.contains("3/3 pods on a good digest; p99 0.30 s, ✓ held below 0.50 s"), "\(verified)")
            #expect(verified.contains("Template  registry.example.com/catalog:1.4.1"), "the Deployment was rolled back too\n\(verified)")
            #expect(world.kubectlLog().contains("-n bookstore get deployment catalog -o json"))
            // 3d waits for the revert; a teammate pushes it.
            _ = try tmux.wait(timeout: 20) { $0.contains("waiting for a revert") }
            try world.revertBadCommit()
            var screen = ""
            try world.confirmUntil(tmux, timeout: 120) {
                screen = (try? tmux.screen()) ?? ""
                return screen.contains("Runbook complete")
            }
            #expect(screen.contains("Runbook complete"), "the runbook ran to its end\n\(screen)")

            let log = world.argocdLog()
            let order = ["app set \(Self.app) --sync-policy none", "app rollback \(Self.app) 41",
                         "app set \(Self.app) --sync-policy automated --auto-prune --self-heal"].map { log.firstIndex(of: $0) }
            #expect(order.allSatisfy { $0 != nil } && order == order.sorted { ($0 ?? 0) < ($1 ?? 0) },
                    "disable, roll back, re-enable with prune and self-heal, in that order: \(log)")
            // The audit replays the journal through reduce: three commands, each confirmed, no violation.
            let audit = try Spawn.run([Binary.path, "audit", "--format", "json", world.journal])
            #expect(audit.contains(#""ok": true"#) && audit.components(separatedBy: #""confirmedBy": "#).count == 4, "\(audit)")
            let postmortem = try String(contentsOfFile: IncidentPaths.postmortem(world.journal), encoding: .utf8)
            #expect(postmortem.hasPrefix("# Team postmortem: \(Self.app)\n\nEnded: rolled back. Due "), "\(postmortem)")
            #expect(postmortem.contains("confirmed Step 3b Roll back"), "the timeline filled in\n\(postmortem)")
            try world.quit(tmux)
            // A live incident that finished Step 5 is the runbook exercised: its row is beside the journal.
            let exercises = try String(contentsOfFile: world.dir + "/exercises.jsonl", encoding: .utf8)
            #expect(exercises.contains(#""ending":"rolledBack""#) && exercises.contains(#""kind":"live""#), "\(exercises)")
        }
    }

    /// Two metrics live (issue 16): the 5xx alert paged, so 3c watches the real 5xx ratio first and the p99 too.
    /// After the rollback the p99 is back under its threshold but the errors are not (this Prometheus still
    /// has them at 8 %): 3c says so and waits, and its gate never opens.
    @Test func aLiveRunWatchesTwoMetricsFromARealPrometheusAndRequiresBoth() async throws {
        let series = BookstoreSeries(deploy: 20, recovered: 6, errorsStayUp: true)
        try await PrometheusServer.with(series.openMetrics) { prometheus in
            let world = try LiveWorld(deployedAt: series.at(20))
            let tmux = try world.console(prometheus: prometheus.url.absoluteString, extra: ["--alert", "BookstoreOrders5xxRate", "--sustain", "20"])
            let first = try tmux.wait(timeout: 30) { $0.contains("Metrics: 2, 3c requires all") && $0.contains("5xx ratio 8.00 %") && $0.contains("p99 0.30 s") }
            let rows = first.split(separator: "\n")
            let ratio = rows.firstIndex { $0.contains("5xx ratio 8.00 %  ✗ above 1.00 %") }, p99 = rows.firstIndex { $0.contains("p99 0.30 s  ✓ below 0.50 s") }
            #expect(ratio != nil && p99 != nil && ratio! < p99!, "the alert's metric on top, each against its own threshold\n\(first)")
            try world.confirmUntil(tmux, timeout: 90) { world.argocdLog().contains { $0.hasPrefix("app rollback") } }
            let waiting = try tmux.wait(timeout: 60) { $0.contains("p99 0.30 s, ✓ held below 0.50 s for 20 s") }
            #expect(waiting.contains("5xx ratio 8.00 %, above 1.00 %; needs 20 s below"), "\(waiting)")
            #expect(ConsoleScreen.stepStates(waiting)["Verify"] != "awaiting y", "3c requires both\n\(waiting)")
            let journal = try String(contentsOfFile: world.journal, encoding: .utf8)
            #expect(journal.contains(#""metricsRead""#) && journal.contains(#""name":"5xx ratio""#), "both are journaled")
            try world.quit(tmux)
        }
    }

    /// A team's template that cannot be read or is not Mustache is refused before the terminal is taken.
    @Test(arguments: [("missing", "cannot read"), ("{{#timeline}} never closed", "not valid Mustache")])
    func aBrokenPostmortemTemplateIsRefusedBeforeTheIncidentStarts(content: String, said: String) throws {
        let world = try LiveWorld()
        let template = world.dir + "/team-template.md"
        if content != "missing" { try content.write(toFile: template, atomically: true, encoding: .utf8) }
        let run = try Spawn.outcome([Binary.path, "run", "--app", Self.app, "--journal", world.journal] + world.liveFlags() + ["--postmortem-template", template],
                                    environment: world.environment)
        #expect(run.exitCode == 2, "\(run)")
        #expect(run.stderr.contains("postmortemTemplate: ") && run.stderr.contains(said), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: world.journal), "nothing was journaled")
    }

    /// An app-of-apps parent re-applies the child's spec right after Step 3a: the console notices on its
    /// next read, says so, and the rollback waits for 3a to be run again.
    @Test func autoSyncSwitchedBackOnBehindTheConsolesBackIsCaughtBeforeTheRollbackSticks() throws {
        let world = try LiveWorld()
        try world.parentReenablesAutoSyncOnce()
        let tmux = try world.console()
        let disable = "app set \(Self.app) --sync-policy none"
        try world.confirmUntil(tmux, timeout: 60) { world.argocdLog().contains(disable) }
        // No more y: the next poll (10 s) reads the spec the parent put back.
        let caught = try tmux.wait(timeout: 30) { $0.contains("Auto-sync came back on after Step 3a") }
        #expect(caught.contains("Auto-sync came back on after Step 3a"), "the Output pane says so\n\(caught)")
        #expect(ConsoleScreen.stepStates(caught)["Disable auto-sync"] == "failed", "3a is open again\n\(caught)")
        try world.confirmUntil(tmux, timeout: 60) { world.argocdLog().contains("app rollback \(Self.app) 41") }
        let done = try tmux.wait(timeout: 15) { $0.contains("rolled back to 41") }
        let log = world.argocdLog()
        let disables = log.indices.filter { log[$0] == disable }
        let rollbacks = log.indices.filter { log[$0].hasPrefix("app rollback") }
        #expect(disables.count == 2, "3a ran again after the parent re-enabled auto-sync: \(log)")
        // A y that came before the next read may have been refused by the server (auto-sync on); that is
        // shown verbatim. What must hold: the rollback that ran came after the second disable.
        #expect(rollbacks.last.map { $0 > (disables.last ?? .max) } == true, "\(log)")
        #expect(done.contains("rolled back to 41"), "\(done)")
        try world.quit(tmux)
    }

    /// The driver's laptop dies right after the rollback; `resume` (with the same live flags) re-checks
    /// against the stand-ins and goes on: nothing is run twice.
    @Test func aLiveIncidentResumesAfterKillNineWithoutRunningTheRollbackAgain() throws {
        let world = try LiveWorld()
        let tmux = try world.console()
        try world.confirmUntil(tmux, timeout: 90) { world.argocdLog().contains { $0.hasPrefix("app rollback") } }
        let pid = try tmux.panePID()
        #expect(pid > 0 && kill(pid, SIGKILL) == 0, "the driver was killed")
        _ = try tmux.wait(timeout: 3) { _ in (try? tmux.paneDead()) ?? false }
        try tmux.reapDeadPane()

        try tmux.respawn([Binary.path, "resume", world.journal] + world.liveFlags(), environment: world.environment)
        let resumed = try tmux.wait(timeout: 30) { ConsoleScreen.stepStates($0)["Roll back"] == "done" }
        #expect(ConsoleScreen.stepStates(resumed)["Roll back"] == "done", "3b is done after resume\n\(resumed)")
        #expect(resumed.contains(Self.app), "\(resumed)")
        #expect(world.argocdLog().filter { $0.hasPrefix("app rollback") }.count == 1, "the rollback ran once: \(world.argocdLog())")
        let journal = (try? String(contentsOfFile: world.journal, encoding: .utf8)) ?? ""
        #expect(journal.contains("\"resumed\""), "the journal records the resume")
        try world.quit(tmux)
    }

    /// A y before any gate is open gets "Nothing to confirm yet."; once the evidence opens Pre-flight's
    /// gate that answer is stale and leaves the status line.
    @Test func aKeysAnswerAboutTheGateLeavesWhenAGateOpens() throws {
        let world = try LiveWorld(slow: ["app get"])
        let tmux = try world.console()
        _ = try tmux.wait(timeout: 20) { $0.contains("reading argocd app get") }
        try tmux.send("y")
        let early = try tmux.wait(timeout: 5) { $0.contains("Nothing to confirm yet.") }
        #expect(early.split(separator: "\n").last?.contains("Nothing to confirm yet.") == true, "\(early)")
        let open = try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        let status = open.split(separator: "\n").last { $0.contains("? help") } ?? ""
        #expect(ConsoleScreen.stepStates(open)["Pre-flight"] == "awaiting y", "\(open)")
        #expect(!status.contains("Nothing to confirm yet."), "the stale answer is gone: \(status)")
        try world.quit(tmux)
    }

    /// Nothing fires by accident: a double-tapped y confirms Step 2 and lands on 3a's gate in the same
    /// instant — that second y must not run `argocd app set … none`, a command nobody has seen yet.
    @Test func aDoubleTappedYNeverRunsTheCommandItsGateJustShowed() throws {
        let world = try LiveWorld()
        let tmux = try world.console()
        var screen = ""
        try world.confirmUntil(tmux, timeout: 60) {
            screen = (try? tmux.screen()) ?? ""
            return ConsoleScreen.stepStates(screen)["Diagnose"] == "awaiting y"
        }
        #expect(ConsoleScreen.stepStates(screen)["Diagnose"] == "awaiting y", "\(screen)")
        Thread.sleep(forTimeInterval: 1)
        try tmux.send("y", "y")  // one write: both keys in the same read
        let after = try tmux.wait(timeout: 5) { ConsoleScreen.stepStates($0)["Disable auto-sync"] == "awaiting y" }
        Thread.sleep(forTimeInterval: 1)
        let disable = "app set \(Self.app) --sync-policy none"
        #expect(!world.argocdLog().contains(disable), "the second y ran nothing: \(world.argocdLog())")
        #expect(ConsoleScreen.stepStates(after)["Disable auto-sync"] == "awaiting y", "3a still waits\n\(after)")
        #expect(try tmux.screen().contains("Read the command first"), "the console says why nothing ran")
        // A deliberate y, once the command has been on screen, runs it.
        try tmux.send("y")
        _ = try tmux.wait(timeout: 10) { _ in world.argocdLog().contains(disable) }
        #expect(world.argocdLog().contains(disable))
        try world.quit(tmux)
    }

    /// `run` with no --app and two apps in the config file asks which, before the screen starts.
    @Test func runWithoutAppOffersAPickerOfTheConfiguredApps() throws {
        let world = try LiveWorld()
        try FileManager.default.createDirectory(atPath: world.dir + "/incident-console", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let config = """
            apps:
              - name: bookstore-orders-eu-west
                namespace: orders
              - name: \(Self.app)
                namespace: bookstore
                deployment: catalog
                selector: app=catalog
                configRepo: \(world.repo)
                migrations: "migrations/*.sql"
                prometheus: http://127.0.0.1:9
            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: world.dir + "/incident-console/config.yaml"))
        let tmux = try Tmux(command: [Binary.path, "run", "--journal", world.journal], width: 200, height: 50,
                            environment: world.environment)
        let asked = try tmux.wait(timeout: 10) { $0.contains("Number (1-2), or q to quit:") }
        #expect(asked.contains("Which app?") && asked.contains("1) bookstore-orders-eu-west") && asked.contains("2) \(Self.app)"), "\(asked)")
        try tmux.send("7", "Enter")  // not a choice: asked again
        _ = try tmux.wait(timeout: 5) { $0.components(separatedBy: "Number (1-2)").count > 2 }
        try tmux.send("2", "Enter")
        let opened = try tmux.wait(timeout: 20) { $0.contains("Pre-flight") && $0.contains("Application") }
        #expect(opened.contains(Self.app) && opened.contains("Pre-flight"), "the console opened on the chosen app\n\(opened)")
        // After `argocd context`, the read-only look at which Argo CD the status line names.
        #expect(world.argocdLog().first { $0 != "context" } == "app get \(Self.app) -o json", "\(world.argocdLog())")
        try world.quit(tmux)
    }

    @Test func dryRunExecutesNothingMutatingAndSaysSo() throws {
        let world = try LiveWorld()
        let tmux = try world.console(extra: ["--dry-run"])
        // Said before anything can be confirmed, and at the first mutating gate.
        let opening = try tmux.wait(timeout: 20) { $0.contains("Pre-flight") && $0.contains("DRY RUN") }
        #expect(opening.contains("DRY RUN"), "the first screen says dry run\n\(opening)")
        var screen = ""
        try world.confirmUntil(tmux, timeout: 60) {
            screen = (try? tmux.screen()) ?? ""
            return screen.contains("dry run")
        }
        // A few more presses: a retry of the gate must not run it either.
        for _ in 0..<3 { try tmux.send("y"); Thread.sleep(forTimeInterval: 0.8) }
        screen = try tmux.screen()
        let log = world.argocdLog()
        #expect(screen.contains("dry run"), "the screen says the command was not executed\n\(screen)")
        // Reads still run: the contexts, the app, 3b's diff (what the rollback would change is worth seeing in a dry run too),
        // and Pre-flight's questions to Argo CD (may this account sync, do the windows allow it).
        #expect(!log.isEmpty && log.allSatisfy { $0 == "context" || $0.hasPrefix("app get ") || $0.hasPrefix("app diff ")
                    || $0.hasPrefix("account can-i sync applications ") || $0.hasPrefix("proj windows list ") },
                "only reads ran under --dry-run: \(log)")
        let journal = (try? String(contentsOfFile: world.journal, encoding: .utf8)) ?? ""
        #expect(journal.contains("dry run — not executed"), "the journal records the command as not run")
        try world.quit(tmux)
    }

    /// Checked before the terminal is taken (issue 19): what is missing, and the flag that fixes it, on stderr.
    @Test func withoutArgocdOrKubectlOnPathRunSaysWhatIsMissingBeforeItStarts() throws {
        let world = try LiveWorld()
        let onlyGit = world.dir + "/only-git" // a PATH with git and neither CLI, whatever this machine has installed
        try FileManager.default.createDirectory(atPath: onlyGit, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: onlyGit + "/git", withDestinationPath: "/usr/bin/git")
        let run = try Spawn.outcome([Binary.path, "run", "--app", "x", "--prometheus", "http://127.0.0.1:9", "--config-repo", world.repo,
                                     "--journal", world.journal],
                                    environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8", "PATH": onlyGit,
                                                  "XDG_CONFIG_HOME": world.dir, "XDG_STATE_HOME": world.dir])
        #expect(run.exitCode == 2, "\(run)")
        #expect(run.stderr.contains("argocd not found on PATH — install the Argo CD CLI or pass --argocd PATH"), "\(run.stderr)")
        #expect(run.stderr.contains("kubectl not found on PATH — install kubectl or pass --kubectl PATH"), "\(run.stderr)")
        #expect(!run.stderr.contains("git not found") && !run.stderr.contains("config repo"), "git and the repo are there: \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: world.journal), "nothing was journaled")

        let noRepo = try Spawn.outcome([Binary.path, "run", "--app", "x", "--config-repo", world.dir + "/no-such-repo",
                                        "--argocd", "/nonexistent/argocd", "--journal", world.journal],
                                       environment: ["XDG_CONFIG_HOME": world.dir, "XDG_STATE_HOME": world.dir])
        #expect(noRepo.exitCode == 2)
        #expect(noRepo.stderr.contains("/nonexistent/argocd (--argocd) is not an executable file"), "\(noRepo.stderr)")
        #expect(noRepo.stderr.contains("the config repo \(world.dir)/no-such-repo is not a directory — pass --config-repo PATH"), "\(noRepo.stderr)")
    }
}
