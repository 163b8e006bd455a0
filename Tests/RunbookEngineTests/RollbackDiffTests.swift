import Foundation
import Testing
@testable import RunbookEngine

/// Before 3b's gate: `argocd app diff APP --revision TARGET`, its summary on the gate, the whole diff in the log.
@Suite("Step 3b: the diff before the rollback")
struct RollbackDiffTests {
    /// CLI output → resources that change, images old → new (fixtures built from the CLI's printf and `diff`'s format).
    @Test(arguments: [
        (Incident.rollbackDiff, ["apps/Deployment bookstore-platform-acme-books/catalog"], [Incident.badImage + " → " + Incident.goodImage]),
        ("", [], []),
        ("\n===== /Service bookstore/catalog ======\n3c3\n<   port: 8080\n---\n>   port: 8081\n"
         + "\n===== apps/Deployment bookstore/catalog ======\n27,28c27,28\n<       - image: a:1.4.2\n<         name: catalog\n---\n>       - image: a:1.4.1\n>         name: catalog\n",
         ["Service bookstore/catalog", "apps/Deployment bookstore/catalog"], ["a:1.4.2 → a:1.4.1"]),
        ("\n===== apps/Deployment bookstore/catalog ======\n18c18\n<         checksum/config: 1\n---\n>         checksum/config: 2\n",
         ["apps/Deployment bookstore/catalog"], []),
    ])
    func theDiffIsReadIntoResourcesAndImages(text: String, resources: [String], images: [String]) {
        let diff = RollbackDiff(revision: Incident.good, text: text)
        #expect(diff.resources == resources)
        #expect(diff.imageChanges.map { "\($0.from) → \($0.to)" } == images)
        #expect(diff.isEmpty == resources.isEmpty)
        #expect(diff.summary.hasPrefix(resources.isEmpty ? "no difference against a1b2c3d" : "\(resources.count) resource"))
    }

    @Test func theDiffAgainstTheTargetIsAskedForOnceTheTargetIsKnown() {
        let walk = Walk()
        #expect(walk.emitted.contains(.read(.diff(app: Incident.app, revision: Incident.good))))
        #expect(walk.state.rollbackDiff.value?.revision == Incident.good)
    }

    @Test func theRollbackGateSaysHowManyResourcesWillChangeAndTheLogHasTheWholeDiff() {
        let walk = Walk.at(.rollback)
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        let preview = walk.state.rollbackPreview
        #expect(preview?.warn == false)
        #expect(preview?.text.hasPrefix("1 resource will change (apps/Deployment bookstore-platform-acme-books/catalog); image \(Incident.badImage) → \(Incident.goodImage)") == true)
        let logged = walk.state.log.entries.compactMap { if case .diff(let diff) = $0 { diff } else { nil } }
        #expect(logged.count == 1)
        #expect(logged.first?.argv == ["argocd", "app", "diff", Incident.app, "--revision", "a1b2c3d"])
        #expect(logged.first?.text.contains("<         image: \(Incident.badImage)") == true)
    }

    @Test func theRollbackGateWaitsForTheDiff() {
        var walk = Walk(settled: false)
        // Everything but the diff is answered.
        var rounds = 0
        while let effect = walk.outbox.first, rounds < 200 {
            rounds += 1
            walk.outbox.removeFirst()
            if case .read(.diff) = effect { continue }
            if let answer = walk.world.answer(effect, at: walk.clock) { walk.send(answer) }
        }
        walk.confirmEverything(before: .rollback)
        #expect(walk.state.status(.rollback) == .waiting("reading argocd app diff against a1b2c3d"))
        walk.send(.diffRead(.ok(RollbackDiff(revision: Incident.good, text: Incident.rollbackDiff)), revision: Incident.good))
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
    }

    @Test func anEmptyDiffSaysNothingWouldChangeOnTheGate() {
        var world = World()
        world.diff = .ok("")
        let walk = Walk.at(.rollback, world)
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        #expect(walk.state.rollbackPreview?.warn == true)
        #expect(walk.state.rollbackPreview?.text == "argocd app diff: no difference against a1b2c3d: nothing would change — is a1b2c3d the right target?")
        #expect(walk.state.notes.contains { $0.level == .warn && $0.text.contains("would change nothing") })
    }

    @Test func aFailedDiffOpensTheGateSayingWhatIsNotKnown() {
        var world = World()
        world.diff = .failed(PortError(.failed, "argocd app diff failed: Manifest generation error"))
        let walk = Walk.at(.rollback, world)
        #expect(walk.state.status(.rollback) == .awaitingConfirmation)
        #expect(walk.state.rollbackPreview?.warn == true)
        #expect(walk.state.rollbackPreview?.text.contains("what will change is not known") == true)
    }

    @Test func anotherTargetIsDiffedAgainAndAnOldAnswerIsNotTakenForIt() {
        var walk = Walk.at(.rollback)
        walk.send(.choseLastKnownGood(HistoryID(40), by: Incident.driver))
        #expect(walk.state.rollbackDiff.value == nil)
        #expect(walk.outbox.contains(.read(.diff(app: Incident.app, revision: Incident.h40.revision))))
        // A late answer about 41 says nothing about 40.
        walk.send(.diffRead(.ok(RollbackDiff(revision: Incident.good, text: Incident.rollbackDiff)), revision: Incident.good))
        #expect(walk.state.rollbackPreview == nil)
        walk.settle()
        #expect(walk.state.rollbackDiff.value?.revision == Incident.h40.revision)
    }

    @Test func aMultiSourceTargetIsDiffedWithEachSourceAtItsRevisionAndTheLogSaysSo() {
        // Every entry has two sources: the git one (the entry's commit) and a Helm chart at its version.
        let history = Incident.history.map { entry in
            HistoryEntry(id: entry.id, revision: entry.revision, deployedAt: entry.deployedAt, sources: [
                HistorySource(repoURL: "https://git.example.com/platform.git", path: "apps/catalog", revision: entry.revision),
                HistorySource(repoURL: "https://charts.example.com", chart: "catalog", revision: Revision("1.4.\(entry.id.rawValue)")),
            ])
        }
        var world = World()
        world.app = Incident.application(history: history)
        let walk = Walk(world)
        let target = try! #require(history.first { $0.id == HistoryID(41) })
        #expect(walk.emitted.contains(.read(.diff(app: Incident.app, revision: Incident.good, sources: target.sources!))))
        let logged = walk.state.log.entries.compactMap { if case .diff(let diff) = $0 { diff } else { nil } }
        #expect(logged.first?.argv == ["argocd", "app", "diff", Incident.app, "--revisions", Incident.good.rawValue, "--source-positions", "1",
                                       "--revisions", "1.4.41", "--source-positions", "2"])
    }

    @Test func theDiffIsInTheJournalSoAReplayShowsIt() {
        let walk = Walk.at(.rollback)
        let replayed = Runbook.replay(walk.journal)
        #expect(replayed.rollbackDiff == walk.state.rollbackDiff)
        #expect(replayed.log == walk.state.log)
    }
}
