import Foundation
import Testing

/// `train` in a real terminal (tmux): the drills whose trap is a gate that must not open.
@Suite(.serialized)
struct TrainTests {
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]

    /// A journal in a directory of its own (0700, as the console wants it): what the incident writes beside
    /// its journal — the exercise log too — stays with it, and `remove` takes it all.
    static func journalPath() -> String {
        let directory = NSTemporaryDirectory() + "ic-train-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return directory + "/journal.jsonl"
    }

    static func debriefPath(_ journal: String) -> String { journal.replacingOccurrences(of: ".jsonl", with: "-debrief.md") }

    static func remove(_ journal: String) {
        for path in [journal, debriefPath(journal), IncidentPaths.statusMessage(journal), IncidentPaths.postmortem(journal), journal + ".lock"] {
            try? FileManager.default.removeItem(atPath: path)
        }
        let directory = (journal as NSString).deletingLastPathComponent
        if (directory as NSString).lastPathComponent.hasPrefix("ic-train-") { try? FileManager.default.removeItem(atPath: directory) }
    }

    static func lines(_ journal: String) -> [Substring] {
        ((try? String(contentsOfFile: journal, encoding: .utf8)) ?? "").split(separator: "\n")
    }

    static func count(_ journal: String, _ kind: String, _ step: String) -> Int {
        lines(journal).filter { $0.contains("\"\(kind)\"") && $0.contains("\"\(step)\"") }.count
    }

    @Test func trainListNamesEveryShippedDrillWithADescription() throws {
        let tmux = try Tmux(command: [Binary.path, "train", "--list"], width: 220, height: 20, environment: Self.environment)
        let screen = try tmux.wait(timeout: 10) { $0.contains("sync-window-deny") }
        for name in ["catalog-bad-digest", "orders-hpa-values", "forward-only-migration",
                     "auto-sync-footgun", "parent-app-reenables", "feature-flag-config", "false-alarm", "rollout-canary-analysis-failed", "rollout-promoted-bad", "sync-window-deny"] {
            let line = screen.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            #expect(line.map { $0.count > name.count + 20 } == true, "\(name) is listed with a description\n\(screen)")
        }
    }

    /// Issue 19 §6: the hint key and the score so far stay on screen; quitting before the evidence is no decision.
    @Test func theStatusLineKeepsTheHintKeyAndTheScoreAndAnEarlyQuitIsNoDecision() throws {
        let journal = Self.journalPath()
        defer { Self.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "train", "false-alarm", "--speed", "5", "--journal", journal],
                            width: 160, height: 48, environment: Self.environment)
        let start = try tmux.wait(timeout: 30) { $0.contains("Pre-flight") && $0.contains("awaiting y") }
        #expect(start.contains("h hint  score 100"), "\(start)")
        try tmux.send("h")
        let hinted = try tmux.wait(timeout: 5) { $0.contains("score 90") }
        #expect(hinted.contains("Hint: Pre-flight  (-10 points)"), "the hint names its step once\n\(hinted)")
        try tmux.send("q")
        _ = try tmux.wait(timeout: 3) { $0.lowercased().contains("quit") }
        try tmux.send("y")
        let debrief = try tmux.wait(timeout: 5) { $0.contains("Debrief: false-alarm") }
        #expect(debrief.contains("Your decision: none made"), "\(debrief)")
        #expect(debrief.contains("Score: 70/100"), "a hint and no decision\n\(debrief)")
        #expect(debrief.contains("Lesson:"))
        try tmux.send("q")
    }

    /// Issue 14: the canary drill on the real binary: the abort gate shows Argo CD's action before it runs,
    /// one y runs it once (never a rollback), and the drill walks to its debrief.
    @Test func theCanaryDrillShowsTheAbortGateAndCompletes() throws {
        let journal = Self.journalPath()
        defer { Self.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "train", "rollout-canary-analysis-failed", "--speed", "10", "--journal", journal],
                            width: 160, height: 48, environment: Self.environment)
        _ = try tmux.wait(timeout: 30) { $0.contains("Pre-flight") && $0.contains("awaiting y") }
        let gate = try tmux.pressY(timeout: 60) { $0.contains("app actions run bookstore-reviews-us-east abort --kind Rollout") }
        #expect(gate.contains("Abort the canary"), "\(gate)")
        #expect(gate.contains("argocd app actions run bookstore-reviews-us-east abort --kind Rollout --resource-name reviews --namespace bookstore-platform-acme-books"),
                "the gate shows the whole command\n\(gate)")
        #expect(Self.count(journal, "confirmed", "abortRollout") == 0, "the gate was on screen before any y on it")
        let screen = try tmux.pressY(timeout: 300) { $0.contains("Debrief: rollout-canary-analysis-failed") }
        #expect(Self.count(journal, "confirmed", "abortRollout") == 1)
        #expect(Self.count(journal, "gateFinished", "abortRollout") == 1, "the abort ran once")
        #expect(Self.count(journal, "gateFinished", "rollback") == 0 && Self.count(journal, "confirmed", "rollback") == 0, "never a rollback")
        #expect(screen.contains("as the runbook says") && screen.contains("Score: 100/100"), "\(screen)")
        try tmux.send("q")
        let quitBy = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < quitBy { Thread.sleep(forTimeInterval: 0.1) }
    }

    /// Issue 18: the sync-window drill on the real binary. The deny window is said at Pre-flight, before any
    /// command; the override is a gate of its own, shown whole before its y, run once; then the rollback runs.
    @Test func theSyncWindowDrillSaysSoBeforeTheGateAndTheOverrideIsItsOwnGate() throws {
        let journal = Self.journalPath()
        defer { Self.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "train", "sync-window-deny", "--speed", "10", "--journal", journal],
                            width: 160, height: 48, environment: Self.environment)
        let preflight = try tmux.wait(timeout: 30) { $0.contains("Pre-flight") && $0.contains("awaiting y") && $0.contains("Sync Denied by window 1") }
        #expect(preflight.contains("no deny window: Sync Denied by window 1 (0 0 27 11 *, 96h)"), "said at Pre-flight\n\(preflight)")
        #expect(!Self.lines(journal).contains { $0.contains("\"gateFinished\"") }, "before any command ran")
        let gate = try tmux.pressY(timeout: 120) { $0.contains("$ argocd proj windows enable-manual-sync bookstore-platform 1") }
        #expect(gate.contains("Allow manual sync") && gate.contains("$ argocd proj windows enable-manual-sync bookstore-platform 1"),
                "the override's gate shows its whole command\n\(gate)")
        #expect(Self.count(journal, "confirmed", "syncWindowOverride") == 0, "the gate was on screen before any y on it")
        #expect(Self.count(journal, "confirmed", "rollback") == 0, "3b comes after the override")
        let rollbackGate = try tmux.pressY(timeout: 60) { $0.contains("$ argocd app rollback bookstore-reviews-eu-west 70") }
        #expect(Self.count(journal, "gateFinished", "syncWindowOverride") == 1, "the override ran once")
        #expect(!rollbackGate.contains("the rollback would be parked"), "the window no longer denies the rollback\n\(rollbackGate)")
        let screen = try tmux.pressY(timeout: 300) { $0.contains("Debrief: sync-window-deny") }
        #expect(Self.count(journal, "gateFinished", "rollback") == 1)
        #expect(screen.contains("Score: 100/100"), "\(screen)")
        try tmux.send("q")
        let quitBy = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < quitBy { Thread.sleep(forTimeInterval: 0.1) }
    }

    @Test func forwardOnlyMigrationStopsAtStep0AndYAloneCanOnlyHandOff() throws {
        let journal = Self.journalPath()
        defer { Self.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "train", "forward-only-migration", "--speed", "5", "--journal", journal],
                            width: 160, height: 48, environment: Self.environment)
        let stop = try tmux.wait(timeout: 30) { $0.contains("HARD STOP") && $0.contains("UNSAFE") }
        #expect(stop.contains("HARD STOP") && stop.contains("DROP COLUMN legacy_card_token"), "Step 0 stops on the DROP COLUMN\n\(stop)")
        // Mashing y: the one way on from the hard stop is the hand-off ending, then Steps 4 and 5.
        let screen = try tmux.pressY(timeout: 60) { $0.contains("Debrief: forward-only-migration") }
        #expect(Self.count(journal, "confirmed", "handOff") == 1, "the hand-off was confirmed")
        #expect(Self.count(journal, "gateFinished", "rollback") == 0, "no rollback ran")
        #expect(!Self.lines(journal).contains { $0.contains("\"gateFinished\"") }, "no command ran at all")
        #expect(Self.count(journal, "confirmed", "rollback") == 0)
        let status = try String(contentsOfFile: IncidentPaths.statusMessage(journal), encoding: .utf8)
        #expect(status.contains("data-rollback-postgres-pitr.md") && status.contains("No rollback was done"), "\(status)")

        // Handing off is the right answer: the debrief says so, and is written next to the journal.
        let debrief = screen
        #expect(debrief.contains("handed off") && debrief.contains("as the runbook says"), "\(debrief)")
        #expect(debrief.contains("Score: 100/100"))
        try tmux.send("q")
        let quitBy = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < quitBy { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try tmux.paneDead(), "q leaves the debrief")
        let markdown = try String(contentsOfFile: Self.debriefPath(journal), encoding: .utf8)
        #expect(markdown.contains("# Drill debrief — forward-only-migration"))

        // The drill played back: read-only, the same hard stop, and y still confirms nothing.
        try tmux.respawn([Binary.path, "replay", journal, "--speed", "50"], environment: Self.environment)
        let replay = try tmux.wait(timeout: 15) { $0.contains("HARD STOP") && $0.contains("REPLAY") }
        #expect(replay.contains("REPLAY ×50 · SIMULATION") && replay.contains("HARD STOP"), "\(replay)")
        let before = Self.lines(journal)
        try tmux.send("y")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(Self.lines(journal) == before, "a replay writes nothing")
        try tmux.send("q")
    }

    /// issue 18: the parent is caught before 3a, not after: Pre-flight's gate names it with its fix, and
    /// so does 3a's gate, before its y; then the parent does what was said, and the console catches that too.
    @Test func parentAppReenablesIsNamedAtPreflightAndOnThreeAsGateBeforeItsY() throws {
        let journal = Self.journalPath()
        defer { Self.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "train", "parent-app-reenables", "--speed", "5", "--journal", journal],
                            width: 160, height: 48, environment: Self.environment)
        let preflight = try tmux.wait(timeout: 30) { $0.contains("▶ Pre-flight") && $0.contains("no parent app:") }
        #expect(preflight.contains("no parent app: the Application bookstore-apps manages this app"), "Pre-flight says it\n\(preflight)")
        #expect(preflight.contains("▲ no parent app"), "the Runbook pane marks the check\n\(preflight)")
        #expect(Self.count(journal, "confirmed", "preflight") == 0)

        // y through the evidence until 3a's gate is on screen, and not one press more.
        let gate = try tmux.pressY(timeout: 60) { $0.contains("Step 3a Disable auto-sync runs exactly") }
        #expect(gate.contains("First: argocd app set bookstore-apps --sync-policy none"), "3a's gate names the fix\n\(gate)")
        #expect(Self.count(journal, "confirmed", "disableAutoSync") == 0, "said before 3a's y")
        try tmux.send("y")
        let back = try tmux.wait(timeout: 40) { $0.contains("Auto-sync came back on after Step 3a") }
        #expect(back.contains("Auto-sync came back on after Step 3a"), "\(back)")
        #expect(Self.count(journal, "gateFinished", "rollback") == 0)
        try tmux.send("q")
        _ = try tmux.wait(timeout: 3) { $0.lowercased().contains("quit") }
        try tmux.send("y")
        _ = try tmux.wait(timeout: 5) { $0.contains("Debrief: parent-app-reenables") }
        try tmux.send("q")
    }

    @Test func autoSyncFootgunShowsAutoSyncBackOnAndHoldsTheRollbackUntilItIsOffAgain() throws {
        let journal = Self.journalPath()
        defer { Self.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "train", "auto-sync-footgun", "--speed", "5", "--journal", journal],
                            width: 160, height: 48, environment: Self.environment)
        _ = try tmux.wait(timeout: 30) { $0.contains("bookstore-search-us-east") && $0.contains("SIMULATION") }

        // y through the evidence steps until 3a is confirmed, and not one press more.
        try tmux.pressY(timeout: 60) { _ in Self.count(journal, "confirmed", "disableAutoSync") > 0 }
        #expect(Self.count(journal, "confirmed", "disableAutoSync") == 1)
        // The app-of-apps parent turns auto-sync back on 20 s (simulated) after 3a: the console says so.
        let back = try tmux.wait(timeout: 30) { $0.contains("Auto-sync came back on after Step 3a") }
        #expect(back.contains("Auto-sync came back on after Step 3a"), "the re-enabled auto-sync is shown\n\(back)")
        #expect(back.contains("auto-sync was switched back on after Step 3a"))
        #expect(back.contains("ON (automated"), "the Application pane shows auto-sync ON again\n\(back)")
        #expect(back.contains("Step 3a Disable auto-sync failed; y runs it again"), "the bar offers 3a again, not 3b\n\(back)")
        #expect(Self.count(journal, "gateFinished", "rollback") == 0, "no rollback while auto-sync is back on")

        // The next y runs 3a again; only then does the rollback go through.
        try tmux.pressY(timeout: 60) { _ in Self.count(journal, "gateFinished", "rollback") > 0 }
        let lines = Self.lines(journal)
        let disables = lines.indices.filter { lines[$0].contains("\"gateFinished\"") && lines[$0].contains("\"disableAutoSync\"") }
        let rollback = lines.firstIndex { $0.contains("\"gateFinished\"") && $0.contains("\"rollback\"") }
        #expect(disables.count == 2, "3a ran twice")
        #expect(rollback.map { r in disables.count == 2 && disables[1] < r } == true, "the rollback ran only after the second 3a")
        #expect(lines.first { $0.contains("\"gateFinished\"") && $0.contains("\"rollback\"") }?.contains("\"exitCode\":0") == true,
                "the rollback succeeded: auto-sync was off")
        try tmux.send("q")
        _ = try tmux.wait(timeout: 3) { $0.lowercased().contains("quit") }
        try tmux.send("y")
        _ = try tmux.wait(timeout: 5) { $0.contains("Debrief: auto-sync-footgun") }
        try tmux.send("q")
    }
}
