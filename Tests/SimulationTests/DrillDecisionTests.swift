import Foundation
import RunbookEngine
import Simulation
import Testing

/// Issue 19 §6: a drill scores the trainee's decision, not what the console held back on its own,
/// and times what the runbook times.
@Suite struct DrillDecisionTests {
    static func drill(_ name: String) throws -> TrainingScenario {
        try #require(ScenarioCatalog.builtIn()[name], "no shipped drill \(name)")
    }

    /// The console shows why not to roll back (Step 1's deploy against the alert, Step 2's config-only
    /// diff): quitting before reading it is no decision, and cannot be a clean 100.
    @Test(arguments: ["feature-flag-config", "false-alarm"])
    func quittingBeforeTheEvidenceIsNoDecision(_ name: String) async throws {
        let driver = try await DrillDriver(try Self.drill(name))
        #expect(driver.state.gateStep == .preflight)
        await driver.quit()
        let debrief = driver.debrief
        #expect(debrief.decisive == nil)
        #expect(!debrief.metIntent)
        #expect(debrief.mistakes.map(\.kind) == [.noDecision])
        #expect(debrief.score == 100 - Mistake.cost)
        #expect(debrief.markdown.contains("Your decision: none made"), "\(debrief.markdown)")
    }

    /// The same drills, read to the ending's gate: its `y` is the decision, and scores.
    @Test(arguments: [("feature-flag-config", StepID.killSwitch), ("false-alarm", StepID.noRollback)])
    func confirmingTheEndingOnceTheEvidenceIsShownIsTheDecision(_ name: String, _ step: StepID) async throws {
        let driver = try await DrillDriver(try Self.drill(name))
        #expect(await driver.confirmGates { $0.isComplete })
        await driver.quit()
        let debrief = driver.debrief
        #expect(debrief.decisive?.kind == .confirmed(step), "\(debrief.decisions)")
        #expect(debrief.metIntent)
        #expect(debrief.score == 100)
        #expect(driver.state.commands.isEmpty, "neither ending runs an argocd command")
    }

    /// At Step 0's hard stop nothing can be confirmed: the stop itself is the trainee's call, and an
    /// override the wrong one, scored as such.
    @Test func theForwardOnlyDrillScoresTheStopOrTheOverride() async throws {
        let stop = try await DrillDriver(try Self.drill("forward-only-migration"))
        #expect(await stop.wait { $0.hardStop != nil })
        await stop.quit()
        guard case .stopped(_, true)? = stop.debrief.decisive?.kind else { Issue.record("\(stop.debrief.decisions)"); return }
        #expect(stop.debrief.score == 100)

        let override = try await DrillDriver(try Self.drill("forward-only-migration"))
        #expect(await override.wait { $0.hardStop != nil })
        await override.send(.overrode(typedApp: override.drill.scenario.app, reason: "looks fine", by: DrillDriver.trainee))
        await override.quit()
        #expect(override.debrief.decisive == nil)
        #expect(override.debrief.decisions.contains { $0.kind == .overrode })
        #expect(override.debrief.score < 100)
        #expect(!override.debrief.metIntent)
    }

    /// "Time to mitigate" is the rollback propagating (every pod on the target), not Argo CD's
    /// answer to the command, which the simulated cluster gives at once.
    @Test func timeToMitigateIsTheRollbackPropagating() async throws {
        let driver = try await DrillDriver(try Self.drill("catalog-bad-digest"))
        #expect(await driver.confirmGates { $0.status(.rollback).isFinished })
        let confirmed = try #require(driver.events.last { if case .confirmed(.rollback, _, _) = $0.kind { true } else { false } }?.at)
        #expect(driver.state.finishedAt[.rollback] == confirmed, "the simulated rollback command answers at once")
        #expect(await driver.wait(upTo: 300) { $0.recovery.onGoodRevision && $0.recovery.podsPassed })
        let propagated = driver.state.now
        await driver.quit()
        let mitigate = try #require(driver.debrief.timeToMitigate)
        #expect(mitigate > 0 && mitigate <= propagated.timeIntervalSince(confirmed), "\(mitigate)")
        #expect(driver.debrief.timings.contains { $0.label.hasPrefix("Time to mitigate") && $0.withinTarget == true })
    }

    /// A rollback that had not propagated when the drill ended says so, rather than a time.
    @Test func aRollbackThatNeverPropagatedSaysSo() async throws {
        let driver = try await DrillDriver(try Self.drill("catalog-bad-digest"))
        #expect(await driver.confirmGates { $0.status(.rollback).isFinished })
        await driver.quit()
        let timing = try #require(driver.debrief.timings.first { $0.label.hasPrefix("Time to mitigate") })
        #expect(timing.seconds == nil && timing.withinTarget == false)
        #expect(driver.debrief.markdown.contains("Time to mitigate (y on 3b → every pod on the target): not reached before the drill ended"))
    }

    /// The score on screen during the drill counts hints and mistakes made so far, not the end's verdict.
    @Test func theRunningScoreLeavesTheEndsVerdictToTheEnd() async throws {
        let driver = try await DrillDriver(try Self.drill("false-alarm"))
        await driver.send(.hintShown(step: .preflight, by: DrillDriver.trainee))
        #expect(Debrief.runningScore(driver.events, drill: driver.drill) == 100 - Hints.cost)
        #expect(driver.debrief.score == 100 - Hints.cost - Mistake.cost, "ended here, the stop is no decision")
    }

    @Test func everyShippedDrillHasALessonTheDebriefSays() async throws {
        for drill in ScenarioCatalog.builtIn().scenarios {
            let lesson = try #require(drill.lesson, "\(drill.name) has a lesson")
            let driver = try await DrillDriver(drill)
            await driver.quit()
            #expect(driver.debrief.markdown.contains("- Lesson: \(lesson)"))
        }
    }

    /// `train --list` shows the description: the symptoms, never the answer the drill is there to teach.
    @Test func noShippedDescriptionGivesTheAnswerAway() {
        let answers = ["roll back", "rollback", "kill switch", "not indicated", "do not", "don't", "stop at", "stop here",
                       "instead", "last known good", "not 28", "disable it"]
        for drill in ScenarioCatalog.builtIn().scenarios {
            let description = drill.description.lowercased()
            for answer in answers { #expect(!description.contains(answer), "\(drill.name): '\(drill.description)' says '\(answer)'") }
            if let target = drill.target { #expect(!description.contains("\(target)"), "\(drill.name) names its target") }
        }
    }
}
