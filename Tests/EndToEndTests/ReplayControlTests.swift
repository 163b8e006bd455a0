import Foundation
import Testing

/// Issue 19 §6 in a real terminal: a replay says whose incident it plays, Space holds it, `s` jumps a step.
@Suite(.serialized)
struct ReplayControlTests {
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]

    static func percent(_ screen: String) -> Int? {
        screen.firstMatch(of: /UTC, (\d+) %/).flatMap { Int($0.1) }
    }

    @Test func spaceHoldsTheReplayAndSJumpsToTheNextStep() throws {
        let journal = NSTemporaryDirectory() + "ic-replay-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        // Record: the demo's driver confirms Pre-flight, Step 0 and Step 1, then quits.
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: Self.environment)
        for step in ["Pre-flight", "Schema compatibility", "Check the app"] {
            try tmux.wait(timeout: 30) { ConsoleScreen.stepStates($0)[step] == "awaiting y" }
            Thread.sleep(forTimeInterval: 1)
            try tmux.send("y")
            try tmux.wait(timeout: 30) { ConsoleScreen.stepStates($0)[step] == "done" }
        }
        try tmux.send("q")
        try tmux.wait(timeout: 5) { $0.lowercased().contains("quit") }
        try tmux.send("y")
        let deadline = Date().addingTimeInterval(10)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let user = try #require(try String(contentsOfFile: journal, encoding: .utf8).firstMatch(of: /"driver":"([^"]+)"/).map { String($0.1) })

        try tmux.respawn([Binary.path, "replay", journal, "--speed", "2"], environment: Self.environment)
        let start = try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        #expect(start.contains("REPLAY of \(user)'s incident, "), "the header names the driver\n\(start)")
        #expect(Self.percent(start) != nil, "the header says how far it has played\n\(start)")
        #expect(!start.contains("following"), "a replay is not a follower\n\(start)")
        // The bar wraps at its width: read its sentence whole.
        let flat = start.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("\(user)'s y says they have read the evidence"), "the viewer is not prompted as the driver\n\(start)")

        // Space holds it: nothing moves while paused (the recorded y on Pre-flight is seconds away at ×2).
        try tmux.send("Space")
        let paused = try tmux.wait(timeout: 5) { $0.contains("PAUSED") }
        Thread.sleep(forTimeInterval: 4)
        let held = try tmux.screen()
        #expect(ConsoleScreen.stepStates(held) == ConsoleScreen.stepStates(paused), "paused, the runbook stays put\n\(held)")
        #expect(Self.percent(held) == Self.percent(paused))
        #expect(ConsoleScreen.stepStates(held)["Pre-flight"] == "awaiting y")

        // s jumps to the next step, and stays paused there.
        try tmux.send("s")
        let jumped = try tmux.wait(timeout: 5) { ConsoleScreen.stepStates($0)["Pre-flight"] == "done" }
        #expect(ConsoleScreen.stepStates(jumped)["Schema compatibility"] != "done", "one step, not the whole journal\n\(jumped)")
        #expect(jumped.contains("PAUSED"))
        Thread.sleep(forTimeInterval: 3)
        #expect(ConsoleScreen.stepStates(try tmux.screen()) == ConsoleScreen.stepStates(jumped), "still paused after the jump")

        // Space plays on: the rest of the journal arrives, to its end.
        try tmux.send("Space")
        let end = try tmux.wait(timeout: 90) { ConsoleScreen.stepStates($0)["Check the app"] == "done" && Self.percent($0) == 100 }
        #expect(!end.contains("PAUSED"))
        try tmux.send("q")
    }
}
