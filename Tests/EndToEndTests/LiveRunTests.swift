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
            let tmux = try world.console(prometheus: prometheus.url.absoluteString,
                                         extra: ["--alert", BookstoreSeries.alert, "--sustain", "20"])
            // Step 1's evidence comes from Prometheus' ALERTS series: firing 8 minutes after deploy 42.
            let first = try tmux.wait(timeout: 30) { $0.contains("the alert fired 8 min after it") }
            #expect(first.contains(/deploy 42 landed 2[01] min ago; the alert fired 8 min after it/), "\(first)")
            #expect(first.contains("0.30 s"), "the latency pane shows the real p99 (0.3 s)\n\(first)")
            #expect(first.contains("Template  registry.example.com/catalog:1.4.2 (deployment catalog)"), "the Deployment's image, from kubectl\n\(first)")

            try world.confirmUntil(tmux, timeout: 90) { world.argocdLog().contains { $0.hasPrefix("app rollback") } }
            // 3c: the real query, below 0.5 s for the 20 s hold, with 3/3 pods on the good digest.
            let verified = try tmux.wait(timeout: 90) {
                ConsoleScreen.stepStates($0)["Verify"] == "awaiting y" && $0.contains("held below 0.50 s")
            }
            #expect(ConsoleScreen.stepStates(verified)["Verify"] == "awaiting y", "3c passed on the real p99\n\(verified)")
            #expect(verified.contains("3/3 pods on a good digest; p99 0.30 s, held below 0.50 s"), "\(verified)")
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
            try world.quit(tmux)
        }
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
        #expect(!log.isEmpty && log.allSatisfy { $0.hasPrefix("app get ") }, "only reads ran under --dry-run: \(log)")
        let journal = (try? String(contentsOfFile: world.journal, encoding: .utf8)) ?? ""
        #expect(journal.contains("dry run — not executed"), "the journal records the command as not run")
        try world.quit(tmux)
    }

    @Test func withoutArgocdOnPathRunOpensAndSaysWhatIsMissing() throws {
        let world = try LiveWorld()
        let tmux = try Tmux(command: [Binary.path, "run", "--app", "x", "--prometheus", "http://127.0.0.1:9",
                                      "--journal", world.journal],
                            width: 200, height: 50,
                            environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8", "PATH": "/nonexistent-bin:/bin",
                                          "XDG_CONFIG_HOME": world.dir, "XDG_STATE_HOME": world.dir])
        let screen = try tmux.wait(timeout: 20) { $0.contains("argocd not found on PATH") }
        #expect(screen.contains("argocd not found on PATH"), "the Application pane says argocd is missing\n\(screen)")
        #expect(try !tmux.paneDead(), "the console is still open")
        try world.quit(tmux)
    }
}

/// The stand-ins, the config repo and the journal of one live run, in a temp dir.
final class LiveWorld {
    let dir: String
    var bin: String { dir + "/bin" }
    var repo: String { dir + "/config-repo" }
    var journal: String { dir + "/journal.jsonl" }
    /// The bad release's commit.
    private(set) var badSHA = ""

    /// `deployedAt`: when history 42 (the bad deploy) landed; by default a fixed day in May.
    init(deployedAt: Date? = nil) throws {
        dir = NSTemporaryDirectory() + "ic-live-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        let (older, good, bad) = try makeRepo()
        try write("bin/argocd", Self.argocd, executable: true)
        try write("bin/kubectl", Self.kubectl, executable: true)
        let automated = #"{"automated":{"prune":true,"selfHeal":true}}"#
        let iso = ISO8601DateFormatter()
        let deployed = deployedAt.map { iso.string(from: $0) } ?? "2026-05-20T09:48:00Z"
        let goodAt = deployedAt.map { iso.string(from: $0.addingTimeInterval(-86400)) } ?? "2026-05-19T09:00:00Z"
        badSHA = bad
        let history = [(40, older, "2026-05-18T09:00:00Z"), (41, good, goodAt), (42, bad, deployed)]
        try write("bin/app.json", Self.app(policy: automated, history: history, phase: "Succeeded", revision: bad, sync: "Synced"))
        try write("bin/app-manual.json", Self.app(policy: "{}", history: history, phase: "Succeeded", revision: bad, sync: "Synced"))
        let after = history + [(43, good, "2026-05-20T10:05:00Z")]
        try write("bin/app-rolled-back.json", Self.app(policy: "{}", history: after, phase: "Succeeded", revision: good, sync: "OutOfSync"))
        try write("bin/app-reenabled.json", Self.app(policy: automated, history: after, phase: "Succeeded", revision: good, sync: "OutOfSync"))
        try write("bin/pods-bad.json", Self.pods(digest: String(repeating: "b", count: 64)))
        try write("bin/pods-good.json", Self.pods(digest: String(repeating: "a", count: 64)))
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func console(prometheus: String = "http://127.0.0.1:9", extra: [String] = []) throws -> Tmux {
        try Tmux(command: [Binary.path, "run", "--app", LiveRunTests.app, "--namespace", "bookstore", "--deployment", "catalog",
                           "--selector", "app=catalog", "--journal", journal] + liveFlags(prometheus: prometheus) + extra,
                 width: 200, height: 50, environment: environment)
    }

    /// What the journal does not keep (paths and URLs), so `resume` is given them again.
    func liveFlags(prometheus: String = "http://127.0.0.1:9") -> [String] {
        ["--config-repo", repo, "--migrations", "migrations/*.sql", "--prometheus", prometheus]
    }

    var environment: [String: String] {
        ["TERM": "tmux-256color", "LANG": "C.UTF-8", "PATH": "\(bin):/usr/bin:/bin", "XDG_CONFIG_HOME": dir, "XDG_STATE_HOME": dir]
    }

    /// The next `app get` after Step 3a still shows auto-sync off; right after it the parent app
    /// re-applies the spec, and every later read shows it on again (until 3a runs again).
    func parentReenablesAutoSyncOnce() throws { try write("bin/parent-reenables", "") }

    /// Presses y about every 0.8 s (a y within 0.6 s of a mutating gate appearing is ignored by design).
    func confirmUntil(_ tmux: Tmux, timeout: Double, _ done: () -> Bool) throws {
        _ = try tmux.wait(timeout: 20) { $0.contains(LiveRunTests.app) && $0.contains("Pre-flight") }
        let deadline = Date().addingTimeInterval(timeout)
        while !done(), Date() < deadline {
            try tmux.send("y")
            Thread.sleep(forTimeInterval: 0.8)
        }
    }

    func quit(_ tmux: Tmux) throws {
        try tmux.send("q")
        Thread.sleep(forTimeInterval: 0.5)
        try tmux.send("y")
        let deadline = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    }

    /// A teammate's revert of the bad release, on the tracked branch ("This reverts commit <sha>.").
    func revertBadCommit() throws {
        try git("revert", "--no-edit", badSHA)
    }

    func argocdLog() -> [String] { lines(bin + "/argocd.log") }
    func kubectlLog() -> [String] { lines(bin + "/kubectl.log") }

    private func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    private func write(_ name: String, _ text: String, executable: Bool = false) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir + "/" + name) }
    }

    /// A config repo with three releases; the bad one adds a safe migration. Returns the three SHAs.
    private func makeRepo() throws -> (String, String, String) {
        try FileManager.default.createDirectory(atPath: repo + "/migrations", withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        var shas: [String] = []
        let releases = [("values.yaml", "image: catalog:1.4.0\n", "release 1.4.0"),
                        ("values.yaml", "image: catalog:1.4.1\n", "release 1.4.1"),
                        ("migrations/002_add_note.sql", "ALTER TABLE books ADD COLUMN note text;\n", "release 1.4.2")]
        for (file, text, message) in releases {
            try Data(text.utf8).write(to: URL(fileURLWithPath: repo + "/" + file))
            if file.hasPrefix("migrations") {
                try Data("image: catalog:1.4.2\n".utf8).write(to: URL(fileURLWithPath: repo + "/values.yaml"))
            }
            try git("add", "-A")
            try git("commit", "-q", "-m", message)
            let sha = try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
            try git("tag", message.replacingOccurrences(of: "release ", with: "v"))
            shas.append(sha)
        }
        return (shas[0], shas[1], shas[2])
    }

    @discardableResult
    private func git(_ arguments: String...) throws -> String {
        try Spawn.run(["/usr/bin/git", "-C", repo] + arguments, environment: [
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com",
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": dir])
    }

    static func app(policy: String, history: [(Int, String, String)], phase: String, revision: String, sync: String) -> String {
        let entries = history.map { #"{"id":\#($0.0),"revision":"\#($0.1)","deployedAt":"\#($0.2)","deployStartedAt":"\#($0.2)","source":{"repoURL":"https://git.example.com/bookstore-platform.git","path":"apps/catalog","targetRevision":"main"}}"# }
        return #"""
            {"metadata":{"name":"bookstore-catalog-us-east","namespace":"argocd"},
             "spec":{"project":"default","syncPolicy":\#(policy),"destination":{"server":"https://kubernetes.default.svc","namespace":"bookstore"}},
             "status":{"health":{"status":"Healthy"},"sync":{"status":"\#(sync)","revision":"\#(history.last!.1)"},
              "history":[\#(entries.joined(separator: ","))],
              "operationState":{"phase":"\#(phase)","message":"successfully synced (all tasks run)","syncResult":{"revision":"\#(revision)"},
                                "startedAt":"2026-05-20T10:05:00Z","finishedAt":"2026-05-20T10:05:02Z"},
              "summary":{"images":["registry.example.com/catalog:1.4.2"]}}}
            """#
    }

    static func pods(digest: String) -> String {
        let items = (1...3).map { n in
            #"{"metadata":{"name":"catalog-7d9f-\#(n)"},"spec":{"containers":[{"name":"catalog","image":"registry.example.com/catalog:1.4.2"}]},"status":{"containerStatuses":[{"name":"catalog","image":"registry.example.com/catalog:1.4.2","imageID":"registry.example.com/catalog@sha256:\#(digest)","ready":true}]}}"#
        }
        return #"{"apiVersion":"v1","kind":"List","items":[\#(items.joined(separator: ","))]}"#
    }

    static let argocd = #"""
        #!/bin/sh
        d="$(dirname "$0")"
        printf '%s\n' "$*" >> "$d/argocd.log"
        case "$1 $2" in
          "app get")
            if [ -f "$d/rolled-back" ] && [ -f "$d/manual" ]; then cat "$d/app-rolled-back.json"
            elif [ -f "$d/rolled-back" ]; then cat "$d/app-reenabled.json"
            elif [ -f "$d/manual" ]; then cat "$d/app-manual.json"
              if [ -f "$d/parent-reenables" ]; then rm -f "$d/manual" "$d/parent-reenables"; fi
            else cat "$d/app.json"; fi ;;
          "app set")
            case "$*" in *"--sync-policy none"*) touch "$d/manual" ;; *) rm -f "$d/manual" ;; esac
            echo "Application '$3' updated" ;;
          "app rollback")
            if [ ! -f "$d/manual" ]; then
              echo '{"level":"fatal","msg":"rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled","time":"2026-05-20T10:04:00Z"}' >&2; exit 20
            fi
            touch "$d/rolled-back"; echo "Rolling back application '$3' to history $4" ;;
          "app wait") echo "Application '$3' is Healthy" ;;
          *) echo "unknown command: $*" >&2; exit 1 ;;
        esac
        """#

    static let kubectl = #"""
        #!/bin/sh
        d="$(dirname "$0")"
        printf '%s\n' "$*" >> "$d/kubectl.log"
        if [ "$4" = deployment ]; then
          if [ -f "$d/rolled-back" ]; then image=1.4.1; else image=1.4.2; fi
          printf '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},"spec":{"template":{"spec":{"containers":[{"name":"catalog","image":"registry.example.com/catalog:%s"}]}}}}\n' "$5" "$image"
        elif [ -f "$d/rolled-back" ]; then cat "$d/pods-good.json"; else cat "$d/pods-bad.json"; fi
        """#
}
