import Foundation
import RunbookEngine
#if canImport(Glibc)
import Glibc
#endif

/// Wakes a follower when its journal may have changed, so an idle follower sleeps instead of polling.
/// inotify watches the file (appends, truncation, chmod) and its directory (the file removed, or a new
/// file moved in at its path); where inotify cannot be had, it falls back to waking every `pollInterval`.
/// A dedicated thread (never a Swift concurrency pool thread) blocks in poll() on inotify and a stop pipe.
public final class JournalWatch: Sendable {
    public enum Mode: String, Sendable, Equatable {
        /// Woken by the kernel when the file or its directory entry changes.
        case inotify
        /// Woken every `pollInterval`: no inotify (not Linux, out of watches, a file system without it).
        case polling
    }

    public let mode: Mode
    /// One element each time the journal may have changed; bursts are coalesced. Finishes after `stop()`.
    public let changes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let path: String
    private let pollInterval: Double
    private let notify: Int32
    private let directoryWatch: Int32
    private let stopRead: Int32
    private let stopWrite: Int32

    /// inotify cannot see writes made on another machine (a journal on NFS): even with it, the file is
    /// looked at this often.
    public static let safetyInterval = 2.0

    /// - Parameter inotify: false forces the polling fallback (tests, and file systems known not to notify).
    public init(path: String, pollInterval: Double = 0.2, inotify: Bool = true) throws(JournalError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw .cannotOpen(path: path, reason: "cannot create the follower's wake-up pipe: \(String(cString: strerror(errno)))")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        (stopRead, stopWrite) = (fds[0], fds[1])
        self.path = path
        self.pollInterval = pollInterval
        let directory = (path as NSString).deletingLastPathComponent
        let (notify, directoryWatch) = inotify ? Self.watchDirectory(directory.isEmpty ? "." : directory) : (-1, -1)
        self.notify = notify
        self.directoryWatch = directoryWatch
        mode = notify >= 0 ? .inotify : .polling
        (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        // The follower's task cancelled (it stops iterating): the thread ends too.
        continuation.onTermination = { [stopWrite] _ in
            var byte: UInt8 = 0x71
            _ = write(stopWrite, &byte, 1)
        }
    }

    deinit {
        if notify >= 0 { close(notify) }
        close(stopRead)
        close(stopWrite)
    }

    /// Starts the watching thread; the first element comes at once (the file may have grown since it was read).
    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "incident-console.follow"
        thread.start()
    }

    /// Ends the watching thread and the stream (so does cancelling the task that iterates `changes`).
    public func stop() { continuation.finish() }

    /// inotify on the directory, or (-1, -1) when it cannot be had: then the follower polls.
    private static func watchDirectory(_ directory: String) -> (Int32, Int32) {
        let notify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard notify >= 0 else { return (-1, -1) }
        let mask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)
        let watch = inotify_add_watch(notify, directory, mask)
        guard watch >= 0 else { close(notify); return (-1, -1) }
        return (notify, watch)
    }

    private func loop() {
        defer { continuation.finish() }
        let name = (path as NSString).lastPathComponent
        var fileWatch = watchFile(replacing: -1)
        var buffer = [UInt8](repeating: 0, count: 4096)
        continuation.yield(())
        while true {
            var fds = [pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)]
            if notify >= 0 { fds.append(pollfd(fd: notify, events: Int16(POLLIN), revents: 0)) }
            let timeout = notify >= 0 ? Self.safetyInterval : pollInterval
            let ready = poll(&fds, nfds_t(fds.count), Int32(timeout * 1000))
            if ready < 0, errno == EINTR { continue }
            if ready < 0 || fds[0].revents != 0 { return }
            if notify >= 0, fds[1].revents != 0 {
                let (relevant, rewatch) = drain(&buffer, name: name, fileWatch: fileWatch)
                // Another file in the directory (a lock, a log, another journal): nothing to read.
                guard relevant else { continue }
                // The path may name a new file now (rotated, removed and created): watch that one.
                if rewatch || fileWatch < 0 { fileWatch = watchFile(replacing: fileWatch) }
            }
            continuation.yield(())
        }
    }

    /// Watches the file now at the path; -1 while there is none (the directory's watch sees it come back).
    private func watchFile(replacing old: Int32) -> Int32 {
        guard notify >= 0 else { return -1 }
        let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF)
        let watch = inotify_add_watch(notify, path, mask)
        if old >= 0, old != watch { inotify_rm_watch(notify, old) }
        return watch
    }

    /// Reads every pending inotify event: whether one concerns the journal, and whether the path's file changed.
    private func drain(_ buffer: inout [UInt8], name: String, fileWatch: Int32) -> (relevant: Bool, rewatch: Bool) {
        var relevant = false, rewatch = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(notify, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return (relevant, rewatch) }
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                let header = MemoryLayout<inotify_event>.size
                while offset + header <= count {
                    let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = bytes[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
                    offset += header + length
                    if watch == directoryWatch {
                        // The directory itself went away, or an entry under the journal's name changed.
                        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 || String(decoding: nameBytes, as: UTF8.self) == name {
                            relevant = true
                            rewatch = true
                        }
                    } else if watch == fileWatch || fileWatch < 0 {
                        relevant = true
                        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 { rewatch = true }
                    }
                }
            }
        }
    }
}
