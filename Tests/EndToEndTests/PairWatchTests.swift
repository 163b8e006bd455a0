import Foundation
import Testing

/// A driver and a watcher on one journal, each in their own terminal.
@Suite(.serialized)
struct PairWatchTests {
    @Test func theFollowerShowsTheDriversStepsWithinASecondAndItsKeysChangeNothing() throws {
        let journal = NSTemporaryDirectory() + "ic-pair-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]
        let driver = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                              width: 160, height: 48, environment: environment)
        try driver.wait(timeout: 20) { $0.contains("Pre-flight") && $0.contains("awaiting y") }
        let follower = try Tmux(command: [Binary.path, "follow", journal], width: 160, height: 48, environment: environment)
        let banner = try follower.wait(timeout: 20) { $0.contains("following") && $0.contains("Pre-flight") }
        let user = try String(contentsOfFile: journal, encoding: .utf8).firstMatch(of: /"driver":"([^"]+)"/).map { String($0.1) }
        #expect(user != nil && banner.contains("READ-ONLY") && banner.contains("following \(user!)"), "the banner names the driver\n\(banner)")
        #expect(banner.contains("SIMULATION"), "the banner names the mode\n\(banner)")

        // The driver walks the runbook; each state the driver's screen shows, the follower's shows within a second.
        var firstSeen: [[String: String]: (driver: Date, follower: Date?)] = [:]
        var lastPress = Date.distantPast
        var followerKeysTried = false
        let deadline = Date().addingTimeInterval(150)
        var driverScreen = ""
        while Date() < deadline {
            driverScreen = try driver.screen()
            let followerScreen = try follower.screen()
            let now = Date()
            let driven = ConsoleScreen.stepStates(driverScreen), followed = ConsoleScreen.stepStates(followerScreen)
            if driven.count == ConsoleScreen.steps.count, firstSeen[driven] == nil { firstSeen[driven] = (now, nil) }
            if let seen = firstSeen[followed], seen.follower == nil { firstSeen[followed] = (seen.driver, now) }
            if driverScreen.contains("Runbook complete"), followed == driven { break }

            // Halfway, with a gate open on both screens, the follower presses y: nothing may change.
            if !followerKeysTried, driven["Roll back"] == "awaiting y", followed == driven {
                followerKeysTried = true
                let before = try Self.confirmations(journal)
                try follower.send("y")
                let answer = try follower.wait(timeout: 5) { $0.contains("read-only: following \(user ?? "")") }
                #expect(answer.contains("read-only: following"), "the follower's y says it is read-only\n\(answer)")
                Thread.sleep(forTimeInterval: 0.5)
                #expect(try Self.confirmations(journal) == before, "the follower's y confirms nothing")
                #expect(ConsoleScreen.stepStates(try driver.screen())["Roll back"] == "awaiting y", "the driver's gate is still open")
            }
            if now.timeIntervalSince(lastPress) >= 0.8, !driverScreen.contains("Runbook complete") {
                try driver.send("y")
                lastPress = now
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(driverScreen.contains("Runbook complete"), "the driver finished the walk\n\(driverScreen)")
        #expect(followerKeysTried, "the follower had a chance to press y at an open gate")
        let seen = firstSeen.values.compactMap { times in times.follower.map { $0.timeIntervalSince(times.driver) } }
        #expect(seen.count >= 10, "the follower showed most of the driver's states: \(seen.count) of \(firstSeen.count)")
        let slowest = seen.max() ?? .infinity
        // Sampling both screens costs up to ~0.1 s, so the bound is the issue's second plus that.
        #expect(slowest <= 1.1, "the follower lags at most a second behind the driver (slowest \(slowest) s)")
        print("follow lag over \(seen.count) states: median \(seen.sorted()[seen.count / 2]) s, slowest \(slowest) s")

        // The driver quits: the follower says so, and its keys cannot touch the now-finished journal.
        try driver.send("q")
        Thread.sleep(forTimeInterval: 0.3)
        if try !driver.paneDead() { try driver.send("y") }
        let left = try follower.wait(timeout: 3) { $0.contains("left at") }
        #expect(left.contains("\(user ?? "driver") left at"), "the follower says the driver left\n\(left)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: journal))
        for key in ["y", "n", "r", "o", "Enter", "Tab", "y"] { try follower.send(key) }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == bytes, "the follower's keys leave the journal byte-identical")
        #expect(try !follower.paneDead(), "the follower keeps running after the driver left")
    }

    @Test func theFollowerSurvivesTheJournalBeingRotated() throws {
        let journal = NSTemporaryDirectory() + "ic-rotate-\(UUID().uuidString.prefix(8)).jsonl"
        defer { for p in [journal, journal + ".1", journal + ".2"] { try? FileManager.default.removeItem(atPath: p) } }
        let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]
        let driver = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                              width: 160, height: 48, environment: environment)
        try driver.wait(timeout: 20) { $0.contains("Pre-flight") && $0.contains("awaiting y") }
        let follower = try Tmux(command: [Binary.path, "follow", journal], width: 160, height: 48, environment: environment)
        try follower.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        // Another console moves the journal aside and starts a fresh one at the same path, further along.
        try driver.send("y")
        let advanced = try driver.wait(timeout: 5) { ConsoleScreen.stepStates($0)["Pre-flight"] == "done" }
        #expect(ConsoleScreen.stepStates(advanced)["Pre-flight"] == "done")
        Thread.sleep(forTimeInterval: 0.5)
        try FileManager.default.copyItem(atPath: journal, toPath: journal + ".2")
        try FileManager.default.moveItem(atPath: journal, toPath: journal + ".1")
        try FileManager.default.moveItem(atPath: journal + ".2", toPath: journal)
        let rebuilt = try follower.wait(timeout: 3) { $0.contains("journal was replaced") }
        #expect(rebuilt.contains("journal was replaced"), "the follower says it rebuilt from the new file\n\(rebuilt)")
        #expect(ConsoleScreen.stepStates(rebuilt)["Pre-flight"] == "done", "and shows its state\n\(rebuilt)")
    }

    static func confirmations(_ journal: String) throws -> Int {
        try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"confirmed\"") }.count
    }
}
