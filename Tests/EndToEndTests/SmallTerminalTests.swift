import Foundation
import Testing

/// Issue 19: at 50×12 the console showed only "terminal too small", yet y presses confirmed Pre-flight
/// through Step 2 and ran `argocd app set … --sync-policy none`, which never appeared. Now nothing the
/// terminal cannot show can be confirmed, and the keys say why.
@Suite(.serialized)
struct SmallTerminalTests {
    @Test func yPressesAtATooSmallTerminalConfirmNothingUntilItGrows() throws {
        let journal = NSTemporaryDirectory() + "ic-e2e-small-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 50, height: 12, environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"])
        _ = try tmux.wait(timeout: 20) { $0.contains("terminal too small") }
        // Slower than the arm delay, and more presses than the gates before 3a's command.
        for _ in 0..<7 {
            try tmux.send("y")
            Thread.sleep(forTimeInterval: 0.8)
        }
        let small = try tmux.screen()
        #expect(small.contains("Terminal too small: only q (quit) and ?"), "the keys are answered\n\(small)")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(!text.contains("\"confirmed\""), "nothing was confirmed at 50×12")
        #expect(!text.contains("\"runGate\"") && !text.contains("--sync-policy\",\"none"), "no command ran")

        // Once the terminal can show the gate, the same key works.
        try tmux.resize(width: 160, height: 48)
        _ = try tmux.wait(timeout: 10) { $0.contains("▶ Pre-flight") && $0.contains("[y] continue") }
        try tmux.send("y")
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !((try? String(contentsOfFile: journal, encoding: .utf8)) ?? "").contains("\"confirmed\"") {
            Thread.sleep(forTimeInterval: 0.1)
        }
        let after = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(after.contains("\"confirmed\"") && after.contains("\"preflight\""), "Pre-flight confirmed once shown")
        try tmux.send("q")
        _ = try tmux.wait(timeout: 5) { $0.contains("Quit while the incident is in progress") }
        try tmux.send("y")
    }
}
