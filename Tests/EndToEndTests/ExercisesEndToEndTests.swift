import Foundation
import TestHarness
import Testing

/// "When this runbook last worked", with the real binary: a drill driven to its end in tmux adds its row
/// beside its journal, `exercises` prints the runbook's table, and a stale log is said on the demo's first screen.
@Suite(.serialized)
struct ExercisesEndToEndTests {
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]

    static func rows(_ directory: String) -> [String] {
        ((try? String(contentsOfFile: directory + "/exercises.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func aDrillDrivenToItsEndIsARowAndExercisesPrintsTheTable() throws {
        let directory = try TemporaryDirectory()
        let empty = try Spawn.outcome([Binary.path, "exercises", "--dir", directory.path])
        #expect(empty.exitCode == 0 && empty.stdout.contains("No exercise on record"), "\(empty.stdout)\(empty.stderr)")

        let journal = directory.path + "/drill.jsonl"
        let tmux = try Tmux(command: [Binary.path, "train", "forward-only-migration", "--speed", "5", "--journal", journal],
                            width: 160, height: 48, environment: Self.environment)
        _ = try tmux.pressY(timeout: 60) { $0.contains("Debrief: forward-only-migration") }
        #expect(Self.rows(directory.path).isEmpty, "the row is written when the console stops, not before")
        try tmux.send("q")
        let quitBy = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < quitBy { Thread.sleep(forTimeInterval: 0.1) }
        let rows = Self.rows(directory.path)
        #expect(rows.count == 1, "\(rows)")
        #expect(rows.first?.contains("\"ending\":\"handOff\"") == true && rows.first?.contains("\"kind\":\"drill\"") == true, "\(rows)")

        let table = try Spawn.outcome([Binary.path, "exercises", "--dir", directory.path])
        #expect(table.exitCode == 0)
        #expect(table.stdout.hasPrefix("| Date (UTC) | App | Region | Kind | Resolved | Notes |"), "\(table.stdout)")
        #expect(table.stdout.contains("| drill forward-only-migration | handed off to the data-rollback runbook |"), "\(table.stdout)")
        #expect(table.stderr.isEmpty, "a fresh exercise is no warning: \(table.stderr)")

        // The same incident, resumed after its end, adds no second row.
        try tmux.respawn([Binary.path, "resume", journal], environment: Self.environment)
        _ = try tmux.wait(timeout: 20) { $0.contains("forward-only-migration") || $0.contains("Debrief") }
        try tmux.send("q")
        Thread.sleep(forTimeInterval: 1)
        if try !tmux.paneDead() { try tmux.send("q") }
        let quitAgain = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < quitAgain { Thread.sleep(forTimeInterval: 0.1) }
        #expect(Self.rows(directory.path).count == 1, "\(Self.rows(directory.path))")
    }

    @Test func aLogWhoseNewestRowIsPast90DaysIsSaidOnTheDemosFirstScreen() throws {
        let directory = try TemporaryDirectory()
        let ended = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-120 * 86_400))
        let row = #"{"app":"bookstore-catalog-us-east","ending":"rolledBack","ended":"\#(ended)","journal":"old.jsonl","kind":"live","notes":"-","region":"us-east"}"#
        try (row + "\nnot json\n").write(toFile: directory.path + "/exercises.jsonl", atomically: true, encoding: .utf8)
        chmod(directory.path + "/exercises.jsonl", 0o600)
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "1", "--journal", directory.path + "/demo.jsonl"],
                            width: 200, height: 50, environment: Self.environment)
        let screen = try tmux.wait(timeout: 20) { $0.contains("last exercised") }
        #expect(screen.contains("last exercised 120 days ago"), "\(screen)")
        try tmux.send("q")

        let table = try Spawn.outcome([Binary.path, "exercises", "--dir", directory.path])
        #expect(table.stdout.contains("| live | rolled back |"), "\(table.stdout)")
        #expect(table.stderr.contains("1 line could not be read"), "an unreadable line is said, not dropped silently: \(table.stderr)")
        #expect(table.stderr.contains("last exercised 120 days ago"), "\(table.stderr)")
    }
}
