import Foundation

/// What a child process did: argv as run, how it ended, and its (bounded) output.
public struct CommandResult: Sendable, Equatable, Codable {
    public var argv: [String]
    /// nil when the process did not exit on its own (timed out and was killed, or never started).
    public var exitCode: Int32?
    public var stdout: String
    public var stderr: String
    public var timedOut: Bool
    /// Output beyond the capture limit was dropped.
    public var truncated: Bool
    public var seconds: Double
    /// Set when the process could not be started at all (e.g. binary not on PATH).
    public var launchError: String?

    public init(argv: [String], exitCode: Int32?, stdout: String, stderr: String,
                timedOut: Bool = false, truncated: Bool = false, seconds: Double = 0, launchError: String? = nil) {
        self.argv = argv; self.exitCode = exitCode; self.stdout = stdout; self.stderr = stderr
        self.timedOut = timedOut; self.truncated = truncated; self.seconds = seconds; self.launchError = launchError
    }

    public var succeeded: Bool { exitCode == 0 && !timedOut && launchError == nil }

    /// The command as a person would type it (for display only: it is never given to a shell).
    public var commandLine: String { Self.commandLine(argv) }

    /// An argv as a person would type it, each word quoted only where a shell would need it.
    public static func commandLine(_ argv: [String]) -> String { argv.map(quoted).joined(separator: " ") }

    static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@,+%".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Runs a child process from an argv array (never a shell), with a timeout and bounded output.
public protocol CommandRunner: Sendable {
    func run(_ argv: [String], timeout: Duration, workingDirectory: String?) async -> CommandResult
}

extension CommandResult {
    /// Whether this is the command `prefix` names (`["argocd", "app", "rollback"]`), whatever context it
    /// was pinned to: a gate's argv names `argocd --argocd-context NAME …` or `kubectl --context NAME …`
    /// when the incident pins one, and that must not hide it from a count of what ran.
    public func runs(_ prefix: [String]) -> Bool { Self.unpinned(argv).starts(with: prefix) }

    /// 3b's command either way: Argo CD's rollback by history ID, or — for a target Argo CD's history no
    /// longer keeps — a sync to its revision (`argocd app sync APP --revision SHA`).
    public var isRollback: Bool { runs(["argocd", "app", "rollback"]) || runs(["argocd", "app", "sync"]) }

    /// `argv` without the pinned-context flags `RunbookState.pinned` puts after the program name.
    public static func unpinned(_ argv: [String]) -> [String] {
        guard argv.count >= 3 else { return argv }
        switch (argv[0], argv[1]) {
        case ("argocd", "--argocd-context"), ("kubectl", "--context"): return [argv[0]] + argv.dropFirst(3)
        default: return argv
        }
    }
}
