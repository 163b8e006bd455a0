import Foundation
import TestHarness
#if canImport(Glibc)
import Glibc
#endif

struct TmuxError: Error { var message: String }

/// A private tmux server running one program: the real terminal for end-to-end tests.
/// (TESTING-NOTES: own socket, no config, status off, remain-on-exit so the pane outlives the program.)
final class Tmux {
    let socket: String
    let session = "e2e"
    /// The server's pid, so the server is ended even when `kill-server` cannot reach it.
    private var serverPID: pid_t = 0

    init(command: [String], width: Int, height: Int, environment: [String: String] = [:]) throws {
        socket = NSTemporaryDirectory() + "ic-tmux-\(UUID().uuidString.prefix(8))"
        let line = Tmux.commandLine(command, environment: environment)
        try run(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", line])
        try run(["set", "-g", "status", "off"])
        try run(["set", "-g", "remain-on-exit", "on"])
        serverPID = pid_t(try run(["display", "-p", "#{pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    deinit { stop() }

    /// Ends the program in the pane and the server; a test's console must not outlive the test.
    func stop() {
        if let pane = try? panePID(), pane > 0 { kill(pane, SIGKILL) }
        _ = try? run(["kill-server"])
        if serverPID > 0 { kill(serverPID, SIGKILL) }
        serverPID = 0
        try? FileManager.default.removeItem(atPath: socket)
    }

    func send(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }

    /// tmux runs the program through its own shell; every word is quoted so nothing is interpreted.
    static func commandLine(_ command: [String], environment: [String: String]) -> String {
        let env = environment.map { "\($0.key)=\($0.value)" }
        return (["env"] + env + command).map(Tmux.quote).joined(separator: " ")
    }

    /// Starts another program in the same pane once the first has exited (e.g. `resume` after a crash).
    func respawn(_ command: [String], environment: [String: String] = [:]) throws {
        try run(["respawn-pane", "-k", "-t", session, Tmux.commandLine(command, environment: environment)])
    }

    /// The pid of the program in the pane (`env` execs it, so it is the console itself).
    func panePID() throws -> pid_t {
        pid_t(try display("#{pane_pid}")) ?? 0
    }

    /// Whether the program still has the alternate screen: a restored terminal has left it.
    func alternateScreenOn() throws -> Bool { try display("#{alternate_on}") == "1" }

    func display(_ format: String) throws -> String {
        try run(["display", "-p", "-t", session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Resizes the window (this switches `window-size` to manual, as TESTING-NOTES says).
    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Reaps a dead pane's program that libutempter left a zombie (TESTING-NOTES).
    func reapDeadPane() throws {
        if let server = pid_t(try display("#{pid}")) { kill(server, SIGCHLD) }
    }

    func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : []))
    }

    func paneDead() throws -> Bool {
        try run(["display", "-p", "-t", session, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    func exitStatus() throws -> String {
        try run(["display", "-p", "-t", session, "#{pane_dead_status}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Presses y about every 0.8 s (a y within 0.6 s of a mutating gate appearing is ignored by design)
    /// until `done` holds for the screen, or `timeout` passes; returns the last screen.
    @discardableResult
    func pressY(timeout: Double, until done: (String) throws -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try screen()
        while try !done(last), Date() < deadline {
            try send("y")
            Thread.sleep(forTimeInterval: 0.8)
            last = try screen()
        }
        return last
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen.
    @discardableResult
    func wait(timeout: Double, for predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return last
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        // The exit status is not checked: tmux says what went wrong by what the test then sees.
        try Spawn.status(["/usr/bin/tmux", "-S", socket] + arguments, removing: ["TMUX"], timeout: 10).output
    }

    static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// The built binary (scripts/test builds it before the tests run).
enum Binary {
    static var path: String {
        // The binary beside the test bundle (built with the same --scratch-path), else the default build.
        if let override = ProcessInfo.processInfo.environment["INCIDENT_CONSOLE_BINARY"] { return override }
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first(where: { $0.contains(".xctest") }) ?? "/nonexistent")
        let beside = bundle.deletingLastPathComponent().appendingPathComponent("incident-console").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/incident-console").path
    }
}
