import Foundation
import TestHarness
import Testing

/// The console writes its own log beside the journals, never on the screen.
@Suite(.serialized)
struct LogFileEndToEndTests {
    @Test func aDemoLogsHowItStartedWhatItRanAndWhyItStoppedAndNothingReachesTheScreen() throws {
        let state = try TemporaryDirectory()
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60"], width: 160, height: 48,
                            environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8", "XDG_STATE_HOME": state.path])
        let first = try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        #expect(!first.contains(" info ") && !first.contains("process:"), "no log line on the screen\n\(first)")
        try tmux.send("q")
        _ = try tmux.wait(timeout: 3) { $0.lowercased().contains("quit") }
        try tmux.send("y")
        let deadline = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }

        let path = state.path + "/incident-console/incident-console.log"
        let log = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(log.contains("info console: incident-console demo started (pid "), "\(log.prefix(2000))")
        #expect(log.contains("info process: ran git -C "), "the simulated cluster's real git commands are logged")
        #expect(log.contains("info console: stopped: quit by "), "\(log.suffix(500))")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func checkMigrationsLeavesNoLogFile() throws {
        let state = try TemporaryDirectory()
        _ = try Spawn.status([Binary.path, "check-migrations", "--help"], environment: ["XDG_STATE_HOME": state.path])
        #expect(!FileManager.default.fileExists(atPath: state.path + "/incident-console"), "a CI tool writes nothing under the state dir")
    }
}
