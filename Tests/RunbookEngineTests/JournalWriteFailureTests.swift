import Foundation
@testable import Storage
import Testing
@testable import RunbookEngine

/// A write that fails part-way (a full disk, an I/O error) or a decision whose fsync fails: the journal
/// keeps only whole lines, the next record starts on a line of its own, and nobody counts the decision.
@Suite("A journal write that fails", .serialized)
struct JournalWriteFailureTests {
    static let events = Walk().journal

    /// What the writer's system calls do next: the test's stand-in for a disk going bad.
    final class Faults: @unchecked Sendable {
        private let lock = NSLock()
        private var budget: Int?
        private var truncateFails = false
        private var fsyncFails = false

        func set(budget: Int? = nil, truncateFails: Bool = false, fsyncFails: Bool = false) {
            lock.withLock { (self.budget, self.truncateFails, self.fsyncFails) = (budget, truncateFails, fsyncFails) }
        }

        /// The real calls, with what `set` asked for: a write stops after `budget` bytes (ENOSPC after that).
        var io: JournalIO {
            JournalIO(
                write: { fd, bytes, count in
                    let allowed = self.lock.withLock { () -> Int in
                        guard let budget = self.budget else { return count }
                        self.budget = max(0, budget - min(count, budget))
                        return min(count, budget)
                    }
                    guard allowed > 0 else { errno = ENOSPC; return -1 }
                    return write(fd, bytes, allowed)
                },
                fsync: { fd in self.lock.withLock { self.fsyncFails } ? { errno = EIO; return -1 }() : fsync(fd) },
                truncate: { fd, size in self.lock.withLock { self.truncateFails } ? { errno = EIO; return -1 }() : ftruncate(fd, size) })
        }
    }

    static func writer(_ faults: Faults) throws -> (JournalWriter, String) {
        let path = JournalTests.temporaryJournal()
        return (try JournalWriter(path: path, opening: .create, keeping: nil, nextSeq: 1, io: faults.io), path)
    }

    /// Lines as they are in the file (the empty one after the last newline dropped).
    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// This process's files may not grow past `bytes` (RLIMIT_FSIZE): the kernel cuts a write short as a full disk would.
    static func withFileSizeLimit<T>(_ bytes: Int, _ body: () throws -> T) rethrows -> T {
        let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        var old = rlimit()
        getrlimit(resource, &old)
        let handler = signal(SIGXFSZ, SIG_IGN)
        var limit = old
        limit.rlim_cur = rlim_t(bytes)
        setrlimit(resource, &limit)
        defer {
            setrlimit(resource, &old)
            signal(SIGXFSZ, handler)
        }
        return try body()
    }

    @Test func aWriteTheKernelCutsShortIsCutBackAndTheNextRecordIsWhole() throws {
        let path = JournalTests.temporaryJournal()
        let writer = try JournalWriter(path: path)
        for event in Self.events.prefix(3) { try writer.append(event) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            try Self.withFileSizeLimit(before.count + 40) { try writer.append(Self.events[3], durable: true) }
        } throws: { error in
            "\(error)".contains("after 40 of") && "\(error)".contains("the partial line was cut off")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the 40 bytes that reached the file were cut off")
        try writer.append(Self.events[4])
        let contents = try JournalReader.read(path: path)
        #expect(contents.repairNote == nil)
        #expect(contents.records.map(\.seq) == [1, 2, 3, 4], "the failed record's seq is used by the next")
        #expect(contents.events == Array(Self.events.prefix(3)) + [Self.events[4]])
        #expect(try Self.lines(path).allSatisfy { (try? JournalCodec.decode(Data($0.utf8))) != nil }, "every line is a whole record")
    }

    @Test func whenTheHalfLineCannotBeCutBackTheNextRecordStartsOnAFreshLineAndReadersDropIt() throws {
        let faults = Faults()
        let (writer, path) = try Self.writer(faults)
        for event in Self.events.prefix(3) { try writer.append(event) }
        faults.set(budget: 25, truncateFails: true)
        #expect {
            try writer.append(Self.events[3])
        } throws: { error in
            "\(error)".contains("after 25 of") && "\(error)".contains("the next record starts on a new line")
        }
        faults.set()
        try writer.append(Self.events[4])
        try writer.append(Self.events[5])
        let lines = try Self.lines(path)
        let fourth = String(decoding: try JournalCodec.encode(JournalRecord(seq: 4, event: Self.events[3])).prefix(25), as: UTF8.self)
        #expect(lines.count == 6 && lines[3] == fourth, "the fragment stands alone on its line, nothing glued to it\n\(lines.joined(separator: "\n"))")
        let contents = try JournalReader.read(path: path)
        #expect(contents.records.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(contents.events == Array(Self.events.prefix(3)) + [Self.events[4], Self.events[5]])
        #expect(contents.repairNote == "The journal's line 4 was cut off by a failed write; it was dropped.")
        // A follower reading the same bytes sees the same records, and its numbering goes on from there.
        guard case .appended(let tailed) = try JournalTail(path: path).poll() else { Issue.record("restarted"); return }
        #expect(tailed.map(\.seq) == [1, 2, 3, 4, 5])
    }

    @Test func aHalfLineWhoseNextRecordSkipsASeqIsStillDamage() throws {
        let path = try JournalTests.written(Array(Self.events.prefix(3)))
        var lines = try Self.lines(path)
        lines[1] = String(lines[1].prefix(30)) // a person deleting the end of line 2: seq goes 1, 3
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        #expect(performing: { _ = try JournalReader.read(path: path) }, throws: { error in
            if case JournalError.corrupt(_, let line, _) = error { return line == 2 }
            return false
        })
    }

    @Test func aConfirmationWhoseFsyncFailsIsMarkedAndNobodyCountsIt() throws {
        var walk = Walk.at(.rollback)
        let faults = Faults()
        let (writer, path) = try Self.writer(faults)
        for event in walk.journal { try writer.append(event, durable: false) }
        #expect(walk.state.gateStep == .rollback)
        walk.press(.rollback)
        let confirmation = try #require(walk.journal.last)
        faults.set(fsyncFails: true)
        #expect(throws: JournalError.notDurable(path: path, reason: "Input/output error")) {
            try writer.append(confirmation, durable: true)
        }
        faults.set()
        let seq = walk.journal.count
        let records = try JournalReader.read(path: path).records
        #expect(records.suffix(2).map(\.event) == [confirmation, Event(at: confirmation.at, .decisionNotDurable(seq: seq, reason: "Input/output error"))])
        #expect(records.last?.seq == seq + 1)

        // Replay, resume and follow rebuild the state from `events`: the gate is still waiting for its y.
        let contents = try JournalReader.read(path: path)
        #expect(!contents.events.contains(confirmation))
        #expect(Runbook.replay(contents.events).gateStep == .rollback)
        #expect(Runbook.replay(contents.events).status(.rollback) == .awaitingConfirmation)

        // A console that ran the rollback anyway would be caught: the marked confirmation authorises nothing.
        let ran = CommandResult(argv: AuditJournal.rollbackArgv, exitCode: 0, stdout: "", stderr: "", timedOut: false, truncated: false, seconds: 1)
        let audit = JournalAudit.audit(records + [JournalRecord(seq: seq + 2, event: Event(at: confirmation.at + 1, .gateFinished(step: .rollback, result: ran)))])
        #expect(audit.violations.map(\.rule).contains(.noConfirmation), "\(audit.violations)")
        #expect(audit.violations.first { $0.rule == .noConfirmation }?.message.contains("did not reach the disk") == true)
        #expect(audit.commands.first { $0.step == .rollback }?.confirmation == nil)
        #expect(audit.unfinished.isEmpty, "the marked confirmation issued nothing")
    }

    @Test func whenEvenTheMarkCannotBeWrittenTheConfirmationIsTakenOut() throws {
        var walk = Walk.at(.rollback)
        let faults = Faults()
        let (writer, path) = try Self.writer(faults)
        for event in walk.journal { try writer.append(event) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        walk.press(.rollback)
        let confirmation = try #require(walk.journal.last)
        // The confirmation's line goes in, its fsync fails, and the disk takes nothing more.
        let line = try JournalCodec.encode(JournalRecord(seq: walk.journal.count, event: confirmation))
        faults.set(budget: line.count, fsyncFails: true)
        #expect(throws: JournalError.self) { try writer.append(confirmation, durable: true) }
        faults.set()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        try writer.append(Event(at: confirmation.at + 1, .stopped(reason: "quit")), durable: true)
        #expect(try JournalReader.read(path: path).records.map(\.seq) == Array(1...walk.journal.count), "no seq is skipped")
    }

    @Test func theMarkIsWrittenAsDocumented() throws {
        let mark = JournalRecord(seq: 16, event: Event(at: Date(timeIntervalSinceReferenceDate: 800_980_468),
                                                       .decisionNotDurable(seq: 15, reason: "Input/output error")))
        #expect(String(decoding: try JournalCodec.encode(mark).dropLast(), as: UTF8.self) == JournalV1Sample.documented.last)
    }
}
