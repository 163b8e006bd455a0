import Foundation
import Testing
@testable import RunbookEngine

/// 3c on the Rollouts path (issue 14): pods on the good stable hash, no AnalysisRun on the bad hash, the
/// Application's health, p99 held — and the straight line's warning when recovery is slow.
@Suite("3c on the Rollouts path")
struct RolloutVerifyTests {
    /// A canary aborted by the console: the world answers the abort.
    static func aborted(_ world: World = RolloutsPathTests.world(Incident.rolloutInFlight())) -> Walk {
        var walk = Walk.at(.abortRollout, world)
        walk.confirm(.abortRollout)
        return walk
    }

    /// A promoted bad revision taken back by 3a, Argo CD's rollback and promote-full.
    static func promotedBack() -> Walk {
        var walk = Walk(RolloutsPathTests.world(Incident.rolloutPromoted()))
        walk.confirmEverything(before: .disableAutoSync)
        for step: StepID in [.disableAutoSync, .rollback, .promoteFull] { walk.confirm(step) }
        return walk
    }

    @Test(arguments: [HealthStatus.progressing, .degraded, .missing])
    func afterPromoteFullTheApplicationMustBeHealthy(health: HealthStatus) {
        var walk = Self.promotedBack()
        #expect(walk.state.status(.promoteFull).isFinished)
        walk.world.app.health = health
        walk.poll(for: 120)
        let check = walk.state.rolloutRecovery
        #expect(check.stableIsGood && check.podsPassed && check.holds.allSatisfy(\.passed) && !check.analysisOnBad, "everything else holds: \(check.summary)")
        #expect(walk.state.status(.verify) == .waiting(check.summary))
        #expect(check.summary.contains("health \(health.rawValue), not Healthy"), "\(check.summary)")
        walk.world.app.health = .healthy
        walk.poll(for: 10)
        #expect(walk.state.status(.verify) == .awaitingConfirmation)
    }

    /// Argo CD reports an aborted Rollout Degraded until the revert lands (upstream's TestRolloutAborted):
    /// after an abort that is what recovery looks like; any other health still waits.
    @Test(arguments: [(HealthStatus.degraded, true), (.healthy, true), (.progressing, false), (.missing, false)])
    func afterAnAbortDegradedIsTheAbortedRolloutsHealth(health: HealthStatus, passes: Bool) {
        var walk = Self.aborted()
        walk.world.app.health = health
        walk.poll(for: 120)
        #expect((walk.state.status(.verify) == .awaitingConfirmation) == passes, "\(walk.state.status(.verify))")
        if health == .degraded {
            #expect(walk.state.rolloutRecovery.summary.contains("Degraded (Argo CD's word for an aborted Rollout until the revert)"))
        }
    }

    @Test func anAnalysisRunStillJudgingTheBadHashKeepsVerifyWaiting() {
        var walk = Walk.at(.abortRollout, RolloutsPathTests.world(Incident.rolloutInFlight()))
        walk.press(.abortRollout)
        var rollout = Incident.rolloutInFlight()
        rollout.aborted = true  // aborted, but its analysis still Running on the canary hash
        walk.world.rollout = rollout
        walk.world.pods = Incident.pods(Incident.goodImage, hash: Incident.stablePodHash)
        walk.world.rolledBackAt = walk.clock
        walk.send(.gateFinished(step: .abortRollout, result: CommandResult(argv: walk.state.argv(.abortRollout), exitCode: 0, stdout: "", stderr: "")))
        walk.settle()
        walk.poll(for: 120)
        #expect(walk.state.rolloutRecovery.analysisOnBad)
        #expect(walk.state.status(.verify).isWaiting)
        #expect(walk.state.rolloutRecovery.summary.contains("an AnalysisRun still runs on the bad hash"))
        walk.world.rollout?.analysis?.phase = "Successful"
        walk.poll(for: 10)
        #expect(walk.state.status(.verify) == .awaitingConfirmation, "\(walk.state.status(.verify))")
    }

    @Test func aSlowRecoveryAfterTheAbortIsSaidOnceWithTheTime() throws {
        var world = RolloutsPathTests.world(Incident.rolloutInFlight())
        world.recoversAfter = 400
        var walk = Self.aborted(world)
        let started = try #require(walk.state.verifyStartedAt)
        let firstSaidAfter = walk.secondsUntilNote(.slowRecovery, since: started)
        #expect(firstSaidAfter.map { $0 >= 180 && $0 < 200 } == true, "said at the first read past 3 minutes: \(String(describing: firstSaidAfter))")
        let slow = walk.state.notes.filter { $0.kind == .slowRecovery }
        #expect(slow.count == 1 && slow.first?.level == .warn)
        #expect(slow.first?.text.hasPrefix("3c: 3 min since the abort and not recovered") == true, "\(slow.first?.text ?? "")")
        guard case .waiting(let text) = walk.state.status(.verify) else { Issue.record("3c is not waiting"); return }
        #expect(text.contains("since the abort (the runbook expects 2–3 min)"), "\(text)")
        walk.poll(for: 120)
        #expect(walk.state.notes.filter { $0.kind == .slowRecovery }.count == 1, "said once")
    }
}
