import Foundation
import RunbookEngine
#if canImport(Glibc)
import Glibc
#endif

/// One driver per journal: the driver holds `flock(LOCK_EX)` on `JOURNAL.lock` for its whole life and
/// writes who it is there (`user@host, pid N, since TIME`), so a second driver is refused by name.
/// The kernel drops the lock when its holder dies, so a lock that cannot be taken is really held (a
/// crashed driver's file stays and blocks nobody). A driver that ends removes the file while it still
/// holds it, and a new one checks that the file it locked is still the one at the path. Followers and
/// replays never lock.
public final class JournalLock: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32

    public static func path(for journal: String) -> String { journal + ".lock" }

    /// Takes the lock or says who holds it. `driver` is user@host.
    public init(journal: String, driver: String, pid: Int32 = getpid(), now: Date = Date()) throws(JournalLockError) {
        path = Self.path(for: journal)
        var fd: Int32 = -1
        for _ in 0..<5 {
            do { fd = try PrivateFile.open(path, .createOrOpen, access: O_RDWR) } catch { throw .file(error) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                let holder = Self.holder(fd)
                close(fd)
                if code == EWOULDBLOCK { throw .held(journal: journal, holder: holder) }
                throw .file(.system(path: path, reason: String(cString: strerror(code))))
            }
            // A driver that just ended removed the file it held: the lock must be on the file at the path.
            if Self.isAtPath(fd, path) { break }
            close(fd)
            fd = -1
        }
        guard fd >= 0 else { throw .file(.system(path: path, reason: "it keeps being replaced")) }
        let identity = Array("\(driver), pid \(pid), since \(JournalCodec.iso8601(now))\n".utf8)
        // The lock is ours whatever happens to the name; a failed write only makes a refusal less helpful.
        if ftruncate(fd, 0) == 0 { _ = identity.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        descriptor = fd
    }

    /// Removed while still held, so nobody can take a lock on a file that is about to go.
    deinit {
        unlink(path)
        close(descriptor)
    }

    private static func isAtPath(_ fd: Int32, _ path: String) -> Bool {
        var held = stat(), named = stat()
        return fstat(fd, &held) == 0 && lstat(path, &named) == 0 && held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }

    /// The holder's line, read from the lock file; empty while it has not written it yet.
    static func holder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "" }
        let line = String(decoding: buffer[..<count], as: UTF8.self)
        return line.split(separator: "\n").first.map(String.init) ?? ""
    }
}

public enum JournalLockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another console drives the journal; `holder` is `user@host, pid N, since TIME` (empty if not yet written).
    case held(journal: String, holder: String)
    case file(PrivateFileError)

    public var description: String {
        switch self {
        case .held(let journal, let holder):
            let who = holder.isEmpty ? "another console (it has not written its name yet)" : holder
            return "\(journal) is being driven by \(who) — one console drives a journal at a time; "
                + "watch it with `incident-console follow \(journal)`"
        case .file(let error):
            return "cannot lock the journal: \(error)"
        }
    }
}
