import Foundation
import Storage
import Testing
@testable import RunbookEngine

/// What `resume` and `follow` start from: the journal read once, a chunk at a time, and replayed as it is
/// read, its records not kept.
@Suite("A journal replayed once")
struct ReplayedJournalTests {
    static func journal(_ events: [Event]) throws -> Data {
        try events.enumerated().map { try JournalCodec.encode(JournalRecord(seq: $0.offset + 1, event: $0.element)) }.reduce(Data(), +)
    }

    @Test(arguments: [256, 4096, 4 << 20])
    func theJournalIsReadOnceThroughTheReaderAndReplayedToTheLiveState(chunkBytes: Int) throws {
        var walk = Walk.rolledBack()
        walk.poll(for: 120)
        let path = try JournalTests.written(walk.journal)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reads = 0
        let journal = try ReplayedJournal(path: path) { path, body throws(JournalError) in
            reads += 1
            return try JournalReader.read(path: path, chunkBytes: chunkBytes, body)
        }
        #expect(reads == 1, "resume and follow read the journal once, not \(reads) times")
        #expect(journal.state == walk.state, "its one replay gives the live state")
        #expect(journal.eventCount == walk.journal.count && journal.lastSeq == walk.journal.count)
        #expect(journal.startsWithAnIncident && journal.newestFormat == JournalRecord.formatVersion)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(journal.consumedBytes == size && journal.consumedLines == walk.journal.count, "a tail goes on at its end")
    }

    /// A decision whose fsync failed, and a line a failed write cut off, across chunk boundaries: the same
    /// state as reading the journal whole.
    @Test(arguments: [64, 300, 4096])
    func withdrawnDecisionsAndCutLinesReplayAsWhenReadWhole(chunkBytes: Int) throws {
        let walk = Walk.rolledBack()
        let confirmed = try #require(walk.journal.lastIndex { if case .confirmed = $0.kind { true } else { false } })
        var data = try Self.journal(Array(walk.journal[...confirmed]))
        let seq = confirmed + 1
        data += try JournalCodec.encode(JournalRecord(seq: seq + 1, event: Event(at: walk.journal[confirmed].at, .decisionNotDurable(seq: seq, reason: "EIO"))))
        data += Data(#"{"event":{"at":1"#.utf8) + Data("\n".utf8)
        data += try JournalCodec.encode(JournalRecord(seq: seq + 2, event: Event(at: walk.journal[confirmed].at + 1, .timerFired(.poll))))
        let path = JournalTests.temporaryJournal()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))

        let whole = try JournalReader.read(path: path)
        let streamed = try ReplayedJournal(path: path) { path, body throws(JournalError) in
            try JournalReader.read(path: path, chunkBytes: chunkBytes, body)
        }
        #expect(streamed.state == Runbook.replay(whole.events), "the withdrawn decision is not acted on, as when read whole")
        #expect(streamed.state != Runbook.replay(whole.records.map(\.event)), "and it would have changed the state")
        #expect(streamed.repairNote == whole.repairNote && streamed.repairNote != nil, "the cut line is dropped with a note")
        #expect(streamed.consumedBytes == data.count && streamed.lastSeq == seq + 2)
    }

    @Test func theGateCommandsAResumedWorldReappliesAreTheConfirmedOnesAtTheirTimes() throws {
        let walk = Walk.rolledBack()
        let journal = ReplayedJournal(try JournalReader.parse(Self.journal(walk.journal), path: "j.jsonl", final: true))
        let confirmed = walk.journal.compactMap { event -> (Date, [String])? in
            guard case .confirmed(_, let argv, _) = event.kind, !argv.isEmpty else { return nil }
            return (event.at, argv)
        }
        #expect(!confirmed.isEmpty, "the walk confirmed commands")
        #expect(journal.gateRuns.map(\.at) == confirmed.map(\.0))
        #expect(journal.gateRuns.map(\.command.argv) == confirmed.map(\.1))
    }
}
