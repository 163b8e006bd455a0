import Foundation
import MigrationSafety
import RunbookEngine

/// A sample incident for `themes --preview`: the runbook's own incident at the Step 3a gate, built by
/// the real reducer, with a SAFE and a REVIEW migration so every verdict's role is on screen.
public enum ThemePreview {
    public static func sampleState() -> ConsoleState {
        let app = "bookstore-catalog-us-east"
        let start = Date(timeIntervalSince1970: 1_779_287_640) // 2026-05-20T14:34:00Z
        var state = RunbookState()
        var clock = start
        func send(_ kind: Event.Kind) {
            clock = clock.addingTimeInterval(1)
            _ = Runbook.reduce(&state, Event(at: clock, kind))
        }
        let config = IncidentConfig(app: app, namespace: "bookstore-platform-acme-books", deployment: "catalog",
                                    selector: "app=catalog", alertName: "BookstoreCatalogP99Latency", mode: .simulation)
        let history = [(40, "9e8d7c6", -70_000.0), (41, "a1b2c3d", -12_300), (42, "d8f3c2a", -707)].map {
            HistoryEntry(id: HistoryID($0.0), revision: Revision($0.1), deployedAt: start.addingTimeInterval($0.2))
        }
        let bad = "ghcr.io/acme/catalog@sha256:9f2c4e1ab37d0c55e8a1f0b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a"
        let file = "app/catalog/migrations/0042_add_blurb.sql"
        let report = MigrationReport(findings: [
            Finding(file: file, line: 3, statement: "ALTER TABLE books ADD COLUMN blurb text;", verdict: .safe,
                    rule: "add-column-nullable", reason: "adds a nullable column: the old binary never reads it"),
            Finding(file: file, line: 5, statement: "CREATE INDEX books_blurb ON books (blurb);", verdict: .review,
                    rule: "create-index-locking", reason: "locks writes while it builds: use CONCURRENTLY"),
        ], files: [file])
        let latency = stride(from: -1800.0, through: 0, by: 30).map { offset in
            LatencySample(at: start.addingTimeInterval(offset), seconds: offset < -690 ? 0.21 : 1.2 + 0.05 * sin(offset / 60))
        }
        send(.started(config: config, driver: "alice@laptop"))
        send(.appRead(.ok(Application(name: app, health: .healthy, sync: .synced, syncRevision: Revision("d8f3c2a"),
                                      autoSync: AutoSync(prune: false, selfHeal: true), history: history,
                                      operation: nil, images: [bad]))))
        send(.migrationsRead(.ok(report), from: Revision("a1b2c3d"), to: Revision("d8f3c2a")))
        send(.diagnosisRead(.ok(ChangeEvidence(stat: " app/catalog/values.yaml | 2 +-\n 1 file changed", files: [
            FileChange(path: "app/catalog/values.yaml", role: .helmValues, kinds: [.image],
                       lines: [KeyChange(key: "image.digest", old: "sha256:41aa", new: "sha256:42bb", kind: .image)], moreLines: 0),
        ])), revision: Revision("d8f3c2a")))
        send(.podsRead(.ok((1...3).map { PodImage(pod: "catalog-7d9f8-\($0)", image: bad, ready: $0 != 3) })))
        send(.deploymentRead(.ok(["ghcr.io/acme/catalog:1.4.2"])))
        send(.latencyRead(.ok(latency)))
        send(.alertRead(.ok(start.addingTimeInterval(-500))))
        let good = "ghcr.io/acme/catalog@sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809"
        let diff = "\n===== apps/Deployment bookstore-platform-acme-books/catalog ======\n27c27\n<         image: \(bad)\n---\n>         image: \(good)\n"
        send(.diffRead(.ok(RollbackDiff(revision: Revision("a1b2c3d"), text: diff)), revision: Revision("a1b2c3d")))
        if let target = state.lastKnownGood, let next = history.first(where: { $0.id > target.id }) {
            let record = stride(from: 0.0, to: next.deployedAt.timeIntervalSince(target.deployedAt), by: 600).map {
                LatencySample(at: target.deployedAt.addingTimeInterval($0), seconds: 0.31)
            }
            send(.targetLatencyRead(.ok(record), revision: target.revision, from: target.deployedAt, to: next.deployedAt))
        }
        // Confirm through Step 2, so the 3a gate (the gate key and its command) shows.
        for _ in 0..<4 {
            guard let gate = state.gateStep else { break }
            send(.confirmed(step: gate, argv: state.gateCommand(for: gate)?.argv ?? [], by: "alice@laptop"))
        }
        var view = ViewState()
        view.now = clock
        return ConsoleState(runbook: state, view: view)
    }
}
