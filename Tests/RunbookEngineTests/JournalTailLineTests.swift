import Foundation
@testable import Storage
import Testing
@testable import RunbookEngine

/// A follower that stops at a damaged line must name the line a person would open in an editor.
@Suite("Tailing a journal names the right line")
struct JournalTailLineTests {
    static let events = Walk().journal

    static func append(_ text: String, to path: String) throws {
        try JournalTailTests.append(Data(text.utf8), to: path)
    }

    static func record(_ seq: Int) throws -> String {
        String(decoding: try JournalTailTests.line(seq, Self.events[seq - 1]), as: UTF8.self)
    }

    static func damagedLine(_ error: any Error) -> Int? {
        if case JournalError.corrupt(_, let line, _) = error { return line }
        return nil
    }

    @Test func aDamagedLineAfterBlankOnesIsNamedByItsLineInTheFile() throws {
        let path = try JournalTests.written(Array(Self.events.prefix(2)))
        try Self.append("\n" + Self.record(3), to: path) // a blank line 3, as a hand edit leaves it
        let tail = JournalTail(path: path)
        guard case .appended(let records) = try tail.poll() else { Issue.record("restarted"); return }
        #expect(records.map(\.seq) == [1, 2, 3])
        try Self.append(Self.record(4) + "\n{\"v\":1,\"seq\":5,\n", to: path)
        #expect(performing: { _ = try tail.poll() }, throws: { Self.damagedLine($0) == 7 })
    }

    @Test func aFollowerStartedAfterTheFirstReadCountsTheLinesItSkipped() throws {
        let path = try JournalTests.written(Array(Self.events.prefix(2)))
        try Self.append("\n" + Self.record(3), to: path)
        let contents = try JournalReader.read(path: path)
        #expect(contents.records.count == 3 && contents.consumedLines == 4)
        let tail = JournalTail(path: path, offset: contents.consumedBytes, lines: contents.consumedLines)
        try Self.append("{\"v\":1,\"seq\":4,\n", to: path)
        #expect(performing: { _ = try tail.poll() }, throws: { Self.damagedLine($0) == 5 })
    }
}
