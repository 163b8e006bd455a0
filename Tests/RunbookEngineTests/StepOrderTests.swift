import Foundation
import Testing
@testable import RunbookEngine

@Suite("Steps go in runbook order")
struct StepOrderTests {
    @Test func startingReadsTheAppPodsAndLatencyAndSchedulesThePoll() {
        let walk = Walk(settled: false)
        let reads = walk.emitted.compactMap { effect -> Read? in if case .read(let read) = effect { read.kind } else { nil } }
        #expect(reads == [.app, .pods, .deployment, .latency])
        #expect(walk.emitted.contains(.schedule(after: 10, .poll)))
        #expect(walk.state.status(.preflight) == .ready)
        #expect(walk.state.pendingGate == nil)
    }

    @Test func theFirstHistoryReadFixesTheBadEntryAndAsksForStep0sDiff() {
        var walk = Walk(settled: false)
        let effects = walk.send(.appRead(.ok(Incident.application())))
        #expect(walk.state.badEntry == Incident.h42)
        #expect(walk.state.lastKnownGood == Incident.h41)
        #expect(effects.contains(.read(.migrations(from: Incident.good, to: Incident.bad, glob: Incident.config.migrationsGlob))))
        #expect(effects.contains(.read(.diagnosis(revision: Incident.bad))))
        #expect(effects.contains(.read(.alert(name: "BookstoreCatalogP99Latency", around: Incident.h42.deployedAt))))
    }

    @Test func aSecondStartIsIgnored() {
        var walk = Walk()
        let before = walk.state
        let effects = walk.send(.started(config: Incident.config, driver: "intruder@elsewhere"))
        #expect(effects.isEmpty)
        #expect(walk.state.driver == Incident.driver)
        #expect(walk.state.steps == before.steps)
    }

    @Test func onlyOneGateIsOpenAtATimeAndItIsTheNextStepInOrder() {
        var walk = Walk()
        for step in Walk.order {
            walk.confirmEverything(before: step)
            if step == .verify { walk.waitForRecovery() }
            if step == .enableAutoSync { walk.revertLands() }
            #expect(walk.state.pendingGate == step)
            let open = StepID.allCases.filter { walk.state.status($0) == .awaitingConfirmation }
            #expect(open == [step])
            for later in StepID.allCases where later > step && later != .communicate {
                #expect(!walk.state.status(later).isFinished, "\(later.label) finished before \(step.label)")
            }
        }
    }

    /// Every step but the one waiting: a `y` sent for it runs nothing and says so.
    @Test(arguments: StepID.allCases.filter { $0 != .preflight })
    func confirmingAStepThatIsNotWaitingRunsNothing(step: StepID) {
        var walk = Walk()
        let before = walk.state.steps
        let effects = walk.send(.confirmed(step: step, argv: walk.state.argv(step), by: Incident.driver))
        #expect(effects.isEmpty)
        #expect(walk.state.steps == before)
        #expect(walk.lastNote == "\(step.label) is not waiting for a confirmation — nothing ran.")
    }

    @Test func aConfirmationFromNobodyIsIgnored() {
        var walk = Walk()
        let effects = walk.send(.confirmed(step: .preflight, argv: [], by: ""))
        #expect(effects.isEmpty)
        #expect(walk.state.status(.preflight) == .awaitingConfirmation)
    }

    @Test func decliningRunsNothingAndKeepsTheGateOpen() {
        var walk = Walk.at(.disableAutoSync)
        let effects = walk.send(.declined(step: .disableAutoSync, by: Incident.driver))
        #expect(effects.isEmpty)
        #expect(walk.state.status(.disableAutoSync) == .awaitingConfirmation)
        #expect(walk.lastNote == "Step 3a declined — nothing ran. Press y when you are ready to go on.")
        #expect(walk.gates.isEmpty)
    }

    @Test func evidenceStepsFinishWithTheirEvidenceAndRunNoCommand() {
        let walk = Walk.at(.disableAutoSync)
        // The test world's app names no project (as journals before it was read): Argo CD's two checks could not be made.
        #expect(walk.state.status(.preflight) == .done("✓ code, not schema; ✓ last known good known; ✓ auto-sync state; ✓ no parent app; ✓ no op running; "
                                                       + "✓ target in history; ! may sync; ! no deny window"))
        #expect(walk.state.status(.schema) == .done("SAFE: 1 statement(s) in 1 file(s)"))
        #expect(walk.state.status(.check) == .done("Healthy, Synced on d8f3c2a (history 42)"))
        #expect(walk.state.status(.diagnose) == .done("change: image digest or tag bump (image.digest)"))
        #expect(walk.gates.isEmpty)
    }

    @Test func step2WaitsForTheDiagnosisAndThePods() {
        var walk = Walk(World(), settled: false)
        // Answer everything but the pods and the diagnosis.
        while let effect = walk.outbox.first {
            walk.outbox.removeFirst()
            if case .read(.pods) = effect { continue }
            if case .read(.diagnosis) = effect { continue }
            if let answer = walk.world.answer(effect, at: walk.clock) { walk.send(answer) }
        }
        walk.confirm(.preflight); walk.confirm(.schema); walk.confirm(.check)
        #expect(walk.state.status(.diagnose) == .ready)
        walk.send(.diagnosisRead(.failed(PortError(.failed, "git show failed: unknown revision")), revision: Incident.bad))
        #expect(walk.state.status(.diagnose) == .ready)
        walk.send(.podsRead(.ok(Incident.pods(Incident.badImage))))
        #expect(walk.state.status(.diagnose) == .awaitingConfirmation)
    }
}
