import Foundation
@testable import RunbookEngine
import Testing

/// Pre-flight asks Argo CD before 3b's gate (issue 18): may this account sync the app, and does a sync
/// window deny syncs now. A `no` or a deny window is said at Pre-flight and on 3b's gate — never a refusal:
/// Argo CD is the authority. The override (`argocd proj windows enable-manual-sync`) is its own gated step.
@Suite struct SyncWindowStepTests {
    static let project = "bookstore-platform"
    static let freeze = SyncWindow(id: 1, active: true, kind: "deny", schedule: "0 0 27 11 *", duration: "96h",
                                   applications: ["bookstore-*"], namespaces: [], clusters: [], manualSync: false)
    static let nightly = SyncWindow(id: 2, active: true, kind: "deny", schedule: "0 22 * * *", duration: "8h",
                                    applications: [], namespaces: [Incident.config.namespace], clusters: [], manualSync: false)

    static func world(canSync: Bool = true, windows: [SyncWindow] = []) -> World {
        var world = World()
        world.app.project = project
        world.canSync = .ok(canSync)
        world.syncWindows = windows
        return world
    }

    static func check(_ walk: Walk, _ prefix: String) throws -> PreflightCheck {
        try #require(walk.state.preflightChecks.first { $0.title.hasPrefix(prefix) })
    }

    /// A freeze that begins mid-incident is seen on the polls (once a minute), not only after `r`.
    @Test func aWindowThatOpensMidIncidentIsSeenWithoutR() throws {
        var walk = Walk.at(.disableAutoSync, Self.world())
        #expect(try Self.check(walk, "no deny window").passed)
        walk.world.syncWindows = [Self.freeze]
        walk.poll(for: 90)
        let check = try Self.check(walk, "no deny window")
        #expect(!check.passed, "\(check.detail)")
        #expect(walk.state.syncWindows.value?.state == .syncDenied)
    }

    // MARK: - Permission

    @Test func anAccountThatMaySyncPasses() throws {
        let walk = Walk.at(.preflight, Self.world())
        let check = try Self.check(walk, "may sync")
        #expect(check.title == "may sync")
        #expect(check.passed && check.detail.contains("can-i sync applications \(Self.project)/\(Incident.config.app): yes"))
        #expect(walk.emitted.contains(.read(.permission(app: Incident.config.app, project: Self.project))))
    }

    @Test func argoSaysNoAtPreflightAndOnThreeBsGateButThreeBStillRuns() throws {
        var walk = Walk.at(.rollback, Self.world(canSync: false))
        let check = try Self.check(walk, "may sync")
        #expect(!check.passed)
        #expect(check.detail == "argocd says no: ask for sync on \(Self.project)/\(Incident.config.app) (or a break-glass account)")
        #expect(walk.state.gateStep == .rollback)
        #expect(walk.state.rollbackPermissionWarning?.contains("ask for sync on \(Self.project)/\(Incident.config.app)") == true)
        walk.confirm(.rollback)
        #expect(walk.gates.last?.step == .rollback, "the console warns; it never refuses the rollback on Argo CD's behalf")
        #expect(walk.state.rollbackPermissionWarning == nil, "said before the rollback, not after it")
    }

    @Test func aFailedCanIIsCouldNotCheckWithWhy() throws {
        var world = Self.world()
        world.canSync = .failed(PortError(.failed, "argocd account can-i …: rpc error: code = Unauthenticated"))
        let check = try Self.check(Walk.at(.preflight, world), "may sync")
        #expect(!check.passed && check.detail.hasPrefix("could not check: ") && check.detail.contains("Unauthenticated"))
    }

    @Test func withoutAProjectNeitherIsReadAndBothSayNotChecked() throws {
        var world = Self.world(windows: [Self.freeze])
        world.app.project = nil
        let walk = Walk.at(.rollback, world)
        #expect(!walk.emitted.contains { if case .read(.permission) = $0 { true } else if case .read(.syncWindows) = $0 { true } else { false } })
        #expect(try Self.check(walk, "may sync").detail == "could not check: the Application's project is not known")
        #expect(try Self.check(walk, "no deny window").detail == "not checked: the Application's project is not known")
        #expect(walk.state.gateStep == .rollback)
    }

    // MARK: - Sync windows

    @Test(arguments: [([SyncWindow](), "Sync Allowed"), ([SyncWindowStepTests.freeze.with(manualSync: true)], "Manual Allowed")])
    func noDenyingWindowPassesAndOffersNoOverride(windows: [SyncWindow], said: String) throws {
        let walk = Walk.at(.rollback, Self.world(windows: windows))
        let check = try Self.check(walk, "no deny window")
        #expect(check.passed && check.detail.hasPrefix(said))
        #expect(walk.state.gateStep == .rollback)
        #expect(!walk.state.isShown(.syncWindowOverride))
        #expect(walk.state.rollbackSyncWindowWarning == nil)
    }

    @Test func aDenyWindowIsSaidBeforeAnyGateWithItsScheduleAndTheOverride() throws {
        let walk = Walk.at(.preflight, Self.world(windows: [Self.freeze]))
        let check = try Self.check(walk, "no deny window")
        #expect(!check.passed)
        #expect(check.detail.contains("Sync Denied by window 1 (0 0 27 11 *, 96h)"), "\(check.detail)")
        #expect(check.detail.contains("argocd proj windows enable-manual-sync \(Self.project) 1"))
        #expect(walk.state.notes.contains { $0.text.contains("Sync operation blocked by sync window") })
    }

    @Test func theOverrideIsItsOwnGateBetweenThreeAAndThreeB() throws {
        var config = Incident.config
        config.argocdContext = "prod-argocd"
        var walk = Walk.at(.rollback, Self.world(windows: [Self.freeze]), config: config)
        // 3a is done; the gate open now is the override's, not 3b's.
        #expect(walk.state.status(.disableAutoSync).isFinished)
        #expect(walk.state.gateStep == .syncWindowOverride)
        #expect(walk.state.status(.rollback) == .locked)
        #expect(walk.state.argv(.syncWindowOverride) == ["argocd", "--argocd-context", "prod-argocd", "proj", "windows",
                                                         "enable-manual-sync", Self.project, "1"])
        walk.confirm(.syncWindowOverride)
        #expect(walk.gates.last?.step == .syncWindowOverride)
        guard case .done(let summary) = walk.state.status(.syncWindowOverride) else {
            Issue.record("the override is done once the windows are read again: \(walk.state.status(.syncWindowOverride))"); return
        }
        #expect(summary.contains("Manual Allowed"))
        #expect(walk.state.gateStep == .rollback)
        #expect(walk.state.rollbackSyncWindowWarning == nil)
        #expect(Runbook.replay(walk.journal) == walk.state)
    }

    @Test func threeBsGateSaysTheRollbackWouldBeParkedWhileDenied() throws {
        var walk = Walk.at(.rollback, Self.world(windows: [Self.freeze]))
        walk.send(.declined(step: .syncWindowOverride, by: Incident.driver))
        walk.settle()
        #expect(walk.state.status(.syncWindowOverride).isFinished)
        #expect(walk.state.gateStep == .rollback)
        let warning = try #require(walk.state.rollbackSyncWindowWarning)
        #expect(warning.hasPrefix("a sync window denies syncs now: the rollback would be parked"))
        #expect(warning.contains("window 1 (0 0 27 11 *, 96h)"))
        walk.confirm(.rollback)
        #expect(walk.gates.last?.step == .rollback, "never refused on a window")
    }

    @Test func twoWindowsAreTwoConfirmationsEachWithItsOwnID() throws {
        var walk = Walk.at(.rollback, Self.world(windows: [Self.freeze, Self.nightly]))
        #expect(walk.state.argv(.syncWindowOverride).last == "1")
        walk.confirm(.syncWindowOverride)
        #expect(walk.state.status(.syncWindowOverride) == .awaitingConfirmation)
        #expect(walk.state.argv(.syncWindowOverride).last == "2")
        #expect(walk.state.notes.last?.text.contains("window 2") == true)
        walk.confirm(.syncWindowOverride)
        #expect(walk.state.status(.syncWindowOverride).isFinished)
        #expect(walk.gates.filter { $0.step == .syncWindowOverride }.map { $0.argv.last } == ["1", "2"])
        #expect(walk.state.gateStep == .rollback)
    }

    @Test func aStaleConfirmationOfTheOverrideRunsNothing() throws {
        var walk = Walk.at(.rollback, Self.world(windows: [Self.freeze]))
        let effects = walk.confirm(.syncWindowOverride, argv: ["argocd", "proj", "windows", "enable-manual-sync", Self.project, "7"])
        #expect(effects.compactMap(\.mutation).isEmpty)
        #expect(walk.state.gateStep == .syncWindowOverride)
    }

    @Test func aWindowReadThatFailsIsNotCheckedAndOffersNothing() throws {
        var world = Self.world(windows: [Self.freeze])
        world.syncWindowsFail = PortError(.malformed, "argocd proj windows list p: row 1 is not a window the console can read")
        let walk = Walk.at(.rollback, world)
        let check = try Self.check(walk, "no deny window")
        #expect(!check.passed && check.detail.hasPrefix("not checked: ") && check.detail.contains("row 1"))
        #expect(walk.state.gateStep == .rollback)
    }

    @Test func hostileWindowTextIsPrintedInert() throws {
        var window = Self.freeze
        window.schedule = "0 0 * * *\u{1b}]52;c;aGk=\u{07}"
        window.duration = "1h\n$ rm -rf /"
        let walk = Walk.at(.preflight, Self.world(windows: [window]))
        let detail = try Self.check(walk, "no deny window").detail
        #expect(!detail.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }, "\(detail.debugDescription)")
    }
}

extension SyncWindow {
    func with(manualSync: Bool) -> SyncWindow { var copy = self; copy.manualSync = manualSync; return copy }
}

extension SyncWindowStepTests {
    @Test(arguments: ["-x", "Bookstore", "book store", "bad\u{1b}[2J", ""])
    func aProjectThatIsNoNameBuildsNoOverrideCommand(project: String) {
        var world = Self.world(windows: [Self.freeze])
        world.app.project = project
        let walk = Walk.at(.rollback, world)
        #expect(walk.state.gateCommand(for: .syncWindowOverride) == nil)
        #expect(!walk.gates.contains { $0.step == .syncWindowOverride })
        #expect(walk.state.gateStep == .rollback, "no override that cannot be built stands in 3b's way")
        #expect(walk.state.rollbackSyncWindowWarning != nil)
    }
}

/// The Rollouts path: Argo CD's rollback of a promoted bad revision is a sync a window parks; an abort is not.
extension SyncWindowStepTests {
    static func walkToFirstGate(_ world: World, among stops: Set<StepID>) -> Walk {
        var walk = Walk(world)
        for _ in 0..<20 {
            guard let gate = walk.state.gateStep, !stops.contains(gate) else { break }
            walk.confirm(gate)
        }
        return walk
    }

    @Test func onThePromotedRolloutPathTheOverrideComesBeforeArgoCDsRollback() throws {
        var world = Self.world(windows: [Self.freeze])
        world.rollout = Incident.rolloutPromoted()
        var walk = Self.walkToFirstGate(world, among: [.syncWindowOverride, .rollback])
        #expect(walk.state.runbook.name == Runbook.rolloutsRollback.name)
        #expect(walk.state.status(.disableAutoSync).isFinished)
        #expect(walk.state.gateStep == .syncWindowOverride)
        walk.confirm(.syncWindowOverride)
        #expect(walk.state.status(.syncWindowOverride).isFinished)
        #expect(walk.state.gateStep == .rollback)
    }

    @Test func aCanaryInFlightIsAbortedWithNoOverride() throws {
        var world = Self.world(windows: [Self.freeze])
        world.rollout = Incident.rolloutInFlight()
        let walk = Self.walkToFirstGate(world, among: [.abortRollout, .syncWindowOverride])
        #expect(walk.state.gateStep == .abortRollout)
        #expect(!walk.state.isShown(.syncWindowOverride))
    }
}
