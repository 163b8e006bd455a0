import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Child processes for tests: posix_spawn and our own waitpid, never Foundation's Process (it can miss a
/// child's exit when another library in the test process reaps children) and never a pipe (a server
/// the child forks, like tmux's, would hold it open). Output goes to a file.
public enum Spawn {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Where a child's standard streams go.
    public struct Streams {
        public var stdin = "/dev/null"
        /// nil: to the file `run` reads back.
        public var stdout: String?
        /// nil: wherever stdout goes.
        public var stderr: String? = "/dev/null"
        public init(stdin: String = "/dev/null", stdout: String? = nil, stderr: String? = "/dev/null") {
            self.stdin = stdin; self.stdout = stdout; self.stderr = stderr
        }
    }

    /// Starts `argv` with this process's environment, `extra` added and `removing` taken out; returns its pid.
    public static func start(_ argv: [String], streams: Streams, environment extra: [String: String] = [:],
                             removing: [String] = []) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, streams.stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, streams.stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let stderr = streams.stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var environment = ProcessInfo.processInfo.environment
        for key in removing { environment.removeValue(forKey: key) }
        for (key, value) in extra { environment[key] = value }
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard status == 0 else { throw Failure(message: "cannot run \(argv[0]): \(String(cString: strerror(status)))") }
        return pid
    }

    /// Runs `argv` to its end (at most `timeout` seconds) and returns its exit status (nil: still
    /// running, or reaped elsewhere) and what it printed on stdout.
    public static func status(_ argv: [String], environment extra: [String: String] = [:], removing: [String] = [],
                              timeout: Double = 20) throws -> (status: Int32?, output: String) {
        let run = try outputs(argv, environment: extra, removing: removing, timeout: timeout)
        return (run.status, run.stdout)
    }

    /// As `status`, with what it printed on stderr apart.
    public static func outputs(_ argv: [String], environment extra: [String: String] = [:], removing: [String] = [],
                               timeout: Double = 20) throws -> (status: Int32?, stdout: String, stderr: String) {
        let outputPath = NSTemporaryDirectory() + "ic-spawn-\(UUID().uuidString)"
        let errorPath = outputPath + "-stderr"
        defer { unlink(outputPath); unlink(errorPath) }
        let pid = try start(argv, streams: Streams(stdout: outputPath, stderr: errorPath), environment: extra, removing: removing)
        var exit: Int32?
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var raw: Int32 = 0
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid { exit = raw; break }
            if reaped < 0 && errno == ECHILD { break }
            usleep(5_000)
        }
        return (exit, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "", (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }

    /// How a command ended: its exit code (nil when a signal killed it, or it outlived the timeout),
    /// the signal that killed it, and both streams apart.
    public struct Outcome: Sendable {
        public var exitCode: Int32?
        public var signal: Int32?
        public var stdout: String
        public var stderr: String
    }

    /// Runs `argv` to its end (at most `timeout` seconds) with stdin from `stdin`, stdout and stderr kept apart.
    public static func outcome(_ argv: [String], environment extra: [String: String] = [:], stdin: String = "/dev/null",
                               timeout: Double = 20) throws -> Outcome {
        let base = NSTemporaryDirectory() + "ic-spawn-\(UUID().uuidString)"
        defer { unlink(base + ".out"); unlink(base + ".err") }
        let pid = try start(argv, streams: Streams(stdin: stdin, stdout: base + ".out", stderr: base + ".err"), environment: extra)
        var raw: Int32?
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { raw = status; break }
            if reaped < 0 && errno == ECHILD { break }
            usleep(5_000)
        }
        if raw == nil { kill(pid, SIGKILL); _ = waitExit(pid, seconds: 5) }
        func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let signalled = raw.map { $0 & 0x7F != 0 } ?? false
        return Outcome(exitCode: raw.flatMap { signalled ? nil : ($0 >> 8) & 0xFF },
                       signal: raw.flatMap { signalled ? $0 & 0x7F : nil }, stdout: read(base + ".out"), stderr: read(base + ".err"))
    }

    /// Runs `argv` and returns its stdout; anything but exit status 0 is a failure naming the command.
    @discardableResult
    public static func run(_ argv: [String], environment extra: [String: String] = [:]) throws -> String {
        let (status, output) = try status(argv, environment: extra)
        guard status == 0 else {
            throw Failure(message: "\(argv.joined(separator: " ")) exited with status \(status.map(String.init) ?? "unknown")")
        }
        return output
    }

    /// Whether `pid` exited within `seconds`. ECHILD counts as exited: another library in the test
    /// process (swift-subprocess) may have reaped it.
    public static func waitExit(_ pid: pid_t, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno == ECHILD) { return true }
            usleep(10_000)
        } while Date() < deadline
        return false
    }
}
