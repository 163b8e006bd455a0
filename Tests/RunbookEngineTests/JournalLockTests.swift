import Foundation
@testable import Storage
import TestHarness
import Testing
@testable import RunbookEngine

/// One driver per journal: the second is refused, naming the first.
@Suite("The journal's lock")
struct JournalLockTests {
    @Test func aSecondDriverIsRefusedNamingTheHolderUntilItLetsGo() throws {
        let dir = try TemporaryDirectory()
        let journal = dir.path + "/j.jsonl"
        let since = Date(timeIntervalSince1970: 1_795_740_000)
        var first: JournalLock? = try JournalLock(journal: journal, driver: "alice@laptop", pid: 4242, now: since)
        #expect(PrivateFileTests.mode(journal + ".lock") == 0o600)
        #expect(throws: JournalLockError.held(journal: journal, holder: "alice@laptop, pid 4242, since 2026-11-27T00:40:00.000Z")) {
            try JournalLock(journal: journal, driver: "bob@desk", pid: 7, now: Date())
        }
        let refusal = "\(JournalLockError.held(journal: journal, holder: "alice@laptop, pid 4242, since 2026-11-27T00:40:00.000Z"))"
        #expect(refusal.contains("being driven by alice@laptop, pid 4242") && refusal.contains("follow \(journal)"), "\(refusal)")
        withExtendedLifetime(first) {}
        first = nil
        #expect(!FileManager.default.fileExists(atPath: journal + ".lock"), "a driver that ends removes its lock file")
        // Released (as the kernel does when the holder dies): the next driver takes it and names itself.
        let second = try JournalLock(journal: journal, driver: "bob@desk", pid: 7, now: since)
        #expect(try String(contentsOfFile: journal + ".lock", encoding: .utf8) == "bob@desk, pid 7, since 2026-11-27T00:40:00.000Z\n")
        withExtendedLifetime(second) {}
    }

    @Test func aLockFileThatIsASymlinkIsRefused() throws {
        let dir = try TemporaryDirectory()
        let journal = dir.path + "/j.jsonl"
        try FileManager.default.createSymbolicLink(atPath: journal + ".lock", withDestinationPath: dir.path + "/elsewhere")
        #expect(throws: JournalLockError.file(.symlink(path: journal + ".lock"))) {
            try JournalLock(journal: journal, driver: "alice@laptop")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/elsewhere"))
    }
}
