import Foundation
import TestHarness
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The bad night: an argocd that never answers and a Prometheus that accepts and says nothing. The
/// screen keeps moving, says what it waits for and for how long, answers keys, and the timeouts end
/// the waits with a message; quitting while a command hangs asks first and leaves no process behind.
@Suite(.serialized)
struct HungCommandTests {
    static let app = "bookstore-catalog-us-east"

    @Test func aHungArgocdAndASilentPrometheusNeverFreezeTheScreen() throws {
        let prometheus = try LocalListener(.silent)
        defer { prometheus.stop() }
        let world = try HungWorld(hang: ["app get"])
        let tmux = try world.console(prometheus: prometheus.url.absoluteString, commandTimeout: 8)
        defer { tmux.stop() }

        // The read shows by name and age on the status line and in the Application pane.
        let waiting = try tmux.wait(timeout: 20) { $0.contains("waiting for argocd app get (") }
        #expect(waiting.contains("waiting for argocd app get ("), "the status line names the hung read\n\(waiting)")
        #expect(waiting.contains("reading argocd app get \(Self.app) (for "), "the pane says what it is reading\n\(waiting)")
        #expect(!world.hungPIDs().isEmpty, "the stand-in is really hanging")

        // While it hangs the clock moves and so does the wait's age.
        let clock = Self.clock(waiting), age = Self.waitAge(waiting)
        Thread.sleep(forTimeInterval: 2.2)
        let later = try tmux.screen()
        #expect(Self.clock(later) != nil && Self.clock(later) != clock, "the clock moved: \(clock ?? "-") then \(Self.clock(later) ?? "-")")
        #expect((Self.waitAge(later) ?? 0) > (age ?? .max), "the wait's age grew: \(age ?? -1) then \(Self.waitAge(later) ?? -1)\n\(later)")

        // A key is still answered at once.
        let focus = KeyLatencyTests.focusedTitle(later)
        let sent = Date()
        try tmux.send("Tab")
        var moved = focus
        while moved == focus, Date().timeIntervalSince(sent) < 3 { moved = KeyLatencyTests.focusedTitle(try tmux.screen()) }
        let answered = Date().timeIntervalSince(sent)
        #expect(moved != focus, "Tab moved the focus from \(focus) while argocd hangs")
        #expect(answered < 1, "Tab answered in \(answered) s while argocd hangs")

        // The command timeout ends the read, naming the command; the hung stand-in is killed.
        // (The pane wraps the message: compare it with the box drawing and the line breaks taken out.)
        let timedOut = try tmux.wait(timeout: 20) { Self.paneText($0).contains("did not answer within its timeout and was killed") }
        #expect(Self.paneText(timedOut).contains("could not read the app: argocd app get \(Self.app) -o json did not answer within its timeout and was killed"),
                "the Application pane names the hung command\n\(timedOut)")
        // Prometheus has its own deadline (10 s): the latency pane says it did not answer.
        let silent = try tmux.wait(timeout: 25) { $0.contains("did not answer within 10 s") }
        #expect(silent.contains("p99 not read: Prometheus at http://127.0.0.1:\(prometheus.port) did not answer within 10 s"),
                "the latency pane names the silent Prometheus\n\(silent)")
        #expect(try !tmux.paneDead(), "the console is still open")
        let first = world.hungPIDs().prefix(2)
        #expect(first.allSatisfy { !HungWorld.running($0) }, "the timed-out stand-in (\(first)) was killed")
        try world.quit(tmux)
    }

    @Test func quittingWhileTheRollbackHangsAsksThenStopsIt() throws {
        let world = try HungWorld(hang: ["app rollback"])
        let tmux = try world.console(prometheus: "http://127.0.0.1:9", commandTimeout: 120)
        defer { tmux.stop() }
        try world.confirmUntil(tmux, timeout: 90) { !world.hungPIDs().isEmpty }
        let pids = world.hungPIDs()
        #expect(!pids.isEmpty, "the rollback stand-in is hanging")
        let running = try tmux.wait(timeout: 10) { $0.contains("running argocd app rollback \(Self.app) 41") }
        #expect(running.contains("running argocd app rollback \(Self.app) 41"), "the screen shows the rollback running\n\(running)")
        // How long it has been running, on the status line, growing.
        let first = try tmux.wait(timeout: 10) { Self.waitAge($0, for: "argocd app rollback") != nil }
        Thread.sleep(forTimeInterval: 2.2)
        let second = try tmux.screen()
        let ages = (Self.waitAge(first, for: "argocd app rollback"), Self.waitAge(second, for: "argocd app rollback"))
        #expect(ages.0 != nil && (ages.1 ?? 0) > (ages.0 ?? .max), "waiting for argocd app rollback (N s) grows: \(ages)\n\(second)")

        try tmux.send("q")
        let asked = try tmux.wait(timeout: 5) { $0.contains("Quit while the incident is in progress") }
        #expect(asked.contains("argocd app rollback \(Self.app) 41 is running: quitting stops it"), "q asks first and says what quitting stops\n\(asked)")
        #expect(try !tmux.paneDead(), "q alone does not quit")
        #expect(pids.allSatisfy(HungWorld.running), "nothing is stopped before the answer")

        try tmux.send("y")
        let deadline = Date().addingTimeInterval(8)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try tmux.paneDead(), "y quits")
        let gone = Date().addingTimeInterval(3)
        while pids.contains(where: HungWorld.running), Date() < gone { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!pids.contains(where: HungWorld.running), "the hung rollback and its child are stopped: \(pids.filter(HungWorld.running))")
        let journal = (try? String(contentsOfFile: world.journal, encoding: .utf8)) ?? ""
        #expect(journal.split(separator: "\n").last?.contains("quit by") == true, "the journal ends with the quit")
    }

    /// The left-hand panes' text as one string: each row's first box only, borders and padding dropped.
    static func paneText(_ screen: String) -> String {
        screen.split(separator: "\n").map { row in
            let inside = row.drop { $0 == "│" || $0 == " " }
            return String(inside.prefix { $0 != "│" }).trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
    }

    /// "14:52:07" from the status line (the last line).
    static func clock(_ screen: String) -> String? {
        let status = screen.split(separator: "\n").last { $0.contains("? help") } ?? ""
        return status.firstMatch(of: /\d\d:\d\d:\d\d/).map { String($0.0) }
    }

    /// The seconds in "waiting for argocd app get (12 s)".
    static func waitAge(_ screen: String, for what: String = "argocd app get") -> Int? {
        guard let range = screen.range(of: "waiting for \(what) (") else { return nil }
        return Int(screen[range.upperBound...].prefix { $0.isNumber })
    }
}

/// An argocd stand-in that hangs on the commands named in `hang` (writing "shell-pid sleep-pid" first),
/// a kubectl stand-in, and a real git config repo: the least `run` needs to reach the rollback.
final class HungWorld {
    let dir: String
    var bin: String { dir + "/bin" }
    var repo: String { dir + "/config-repo" }
    var journal: String { dir + "/journal.jsonl" }

    init(hang: Set<String>) throws {
        dir = NSTemporaryDirectory() + "ic-hung-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let shas = try makeRepo()
        try write("bin/argocd", Self.argocd, executable: true)
        try write("bin/kubectl", Self.kubectl, executable: true)
        for command in hang { try write("bin/hang-" + command.replacingOccurrences(of: " ", with: "-"), "") }
        let history = [(40, shas[0], "2026-05-18T09:00:00Z"), (41, shas[1], "2026-05-19T09:00:00Z"), (42, shas[2], "2026-05-20T09:48:00Z")]
        try write("bin/app.json", Self.app(policy: #"{"automated":{"prune":true,"selfHeal":true}}"#, history: history))
        try write("bin/app-manual.json", Self.app(policy: "{}", history: history))
        try write("bin/pods.json", Self.pods)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func console(prometheus: String, commandTimeout: Int) throws -> Tmux {
        try Tmux(command: [Binary.path, "run", "--app", HungCommandTests.app, "--namespace", "bookstore", "--deployment", "catalog",
                           "--selector", "app=catalog", "--config-repo", repo, "--migrations", "migrations/*.sql",
                           "--prometheus", prometheus, "--command-timeout", String(commandTimeout), "--journal", journal],
                 width: 200, height: 50,
                 environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8", "PATH": "\(bin):/usr/bin:/bin",
                               "XDG_CONFIG_HOME": dir, "XDG_STATE_HOME": dir])
    }

    /// Presses y about every 0.8 s (a y within 0.6 s of a mutating gate appearing is ignored by design).
    func confirmUntil(_ tmux: Tmux, timeout: Double, _ done: () -> Bool) throws {
        _ = try tmux.wait(timeout: 20) { $0.contains(HungCommandTests.app) && $0.contains("Pre-flight") }
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

    private func write(_ name: String, _ text: String, executable: Bool = false) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir + "/" + name) }
    }

    /// Three releases; the bad one adds a safe migration. Returns their SHAs, oldest first.
    private func makeRepo() throws -> [String] {
        try FileManager.default.createDirectory(atPath: repo + "/migrations", withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        var shas: [String] = []
        for (version, migration) in [("1.4.0", false), ("1.4.1", false), ("1.4.2", true)] {
            try Data("image: catalog:\(version)\n".utf8).write(to: URL(fileURLWithPath: repo + "/values.yaml"))
            if migration {
                try Data("ALTER TABLE books ADD COLUMN note text;\n".utf8)
                    .write(to: URL(fileURLWithPath: repo + "/migrations/002_add_note.sql"))
            }
            try git("add", "-A")
            try git("commit", "-q", "-m", "release \(version)")
            shas.append(try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return shas
    }

    @discardableResult
    private func git(_ arguments: String...) throws -> String {
        try Spawn.run(["/usr/bin/git", "-C", repo] + arguments, environment: [
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com",
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": dir])
    }

    static func app(policy: String, history: [(Int, String, String)]) -> String {
        let entries = history.map { #"{"id":\#($0.0),"revision":"\#($0.1)","deployedAt":"\#($0.2)","deployStartedAt":"\#($0.2)","source":{"repoURL":"https://git.example.com/bookstore-platform.git","path":"apps/catalog","targetRevision":"main"}}"# }
        return #"""
            {"metadata":{"name":"bookstore-catalog-us-east","namespace":"argocd"},
             "spec":{"project":"default","syncPolicy":\#(policy),"destination":{"server":"https://kubernetes.default.svc","namespace":"bookstore"}},
             "status":{"health":{"status":"Healthy"},"sync":{"status":"Synced","revision":"\#(history.last!.1)"},
              "history":[\#(entries.joined(separator: ","))],
              "operationState":{"phase":"Succeeded","message":"successfully synced (all tasks run)","syncResult":{"revision":"\#(history.last!.1)"},
                                "startedAt":"2026-05-20T09:48:00Z","finishedAt":"2026-05-20T09:48:02Z"},
              "summary":{"images":["registry.example.com/catalog:1.4.2"]}}}
            """#
    }

    static let pods = #"{"apiVersion":"v1","kind":"List","items":[{"metadata":{"name":"catalog-7d9f-1"},"spec":{"containers":[{"name":"catalog","image":"registry.example.com/catalog:1.4.2"}]},"status":{"containerStatuses":[{"name":"catalog","image":"registry.example.com/catalog:1.4.2","imageID":"registry.example.com/catalog@sha256:\#(String(repeating: "b", count: 64))","ready":true}]}}]}"#

    /// Hangs where a `hang-<command>` file says so: a child sleep the shell waits for, as a CLI stuck on
    /// the network would (the console must stop the whole process group, not just the shell).
    static let argocd = #"""
        #!/bin/sh
        d="$(dirname "$0")"
        printf '%s\n' "$*" >> "$d/argocd.log"
        hang() { sleep 100000 & echo "$$ $!" >> "$d/hung.pids"; wait; }
        case "$1 $2" in
          "app get")
            [ -f "$d/hang-app-get" ] && hang
            if [ -f "$d/manual" ]; then cat "$d/app-manual.json"; else cat "$d/app.json"; fi ;;
          "app set")
            case "$*" in *"--sync-policy none"*) touch "$d/manual" ;; *) rm -f "$d/manual" ;; esac
            echo "Application '$3' updated" ;;
          "app rollback")
            [ -f "$d/hang-app-rollback" ] && hang
            echo "Rolling back application '$3' to history $4" ;;
          "app wait") echo "Application '$3' is Healthy" ;;
          *) echo "unknown command: $*" >&2; exit 1 ;;
        esac
        """#

    static let kubectl = #"""
        #!/bin/sh
        d="$(dirname "$0")"
        printf '%s\n' "$*" >> "$d/kubectl.log"
        cat "$d/pods.json"
        """#
}
