import Foundation
import Storage
import Testing
import TestHarness
@testable import RunbookEngine

/// What wakes a follower: inotify the moment its journal changes and never while it is idle; the polling
/// fallback within its 0.2 s. Both see an append made by a real writer through a real tail.
@Suite("Waking a follower", .serialized)
struct JournalWatchTests {
    static let events = Walk().journal

    /// A journal with its first event written, a tail that has read it, and a started watch whose every
    /// wake polls the tail, as the follower does, and is logged with when it came and what it read.
    final class Followed: @unchecked Sendable {
        let directory: TemporaryDirectory
        let path: String
        let writer: JournalWriter
        let tail: JournalTail
        let watch: JournalWatch
        private let lock = NSLock()
        private var log: [(at: Date, records: [JournalRecord])] = []
        private var consumer: Task<Void, Never>?

        init(_ mode: JournalWatch.Mode) throws {
            directory = try TemporaryDirectory()
            path = directory.path + "/incident.jsonl"
            writer = try JournalWriter(path: path)
            try writer.append(JournalWatchTests.events[0])
            tail = JournalTail(path: path)
            _ = try tail.poll()
            watch = try JournalWatch(path: path, inotify: mode == .inotify)
            watch.start()
            consumer = Task.detached { [self] in
                for await _ in watch.changes {
                    let change = try? tail.poll()
                    let records: [JournalRecord] = switch change {
                    case .appended(let records), .restarted(let records): records
                    case nil: []
                    }
                    lock.withLock { log.append((Date(), records)) }
                }
            }
        }

        /// Wakes so far.
        var wakes: [(at: Date, records: [JournalRecord])] { lock.withLock { log } }

        /// Waits up to `seconds` for a wake that read records; returns it.
        func firstRecords(within seconds: Double) async -> (at: Date, records: [JournalRecord])? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let found = wakes.first(where: { !$0.records.isEmpty }) { return found }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return wakes.first { !$0.records.isEmpty }
        }

        /// Waits for the first wake (at start), then forgets the wakes so far.
        func settle() async {
            while wakes.isEmpty { try? await Task.sleep(for: .milliseconds(5)) }
            try? await Task.sleep(for: .milliseconds(50))
            lock.withLock { log.removeAll() }
        }
    }

    @Test(arguments: [JournalWatch.Mode.inotify, .polling])
    func anAppendIsSeenWithinTheLagBound(mode: JournalWatch.Mode) async throws {
        let followed = try Followed(mode)
        defer { followed.watch.stop() }
        #expect(followed.watch.mode == mode)
        await followed.settle()
        let appendedAt = Date()
        try followed.writer.append(Self.events[1])
        let seen = await followed.firstRecords(within: 2)
        #expect(seen?.records.map(\.event) == [Self.events[1]], "the tail reads the appended event")
        let lag = (seen?.at ?? .distantFuture).timeIntervalSince(appendedAt)
        // inotify wakes at once; the fallback within one poll (0.2 s), plus a loaded machine's scheduling.
        #expect(lag <= (mode == .inotify ? 0.2 : 0.45), "\(mode.rawValue): seen \(lag) s after the append")
    }

    @Test(arguments: [JournalWatch.Mode.inotify, .polling])
    func anIdleFollowerIsWokenOnlyWhenPolling(mode: JournalWatch.Mode) async throws {
        let followed = try Followed(mode)
        defer { followed.watch.stop() }
        await followed.settle()
        // Other files in the directory (the lock, the log, another journal) are not the journal changing.
        try Data("x".utf8).write(to: URL(fileURLWithPath: followed.path + ".lock"))
        try await Task.sleep(for: .seconds(1))
        let count = followed.wakes.count
        if mode == .inotify {
            #expect(count == 0, "inotify: woken \(count) times in an idle second")
        } else {
            #expect(count >= 3, "polling: woken \(count) times in a second")
        }
    }

    @Test func aJournalReplacedAtItsPathIsWatchedInsteadOfTheOldFile() async throws {
        let followed = try Followed(.inotify)
        defer { followed.watch.stop() }
        await followed.settle()
        // Rotated: the old file moved aside, a new one (with the same first record) at the path.
        try FileManager.default.moveItem(atPath: followed.path, toPath: followed.path + ".1")
        let fresh = try JournalWriter(path: followed.path)
        try fresh.append(Self.events[0])
        let rotated = await followed.firstRecords(within: 1)
        #expect(rotated?.records.map(\.event) == [Self.events[0]], "the new file at the path wakes the follower, which reads it from the top")
        await followed.settle()
        // Writes to the old file no longer wake it; writes to the new one do.
        try followed.writer.append(Self.events[1])
        try await Task.sleep(for: .milliseconds(500))
        #expect(followed.wakes.isEmpty, "the moved-aside file is no longer watched")
        try fresh.append(Self.events[1])
        let new = await followed.firstRecords(within: 1)
        #expect(new?.records.map(\.event) == [Self.events[1]], "an append to the new file is seen")
    }
}
