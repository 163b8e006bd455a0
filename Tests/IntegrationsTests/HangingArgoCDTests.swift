import Foundation
import TestHarness
import Integrations
import RunbookEngine
import Testing

/// An `argocd` that never answers (a stuck API server, a VPN that dropped): the read ends at its
/// timeout with a message naming the command, and nothing else waits for it meanwhile.
@Suite struct HangingArgoCDTests {
    /// A stand-in `argocd` first on PATH that sleeps forever, as a hung CLI does.
    static func hangingArgoCD() throws -> (TemporaryDirectory, ProcessRunner) {
        let directory = try TemporaryDirectory()
        let standIn = directory.path + "/argocd"
        try "#!/bin/sh\nexec sleep 1000\n".write(toFile: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn)
        let path = directory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return (directory, ProcessRunner(killGrace: .milliseconds(200), environment: ["PATH": path]))
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    @Test func aHungAppReadEndsAtItsTimeoutWithAClearMessage() async throws {
        let (directory, runner) = try Self.hangingArgoCD()
        let argocd = ArgoCDCLI(runner: runner, timeout: .milliseconds(800))
        // A clock ticking beside the hung read, as the screen's does.
        let ticker = Task { () -> Int in
            var ticks = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                ticks += 1
            }
            return ticks
        }
        let start = ContinuousClock.now
        await #expect {
            _ = try await argocd.application("bookstore-catalog-us-east")
        } throws: { error in
            guard let error = error as? PortError else { return false }
            return error.kind == .timeout && error.message.contains("argocd app get bookstore-catalog-us-east")
                && error.message.contains("did not answer within")
        }
        let took = Self.seconds(since: start)
        ticker.cancel()
        let ticks = await ticker.value
        #expect(took >= 0.7 && took < 4, "the read ends at its timeout (took \(took) s)")
        #expect(ticks >= 5, "the clock kept ticking while the read hung (\(ticks) ticks in \(took) s)")
        _ = directory
    }

    @Test func aHungGateCommandIsKilledAndReportedAsTimedOut() async throws {
        let (directory, runner) = try Self.hangingArgoCD()
        let argocd = ArgoCDCLI(runner: runner, timeout: .milliseconds(800))
        let command = GateCommand(step: .disableAutoSync, argv: ["argocd", "app", "set", "bookstore-catalog-us-east", "--sync-policy", "none"])
        let start = ContinuousClock.now
        let result = await argocd.run(command)
        let took = Self.seconds(since: start)
        #expect(result.timedOut && !result.succeeded)
        #expect(result.argv == command.argv, "the result names the command the gate showed")
        #expect(result.stderr.contains("did not finish within"), "\(result.stderr)")
        #expect(took < 4, "killed at its timeout (took \(took) s)")
        _ = directory
    }
}
