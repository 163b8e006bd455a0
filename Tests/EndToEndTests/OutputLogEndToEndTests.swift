import Foundation
import Testing

/// Issue 19 §4 in the real binary: after 3d, 3a's and 3b's commands and exit statuses are still in the
/// Output log, reached with `l` and scrolled with Home and the arrows.
@Suite(.serialized)
struct OutputLogEndToEndTests {
    @Test func afterStep3dTheLogStillHolds3aAnd3bWithTheirExitStatus() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Binary.path), "build the binary first: swift build")
        let journal = NSTemporaryDirectory() + "ic-e2e-\(UUID().uuidString.prefix(8)).jsonl"
        let written = ["-status-update.txt", "-postmortem.md"].map { journal.replacingOccurrences(of: ".jsonl", with: $0) }
        defer { for path in [journal, journal + ".lock"] + written { try? FileManager.default.removeItem(atPath: path) } }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"])
        defer { tmux.stop() }

        // y step by step until Step 3d's command has run.
        _ = try tmux.wait(timeout: 20) { $0.contains("bookstore-catalog-us-east") }
        let screen = try tmux.pressY(timeout: 120) { ConsoleScreen.stepStates($0)["Re-enable auto-sync"] == "done" }
        #expect(ConsoleScreen.stepStates(screen)["Re-enable auto-sync"] == "done", "the demo got past 3d\n\(screen)")

        // l focuses the log; Home goes to its first line; Down reads on. Collect what the pane showed.
        try tmux.send("l")
        _ = try tmux.wait(timeout: 5) { $0.contains("▶ Output") }
        try tmux.send("Home")
        var seen: [String] = []
        for _ in 0..<60 {
            Thread.sleep(forTimeInterval: 0.15)
            for line in Self.outputLines(try tmux.screen()) where !seen.contains(line) { seen.append(line) }
            try tmux.send("Down")
        }
        let log = seen.joined(separator: "\n")
        let entries: [(String, String)] = [
            ("Step 3a Disable auto-sync", "$ argocd app set bookstore-catalog-us-east --sync-policy none"),
            ("Step 3b Roll back", "$ argocd app rollback bookstore-catalog-us-east 41"),
            ("Step 3d Re-enable auto-sync", "$ argocd app set bookstore-catalog-us-east --sync-policy automated"),
        ]
        var order: [Int] = []
        for (step, command) in entries {
            // The header leads with the exit status: "14:35:02 ✓ exit 0 in 0.80 s  Step 3a Disable auto-sync".
            let header = seen.firstIndex { $0.firstMatch(of: #/^\d\d:\d\d:\d\d ✓ exit 0 in \d+\.\d\d s  /#) != nil && $0.hasSuffix(step) }
            #expect(header != nil, "\(step)'s exit status is in the log\n\(log)")
            if let header {
                #expect(seen.dropFirst(header + 1).first?.hasPrefix(command) == true, "\(command) follows its status\n\(log)")
                order.append(header)
            }
        }
        #expect(order == order.sorted(), "oldest first\n\(log)")
    }

    /// The Output pane's rows on a 160-column screen: right of the left column, inside the borders.
    static func outputLines(_ screen: String) -> [String] {
        var inside = false
        var lines: [String] = []
        for row in screen.split(separator: "\n", omittingEmptySubsequences: false) {
            if row.contains("Output ─") { inside = true; continue }
            guard inside else { continue }
            if row.contains("└") && row.hasSuffix("┘") && !row.contains("│ ") { break }
            guard let open = row.range(of: "││") else { continue }
            let text = row[open.upperBound...].dropLast().drop { $0 == " " }
            lines.append(String(text.reversed().drop { $0 == " " }.reversed()))
        }
        return lines
    }
}
