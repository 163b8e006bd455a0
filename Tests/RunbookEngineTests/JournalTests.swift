import Foundation
@testable import Storage
import Testing
@testable import RunbookEngine

@Suite("The journal file")
struct JournalTests {
    static func temporaryJournal() -> String {
        NSTemporaryDirectory() + "runbook-journal-\(UUID().uuidString)/incident.jsonl"
    }

    static func written(_ events: [Event]) throws -> String {
        let path = temporaryJournal()
        let writer = try JournalWriter(path: path)
        for event in events { try writer.append(event) }
        return path
    }

    @Test func aWalkWrittenAndReadBackReplaysToTheLiveState() throws {
        let walk = ReplayTests.eventfulWalk
        let path = try Self.written(walk.journal)
        let contents = try JournalReader.read(path: path)
        #expect(contents.repairNote == nil)
        #expect(contents.records.map(\.seq) == Array(1...walk.journal.count))
        #expect(contents.events == walk.journal)
        #expect(Runbook.replay(contents.events) == walk.state)
    }

    @Test func theJournalIsPrivateToItsOwner() throws {
        let path = try Self.written(Array(Walk().journal.prefix(3)))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func aTornLastLineIsDroppedWithANote() throws {
        let journal = Walk().journal
        let path = try Self.written(journal)
        let data = try #require(FileManager.default.contents(atPath: path))
        try (data + Data(#"{"v":1,"seq":99,"time":"2026-05-20T14:40:00Z","event":{"at":80"#.utf8)).write(to: URL(fileURLWithPath: path))
        let contents = try JournalReader.read(path: path)
        #expect(contents.events == journal)
        #expect(contents.repairNote == "The journal's last line (line \(journal.count + 1)) was cut off mid-write; it was dropped.")
        #expect(Runbook.replay(contents.events) == Walk().state)
    }

    @Test func aDamagedLineInTheMiddleIsAnErrorNamingTheLine() throws {
        let path = try Self.written(Array(Walk().journal.prefix(4)))
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = "{\"v\":1,\"seq\":2,\"garbage\""
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            _ = try JournalReader.read(path: path)
        } throws: { error in
            if case JournalError.corrupt(_, let line, _) = error { return line == 2 }
            return false
        }
    }
}
