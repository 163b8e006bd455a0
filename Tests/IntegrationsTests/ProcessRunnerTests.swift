import Foundation
import TestHarness
import Integrations
import RunbookEngine
import Testing

@Suite struct ProcessRunnerTests {
    let runner = ProcessRunner()

    @Test func exitCodeIsReported() async {
        let ok = await runner.run(["true"], timeout: .seconds(10), workingDirectory: nil)
        #expect(ok.exitCode == 0)
        #expect(ok.succeeded)
        let failed = await runner.run(["sh", "-c", "exit 3"], timeout: .seconds(10), workingDirectory: nil)
        #expect(failed.exitCode == 3)
        #expect(!failed.succeeded)
        #expect(!failed.timedOut)
        #expect(failed.launchError == nil)
    }

    @Test func stdoutAndStderrAreCapturedSeparately() async {
        let result = await runner.run(["sh", "-c", "echo out; echo 'rpc error: denied' >&2; exit 1"],
                                      timeout: .seconds(10), workingDirectory: nil)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "rpc error: denied\n")
        #expect(result.exitCode == 1)
    }

    @Test func missingBinaryIsALaunchErrorNamingTheFix() async throws {
        let emptyDir = try TemporaryDirectory()
        let isolated = ProcessRunner(environment: ["PATH": emptyDir.path])
        let result = await isolated.run(["argocd", "app", "get", "x"], timeout: .seconds(10), workingDirectory: nil)
        #expect(result.launchError == "argocd not found on PATH — install the Argo CD CLI or pass its path")
        #expect(result.exitCode == nil)
        #expect(!result.succeeded)
    }

    @Test func missingAbsolutePathIsALaunchError() async {
        let result = await runner.run(["/nonexistent/bin/kubectl", "version"], timeout: .seconds(10), workingDirectory: nil)
        #expect(result.launchError?.contains("/nonexistent/bin/kubectl") == true)
    }

    @Test func hangingCommandIsKilledAtItsTimeout() async {
        let result = await runner.run(["sleep", "30"], timeout: .milliseconds(300), workingDirectory: nil)
        #expect(result.timedOut)
        #expect(result.exitCode == nil)
        #expect(!result.succeeded)
        #expect(result.seconds < 5)
        #expect(result.stderr.contains("sleep 30 did not finish within"))
    }

    @Test func commandIgnoringSIGTERMIsKilledAfterTheGrace() async {
        let stubborn = ProcessRunner(killGrace: .milliseconds(300))
        let result = await stubborn.run(["sh", "-c", "trap '' TERM; echo started; sleep 30"],
                                        timeout: .milliseconds(500), workingDirectory: nil)
        #expect(result.timedOut)
        #expect(result.stdout == "started\n")
        #expect(result.seconds < 5)
    }

    @Test func outputBeyondTheLimitIsDroppedAndFlagged() async {
        let small = ProcessRunner(outputLimit: 64 * 1024)
        let result = await small.run(["seq", "1", "200000"], timeout: .seconds(20), workingDirectory: nil)
        #expect(result.exitCode == 0)
        #expect(result.truncated)
        #expect(result.stdout.utf8.count == 64 * 1024)
        #expect(result.stdout.hasPrefix("1\n2\n3\n"))
    }

    @Test func outputWithinTheLimitIsNotFlagged() async {
        let result = await runner.run(["seq", "1", "1000"], timeout: .seconds(10), workingDirectory: nil)
        #expect(!result.truncated)
        #expect(result.stdout.split(separator: "\n").count == 1000)
    }

    @Test func argvIsPassedVerbatimWithoutAShell() async {
        let words = ["a b", "it's", "\"quoted\"", "$HOME", "*", "; rm -rf /", "`id`"]
        let result = await runner.run(["printf", "%s\n"] + words, timeout: .seconds(10), workingDirectory: nil)
        #expect(result.stdout == words.map { $0 + "\n" }.joined())
    }

    @Test func workingDirectoryIsHonoured() async throws {
        let dir = try TemporaryDirectory()
        let result = await runner.run(["pwd", "-P"], timeout: .seconds(10), workingDirectory: dir.path)
        let expected = URL(fileURLWithPath: dir.path).resolvingSymlinksInPath().path
        #expect(result.stdout == expected + "\n")
    }

    @Test func environmentIsInheritedAndExtraVariablesAdded() async {
        let extra = ProcessRunner(environment: ["INCIDENT_CONSOLE_TEST": "42"])
        let result = await extra.run(["sh", "-c", "echo \"$INCIDENT_CONSOLE_TEST:$PATH\""], timeout: .seconds(10), workingDirectory: nil)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        #expect(result.stdout == "42:\(path)\n")
    }
}
