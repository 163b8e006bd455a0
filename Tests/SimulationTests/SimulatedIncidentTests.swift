import Foundation
import Integrations
import RunbookEngine
import Simulation
import Testing

/// The runbook's incident, walked on the simulated cluster with a frozen clock moved by hand.
@Suite struct SimulatedIncidentTests {
    static let app = "bookstore-catalog-us-east"
    static let scenario = Scenario.runbookIncident
    static let bad = Revision("d8f3c2a")
    static let good = Revision("a1b2c3d")

    static func world(_ scenario: Scenario = .runbookIncident) async throws -> (SimulatedWorld, VirtualClock) {
        let clock = VirtualClock(start: scenario.start, speed: 0)
        return (try await SimulatedWorld(scenario: scenario, clock: clock), clock)
    }

    static func gate(_ step: StepID, _ words: String...) -> GateCommand { GateCommand(step: step, argv: ["argocd"] + words) }
    static let disable = gate(.disableAutoSync, "app", "set", app, "--sync-policy", "none")
    static let rollback = gate(.rollback, "app", "rollback", app, "41")
    static let enable = gate(.enableAutoSync, "app", "set", app, "--sync-policy", "automated", "--auto-prune", "--self-heal")

    @Test func startsSyncedAndHealthyOnTheBadReleaseWithAutoSyncOn() async throws {
        let (world, _) = try await Self.world()
        let app = try await world.application(Self.app)
        #expect(app.health == .healthy)
        #expect(app.sync == .synced)
        #expect(app.history.map(\.id.rawValue) == [38, 39, 40, 41, 42])
        #expect(app.history.map(\.revision.rawValue) == ["1f2e3d4", "5a4b3c2", "9e8d7c6", "a1b2c3d", "d8f3c2a"])
        #expect(app.current?.deployedAt == Self.scenario.start.addingTimeInterval(-720))
        #expect(app.autoSync == AutoSync(prune: true, selfHeal: true))
        #expect(app.images == ["ghcr.io/acme/catalog@\(Self.scenario.current.digest)"])
    }

    @Test func rollbackIsRefusedWhileAutoSyncIsOn() async throws {
        let (world, _) = try await Self.world()
        let result = await world.run(Self.rollback)
        #expect(result.exitCode == 1)
        #expect(result.stderr == "FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled\n")
        #expect(try await world.application(Self.app).history.last?.id == HistoryID(42))
    }

    @Test func disablingAutoSyncRemovesTheAutomatedBlock() async throws {
        let (world, _) = try await Self.world()
        let result = await world.run(Self.disable)
        #expect(result.exitCode == 0)
        #expect(result.stdout == "Application 'bookstore-catalog-us-east' updated\n")
        #expect(try await world.application(Self.app).autoSync == nil)
    }

    @Test func rollbackAppendsEntry43OnTheLastKnownGoodAndIsOutOfSync() async throws {
        let (world, clock) = try await Self.world()
        _ = await world.run(Self.disable)
        let result = await world.run(Self.rollback)
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix("Rolling back application 'bookstore-catalog-us-east' to history 41 (revision a1b2c3d)"))
        var app = try await world.application(Self.app)
        #expect(app.current?.id == HistoryID(43))
        #expect(app.current?.revision == Self.good)
        #expect(app.operation?.phase == .succeeded)
        #expect(app.operation?.syncRevision == Self.good)
        #expect(app.sync == .outOfSync)
        #expect(app.syncRevision == Self.bad)
        #expect(app.health == .progressing)
        #expect(app.images == ["ghcr.io/acme/catalog@\(Self.scenario.lastKnownGood!.digest)"])
        clock.advance(by: .seconds(21))
        app = try await world.application(Self.app)
        #expect(app.health == .healthy)
        #expect(app.sync == .outOfSync)
    }

    @Test func rollbackToAnUnknownHistoryIDIsRefused() async throws {
        let (world, _) = try await Self.world()
        _ = await world.run(Self.disable)
        let result = await world.run(Self.gate(.rollback, "app", "rollback", Self.app, "99"))
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("does not have deployment with id 99"))
        #expect(try await world.application(Self.app).history.count == 5)
    }

    @Test func unknownCommandIsAUsageError() async throws {
        let (world, _) = try await Self.world()
        let result = await world.run(Self.gate(.rollback, "app", "delete", Self.app))
        #expect(result.exitCode == 20)
        #expect(result.stderr.contains("Usage:"))
        let wrongApp = await world.run(Self.gate(.disableAutoSync, "app", "set", "bookstore-orders-eu-west", "--sync-policy", "none"))
        #expect(wrongApp.exitCode == 20)
        #expect(wrongApp.stderr.contains("NotFound"))
    }

    @Test func podsMoveToTheGoodDigestWithinThirtySeconds() async throws {
        let (world, clock) = try await Self.world()
        let good = Self.scenario.lastKnownGood!.digest
        let pods = { try await world.podImages(namespace: "bookstore-platform-acme-books", selector: "app=catalog") }
        #expect(try await pods().map(\.digest) == Array(repeating: Self.scenario.current.digest, count: 3))
        _ = await world.run(Self.disable)
        _ = await world.run(Self.rollback)
        clock.advance(by: .seconds(15))
        let halfway = try await pods()
        #expect(halfway.count == 3)
        #expect(halfway.contains { $0.digest == good } && halfway.contains { $0.digest != good })
        clock.advance(by: .seconds(25))
        let after = try await pods()
        #expect(after.map(\.digest) == [good, good, good])
        #expect(after.allSatisfy { $0.ready })
        #expect(Set(after.map(\.pod)).isDisjoint(with: halfway.filter { $0.digest != good }.map(\.pod)))
        #expect(try await world.podImages(namespace: "default", selector: "app=catalog").isEmpty)
    }

    @Test func p99FallsBelowTheThresholdWithinThreeMinutesOfTheRollback() async throws {
        let (world, clock) = try await Self.world()
        let before = try await world.p99(from: clock.now().addingTimeInterval(-300), to: clock.now(), step: .seconds(15))
        #expect(before.count == 21)
        #expect(before.allSatisfy { (1.1...1.3).contains($0.seconds) })
        _ = await world.run(Self.disable)
        _ = await world.run(Self.rollback)
        let rolledBackAt = clock.now()
        clock.advance(by: .seconds(360))
        let samples = try await world.p99(from: rolledBackAt, to: clock.now(), step: .seconds(15))
        let firstBelow = try #require(samples.first { $0.seconds < 0.5 })
        #expect(firstBelow.at.timeIntervalSince(rolledBackAt) >= 60)
        #expect(firstBelow.at.timeIntervalSince(rolledBackAt) <= 180)
        #expect(samples.filter { $0.at.timeIntervalSince(rolledBackAt) >= 180 }.allSatisfy { $0.seconds < 0.5 })
        let again = try await world.p99(from: rolledBackAt, to: clock.now(), step: .seconds(15))
        #expect(again == samples)
    }

    @Test func p99IsNeverReportedForTheFuture() async throws {
        let (world, clock) = try await Self.world()
        let samples = try await world.p99(from: clock.now().addingTimeInterval(-60), to: clock.now().addingTimeInterval(600), step: .seconds(30))
        #expect(samples.count == 3)
    }

    @Test func alertFiredFourMinutesAfterTheBadDeploy() async throws {
        let (world, clock) = try await Self.world()
        let start = try await world.alertStart("BookstoreCatalogP99Latency", around: clock.now())
        #expect(start == Self.scenario.start.addingTimeInterval(-720 + 240))
        #expect(try await world.alertStart("BookstorePaymentsErrorRate", around: clock.now()) == nil)
    }

    @Test func revertLandsInRealGitAFewMinutesAfterTheRollback() async throws {
        let (world, clock) = try await Self.world()
        let git = GitConfigRepo(path: world.repositoryPath)
        _ = await world.run(Self.disable)
        _ = await world.run(Self.rollback)
        clock.advance(by: .seconds(120))
        await world.settle()
        #expect(try await git.revertOf(Self.bad) == nil)
        clock.advance(by: .seconds(61))
        await world.settle()
        let revert = try #require(try await git.revertOf(Self.bad))
        let message = try await git.showStat(revert)
        let badSHA = try await git.fullSHA(of: Self.bad)
        #expect(message.contains("This reverts commit \(badSHA.rawValue)."))
        #expect(message.contains("Priya Natarajan"))
        let app = try await world.application(Self.app)
        #expect(app.syncRevision == revert)
        #expect(app.sync == .outOfSync)
        #expect(await world.notes.map(\.text).contains { $0.contains("merged the revert of d8f3c2a") })
    }

    @Test func reenablingAutoSyncAfterTheRevertSyncsTo44() async throws {
        let (world, clock) = try await Self.world()
        _ = await world.run(Self.disable)
        _ = await world.run(Self.rollback)
        clock.advance(by: .seconds(200))
        let revert = try #require(try await world.ports.configRepo.revertOf(Self.bad))
        #expect(await world.run(Self.enable).exitCode == 0)
        clock.advance(by: .seconds(10))
        let app = try await world.application(Self.app)
        #expect(app.autoSync == AutoSync(prune: true, selfHeal: true))
        #expect(app.current?.id == HistoryID(44))
        #expect(app.current?.revision == revert)
        #expect(app.sync == .synced)
        #expect(app.health == .healthy)
        let pods = try await world.podImages(namespace: Self.scenario.namespace, selector: Self.scenario.selector)
        #expect(pods.allSatisfy { $0.digest == Self.scenario.lastKnownGood!.digest })
    }

    @Test func reenablingAutoSyncBeforeTheRevertReappliesTheBadRelease() async throws {
        let (world, clock) = try await Self.world()
        _ = await world.run(Self.disable)
        _ = await world.run(Self.rollback)
        clock.advance(by: .seconds(60))
        _ = await world.run(Self.gate(.enableAutoSync, "app", "set", Self.app, "--sync-policy", "automated"))
        clock.advance(by: .seconds(60))
        let app = try await world.application(Self.app)
        #expect(app.autoSync == AutoSync(prune: false, selfHeal: false))
        #expect(app.current?.id == HistoryID(44))
        #expect(app.current?.revision == Self.bad)
        let pods = try await world.podImages(namespace: Self.scenario.namespace, selector: Self.scenario.selector)
        #expect(pods.allSatisfy { $0.digest == Self.scenario.current.digest })
    }

    @Test func parentAppCanTurnAutoSyncBackOnBehindTheEngineersBack() async throws {
        var scenario = Scenario.runbookIncident
        scenario.events.append(ScenarioEvent(.autoSyncReenabled(by: "app-of-apps bookstore-platform-root"),
                                             after: .seconds(90), anchor: .autoSyncDisabled))
        let (world, clock) = try await Self.world(scenario)
        _ = await world.run(Self.disable)
        clock.advance(by: .seconds(89))
        #expect(try await world.application(Self.app).autoSync == nil)
        clock.advance(by: .seconds(2))
        #expect(try await world.application(Self.app).autoSync == AutoSync(prune: true, selfHeal: true))
        #expect(await world.run(Self.rollback).exitCode == 1)
    }

    @Test func crashLoopingPodIsNotReadyAndTheAppDegraded() async throws {
        var scenario = Scenario.runbookIncident
        scenario.events = [ScenarioEvent(.podCrashLoop(index: 1), after: .seconds(30), anchor: .start)]
        let (world, clock) = try await Self.world(scenario)
        clock.advance(by: .seconds(31))
        #expect(try await world.application(Self.app).health == .degraded)
        let pods = try await world.podImages(namespace: scenario.namespace, selector: scenario.selector)
        #expect(pods.map(\.ready) == [true, false, true])
    }
}
