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
        let world = try LiveWorld(hang: ["app get"])
        let tmux = try world.console(prometheus: prometheus.url.absoluteString, extra: ["--command-timeout", "8", "--prometheus-timeout", "4"])
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
        // Prometheus has its own deadline (--prometheus-timeout 4): the latency pane says it did not answer.
        let silent = try tmux.wait(timeout: 25) { $0.contains("did not answer within 4 s") }
        #expect(silent.contains("p99 not read: Prometheus at http://127.0.0.1:\(prometheus.port) did not answer within 4 s"),
                "the latency pane names the silent Prometheus\n\(silent)")
        #expect(try !tmux.paneDead(), "the console is still open")
        let first = world.hungPIDs().prefix(2)
        #expect(first.allSatisfy { !LiveWorld.running($0) }, "the timed-out stand-in (\(first)) was killed")
        try world.quit(tmux)
    }

    @Test func quittingWhileTheRollbackHangsAsksThenStopsIt() throws {
        let world = try LiveWorld(hang: ["app rollback"])
        let tmux = try world.console(extra: ["--command-timeout", "120"])
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
        #expect(pids.allSatisfy(LiveWorld.running), "nothing is stopped before the answer")

        try tmux.send("y")
        let deadline = Date().addingTimeInterval(8)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try tmux.paneDead(), "y quits")
        let gone = Date().addingTimeInterval(3)
        while pids.contains(where: LiveWorld.running), Date() < gone { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!pids.contains(where: LiveWorld.running), "the hung rollback and its child are stopped: \(pids.filter(LiveWorld.running))")
        let journal = (try? String(contentsOfFile: world.journal, encoding: .utf8)) ?? ""
        // The quit, then only the abandoned incident's hand-over note and draft being written.
        let lines = journal.split(separator: "\n")
        let stop = lines.lastIndex { $0.contains("\"stopped\"") && $0.contains("quit by") }
        #expect(stop != nil, "the journal has the quit")
        #expect(stop.map { lines[($0 + 1)...].allSatisfy { $0.contains("\"communicated\"") || $0.contains("\"postmortemWritten\"") } } == true,
                "after the quit, only the hand-over's results\n\(lines.suffix(4).joined(separator: "\n"))")
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
