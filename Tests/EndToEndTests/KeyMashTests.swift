import Foundation
import Testing

/// A tired hand on the keyboard: thousands of random keys (never `q`) on the drill whose right
/// answer is to stop at Step 0. Nothing may run, and the console must still be alive and right.
@Suite(.serialized)
struct KeyMashTests {
    /// Printable keys except q/Q (quitting is not mashing), plus the special keys the console reads.
    /// (`;` and `-` are left out: tmux's own argument parser reads them as a separator and a flag.)
    static let printable = Array("abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789 _./:,?!@#$%^&*()[]{}<>=+'\"|\\~`")
    static let special = ["Enter", "Tab", "BTab", "Up", "Down", "Left", "Right", "Escape", "BSpace", "PageUp", "PageDown", "Home", "End"]

    @Test func randomKeysOnAnUnsafeStep0NeverRunAnything() throws {
        let journal = NSTemporaryDirectory() + "ic-mash-\(UUID().uuidString.prefix(8)).jsonl"
        defer {
            try? FileManager.default.removeItem(atPath: journal)
            try? FileManager.default.removeItem(atPath: journal.replacingOccurrences(of: ".jsonl", with: "-debrief.md"))
        }
        let tmux = try Tmux(command: [Binary.path, "train", "forward-only-migration", "--speed", "30", "--journal", journal],
                            width: 160, height: 48, environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"])
        let stop = try tmux.wait(timeout: 30) { $0.contains("HARD STOP") && $0.contains("UNSAFE") }
        #expect(stop.contains("HARD STOP"), "the drill reaches its hard stop first\n\(stop)")

        var seed: UInt64 = 0x1CE_C0FFEE
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        var sent = 0
        while sent < 3000 {
            var batch: [String] = []
            for _ in 0..<60 {
                if next(5) == 0 { batch.append(Self.special[next(Self.special.count)]) }
                else { batch.append(String(Self.printable[next(Self.printable.count)])) }
            }
            try tmux.run(["send-keys", "-t", tmux.session] + batch)
            sent += batch.count
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 1)

        let lines = ((try? String(contentsOfFile: journal, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(!lines.contains { $0.contains("\"gateFinished\"") }, "no command ran")
        #expect(!lines.contains { $0.contains("\"overrode\"") }, "no stray keys made an override")
        // A stray y may take the one way on from the hard stop, the hand-off ending (which runs nothing), and
        // then Steps 4 and 5 and the debrief, which a stray q leaves. Otherwise the console is still at the stop.
        let handedOff = lines.contains { $0.contains("\"confirmed\"") && $0.contains("\"handOff\"") }
        if !handedOff {
            #expect(try !tmux.paneDead(), "the console is still running after \(sent) random keys")
            for _ in 0..<3 { try tmux.send("Escape"); Thread.sleep(forTimeInterval: 0.3) }
            let after = try tmux.wait(timeout: 5) { $0.contains("HARD STOP") }
            #expect(after.contains("HARD STOP") && after.contains("SIMULATION"), "still the hard stop\n\(after)")
        }
        print("key mash: \(sent) keys, \(lines.count) journal lines, no command run\(handedOff ? "; a y took the hand-off ending" : "")")
    }
}
