import Foundation
import Testing

/// The real binary in a real terminal (tmux), walked like a new user would.
@Suite(.serialized)
struct DemoWalkTests {
    @Test func demoWalksTheWholeRunbookWithYPresses() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Binary.path), "build the binary first: swift build")
        let journal = NSTemporaryDirectory() + "ic-e2e-\(UUID().uuidString.prefix(8)).jsonl"
        // Step 4's message and Step 5's draft, named after this incident's journal.
        let written = ["-status-update.txt", "-postmortem.md"].map { journal.replacingOccurrences(of: ".jsonl", with: $0) }
        defer { for path in [journal] + written { try? FileManager.default.removeItem(atPath: path) } }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"])

        // A new user sees these within 5 s on an idle machine; the bound is looser because the
        // rest of the test suite runs beside this test.
        let first = try tmux.wait(timeout: 20) { screen in
            ["bookstore-catalog-us-east", "d8f3c2a", "a1b2c3d", "Healthy", "SIMULATION"].allSatisfy(screen.contains)
        }
        for text in ["bookstore-catalog-us-east", "d8f3c2a", "a1b2c3d", "Healthy", "SIMULATION"] {
            #expect(first.contains(text), "the first screen shows \(text)\n\(first)")
        }
        // The incident clock on the status line (issue 16), once the alert's start is read.
        let clocked = try tmux.wait(timeout: 20) { $0.contains(" min ago, console ") }
        #expect(clocked.split(separator: "\n").last?.contains("alert ") == true && clocked.contains(" min ago, console "),
                "the status line counts from the alert\n\(clocked)")
        // Step 2's evidence in the Output pane: git's stat and what changed, old → new.
        let evidence = try tmux.wait(timeout: 20) { $0.contains("image.digest:") }
        #expect(evidence.contains("file changed") || evidence.contains("files changed"), "git show --stat is on screen\n\(evidence)")
        #expect(evidence.contains("image.digest:") && evidence.contains("→ sha256:"), "the digest old → new is on screen\n\(evidence)")

        // Press y step by step, remembering the order in which the gate commands appeared.
        var seen: [String] = []
        let commands = ["argocd app set bookstore-catalog-us-east --sync-policy none",
                        "argocd app rollback bookstore-catalog-us-east 41",
                        "argocd app set bookstore-catalog-us-east --sync-policy automated"]
        var screen = first
        var rollbackGate: String?
        let deadline = Date().addingTimeInterval(120)
        while !screen.contains("Runbook complete"), Date() < deadline {
            for command in commands where screen.contains(command) && !seen.contains(command) { seen.append(command) }
            if rollbackGate == nil, screen.contains(commands[1]) { rollbackGate = screen }
            try tmux.send("y")
            Thread.sleep(forTimeInterval: 0.8)
            screen = try tmux.screen()
        }
        #expect(screen.contains("Runbook complete"), "the walk ends with Runbook complete\n\(screen)")
        #expect(screen.contains("mitigated ") && screen.contains(" after the alert"), "the clock says how long mitigating took\n\(screen)")
        #expect(seen.prefix(2) == commands.prefix(2)[...], "disable auto-sync is shown before the rollback: \(seen)")
        // The rollback gate says what it will change (argocd app diff on the simulated cluster), and Output has the diff.
        #expect(rollbackGate?.contains("1 resource will change (apps/Deployment") == true, "\(rollbackGate ?? "no rollback gate seen")")

        // History entry 43 on the good revision, p99 back under the 0.5 s threshold.
        #expect(screen.contains(" 43 a1b2c3d "), "history 43 on a1b2c3d\n\(screen)")
        let p99 = Self.p99(on: screen)
        #expect(p99 != nil && p99! < 0.5, "p99 below 0.5 s at the end: \(String(describing: p99))")
        // The journal says what the screen said: the rollback ran, after its confirmation.
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        let confirmed = lines.firstIndex { $0.contains("\"confirmed\"") && $0.contains("\"rollback\"") }
        let ran = lines.firstIndex { $0.contains("\"gateFinished\"") && $0.contains("\"rollback\"") }
        let ordered = confirmed.flatMap { c in ran.map { c < $0 } } ?? false
        #expect(ordered, "the rollback's confirmation is journaled before its result")
        let diffed = lines.firstIndex { $0.contains("\"diffRead\"") && $0.contains("a1b2c3d") }
        #expect(diffed.flatMap { d in confirmed.map { d < $0 } } ?? false, "the diff against a1b2c3d is read before the rollback is confirmed")
        for path in written {
            let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path) is written beside the journal, named after it, private")
            #expect(lines.contains { $0.contains(path) }, "the journal names \(path)")
        }

        try tmux.send("q")
        _ = try tmux.wait(timeout: 3) { $0.contains("y") && $0.lowercased().contains("quit") }
        try tmux.send("y")
        let deadlineExit = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < deadlineExit { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try tmux.paneDead(), "q then y exits")
    }

    /// The current p99 the Latency pane shows ("p99 0.18 s").
    static func p99(on screen: String) -> Double? {
        guard let match = screen.firstMatch(of: /p99 ([0-9]+\.[0-9]+) s/) else { return nil }
        return Double(String(match.1))
    }
}
