import Foundation
import Testing

/// Step 2's evidence on the real binary's screen: the drill's bad revision read from its git diff.
@Suite(.serialized)
struct DiagnoseEndToEndTests {
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]

    /// orders-hpa-values as the runbook records it: values.yaml's HPA min replicas 4 → 1, the image unchanged.
    @Test func theHPADrillShowsGitShowStatAndTheChangedKeyJudgedAsAHelmValuesEdit() throws {
        let journal = NSTemporaryDirectory() + "ic-diagnose-\(UUID().uuidString.prefix(8)).jsonl"
        defer {
            for path in [journal, journal + ".lock", journal.replacingOccurrences(of: ".jsonl", with: "-debrief.md")] {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        let tmux = try Tmux(command: [Binary.path, "train", "orders-hpa-values", "--speed", "5", "--journal", journal],
                            width: 200, height: 60, environment: Self.environment)
        let screen = try tmux.wait(timeout: 60) { $0.contains("autoscaling.minReplicas: 4 → 1") }
        #expect(screen.contains("what changed: Helm values edit (autoscaling.minReplicas)"), "\(screen)")
        #expect(screen.contains("$ git show 2b7f90e --stat"), "\(screen)")
        #expect(screen.contains("orders: HPA min replicas 4 -> 1 to save cost overnight"), "the stat's message\n\(screen)")
        #expect(screen.contains("values.yaml | 2 +-"), "the stat's file list\n\(screen)")
        #expect(!screen.contains("image pinned in"), "no image changed\n\(screen)")
        #expect(!screen.contains("Kill switch"), "a values edit is not config only\n\(screen)")
        // The 5xx alert paged: the Metrics pane shows the 5xx ratio on top, in percent, and the p99 under it.
        #expect(screen.contains("Metrics: 2, 3c requires all"), "\(screen)")
        let ratio = screen.split(separator: "\n").firstIndex { $0.contains(/5xx ratio \d+\.\d+ %  . (above|below) 1\.00 %/) }
        let p99 = screen.split(separator: "\n").firstIndex { $0.contains(/p99 \d\.\d\d s  . (above|below) 0\.50 s/) }
        #expect(ratio != nil && p99 != nil && ratio! < p99!, "the 5xx ratio, then the p99\n\(screen)")
        let journaled = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(journaled.contains(#""key":"autoscaling.minReplicas""#) && journaled.contains(#""kind":"helmValues""#))
        try tmux.send("q")
        _ = try tmux.wait(timeout: 5) { $0.lowercased().contains("quit") }
        try tmux.send("y")
    }
}
