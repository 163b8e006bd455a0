import Foundation
import RunbookEngine

extension Scenario {
    /// The runbook's own incident: catalog p99 regresses after history 42 (d8f3c2a) lands with
    /// auto-sync on; 41 (a1b2c3d) is the last known good; the bad release only adds a nullable column.
    public static let runbookIncident = Scenario(
        name: "runbook-incident",
        app: "bookstore-catalog-us-east",
        namespace: "bookstore-platform-acme-books",
        deployment: "catalog",
        selector: "app=catalog",
        imageRepository: "ghcr.io/acme/catalog",
        configRepoName: "bookstore-platform-config",
        appDirectory: "examples/bookstore-platform/app/catalog",
        start: VirtualClock.runbookStart,
        releases: [
            Release(historyID: HistoryID(38), revision: Revision("1f2e3d4"), deployedAt: .seconds(-177_732),
                    digest: "sha256:445aaf9a1642341749f0ed1b254b929604e862e6f1687b04aa7474b110f16a3f",
                    message: "catalog: books table and first image",
                    migrations: ["0001_create_books.sql": """
                        CREATE TABLE books (
                            id bigserial PRIMARY KEY,
                            title text NOT NULL,
                            author text NOT NULL,
                            isbn text UNIQUE,
                            created_at timestamptz NOT NULL DEFAULT now()
                        );

                        """]),
            Release(historyID: HistoryID(39), revision: Revision("5a4b3c2"), deployedAt: .seconds(-104_538),
                    digest: "sha256:76d6e8552b073cdff14441cbdb6806d8bd4d546cbfd85390923089890a2ec8fe",
                    message: "catalog: image bump — structured request logs"),
            Release(historyID: HistoryID(40), revision: Revision("9e8d7c6"), deployedAt: .seconds(-75_124),
                    digest: "sha256:d36fdeac15e7e83b07664ff3c6126c518d2c2b69bd8200cf99aa131c9169927c",
                    message: "catalog: prices in cents",
                    migrations: ["0002_add_books_price_cents.sql": "ALTER TABLE books ADD COLUMN price_cents integer;\n"]),
            Release(historyID: HistoryID(41), revision: Revision("a1b2c3d"), deployedAt: .seconds(-12_322),
                    digest: "sha256:242de74cfd14d687875103e2e186effc39b5dc4e9249f1e60984423e60feb7ce",
                    message: "catalog: image bump — search cache warm-up"),
            Release(historyID: HistoryID(42), revision: Revision("d8f3c2a"), deployedAt: .seconds(-720),
                    digest: "sha256:159951ace8b539ef15323881fb34ea3efe05dd902b0d89e089991e3a5197c687",
                    message: "catalog: image bump — book subtitles",
                    migrations: ["0003_add_books_subtitle.sql": "ALTER TABLE books ADD COLUMN subtitle text;\n"],
                    regressed: true),
        ],
        autoSync: AutoSync(prune: true, selfHeal: true),
        replicas: 3,
        alert: Alert(name: "BookstoreCatalogP99Latency", firesAfterDeploy: .seconds(240)),
        latency: Latency(healthySeconds: 0.18, regressedSeconds: 1.2, noiseSeconds: 0.03,
                         regressionRamp: .seconds(120), recovery: .seconds(180)),
        rollout: Rollout(progressing: .seconds(20), podsReplaced: .seconds(30), podReady: .seconds(5),
                         autoSyncDelay: .seconds(5)),
        events: [
            ScenarioEvent(.revertBadRelease(author: "Priya Natarajan", email: "priya.natarajan@acme-books.example"),
                          after: .seconds(180), anchor: .rollback),
        ])
}
