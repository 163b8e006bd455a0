import Foundation
import TestHarness
#if canImport(Glibc)
import Glibc
#endif

/// Another person's terminal on the same tmux session: a real client on its own pty (`script`),
/// sized with stty, typed into through a FIFO (TESTING-NOTES).
final class TmuxClient {
    private let pid: pid_t
    private let fifo: String
    private let input: Int32

    init(_ tmux: Tmux, width: Int, height: Int, term: String = "xterm-256color") throws {
        fifo = NSTemporaryDirectory() + "ic-client-\(UUID().uuidString.prefix(8))"
        guard mkfifo(fifo, 0o600) == 0 else { throw TmuxError(message: "mkfifo \(fifo): \(String(cString: strerror(errno)))") }
        // Read-write so opening does not wait for the reader; the client reads its keys from the other end.
        input = open(fifo, O_RDWR)
        guard input >= 0 else { throw TmuxError(message: "open \(fifo): \(String(cString: strerror(errno)))") }
        let inner = "stty rows \(height) cols \(width); exec /usr/bin/tmux -S \(Tmux.quote(tmux.socket)) attach -t \(tmux.session)"
        pid = try Spawn.start(["/usr/bin/script", "-q", "-c", inner, "/dev/null"], streams: Spawn.Streams(stdin: fifo),
                              environment: ["TERM": term], removing: ["TMUX"])
    }

    /// Types into this client: with `window-size latest` the window takes this client's size.
    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(input, $0.baseAddress, $0.count - 1) }
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 { usleep(10_000) }
        close(input)
        unlink(fifo)
    }
}

extension Tmux {
    func clients() throws -> [String] {
        try run(["list-clients", "-t", session, "-F", "#{client_width}x#{client_height}"]).split(separator: "\n").map(String.init)
    }

    func windowSize() throws -> String { try display("#{window_width}x#{window_height}") }

    func setWindowOption(_ name: String, _ value: String) throws { try run(["set", "-w", "-t", session, name, value]) }
}
