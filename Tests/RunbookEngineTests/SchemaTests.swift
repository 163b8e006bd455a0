import Foundation
import MigrationSafety
import Testing
@testable import RunbookEngine

@Suite("Step 0: schema compatibility")
struct SchemaTests {
    static var unsafeWorld: World {
        var world = World()
        world.migrations = .ok(Incident.unsafeMigrations)
        return world
    }

    @Test func anUnsafeMigrationIsAHardStopPointingToPITR() {
        var walk = Walk(Self.unsafeWorld)
        walk.confirm(.preflight)
        guard case .failed(let reason) = walk.state.status(.schema) else {
            Issue.record("Step 0 is \(walk.state.status(.schema))"); return
        }
        #expect(reason.contains("UNSAFE migration shipped with d8f3c2a"))
        #expect(reason.contains("data-rollback-postgres-pitr.md"))
        #expect(walk.state.hardStop == reason)
        // The one gate open past Step 0 is the hand-off ending, which runs nothing.
        for later in StepID.allCases where later > .schema && later != .handOff { #expect(walk.state.status(later) == .locked) }
        #expect(walk.state.gateStep == .handOff)
    }

    /// With the hard stop in place, a `y` on any later step (with the command it would show) runs nothing.
    /// (The hand-off itself is the way on: `EndingTests`.)
    @Test(arguments: StepID.allCases.filter { $0 > .schema && $0 != .handOff })
    func afterAnUnsafeVerdictNoLaterStepCanBeConfirmed(step: StepID) {
        var walk = Walk(Self.unsafeWorld)
        walk.confirm(.preflight)
        for earlier in StepID.allCases where earlier > .schema && earlier < step && earlier != .handOff { walk.confirm(earlier) }
        let effects = walk.confirm(step)
        #expect(effects.isEmpty)
        #expect(walk.gates.isEmpty)
        #expect(walk.state.status(.schema).isFailed)
    }

    @Test(arguments: [
        ("bookstore-catalog", "p99 is burning and the column is unused"),
        ("Bookstore-Catalog-US-East", "p99 is burning and the column is unused"),
        ("bookstore-catalog-us-east ", "p99 is burning and the column is unused"),
        ("y", "y"),
        ("bookstore-catalog-us-east", ""),
        ("bookstore-catalog-us-east", "  \n "),
    ])
    func theOverrideNeedsTheExactAppNameAndAReason(typedApp: String, reason: String) {
        var walk = Walk(Self.unsafeWorld)
        walk.send(.overrode(typedApp: typedApp, reason: reason, by: Incident.driver))
        #expect(walk.state.override == nil)
        #expect(walk.state.hardStop != nil)
        #expect(walk.lastNote == "Override refused: type the app name exactly and give a reason.")
    }

    @Test func theOverrideNeedsADriver() {
        var walk = Walk(Self.unsafeWorld)
        walk.send(.overrode(typedApp: Incident.app, reason: "column unused", by: ""))
        #expect(walk.state.override == nil)
    }

    @Test func anOverrideWithTheAppNameAndAReasonLetsTheWalkGoOn() {
        var walk = Walk(Self.unsafeWorld)
        walk.confirm(.preflight)
        walk.send(.overrode(typedApp: Incident.app, reason: "  isbn10 has been unread since March  ", by: Incident.driver))
        #expect(walk.state.override?.reason == "isbn10 has been unread since March")
        #expect(walk.state.hardStop == nil)
        #expect(walk.state.status(.schema) == .awaitingConfirmation)
        walk.confirmEverything(before: .rollback)
        #expect(walk.gates.map(\.step) == [.disableAutoSync])
        #expect(walk.state.status(.schema) == .done("UNSAFE: 1 statement(s) in 1 file(s) — overridden: isbn10 has been unread since March"))
        walk.walkToTheEnd()
        #expect(walk.state.postmortemPath != nil)
        #expect(Messages.postmortem(walk.state).contains("Step 0 was overridden by oncall@laptop"))
    }

    /// Issue 16: a migration diff that cannot be read left Step 0 "ready" forever. Unread is not safe:
    /// a hard stop with the reason, the same typed override, and no hand-off (nothing was found UNSAFE).
    @Test func migrationsThatCannotBeReadAreAHardStopWithTheReason() {
        var world = World()
        world.migrations = .failed(PortError(.failed, "git diff a1b2c3d..d8f3c2a: fatal: bad object d8f3c2a"))
        var walk = Walk(world)
        walk.confirm(.preflight)
        guard case .failed(let reason) = walk.state.status(.schema) else { Issue.record("Step 0 is \(walk.state.status(.schema))"); return }
        #expect(reason.contains("cannot read the migrations") && reason.contains("fatal: bad object d8f3c2a"), "\(reason)")
        #expect(walk.state.hardStop == reason)
        #expect(walk.state.status(.handOff) == .locked, "nothing was found UNSAFE: no hand-off to the data-rollback runbook")
        #expect(walk.confirm(.check).isEmpty, "nothing past Step 0")
        walk.send(.overrode(typedApp: Incident.app, reason: "the repo is mid-migration; no schema change in this release", by: Incident.driver))
        #expect(walk.state.status(.schema) == .awaitingConfirmation)
        walk.confirm(.schema)
        #expect(walk.state.status(.schema) == .done("not read: git diff a1b2c3d..d8f3c2a: fatal: bad object d8f3c2a — overridden: the repo is mid-migration; no schema change in this release"))
        #expect(walk.state.status(.check) == .awaitingConfirmation)
    }

    @Test func aReadThatSucceedsLaterLiftsTheStop() {
        var world = World()
        world.migrations = .failed(PortError(.failed, "git: timed out after 30 s"))
        var walk = Walk(world)
        walk.confirm(.preflight)
        #expect(walk.state.hardStop != nil)
        walk.world.migrations = .ok(Incident.safeMigrations)
        walk.send(.refreshRequested(by: Incident.driver))
        walk.settle()
        #expect(walk.state.hardStop == nil)
        #expect(walk.state.status(.schema) == .awaitingConfirmation)
    }

    @Test func thereIsNothingToOverrideWithoutAHardStop() {
        var walk = Walk()
        walk.send(.overrode(typedApp: Incident.app, reason: "just in case", by: Incident.driver))
        #expect(walk.state.override == nil)
    }

    @Test func aReviewVerdictIsNotAHardStop() {
        var world = World()
        world.migrations = .ok(Incident.reviewMigrations)
        var walk = Walk(world)
        walk.confirm(.preflight)
        #expect(walk.state.hardStop == nil)
        #expect(walk.state.status(.schema) == .awaitingConfirmation)
    }

    @Test func aVerdictForAnotherRangeIsIgnored() {
        var walk = Walk(World(), settled: false)
        walk.send(.appRead(.ok(Incident.application())))
        walk.send(.migrationsRead(.ok(Incident.unsafeMigrations), from: Incident.h40.revision, to: Incident.bad))
        #expect(walk.state.migrations.value == nil)
        #expect(walk.state.hardStop == nil)
    }

    @Test func aMigrationCheckThatCouldNotRunHoldsStep0() {
        var world = World()
        world.migrations = .failed(PortError(.missingBinary, "git not found on PATH — install git"))
        var walk = Walk(world)
        #expect(walk.state.preflightChecks[0] == PreflightCheck(title: "code, not schema", passed: false, detail: "could not check: git not found on PATH — install git"))
        walk.confirm(.preflight)
        #expect(walk.state.status(.schema) == .failed("Step 0 cannot read the migrations shipped with d8f3c2a: git not found on PATH — install git. Unread is not safe: fix the read (r reads again), or override with the app name and a reason."))
        #expect(walk.confirm(.schema).isEmpty)
        walk.world.migrations = .ok(Incident.safeMigrations)
        walk.send(.refreshRequested(by: Incident.driver))
        walk.settle()
        #expect(walk.state.status(.schema) == .awaitingConfirmation)
    }
}
