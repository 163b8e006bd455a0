import Foundation
import TestHarness
import Testing

/// One console drives a journal; a new incident never lands in an old journal; a follower is never a driver.
@Suite(.serialized)
struct JournalClaimTests {
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]

    static func driving(_ journal: String) throws -> Tmux {
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal], width: 160, height: 48, environment: environment)
        try tmux.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        return tmux
    }

    /// The console run to its end without a terminal (a refusal comes before it would take one).
    static func refused(_ arguments: [String]) throws -> (exit: Int32?, stderr: String) {
        let run = try Spawn.outputs([Binary.path] + arguments, environment: environment, timeout: 30)
        #expect(run.stdout.isEmpty, "a refusal says nothing on stdout: \(run.stdout)")
        return (run.status.map { ($0 >> 8) & 0xff }, run.stderr)
    }

    static func records(_ journal: String, _ kind: String) throws -> Int {
        try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"\(kind)\":{") }.count
    }

    @Test func aSecondDriverIsRefusedNamingWhoHoldsTheJournal() throws {
        let dir = try TemporaryDirectory()
        let journal = dir.path + "/pair.jsonl"
        let driver = try Self.driving(journal)
        let pid = try driver.panePID()
        let user = try #require(try String(contentsOfFile: journal, encoding: .utf8).firstMatch(of: /"driver":"([^"]+)"/).map { String($0.1) })
        for command in [["demo", "--journal", journal], ["resume", journal], ["train", "false-alarm", "--journal", journal]] {
            let run = try Self.refused(command)
            #expect(run.exit != nil && run.exit != 0, "\(command[0]) exits non-zero: \(run)")
            #expect(run.stderr.contains("\(journal) is being driven by \(user), pid \(pid), since 20"), "\(command[0]) names the holder:\n\(run.stderr)")
            #expect(!run.stderr.contains("resume \(journal)"), "and does not suggest resuming a journal someone drives")
        }
        #expect(try Self.records(journal, "started") == 1 && Self.records(journal, "resumed") == 0, "the refused consoles wrote nothing")
        #expect(ConsoleScreen.stepStates(try driver.screen())["Pre-flight"] == "awaiting y", "the driver carries on")

        // The driver quits: its lock goes with it, and resume may take the journal.
        try driver.send("q")
        try driver.wait(timeout: 5) { $0.contains("Quit while") }
        try driver.send("y")
        _ = try driver.wait(timeout: 10) { _ in (try? driver.paneDead()) ?? false }
        #expect(!FileManager.default.fileExists(atPath: journal + ".lock"), "a driver that quits removes its lock file")
        try driver.respawn([Binary.path, "resume", journal], environment: Self.environment)
        let resumed = try driver.wait(timeout: 20) { ConsoleScreen.stepStates($0)["Pre-flight"] == "awaiting y" }
        #expect(ConsoleScreen.stepStates(resumed)["Pre-flight"] == "awaiting y", "resume drives it now\n\(resumed)")
        #expect(try Self.records(journal, "resumed") == 1)
    }

    @Test func anExistingJournalIsRefusedForANewIncidentPointingAtResume() throws {
        let dir = try TemporaryDirectory()
        let journal = dir.path + "/done.jsonl"
        let driver = try Self.driving(journal)
        try driver.send("q")
        try driver.wait(timeout: 5) { $0.contains("Quit while") }
        try driver.send("y")
        _ = try driver.wait(timeout: 10) { _ in (try? driver.paneDead()) ?? false }
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        for command in [["demo", "--journal", journal], ["train", "false-alarm", "--journal", journal]] {
            let run = try Self.refused(command)
            #expect(run.exit != nil && run.exit != 0, "\(command[0]) exits non-zero: \(run)")
            #expect(run.stderr.contains("\(journal) already exists") && run.stderr.contains("incident-console resume \(journal)"),
                    "\(command[0]) points at resume:\n\(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before, "no second incident was appended")
    }

    /// No HOME (and no XDG_STATE_HOME): no shared directory instead, a clear stop before the terminal is taken.
    @Test(arguments: [["demo"], ["demo", "--journal", "JOURNAL"], ["follow"]])
    func withoutHomeTheConsoleSaysSoAndStops(arguments: [String]) throws {
        let dir = try TemporaryDirectory()
        let argv = [Binary.path] + arguments.map { $0 == "JOURNAL" ? dir.path + "/j.jsonl" : $0 }
        let run = try Spawn.outputs(argv, environment: Self.environment, removing: ["HOME", "XDG_STATE_HOME", "INCIDENT_CONSOLE_LOG"])
        #expect(run.status.map { ($0 >> 8) & 0xff } == 1, "\(run)")
        #expect(run.stderr.contains("HOME is not set (nor XDG_STATE_HOME)"), "\(run.stderr)")
        #expect(!run.stdout.contains("\u{1B}["), "the terminal was never taken")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/j.jsonl"))
    }

    @Test func aFollowerNeverSuggestsResumeEvenWhenItCrashes() throws {
        let dir = try TemporaryDirectory()
        let journal = dir.path + "/watched.jsonl"
        let driver = try Self.driving(journal)
        let follower = try Tmux(command: [Binary.path, "follow", journal], width: 160, height: 48, environment: Self.environment)
        try follower.wait(timeout: 20) { $0.contains("following") && $0.contains("Pre-flight") }
        #expect(kill(try follower.panePID(), SIGSEGV) == 0)
        _ = try follower.wait(timeout: 5) { _ in (try? follower.paneDead()) ?? false }
        try follower.reapDeadPane()
        let screen = try follower.screen()
        #expect(screen.contains("internal error (SIGSEGV)"), "the follower's crash is reported\n\(screen)")
        #expect(!screen.contains("resume"), "and never tells the watcher to resume the driver's journal\n\(screen)")
        #expect(try Self.records(journal, "resumed") == 0 && !driver.paneDead(), "the driver is untouched")
    }

    @Test func aFollowerSaysWhenItCanNoLongerReadTheJournal() throws {
        let dir = try TemporaryDirectory()
        let journal = dir.path + "/gone.jsonl"
        let driver = try Self.driving(journal)
        let follower = try Tmux(command: [Binary.path, "follow", journal], width: 160, height: 48, environment: Self.environment)
        try follower.wait(timeout: 20) { $0.contains("following") && $0.contains("Pre-flight") }
        try FileManager.default.moveItem(atPath: journal, toPath: dir.path + "/elsewhere.jsonl")
        let gone = try follower.wait(timeout: 5) { $0.contains("JOURNAL UNREADABLE") }
        #expect(gone.contains("JOURNAL UNREADABLE") && gone.contains("No such file or directory"), "the follower says so on screen\n\(gone)")
        try FileManager.default.moveItem(atPath: dir.path + "/elsewhere.jsonl", toPath: journal)
        let back = try follower.wait(timeout: 5) { !$0.contains("JOURNAL UNREADABLE") }
        #expect(!back.contains("JOURNAL UNREADABLE"), "and clears it once the journal is back\n\(back)")
        withExtendedLifetime(driver) {}
    }
}
