import Foundation
import RunbookEngine
import Simulation
import Testing

/// The `sync-window-deny` drill (issue 18, argo-cd#26215): Black Friday's freeze window denies every
/// bookstore app, manual syncs too. The console says so at Pre-flight, before any gate; the override is
/// its own gated step between 3a and 3b; a rollback without it is parked, as Argo CD parks it.
@Suite struct SyncWindowDrillTests {
    static func driver() async throws -> DrillDriver {
        try await DrillDriver(try #require(ScenarioCatalog.builtIn()["sync-window-deny"]))
    }

    @Test func theDenyWindowIsSaidAtPreflightBeforeAnyGate() async throws {
        let driver = try await Self.driver()
        #expect(await driver.wait(upTo: 30) { $0.gateStep == .preflight })
        let check = try #require(driver.state.preflightChecks.first { $0.title == "no deny window" })
        #expect(!check.passed)
        #expect(check.detail.contains("Sync Denied by window 1 (0 0 27 11 *, 96h)"), "\(check.detail)")
        #expect(check.detail.contains("argocd proj windows enable-manual-sync bookstore-platform 1"))
        let permission = try #require(driver.state.preflightChecks.first { $0.title == "may sync" })
        #expect(permission.passed)
        #expect(driver.state.commands.isEmpty, "said before any command ran")
        await driver.quit()
    }

    @Test func theOverrideIsItsOwnGatedStepAndThenTheRollbackRuns() async throws {
        let driver = try await Self.driver()
        #expect(await driver.confirmGates { $0.status(.disableAutoSync).isFinished })
        #expect(driver.state.gateStep == .syncWindowOverride)
        #expect(driver.state.gateCommand(for: .syncWindowOverride)?.argv
                == ["argocd", "proj", "windows", "enable-manual-sync", "bookstore-platform", "1"])
        #expect(!driver.state.isConfirmable(.rollback))
        #expect(driver.state.rollbackSyncWindowWarning?.hasPrefix("a sync window denies syncs now: the rollback would be parked") == true)
        await driver.confirmGate()
        #expect(driver.state.status(.syncWindowOverride).isFinished)
        #expect(driver.state.gateStep == .rollback)
        #expect(driver.state.rollbackSyncWindowWarning == nil)
        await driver.confirmGate()
        #expect(await driver.wait(upTo: 300) { $0.status(.rollback).isFinished })
        await driver.quit()
    }

    @Test func aRollbackPastTheWindowIsParkedAsArgoCDParksIt() async throws {
        let driver = try await Self.driver()
        #expect(await driver.confirmGates(declining: [.syncWindowOverride]) { $0.status(.rollback) == .awaitingConfirmation })
        #expect(driver.state.rollbackSyncWindowWarning != nil)
        await driver.confirmGate()
        await driver.wait(60)
        guard case .running(let detail) = driver.state.status(.rollback) else {
            Issue.record("the rollback is parked, not done: \(driver.state.status(.rollback))"); return
        }
        #expect(detail.contains("Sync operation blocked by sync window"))
        await driver.quit()
    }
}
