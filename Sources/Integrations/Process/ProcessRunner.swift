import Foundation
import Logging
import RunbookEngine
import Subprocess

/// Runs CLIs (argocd, kubectl, git) from argv arrays — never through a shell — with a
/// timeout that kills the child, bounded captured output, and no thrown errors:
/// every outcome, including "not on PATH", comes back as a `CommandResult`.
public struct ProcessRunner: CommandRunner {
    /// Bytes kept per stream (stdout and stderr each); the rest is read and dropped.
    public var outputLimit: Int
    /// Time between SIGTERM and SIGKILL when a command outlives its timeout.
    public var killGrace: Duration
    /// Variables set on top of the inherited environment (nil removes one); empty leaves it untouched.
    public var environment: [String: String?]
    /// Every command run, its exit and how long it took (argv through `LogRedaction`).
    public var logger: Logger

    public init(outputLimit: Int = 1 << 20, killGrace: Duration = .seconds(2), environment: [String: String?] = [:],
                logger: Logger = Logger(label: "process")) {
        self.outputLimit = outputLimit
        self.killGrace = killGrace
        self.environment = environment
        self.logger = logger
    }

    public func run(_ argv: [String], timeout: Duration, workingDirectory: String?) async -> CommandResult {
        let result = await execute(argv, timeout: timeout, workingDirectory: workingDirectory)
        let line = CommandResult.commandLine(LogRedaction.argv(argv))
        let took = String(format: "%.2f s", result.seconds)
        if let launchError = result.launchError {
            logger.error("could not run \(line): \(launchError)")
        } else if result.timedOut {
            logger.warning("\(line) timed out after \(took) and was killed")
        } else {
            let exit = result.exitCode.map { "exit \($0)" } ?? "no exit status"
            logger.info("ran \(line): \(exit) in \(took)\(result.truncated ? " (output truncated)" : "")")
        }
        return result
    }

    private func execute(_ argv: [String], timeout: Duration, workingDirectory: String?) async -> CommandResult {
        let started = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        guard let program = argv.first, !program.isEmpty else {
            return CommandResult(argv: argv, exitCode: nil, stdout: "", stderr: "",
                                 launchError: "empty command: nothing to run")
        }

        let capture = OutputCapture(limit: outputLimit)
        let configuration = Configuration(
            executable: program.contains("/") ? .path(.init(program)) : .name(program),
            arguments: Arguments(Array(argv.dropFirst())),
            environment: environment.isEmpty ? .inherit : .inherit.updating(subprocessEnvironment),
            workingDirectory: workingDirectory.map { .init($0) },
            platformOptions: platformOptions)

        let work = Task { () async throws -> TerminationStatus in
            let result = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) { execution in
                async let out: Void = capture.drain(execution.standardOutput, into: .stdout)
                async let err: Void = capture.drain(execution.standardError, into: .stderr)
                _ = try await (out, err)
            }
            return result.terminationStatus
        }
        // Cancelling the run makes Subprocess walk the teardown sequence: SIGTERM, grace, SIGKILL.
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            capture.markTimedOut()
            work.cancel()
        }
        let outcome = await withTaskCancellationHandler { await work.result } onCancel: { work.cancel() }
        watchdog.cancel()

        let (stdout, stderr, truncated, timedOut) = capture.snapshot()
        if timedOut {
            let note = "\(CommandResult.commandLine(argv)) did not finish within \(timeout) and was killed"
            return CommandResult(argv: argv, exitCode: nil, stdout: stdout, stderr: stderr.isEmpty ? note : stderr + "\n" + note,
                                 timedOut: true, truncated: truncated, seconds: elapsed())
        }
        switch outcome {
        case .success(.exited(let code)):
            return CommandResult(argv: argv, exitCode: code, stdout: stdout, stderr: stderr,
                                 truncated: truncated, seconds: elapsed())
        case .success(let status):
            // Killed by a signal nobody here sent (the OOM killer, a person with `kill`).
            return CommandResult(argv: argv, exitCode: nil, stdout: stdout, stderr: stderr + "\n(terminated: \(status))",
                                 truncated: truncated, seconds: elapsed())
        case .failure(let error):
            return CommandResult(argv: argv, exitCode: nil, stdout: stdout, stderr: stderr,
                                 truncated: truncated, seconds: elapsed(),
                                 launchError: Self.launchMessage(for: error, program: program, workingDirectory: workingDirectory))
        }
    }

    private var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        // Own session and process group: the kill reaches the CLI's own children too, and
        // nothing can prompt on (and corrupt) the console's terminal.
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: killGrace)]
        return options
    }

    private var subprocessEnvironment: [Environment.Key: String?] {
        var result: [Environment.Key: String?] = [:]
        for (name, value) in environment {
            if let key = Environment.Key(rawValue: name) { result[key] = value }
        }
        return result
    }

    /// One line the person at the keyboard can act on.
    static func launchMessage(for error: any Error, program: String, workingDirectory: String?) -> String {
        if let error = error as? SubprocessError {
            if error.code == .executableNotFound {
                let name = (program as NSString).lastPathComponent
                return program.contains("/")
                    ? "\(program) not found or not executable — check the path"
                    : "\(name) not found on PATH — \(installHint(for: name))"
            }
            if error.code == .failedToChangeWorkingDirectory {
                return "cannot run \(program) in \(workingDirectory ?? "the working directory"): no such directory or no access"
            }
        }
        if error is CancellationError { return "\(program) was cancelled before it finished" }
        return "could not run \(program): \(error)"
    }

    static func installHint(for name: String) -> String {
        switch name {
        case "argocd": "install the Argo CD CLI or pass its path"
        case "kubectl": "install kubectl or pass its path"
        case "git": "install git or pass its path"
        default: "install it or pass its path"
        }
    }
}
