import Foundation
@testable import Storage
import Testing
@testable import RunbookEngine

/// What a follower sees of a journal another process is writing.
@Suite("Tailing a journal")
struct JournalTailTests {
    static let events = Walk().journal

    static func line(_ seq: Int, _ event: Event) throws -> Data {
        try JournalCodec.encode(JournalRecord(seq: seq, event: event))
    }

    static func append(_ data: Data, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }

    @Test func recordsAppendedAfterTheFirstReadComeInOrderAndOnlyOnce() throws {
        let path = try JournalTests.written(Array(Self.events.prefix(3)))
        let contents = try JournalReader.read(path: path)
        let tail = JournalTail(path: path, offset: contents.consumedBytes)
        #expect(try tail.poll() == .appended([]))
        try Self.append(Self.line(4, Self.events[3]) + Self.line(5, Self.events[4]), to: path)
        #expect(try tail.poll() == .appended([JournalRecord(seq: 4, event: Self.events[3]), JournalRecord(seq: 5, event: Self.events[4])]))
        #expect(try tail.poll() == .appended([]))
    }

    @Test func aLineHalfWrittenIsLeftForTheNextPoll() throws {
        let path = try JournalTests.written(Array(Self.events.prefix(2)))
        let tail = JournalTail(path: path, offset: try JournalReader.read(path: path).consumedBytes)
        let next = try Self.line(3, Self.events[2])
        let cut = next.count / 2
        try Self.append(next.prefix(cut), to: path)
        #expect(try tail.poll() == .appended([]))
        try Self.append(next.suffix(from: cut), to: path)
        #expect(try tail.poll() == .appended([JournalRecord(seq: 3, event: Self.events[2])]))
    }

    @Test func aRotatedJournalIsReadAgainFromTheTop() throws {
        let path = try JournalTests.written(Array(Self.events.prefix(4)))
        let tail = JournalTail(path: path, offset: 0)
        guard case .appended(let first) = try tail.poll() else { Issue.record("first poll restarted"); return }
        #expect(first.count == 4)
        // logrotate's way: the old file moves aside, a new one takes the path (a new inode).
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        let rotated = try JournalWriter(path: path)
        try rotated.append(Self.events[0])
        try rotated.append(Self.events[1])
        #expect(try tail.poll() == .restarted([JournalRecord(seq: 1, event: Self.events[0]), JournalRecord(seq: 2, event: Self.events[1])]))
        try rotated.append(Self.events[2])
        #expect(try tail.poll() == .appended([JournalRecord(seq: 3, event: Self.events[2])]))
    }

    @Test func aTruncatedJournalIsReadAgainFromTheTop() throws {
        let path = try JournalTests.written(Array(Self.events.prefix(5)))
        let tail = JournalTail(path: path, offset: try JournalReader.read(path: path).consumedBytes)
        // Same inode, shorter file: someone cut it down and started again.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Self.line(1, Self.events[0]))
        try handle.close()
        #expect(try tail.poll() == .restarted([JournalRecord(seq: 1, event: Self.events[0])]))
        #expect(try tail.poll() == .appended([]))
    }

    @Test func aJournalThatDisappearsIsAnErrorNotACrash() throws {
        let path = try JournalTests.written(Array(Self.events.prefix(1)))
        let tail = JournalTail(path: path)
        _ = try tail.poll()
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: JournalError.self) { try tail.poll() }
    }
}
