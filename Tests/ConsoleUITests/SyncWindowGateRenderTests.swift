import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// The sync-window override's gate and 3b's warnings on screen (issue 18): the whole command before y,
/// what it changes beyond this app, and 3b saying the rollback would be parked or refused — never hidden.
@Suite struct SyncWindowGateRenderTests {
    static let freeze = SyncWindow(id: 1, active: true, kind: "deny", schedule: "0 0 27 11 *", duration: "96h",
                                   applications: ["bookstore-*"], namespaces: [], clusters: [], manualSync: false)

    /// Through 3a with a freeze window denying syncs (and, if asked, Argo CD saying the account may not sync).
    static func afterThreeA(canSync: Bool = true) -> Incident {
        var incident = Incident.atDisableAutoSync()
        incident.send(.syncWindowsRead(.ok(SyncWindowReading(project: "bookstore-platform", state: .syncDenied, denying: [freeze]))), after: 0)
        incident.send(.permissionRead(.ok(SyncPermission(project: "bookstore-platform", app: Incident.app, allowed: canSync))), after: 0)
        incident.confirm()
        incident.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
            argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "none"], exitCode: 0,
            stdout: "Application '\(Incident.app)' updated", stderr: "", seconds: 0.8)))
        incident.send(.appRead(.ok(Incident.application(autoSync: nil))))
        return incident
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func theOverridesGateShowsItsWholeCommandAndWhatItChanges(size: Size) {
        let incident = Self.afterThreeA()
        #expect(incident.state.gateStep == .syncWindowOverride)
        let frame = render(incident.console(), size: size, glyphs: .unicode)
        #expect(frame.screen.contains("Allow manual sync"), "\(frame.screen)")
        #expect(frame.lines.contains { $0.contains("$ argocd proj windows enable-manual-sync bookstore-platform 1") }, "\(frame.screen)")
        if size.width >= 200 {
            #expect(frame.screen.contains("for every app it covers"), "\(frame.screen)")
        }
    }

    @Test func threeBsGateSaysTheRollbackWouldBeParkedAndRefused() {
        var incident = Self.afterThreeA(canSync: false)
        incident.send(.declined(step: .syncWindowOverride, by: Incident.driver))
        #expect(incident.state.gateStep == .rollback)
        let frame = render(incident.console(), size: Size(width: 200, height: 60), glyphs: .unicode)
        #expect(frame.lines.contains { $0.contains("$ argocd app rollback bookstore-catalog-us-east 41") }, "\(frame.screen)")
        #expect(frame.screen.contains("▲ a sync window denies syncs now: the rollback would be parked (window 1 (0 0 27 11 *, 96h))"), "\(frame.screen)")
        #expect(frame.screen.contains("says no: Argo CD would refuse the rollback — ask for sync on bookstore-platform/bookstore-catalog-us-east"), "\(frame.screen)")
    }
}
