import Foundation
import MigrationSafety
import RunbookEngine
@testable import ConsoleUI

/// The runbook's own incident, built by running events through the real reducer.
struct Incident {
    static let driver = "alice@laptop"
    static let app = "bookstore-catalog-us-east"
    static let t0 = date("2026-05-20T14:34:00Z")
    static let badDigest = "ghcr.io/acme/catalog@sha256:9f2c4e1ab37d0c55e8a1f0b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a"
    static let goodDigest = "ghcr.io/acme/catalog@sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809"

    var state = RunbookState()
    var clock = Incident.t0
    /// Every event sent, as a journal would hold them.
    var events: [Event] = []

    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    static let config = IncidentConfig(
        app: app, namespace: "bookstore-platform-acme-books", deployment: "catalog", selector: "app=catalog",
        alertName: "BookstoreCatalogP99Latency", mode: .simulation)

    static let history: [HistoryEntry] = [
        HistoryEntry(id: HistoryID(38), revision: Revision("1f2e3d4"), deployedAt: date("2026-05-18T13:12:01Z")),
        HistoryEntry(id: HistoryID(39), revision: Revision("5a4b3c2"), deployedAt: date("2026-05-19T09:31:55Z")),
        HistoryEntry(id: HistoryID(40), revision: Revision("9e8d7c6"), deployedAt: date("2026-05-19T17:42:09Z")),
        HistoryEntry(id: HistoryID(41), revision: Revision("a1b2c3d"), deployedAt: date("2026-05-20T11:08:51Z")),
        HistoryEntry(id: HistoryID(42), revision: Revision("d8f3c2a"), deployedAt: date("2026-05-20T14:22:13Z")),
    ]

    static func application(history: [HistoryEntry] = Incident.history, autoSync: AutoSync? = AutoSync(prune: false, selfHeal: true),
                            sync: SyncStatus = .synced, operation: OperationState? = nil,
                            images: [String] = [Incident.badDigest]) -> Application {
        Application(name: app, health: .healthy, sync: sync, syncRevision: Revision("d8f3c2a"), autoSync: autoSync,
                    history: history, operation: operation, images: images, project: "bookstore-platform")
    }

    static let safeReport = MigrationReport(findings: [
        Finding(file: "examples/bookstore-platform/app/catalog/migrations/0042_add_blurb.sql", line: 3,
                statement: "ALTER TABLE books ADD COLUMN blurb text;", verdict: .safe, rule: "add-column-nullable",
                reason: "adds a nullable column: the old binary never reads it"),
    ], files: ["examples/bookstore-platform/app/catalog/migrations/0042_add_blurb.sql"])

    static let unsafeReport = MigrationReport(findings: [
        Finding(file: "examples/bookstore-platform/app/catalog/migrations/0042_drop_isbn10.sql", line: 1,
                statement: "ALTER TABLE books DROP COLUMN isbn10;", verdict: .unsafe, rule: "drop-column",
                reason: "drops a column the old binary still reads: rolling code back would break it"),
    ], files: ["examples/bookstore-platform/app/catalog/migrations/0042_drop_isbn10.sql"])

    static func pods(_ image: String) -> [PodImage] {
        (1...3).map { PodImage(pod: "catalog-7d9f8-\($0)", image: image, ready: true) }
    }

    /// p99 over the last half hour: fine before the deploy, about 1.2 s after it.
    static func latency(until end: Date, recoveredAt: Date? = nil) -> [LatencySample] {
        stride(from: -1800.0, through: 0, by: 30).map { offset in
            let at = end.addingTimeInterval(offset)
            var seconds = at < date("2026-05-20T14:23:30Z") ? 0.21 + 0.01 * sin(offset / 90) : 1.2 + 0.05 * sin(offset / 60)
            if let recoveredAt, at >= recoveredAt { seconds = 0.24 }
            return LatencySample(at: at, seconds: seconds)
        }
    }

    mutating func send(_ kind: Event.Kind, after seconds: Double = 1) {
        clock = clock.addingTimeInterval(seconds)
        events.append(Event(at: clock, kind))
        _ = Runbook.reduce(&state, Event(at: clock, kind))
    }

    /// Step 2's evidence: `git show d8f3c2a --stat` and its diff, the digest bump in the Helm values.
    static let change = ChangeEvidence(stat: """
        commit d8f3c2a9e1b04c6f8a2d3e5b7c9f1a3e5d7b9c2e
        Author: Bookstore Platform CI <ci@acme-books.example>
        Date:   2026-05-20T14:12:13Z

            catalog: image bump 1.4.2

         apps/catalog/values.yaml | 2 +-
         1 file changed, 1 insertion(+), 1 deletion(-)
        """, files: ChangeReader.files(patch: """
        diff --git a/apps/catalog/values.yaml b/apps/catalog/values.yaml
        --- a/apps/catalog/values.yaml
        +++ b/apps/catalog/values.yaml
        @@ -1,5 +1,5 @@
         replicaCount: 3
         image:
           repository: ghcr.io/acme/catalog
        -  digest: sha256:41aa
        +  digest: sha256:42bb
         service:
        """))

    /// Started and every first read answered: Pre-flight waits for `y`.
    static func evidenceIn(report: MigrationReport = Incident.safeReport, config: IncidentConfig = Incident.config) -> Incident {
        var incident = Incident()
        incident.send(.started(config: config, driver: driver), after: 0)
        incident.send(.appRead(.ok(application())))
        incident.send(.migrationsRead(.ok(report), from: Revision("a1b2c3d"), to: Revision("d8f3c2a")))
        incident.send(.diagnosisRead(.ok(change), revision: Revision("d8f3c2a")))
        incident.send(.podsRead(.ok(pods(badDigest))))
        incident.send(.deploymentRead(.ok(["ghcr.io/acme/catalog:1.4.2"])))
        incident.send(.latencyRead(.ok(latency(until: incident.clock))))
        incident.send(.alertRead(.ok(date("2026-05-20T14:25:40Z"))))
        incident.send(.diffRead(.ok(RollbackDiff(revision: Revision("a1b2c3d"), text: rollbackDiff)), revision: Revision("a1b2c3d")))
        // The target's own record: green (p99 0.31 s) over the hours it was deployed.
        let history = application().history
        if let good = history.first(where: { $0.id == HistoryID(41) }), let bad = history.first(where: { $0.id == HistoryID(42) }) {
            let span = bad.deployedAt.timeIntervalSince(good.deployedAt)
            let samples = stride(from: 0.0, to: span, by: 600).map { LatencySample(at: good.deployedAt.addingTimeInterval($0), seconds: 0.31) }
            incident.send(.targetLatencyRead(.ok(samples), revision: good.revision, from: good.deployedAt, to: bad.deployedAt))
        }
        // Argo CD's answers before 3b's gate: the account may sync, no window denies it (at the same moment: the clock the screens show stays).
        incident.send(.permissionRead(.ok(SyncPermission(project: "bookstore-platform", app: app, allowed: true))), after: 0)
        incident.send(.syncWindowsRead(.ok(SyncWindowReading(project: "bookstore-platform", state: .syncAllowed))), after: 0)
        return incident
    }

    /// `argocd app diff APP --revision a1b2c3d` while 42 is live: the image goes back (`<` live, `>` the target).
    static let rollbackDiff = """

        ===== apps/Deployment bookstore-platform-acme-books/catalog ======
        27c27
        <         image: \(badDigest)
        ---
        >         image: \(goodDigest)

        """

    mutating func confirm() {
        guard let gate = state.gateStep else { return }
        send(.confirmed(step: gate, argv: state.gateCommand(for: gate)?.argv ?? [], by: Incident.driver))
    }

    /// Confirmed through Step 2: the Step 3a gate shows `argocd app set … --sync-policy none`.
    static func atDisableAutoSync(config: IncidentConfig = Incident.config) -> Incident {
        var incident = evidenceIn(config: config)
        for _ in 0..<4 { incident.confirm() }
        return incident
    }

    /// Auto-sync off, rolled back to 41, Step 3c watching p99 come down.
    static func verifying() -> Incident {
        var incident = atDisableAutoSync()
        incident.confirm()
        incident.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
            argv: ["argocd", "app", "set", app, "--sync-policy", "none"], exitCode: 0,
            stdout: "Application '\(app)' updated", stderr: "", seconds: 0.8)))
        incident.send(.appRead(.ok(application(autoSync: nil))))
        incident.confirm()
        incident.send(.gateFinished(step: .rollback, result: CommandResult(
            argv: ["argocd", "app", "rollback", app, "41"], exitCode: 0,
            stdout: "Rolling back application '\(app)' to history 41 (revision a1b2c3d)\nWaiting for app to reach 'Synced'...\nApplication '\(app)' health is 'Healthy'",
            stderr: "", seconds: 21.4)), after: 22)
        var rolled = history
        rolled.append(HistoryEntry(id: HistoryID(43), revision: Revision("a1b2c3d"), deployedAt: incident.clock))
        let operation = OperationState(phase: .succeeded, message: "successfully synced (all tasks run)", syncRevision: Revision("a1b2c3d"))
        incident.send(.appRead(.ok(application(history: rolled, autoSync: nil, sync: .outOfSync, operation: operation,
                                               images: [goodDigest]))))
        incident.send(.podsRead(.ok(pods(goodDigest))), after: 30)
        incident.send(.latencyRead(.ok(latency(until: incident.clock, recoveredAt: incident.clock.addingTimeInterval(-40)))))
        return incident
    }

    /// 3c never held: it timed out, the driver escalated, and 3d waits for the revert with auto-sync off.
    static func escalated() -> Incident {
        var incident = verifying()
        incident.send(.timerFired(.verifyTimeout), after: 700)
        incident.confirm()
        return incident
    }

    /// Verified and the bad commit reverted: Step 3d's gate shows `argocd app set … --sync-policy automated`.
    static func atReEnable() -> Incident {
        var incident = verifying()
        let start = incident.state.verifyStartedAt ?? incident.clock
        let held = stride(from: 0.0, through: 120, by: 15).map { LatencySample(at: start.addingTimeInterval($0), seconds: 0.22) }
        incident.send(.latencyRead(.ok(held)), after: 120)
        incident.confirm()
        incident.send(.revertRead(.ok(Revision("7c6b5a4")), of: Revision("d8f3c2a")))
        return incident
    }

    /// Verified, reverted, re-enabled, communicated, postmortem written: every step finished.
    static func complete(statusPath: String = "/tmp/status-update.txt", postmortemPath: String = "/tmp/postmortem.md") -> Incident {
        var incident = atReEnable()
        let start = incident.state.verifyStartedAt ?? incident.clock
        incident.confirm()
        incident.send(.gateFinished(step: .enableAutoSync, result: CommandResult(
            argv: incident.state.gateCommand(for: .enableAutoSync)?.argv ?? [], exitCode: 0,
            stdout: "Application '\(app)' updated", stderr: "", seconds: 0.7)))
        var rolled = history
        rolled.append(HistoryEntry(id: HistoryID(43), revision: Revision("a1b2c3d"), deployedAt: start))
        // The first answer may be to a read sent before the command finished: it cannot confirm it.
        incident.send(.appRead(.ok(application(history: rolled, sync: .outOfSync, images: [goodDigest]))))
        incident.send(.appRead(.ok(application(history: rolled, sync: .outOfSync, images: [goodDigest]))))
        incident.confirm()
        incident.send(.communicated(.ok(statusPath)))
        incident.confirm()
        incident.send(.postmortemWritten(.ok(postmortemPath)))
        return incident
    }

    func console(_ view: ViewState = ViewState()) -> ConsoleState {
        var view = view
        if view.now == .distantPast { view.now = clock }
        return ConsoleState(runbook: state, view: view)
    }
}
