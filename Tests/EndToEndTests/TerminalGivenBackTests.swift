import Foundation
import Testing

/// However the console ends, the terminal comes back and the journal says why.
@Suite(.serialized)
struct TerminalGivenBackTests {
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]

    static func started(_ journal: String) throws -> Tmux {
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 120, height: 40, environment: environment)
        try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        return tmux
    }

    /// The journal's last record before the abandoned incident's hand-over results (a stop with no ending
    /// writes the status message and draft, and journals their results after `stopped`).
    static func lastRecord(_ journal: String) throws -> String {
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        let handOver = { (line: Substring) in line.contains("\"communicated\"") || line.contains("\"postmortemWritten\"") }
        return (lines.last { !handOver($0) }).map(String.init) ?? ""
    }

    @Test(arguments: [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")])
    func aSignalRestoresTheTerminalPrintsWhyAndJournalsStopped(signal: Int32, name: String) throws {
        let journal = NSTemporaryDirectory() + "ic-signal-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Self.started(journal)
        #expect(try tmux.alternateScreenOn(), "the console runs on the alternate screen")
        let sent = Date()
        #expect(kill(try tmux.panePID(), signal) == 0)
        let deadline = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let took = Date().timeIntervalSince(sent)
        try tmux.reapDeadPane()
        #expect(try tmux.paneDead(), "the console exits on \(name)")
        #expect(took < 3, "before the 3 s watchdog would force it (took \(took) s)")
        #expect(try !tmux.alternateScreenOn(), "the terminal is back on the normal screen")
        let lines = try tmux.screen().split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let message = lines.last { $0.contains("incident-console:") }
        #expect(message?.contains("stopped by signal \(name)") == true, "the pane's last lines say why: \(lines.suffix(3))")
        let last = try Self.lastRecord(journal)
        #expect(last.contains("\"stopped\"") && last.contains(name), "the journal's last record is stopped(\(name)): \(last)")
    }

    /// A crash signal stands in for an internal error (a Swift trap is SIGILL or SIGTRAP, an abort SIGABRT).
    @Test(arguments: [(SIGSEGV, "SIGSEGV"), (SIGABRT, "SIGABRT"), (SIGILL, "SIGILL")])
    func aCrashRestoresTheTerminalAndSaysHowToGoOn(signal: Int32, name: String) throws {
        let journal = NSTemporaryDirectory() + "ic-crash-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Self.started(journal)
        #expect(kill(try tmux.panePID(), signal) == 0)
        let deadline = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try tmux.reapDeadPane()
        #expect(try tmux.paneDead(), "the console dies on \(name)")
        #expect(try !tmux.alternateScreenOn(), "the terminal is back on the normal screen")
        let screen = try tmux.screen()
        #expect(screen.contains("internal error (\(name))") && screen.contains("resume \(journal)"),
                "the message comes after the screen is restored and says how to go on\n\(screen)")
    }

    /// A real crash inside the console (the INCIDENT_CONSOLE_TEST_CRASH seam): a stack overflow leaves no stack
    /// for a handler but the alternate one. The shell that started the console then finds its terminal as
    /// it was: normal screen, cursor shown, line editing and echo back (stty), and the message.
    @Test(arguments: ["stack-overflow", "trap"])
    func aRealCrashGivesTheTerminalBack(kind: String) throws {
        let journal = NSTemporaryDirectory() + "ic-realcrash-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let script = "\"$0\" demo --speed 60 --journal \"$1\"; echo \"exit=$?\"; stty -a | tr '\\n' ' '; echo; echo END; sleep 600"
        let tmux = try Tmux(command: ["sh", "-c", script, Binary.path, journal], width: 160, height: 40,
                            environment: Self.environment.merging(["INCIDENT_CONSOLE_TEST_CRASH": kind]) { $1 })
        _ = try tmux.wait(timeout: 30) { $0.contains("END") }
        let screen = try tmux.run(["capture-pane", "-p", "-J", "-t", tmux.session]) // long lines unwrapped
        #expect(screen.contains("END"), "the console crashed and the shell went on\n\(screen)")
        let status = screen.split(separator: "\n").first { $0.hasPrefix("exit=") }.map(String.init) ?? ""
        #expect(["exit=132", "exit=133", "exit=139"].contains(status), "died by SIGILL, SIGTRAP or SIGSEGV: \(status)")
        #expect(screen.contains("internal error (SIG") && screen.contains("resume \(journal)"), "says how to go on\n\(screen)")
        #expect(try !tmux.alternateScreenOn(), "back on the normal screen")
        #expect(try tmux.display("#{cursor_flag}") == "1", "the cursor is shown again")
        let modes = screen.split(separator: "\n").first { $0.contains("icanon") }.map(String.init) ?? ""
        #expect(modes.contains(" icanon") && !modes.contains("-icanon"), "line editing is back: \(modes)")
        #expect(modes.contains(" echo ") && !modes.contains("-echo "), "echo is back: \(modes)")
    }

    @Test func killingThePaneJournalsStopped() throws {
        let journal = NSTemporaryDirectory() + "ic-killpane-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Self.started(journal)
        let pid = try tmux.panePID()
        try tmux.run(["kill-pane", "-t", tmux.session])
        let deadline = Date().addingTimeInterval(5)
        while kill(pid, 0) == 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(kill(pid, 0) != 0, "the console exits when its pane is killed")
        let last = try Self.lastRecord(journal)
        #expect(last.contains("\"stopped\"") && last.contains("SIGHUP"), "the journal's last record is stopped(SIGHUP): \(last)")
    }

    @Test func quitWithQRestoresTheTerminalAndJournalsWhoQuit() throws {
        let journal = NSTemporaryDirectory() + "ic-quit-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Self.started(journal)
        try tmux.send("q")
        let asked = try tmux.wait(timeout: 3) { $0.lowercased().contains("quit") && $0.contains("y") }
        #expect(try !tmux.paneDead(), "q asks first while the incident is open\n\(asked)")
        try tmux.send("y")
        let deadline = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try !tmux.alternateScreenOn())
        #expect(try tmux.screen().contains("incident-console: quit by"))
        #expect(try Self.lastRecord(journal).contains("\"stopped\""))
    }
}
