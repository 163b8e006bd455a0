import Foundation
@testable import Storage
import TestHarness
import Testing
@testable import RunbookEngine

/// The console's own files: 0600 from the first byte, never through a symlink, never someone else's,
/// in a directory nobody else can write to.
@Suite("Private files", .serialized)
struct PrivateFileTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    /// With umask 0, a file opened with the default mode and chmod'ed after would be 0666 for a moment.
    static func withoutUmask<T>(_ body: () throws -> T) rethrows -> T {
        let old = umask(0)
        defer { umask(old) }
        return try body()
    }

    @Test func aNewFileIs0600AndItsNewDirectories0700FromTheFirstByte() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/state/incident-console/j.jsonl"
        let fd = try Self.withoutUmask { try PrivateFile.open(path, .create, access: O_WRONLY) }
        defer { close(fd) }
        #expect(Self.mode(path) == 0o600)
        #expect(Self.mode(dir.path + "/state/incident-console") == 0o700)
        #expect(Self.mode(dir.path + "/state") == 0o700)
    }

    @Test(arguments: [PrivateFile.Opening.create, .existing, .createOrOpen])
    func aSymlinkIsRefusedAndItsTargetLeftAlone(opening: PrivateFile.Opening) throws {
        let dir = try TemporaryDirectory()
        let target = dir.path + "/target"
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: target))
        let link = dir.path + "/incident-console.log"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: PrivateFileError.symlink(path: link)) { try PrivateFile.open(link, opening, access: O_WRONLY | O_APPEND) }
        #expect(throws: PrivateFileError.symlink(path: link)) { try PrivateFile.write(Data("x".utf8), to: link) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
    }

    @Test func anExistingFileIsRefusedForANewOne() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/j.jsonl"
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: PrivateFileError.exists(path: path)) { try PrivateFile.open(path, .create, access: O_WRONLY) }
    }

    @Test(.enabled(if: getuid() == 0, "only root can give a file away to another user"))
    func aFileOwnedBySomeoneElseIsRefusedAndLeftAlone() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/postmortem.md"
        try Data("theirs\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(chown(path, 65534, 65534) == 0)
        #expect {
            try PrivateFile.write(Data("ours".utf8), to: path)
        } throws: { error in
            if case PrivateFileError.ownedByOther(path, let owner) = error { return owner.contains("65534") }
            return false
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "theirs\n", "not truncated before the check")
    }

    /// Where the file's directory may be: yours and private, or sticky like /tmp; not writable by others.
    @Test(arguments: [(mode_t(0o700), true), (0o750, false), (0o755, false), (0o777, false), (0o1777, true), (0o1700, true)])
    func theDirectoryMustBeOnlyYours(mode: mode_t, accepted: Bool) throws {
        let dir = try TemporaryDirectory()
        let inner = dir.path + "/d"
        #expect(mkdir(inner, 0o700) == 0 && chmod(inner, mode) == 0)
        let path = inner + "/status-update.txt"
        if accepted {
            try PrivateFile.write(Data("ok".utf8), to: path)
            #expect(Self.mode(path) == 0o600)
        } else {
            #expect {
                try PrivateFile.write(Data("ok".utf8), to: path)
            } throws: { error in
                if case PrivateFileError.directoryNotPrivate(inner, _, mode) = error { return "\(error)".contains("mkdir -m 700") }
                return false
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func writeReplacesTheWholeFileInPlace() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/debrief.md"
        try PrivateFile.write(Data("a longer first version\n".utf8), to: path)
        try PrivateFile.write(Data("second\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(Self.mode(path) == 0o600)
    }

    @Test(arguments: [
        (["XDG_STATE_HOME": "/s", "HOME": "/h"], "/s/incident-console"),
        (["XDG_STATE_HOME": "", "HOME": "/h"], "/h/.local/state/incident-console"),
        (["HOME": "/h"], "/h/.local/state/incident-console"),
        (["HOME": ""], nil),
        ([:], nil),
    ])
    func withoutHomeThereIsNoStateDirectoryNotASharedOne(environment: [String: String], directory: String?) {
        #expect((try? JournalWriter.directory(environment: environment)) == directory)
        if directory == nil {
            #expect(throws: JournalError.noStateDirectory) { try JournalWriter.directory(environment: environment) }
            #expect("\(JournalError.noStateDirectory)".contains("HOME is not set"))
        }
    }
}
