import Foundation
import TestHarness
import Testing

/// The driver's laptop dies mid-incident: `resume` goes on without losing a confirmed step.
@Suite(.serialized)
struct CrashResumeTests {
    @Test func killNineMidStepThenResumeLosesNoConfirmedStep() throws {
        let journal = NSTemporaryDirectory() + "ic-crash-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: environment)
        try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }

        // y every 0.8 s until the rollback is confirmed, then SIGKILL at once: mid-step.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, try !Self.confirmedSteps(journal).contains("rollback") {
            try tmux.send("y")
            Thread.sleep(forTimeInterval: 0.8)
        }
        let pid = try tmux.panePID()
        #expect(pid > 0 && kill(pid, SIGKILL) == 0, "the driver was killed")
        let confirmedBeforeKill = try Self.confirmedSteps(journal)
        #expect(confirmedBeforeKill.contains("rollback"), "the rollback's confirmation reached the journal before the kill: \(confirmedBeforeKill)")
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        _ = try tmux.wait(timeout: 3) { _ in (try? tmux.paneDead()) ?? false }
        try tmux.reapDeadPane()

        try tmux.respawn([Binary.path, "resume", journal], environment: environment)
        let labels = ["preflight": "Pre-flight", "schema": "Schema compatibility", "check": "Check the app", "diagnose": "Diagnose",
                      "disableAutoSync": "Disable auto-sync", "rollback": "Roll back"]
        let resumed = try tmux.wait(timeout: 20) { screen in
            let states = ConsoleScreen.stepStates(screen)
            return confirmedBeforeKill.allSatisfy { states[labels[$0] ?? $0] == "done" }
        }
        let states = ConsoleScreen.stepStates(resumed)
        // Known, intermittent under heavy load: 3b can end "failed: the last operation synced d8f3c2a, not a1b2c3d"
        // while the same screen shows history 43 on a1b2c3d, Succeeded — an app read older than the rollback judged it.
        withKnownIssue("a stale app read can fail 3b after resume (seen at load average 90)", isIntermittent: true) {
            for step in confirmedBeforeKill {
                #expect(states[labels[step] ?? step] == "done", "\(step), confirmed before the kill, is done after resume\n\(resumed)")
            }
        }
        for step in confirmedBeforeKill where step != "rollback" {
            #expect(states[labels[step] ?? step] == "done", "\(step), finished before the kill, stays done after resume\n\(resumed)")
        }
        #expect(!states.values.contains("outcome unknown"), "nothing is left outcome unknown once re-checked\n\(resumed)")
        let after = try Data(contentsOf: URL(fileURLWithPath: journal))
        #expect(after.prefix(before.count) == before, "resume appends: every line written before the kill is still there")
        let text = String(decoding: after.suffix(from: before.count), as: UTF8.self)
        #expect(text.contains("\"resumed\""), "the journal records the resume")
        // The rollback is not run twice: the re-check found it done.
        let rollbacksRun = String(decoding: after, as: UTF8.self).split(separator: "\n")
            .filter { $0.contains("\"gateFinished\"") && $0.contains("\"rollback\"") && $0.contains("\"step\":\"rollback\"") }.count
        #expect(rollbacksRun <= 1, "the rollback ran at most once: \(rollbacksRun)")
    }

    @Test func aJournalCutOffMidLineIsRepairedWithANoteNotRefused() throws {
        let journal = NSTemporaryDirectory() + "ic-torn-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: environment)
        try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        try tmux.send("y")
        try tmux.wait(timeout: 5) { ConsoleScreen.stepStates($0)["Pre-flight"] == "done" }
        #expect(kill(try tmux.panePID(), SIGKILL) == 0)
        _ = try tmux.wait(timeout: 3) { _ in (try? tmux.paneDead()) ?? false }
        try tmux.reapDeadPane()
        // The write the kill interrupted: half a record, no newline.
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"event":{"at":800980918.6,"kind":{"appRe"#.utf8))
        try handle.close()

        try tmux.respawn([Binary.path, "resume", journal], environment: environment)
        let screen = try tmux.wait(timeout: 20) { $0.contains("cut off mid-write") }
        #expect(screen.contains("cut off mid-write"), "resume notes the torn line\n\(screen)")
        #expect(try !tmux.paneDead(), "and runs")
        Thread.sleep(forTimeInterval: 1)
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.contains("appRe") && !$0.hasSuffix("}") }, "the torn line is gone from the journal")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") }, "every line is a whole record")
    }

    @Test func aDrillResumesOnItsOwnClusterWithItsScore() throws {
        let journal = NSTemporaryDirectory() + "ic-drill-resume-\(UUID().uuidString.prefix(8)).jsonl"
        defer {
            for suffix in ["", ".lock", "-debrief.md", "-status-update.txt", "-postmortem.md"] { try? FileManager.default.removeItem(atPath: journal + suffix) }
        }
        let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]
        let tmux = try Tmux(command: [Binary.path, "train", "orders-hpa-values", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: environment)
        try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        try tmux.pressY(timeout: 10) { ConsoleScreen.stepStates($0)["Pre-flight"] == "done" }
        #expect(kill(try tmux.panePID(), SIGKILL) == 0)
        _ = try tmux.wait(timeout: 3) { _ in (try? tmux.paneDead()) ?? false }
        try tmux.reapDeadPane()

        try tmux.respawn([Binary.path, "resume", journal, "--speed", "60"], environment: environment)
        // The drill's own cluster answers (the demo's would not know its app), and the drill goes on scored.
        let screen = try tmux.wait(timeout: 20) { screen in
            ConsoleScreen.stepStates(screen)["Pre-flight"] == "done" && screen.contains("Template") && screen.contains("score")
        }
        #expect(screen.contains("bookstore-orders-eu-west"), "the drill's app\n\(screen)")
        #expect(screen.contains("score"), "the drill's score is on the status line\n\(screen)")
        #expect(!screen.contains("NotFound"), "every read reached the drill's cluster\n\(screen)")
    }

    @Test func aSimulatedJournalOnADrillThisConsoleLacksIsRefusedUnchanged() throws {
        let journal = NSTemporaryDirectory() + "ic-unknown-drill-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal); try? FileManager.default.removeItem(atPath: journal + ".lock") }
        let config = ##"{"alertName":"","app":"bookstore-gone","deployment":"gone","migrationsGlob":"*.sql","mode":"simulation","namespace":"n","p99Threshold":0.5,"pollSeconds":10,"recentDeployWindowSeconds":1800,"scenario":"a-drill-\u001b[31mremoved","selector":"app=gone","statusChannel":"#c","sustainSeconds":60,"verifyTimeoutSeconds":600}"##
        let record = #"{"event":{"at":800000000,"kind":{"started":{"config":"# + config + #","driver":"a@b"}}},"seq":1,"time":"2026-05-20T14:34:13.000Z","v":1}"# + "\n"
        try Data(record.utf8).write(to: URL(fileURLWithPath: journal))
        let outcome = try Spawn.outcome([Binary.path, "resume", journal])
        #expect(outcome.exitCode == 3, "\(outcome)")
        #expect(outcome.stderr.contains("a-drill-"), "names the drill: \(outcome.stderr)")
        #expect(!outcome.stderr.contains("\u{1b}"), "the name from the journal reaches the terminal escaped")
        #expect(try String(contentsOfFile: journal, encoding: .utf8) == record, "the journal is unchanged")
    }

    /// Steps the journal says were confirmed, in order.
    static func confirmedSteps(_ journal: String) throws -> [String] {
        try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard line.contains("\"confirmed\"") else { return nil }
            return line.firstMatch(of: /"confirmed":\{[^}]*"step":"([A-Za-z]+)"/).map { String($0.1) }
        }
    }
}
