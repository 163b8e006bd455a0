import Foundation
import TestHarness
import Testing

/// A follower shows a driver's decision moments after it reaches the journal: woken by inotify, and
/// with the 0.2 s polling fallback (`INCIDENT_CONSOLE_FOLLOW_POLL`) that stands in where inotify cannot.
@Suite(.serialized)
struct FollowWakeTests {
    @Test(arguments: [false, true])
    func theFollowerShowsTheDriversConfirmationPromptly(polling: Bool) throws {
        let directory = try TemporaryDirectory()
        let journal = directory.path + "/incident.jsonl"
        let log = directory.path + "/follower.log"
        var environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]
        let driver = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                              width: 160, height: 48, environment: environment)
        try driver.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        environment["INCIDENT_CONSOLE_LOG"] = log
        if polling { environment["INCIDENT_CONSOLE_FOLLOW_POLL"] = "1" }
        let follower = try Tmux(command: [Binary.path, "follow", journal], width: 160, height: 48, environment: environment)
        try follower.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        let mode = polling ? "polling" : "inotify"
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("following with \(mode)"), "the follower says how it waits")

        // y at the driver's gate until its confirmation is in the journal; from then, the follower's screen.
        var confirmedAt: Date?
        let deadline = Date().addingTimeInterval(10)
        var lastPress = Date.distantPast
        while confirmedAt == nil, Date() < deadline {
            if Date().timeIntervalSince(lastPress) >= 0.8 { try driver.send("y"); lastPress = Date() }
            if try String(contentsOfFile: journal, encoding: .utf8).contains("\"confirmed\"") { confirmedAt = Date() }
            Thread.sleep(forTimeInterval: 0.005)
        }
        let confirmed = try #require(confirmedAt, "the driver's y reached the journal")
        var shownAt: Date?
        while shownAt == nil, Date().timeIntervalSince(confirmed) < 3 {
            if ConsoleScreen.stepStates(try follower.screen())["Pre-flight"] == "done" { shownAt = Date() }
        }
        let lag = (shownAt ?? .distantFuture).timeIntervalSince(confirmed)
        print("follow (\(mode)): the confirmation on the follower's screen \(lag) s after it reached the journal")
        // The wake (at once, or within 0.2 s), the follower's frame, and reading the pane through tmux (~0.05 s each).
        #expect(lag <= (polling ? 0.6 : 0.4), "\(mode): the follower showed it \(lag) s after it reached the journal")
    }
}
