import Foundation
import Testing

/// Issue 15: `c` at Step 4 sends the message as OSC 52; tmux (with set-clipboard on) keeps exactly that
/// text in its paste buffer, read back with `tmux show-buffer`.
@Suite(.serialized)
struct ClipboardEndToEndTests {
    @Test func cCopiesStep4sMessageIntoTmuxsPasteBuffer() throws {
        let journal = TrainTests.journalPath()
        defer { TrainTests.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: TrainTests.environment)
        try tmux.run(["set", "-g", "set-clipboard", "on"])
        _ = try tmux.wait(timeout: 30) { $0.contains("SIMULATION") && $0.contains("awaiting y") }
        let atStep4 = try tmux.pressY(timeout: 120) { $0.contains("Step 4 message — P1") }
        #expect(atStep4.contains("Step 4 message — P1"), "\(atStep4)")
        // A gate that changes under the key (3d's revert landing) clears a key's answer: press again then.
        var said = ""
        for _ in 0..<3 where !said.contains("Copied the P1 channel message") {
            try tmux.send("c")
            said = try tmux.wait(timeout: 3) { $0.contains("Copied the P1 channel message") }
        }
        #expect(said.contains("prefix ] (needs set-clipboard on)"), "the status line says how to paste\n\(said)")
        var buffer = ""
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !buffer.contains("regression") {
            buffer = (try? tmux.run(["show-buffer"])) ?? ""
            Thread.sleep(forTimeInterval: 0.1)
        }
        // Exactly the channel message on screen: one line, the region and the rollback target in it.
        #expect(buffer.hasPrefix("BookstoreCatalogP99Latency regression on bookstore-catalog-us-east after deploy d8f3c2a in us-east."), "\(buffer)")
        #expect(!buffer.contains("\n") && buffer.contains("Rolled back to a1b2c3d at"), "\(buffer)")
        // What was copied is what Step 4 then writes as the channel's part — but for p99's latest value, which
        // the message carries live: the screen (and the file written at y) may show a newer sample than the copy.
        try tmux.pressY(timeout: 30) { _ in TrainTests.lines(journal).contains { $0.contains("\"communicated\"") } }
        let status = try String(contentsOfFile: IncidentPaths.statusMessage(journal), encoding: .utf8)
        func figuresMasked(_ text: String) -> String { text.replacing(/\d+\.\d+ s\b/, with: "N s") }
        #expect(figuresMasked(status) == figuresMasked("[P1] Channel #bookstore-platform-status:\n" + buffer + "\n"), "\(status)\n---\n\(buffer)")
        try tmux.send("q")
    }
}
