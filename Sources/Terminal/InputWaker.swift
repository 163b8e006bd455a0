import CNCurses
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lets the main loop sleep until a key arrives, the window is resized or someone calls `wake()`, with no
/// busy polling. A dedicated thread (never a Swift concurrency pool thread) blocks in poll() on stdin and a
/// self-pipe; a SIGWINCH handler writes to that pipe (and chains to ncurses' own handler).
///
/// Protocol: after `.input`, stdin is not polled again until `rearm()` — call it once `readKeys()` has
/// drained the keys, otherwise the still-readable stdin would wake the loop over and over.
public final class InputWaker: Sendable {
    public enum Wake: Sendable, Equatable {
        /// stdin is readable: call `CursesScreen.readKeys()`, then `rearm()`.
        case input
        /// SIGWINCH: call `readKeys()` (it returns `.resize`).
        case resize
        /// stdin closed (the terminal went away); no further `.input` comes.
        case hangup
    }

    /// Every reason to look at the terminal; finishes after `stop()`.
    public let wakes: AsyncStream<Wake>
    private let continuation: AsyncStream<Wake>.Continuation
    private let inputFD: Int32
    private let readFD: Int32
    private let writeFD: Int32

    /// - Parameter inputFD: the terminal's input (stdin).
    public init(inputFD: Int32 = STDIN_FILENO) throws(TerminalError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TerminalError("cannot create the input wake-up pipe: \(String(cString: strerror(errno)))") }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        self.inputFD = inputFD
        self.readFD = fds[0]
        self.writeFD = fds[1]
        // Only the newest of each burst matters: the loop drains everything when it wakes.
        (wakes, continuation) = AsyncStream.makeStream(of: Wake.self, bufferingPolicy: .bufferingNewest(4))
    }

    /// Starts the poll thread and the SIGWINCH wake-up. Call after `CursesScreen.start()`, so ncurses has
    /// installed its SIGWINCH handler and this one chains to it.
    public func start() {
        _ = cn_winch_wakeup_install(writeFD)
        let (input, pipeRead, continuation) = (inputFD, readFD, continuation)
        let thread = Thread { InputWaker.pollLoop(input: input, pipe: pipeRead, continuation: continuation) }
        thread.name = "incident-console.input"
        thread.start()
    }

    /// Poll stdin again; call after draining keys.
    public func rearm() { send("r") }

    /// Ends the poll thread and the stream; SIGWINCH no longer writes the pipe.
    public func stop() {
        cn_winch_wakeup_clear()
        send("q")
    }

    private func send(_ byte: Character) {
        var value = byte.asciiValue!
        // Non-blocking: a full pipe already holds a pending wake, which is all this byte would add.
        _ = write(writeFD, &value, 1)
    }

    private static func pollLoop(input: Int32, pipe: Int32, continuation: AsyncStream<Wake>.Continuation) {
        var armed = true, inputOpen = true
        var buffer = [UInt8](repeating: 0, count: 64)
        loop: while true {
            var fds = [pollfd(fd: pipe, events: Int16(POLLIN), revents: 0)]
            if armed && inputOpen { fds.append(pollfd(fd: input, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let count = read(pipe, &buffer, buffer.count)
                for byte in buffer.prefix(max(0, count)) {
                    switch byte {
                    case UInt8(ascii: "q"): break loop
                    case UInt8(ascii: "r"): armed = true
                    case UInt8(ascii: "w"): continuation.yield(.resize)
                    default: break
                    }
                }
            }
            if fds.count > 1 {
                let events = fds[1].revents
                if events & Int16(POLLIN) != 0 {
                    armed = false
                    continuation.yield(.input)
                } else if events & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                    inputOpen = false
                    continuation.yield(.hangup)
                }
            }
        }
        continuation.finish()
        close(pipe)
    }
}
