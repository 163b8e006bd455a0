import Foundation
import TestHarness
#if canImport(Glibc)
import Glibc
#endif

/// The stand-ins, the config repo and the journal of one live run, in a temp dir: an argocd that
/// answers in the documented JSON (and can hang on chosen commands), a kubectl, a real git repo.
final class LiveWorld {
    let dir: String
    var bin: String { dir + "/bin" }
    var repo: String { dir + "/config-repo" }
    var journal: String { dir + "/journal.jsonl" }
    /// The bad release's commit.
    private(set) var badSHA = ""

    /// The app's workload as an Argo Rollout (issue 14): a canary in flight, or fully promoted.
    enum RolloutCase { case canaryInFlight, promoted }

    /// `deployedAt`: when history 42 (the bad deploy) landed; by default ten minutes ago, so Step 1 finds
    /// the deploy recent (an older one is the runbook's no-rollback case: the console offers that ending).
    /// `hang`: argocd commands ("app get", "app rollback") that hang, as a CLI stuck on the network
    /// would: a child sleep the shell waits for, both pids written to `hung.pids`.
    /// `slow`: argocd commands that take 3 s to answer.
    /// `rollout`: the Application lists the Rollout `catalog` (and Services) instead of a Deployment.
    init(deployedAt: Date? = nil, hang: Set<String> = [], slow: Set<String> = [], rollout: RolloutCase? = nil) throws {
        dir = NSTemporaryDirectory() + "ic-live-\(UUID().uuidString.prefix(8))"
        // Private, as the console wants the directory of its journal and log.
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        let (older, good, bad) = try makeRepo()
        try write("bin/argocd", Self.argocd, executable: true)
        try write("bin/kubectl", Self.kubectl, executable: true)
        for command in hang { try write("bin/hang-" + command.replacingOccurrences(of: " ", with: "-"), "") }
        for command in slow { try write("bin/slow-" + command.replacingOccurrences(of: " ", with: "-"), "") }
        let automated = #"{"automated":{"prune":true,"selfHeal":true}}"#
        let iso = ISO8601DateFormatter()
        let deployedDate = deployedAt ?? Date().addingTimeInterval(-600)
        let deployed = iso.string(from: deployedDate)
        let goodAt = iso.string(from: deployedDate.addingTimeInterval(-86400))
        badSHA = bad
        let history = [(40, older, "2026-05-18T09:00:00Z"), (41, good, goodAt), (42, bad, deployed)]
        try write("bin/app.json", Self.app(policy: automated, history: history, phase: "Succeeded", revision: bad, sync: "Synced"))
        try write("bin/app-manual.json", Self.app(policy: "{}", history: history, phase: "Succeeded", revision: bad, sync: "Synced"))
        let after = history + [(43, good, iso.string(from: max(Date(), deployedDate.addingTimeInterval(60))))]
        try write("bin/app-rolled-back.json", Self.app(policy: "{}", history: after, phase: "Succeeded", revision: good, sync: "OutOfSync"))
        try write("bin/app-reenabled.json", Self.app(policy: automated, history: after, phase: "Succeeded", revision: good, sync: "OutOfSync"))
        try write("bin/pods-bad.json", Self.pods(digest: String(repeating: "b", count: 64)))
        try write("bin/pods-good.json", Self.pods(digest: String(repeating: "a", count: 64)))
        if let rollout { try writeRollout(rollout) }
    }

    /// The Application's resources name the Rollout; kubectl prints it from upstream's aborted-canary fixture,
    /// renamed to catalog in bookstore, before and after each action.
    private func writeRollout(_ rollout: RolloutCase) throws {
        for name in ["app.json", "app-manual.json", "app-rolled-back.json", "app-reenabled.json"] {
            let path = bin + "/" + name
            var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
            var status = object["status"] as? [String: Any] ?? [:]
            status["resources"] = [["kind": "Service", "name": "catalog", "namespace": "bookstore", "version": "v1", "status": "Synced"],
                                   ["group": "argoproj.io", "kind": "Rollout", "name": "catalog", "namespace": "bookstore",
                                    "version": "v1alpha1", "status": "Synced", "health": ["status": "Healthy"]]]
            object["status"] = status
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/argo-rollouts/rollout-aborted_rollout.json")
        let base = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any] ?? [:]
        func variant(stable: String, current: String, aborted: Bool, step: Int) throws -> String {
            var object = base
            var metadata = object["metadata"] as? [String: Any] ?? [:]
            metadata["name"] = "catalog"; metadata["namespace"] = "bookstore"
            object["metadata"] = metadata
            var status = object["status"] as? [String: Any] ?? [:]
            status["stableRS"] = stable; status["currentPodHash"] = current; status["abort"] = aborted; status["currentStepIndex"] = step
            if !aborted { status["abortedAt"] = nil; status["conditions"] = nil }
            var canary = status["canary"] as? [String: Any] ?? [:]
            canary["stableRS"] = stable
            if !aborted { canary["currentBackgroundAnalysisRunStatus"] = ["name": "catalog-\(current)-2", "status": "Running", "message": ""] }
            status["canary"] = canary
            object["status"] = status
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        switch rollout {
        case .canaryInFlight:
            try write("bin/rollout.json", try variant(stable: "7d84d44bb8", current: "db976bc44", aborted: false, step: 1))
            try write("bin/rollout-aborted.json", try variant(stable: "7d84d44bb8", current: "db976bc44", aborted: true, step: 1))
        case .promoted:
            try write("bin/rollout.json", try variant(stable: "db976bc44", current: "db976bc44", aborted: false, step: 2))
        }
        // After Argo CD's rollback the old template is a new canary; after promote-full it is stable.
        try write("bin/rollout-rolled-back.json", try variant(stable: "db976bc44", current: "7d84d44bb8", aborted: false, step: 0))
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
        try tmux.pressY(timeout: timeout) { _ in done() }
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

    /// Every pid a hung stand-in wrote: its shell and the sleep it waits for.
    func hungPIDs() -> [pid_t] {
        let text = (try? String(contentsOfFile: bin + "/hung.pids", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { pid_t($0) }
    }

    /// Alive and not a zombie (an orphan's zombie waits for init, but it runs nothing).
    static func running(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state != "Z" && state != "X"
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
        if [ "$1" = --argocd-context ]; then shift 2; fi
        hang() { sleep 100000 & echo "$$ $!" >> "$d/hung.pids"; wait; }
        case "$1 $2" in
          "app get")
            [ -f "$d/hang-app-get" ] && hang
            [ -f "$d/slow-app-get" ] && sleep 3
            # Without -o json: the CLI's text summary, whose SyncWindow: line Pre-flight reads.
            if [ "$4" != -o ]; then printf 'Name:               argocd/%s\nProject:            default\nServer:             https://kubernetes.default.svc\nNamespace:          bookstore\nSyncWindow:         Sync Allowed\n' "$3"; exit 0; fi
            if [ -f "$d/rolled-back" ] && [ -f "$d/manual" ]; then cat "$d/app-rolled-back.json"
            elif [ -f "$d/rolled-back" ]; then cat "$d/app-reenabled.json"
            elif [ -f "$d/manual" ]; then cat "$d/app-manual.json"
              if [ -f "$d/parent-reenables" ]; then rm -f "$d/manual" "$d/parent-reenables"; fi
            else cat "$d/app.json"; fi ;;
          "app set")
            case "$*" in *"--sync-policy none"*) touch "$d/manual" ;; *) rm -f "$d/manual" ;; esac
            echo "Application '$3' updated" ;;
          "app rollback")
            [ -f "$d/hang-app-rollback" ] && hang
            if [ ! -f "$d/manual" ]; then
              echo '{"level":"fatal","msg":"rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled","time":"2026-05-20T10:04:00Z"}' >&2; exit 20
            fi
            touch "$d/rolled-back"; echo "Rolling back application '$3' to history $4" ;;
          "app wait") echo "Application '$3' is Healthy" ;;
          "app diff")
            # Exit 1: differences (the image goes back); 0 once rolled back.
            [ -f "$d/rolled-back" ] && exit 0
            printf '\n===== apps/Deployment bookstore/catalog ======\n27c27\n<         image: registry.example.com/catalog:1.4.2\n---\n>         image: registry.example.com/catalog:1.4.1\n'
            exit 1 ;;
          "app actions") [ "$5" = abort ] && touch "$d/aborted"; echo "" ;;
          "account can-i") echo yes ;;
          "context ") printf 'CURRENT  NAME                SERVER\n*        argocd.example.com  argocd.example.com\n         prod-argocd         argocd-prod.example.com\n' ;;
          *) echo "unknown command: $*" >&2; exit 1 ;;
        esac
        """#

    static let kubectl = #"""
        #!/bin/sh
        d="$(dirname "$0")"
        printf '%s\n' "$*" >> "$d/kubectl.log"
        context=dev; if [ "$1" = --context ]; then context="$2"; shift 2; fi
        if [ "$1 $2" = "config view" ]; then
          printf '{"current-context":"%s","contexts":[{"name":"%s","context":{"cluster":"%s"}}],"clusters":[{"name":"%s","cluster":{"server":"https://%s.k8s.example.com"}}]}\n' "$context" "$context" "$context" "$context" "$context"
        elif [ "$1 $2 $3" = "argo rollouts abort" ]; then touch "$d/aborted"; echo "rollout '$4' aborted"
        elif [ "$4" = rollout ]; then
          if [ -f "$d/aborted" ]; then cat "$d/rollout-aborted.json"
          elif [ -f "$d/rolled-back" ]; then cat "$d/rollout-rolled-back.json"; else cat "$d/rollout.json"; fi
        elif [ "$4" = analysisrun ]; then echo 'Error from server (NotFound)' >&2; exit 1
        elif [ "$4" = deployment ]; then
          if [ -f "$d/rolled-back" ]; then image=1.4.1; else image=1.4.2; fi
          printf '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},"spec":{"template":{"spec":{"containers":[{"name":"catalog","image":"registry.example.com/catalog:%s"}]}}}}\n' "$5" "$image"
        elif [ -f "$d/rolled-back" ]; then cat "$d/pods-good.json"; else cat "$d/pods-bad.json"; fi
        """#
}
