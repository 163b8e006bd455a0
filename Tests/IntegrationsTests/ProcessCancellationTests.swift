import Foundation
import TestHarness
import Integrations
import RunbookEngine
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Quitting while a command runs: cancelling its task must stop the child, not orphan it.
@Suite struct ProcessCancellationTests {
    /// Runs a command that writes its pid then sleeps; cancels the run after `after`; returns the pid and the result.
    static func cancelled(_ runner: ProcessRunner, script: String, after: Duration) async throws -> (pid: pid_t, result: CommandResult, seconds: Double) {
        let directory = try TemporaryDirectory()
        let pidFile = directory.path + "/pid"
        let started = ContinuousClock.now
        let run = Task { await runner.run(["sh", "-c", "echo $$ > \(pidFile); \(script)"], timeout: .seconds(60), workingDirectory: nil) }
        var pid: pid_t = 0
        for _ in 0..<200 where pid == 0 {
            try await Task.sleep(for: .milliseconds(10))
            pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        }
        try await Task.sleep(for: after)
        run.cancel()
        let result = await run.value
        let took = ContinuousClock.now - started
        return (pid, result, Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)
    }

    @Test func cancellingARunningCommandKillsIt() async throws {
        let (pid, result, seconds) = try await Self.cancelled(ProcessRunner(), script: "exec sleep 30", after: .milliseconds(200))
        #expect(pid > 0)
        #expect(kill(pid, 0) != 0 && errno == ESRCH, "the command is gone once the cancelled run returns")
        #expect(!result.succeeded)
        #expect(seconds < 5, "cancelled in \(seconds) s, not after the 30 s sleep")
    }

    @Test func cancellingACommandThatIgnoresSIGTERMKillsItAfterTheGrace() async throws {
        let runner = ProcessRunner(killGrace: .milliseconds(300))
        let (pid, result, seconds) = try await Self.cancelled(runner, script: "trap '' TERM; sleep 30 & wait", after: .milliseconds(200))
        #expect(kill(pid, 0) != 0 && errno == ESRCH, "SIGKILL after the grace")
        #expect(!result.succeeded)
        #expect(seconds < 5, "killed in \(seconds) s")
    }
}
