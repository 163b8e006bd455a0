import Foundation
import MigrationSafety
@testable import RunbookEngine

/// The runbook's own incident (code-rollback-argocd.txt), as values.
enum Incident {
    static let app = "bookstore-catalog-us-east"
    static let driver = "oncall@laptop"

    /// 2026-05-20 14:34:13 UTC: twelve minutes after the bad deploy.
    static let start = Date(timeIntervalSince1970: 1_779_287_653)

    static let config = IncidentConfig(
        app: app, namespace: "bookstore-platform-acme-books", deployment: "catalog", selector: "app=catalog",
        alertName: "BookstoreCatalogP99Latency", mode: .simulation)

    // `argocd app history bookstore-catalog-us-east`, oldest first.
    static let h38 = HistoryEntry(id: HistoryID(38), revision: Revision("1f2e3d4"), deployedAt: Date(timeIntervalSince1970: 1_779_109_921))
    static let h39 = HistoryEntry(id: HistoryID(39), revision: Revision("5a4b3c2"), deployedAt: Date(timeIntervalSince1970: 1_779_183_115))
    static let h40 = HistoryEntry(id: HistoryID(40), revision: Revision("9e8d7c6"), deployedAt: Date(timeIntervalSince1970: 1_779_212_529))
    /// The last known good.
    static let h41 = HistoryEntry(id: HistoryID(41), revision: Revision("a1b2c3d"), deployedAt: Date(timeIntervalSince1970: 1_779_275_331))
    /// The bad one.
    static let h42 = HistoryEntry(id: HistoryID(42), revision: Revision("d8f3c2a"), deployedAt: Date(timeIntervalSince1970: 1_779_286_933))
    static let history = [h38, h39, h40, h41, h42]

    static let good = h41.revision
    static let bad = h42.revision
    /// The commit that reverts d8f3c2a in the config repo.
    static let revert = Revision("7c0ffee")

    static let badImage = "ghcr.io/acme/catalog@sha256:bad0bad0bad0"
    static let goodImage = "ghcr.io/acme/catalog@sha256:600d600d600d"
    static let autoSyncOn = AutoSync(prune: true, selfHeal: true)

    /// `argocd app get` as it reads when the page comes in: Healthy, Synced on 42, auto-sync with prune and selfHeal.
    static func application(autoSync: AutoSync? = autoSyncOn, history: [HistoryEntry] = history,
                            sync: SyncStatus = .synced, operation: OperationState? = nil) -> Application {
        Application(name: app, health: .healthy, sync: sync, syncRevision: bad, autoSync: autoSync,
                    history: history, operation: operation ?? OperationState(phase: .succeeded, message: "successfully synced", syncRevision: bad),
                    images: [badImage])
    }

    static func pods(_ image: String, count: Int = 3, ready: Bool = true, replicaSet: String = "7d9f8", hash: String? = nil) -> [PodImage] {
        (0..<count).map { PodImage(pod: "catalog-\(hash ?? replicaSet)-\($0)", image: image, ready: ready, hash: hash) }
    }

    // The Rollouts path, with the fixtures' hashes (rollout-aborted_rollout.yaml): stable 7d84d44bb8, canary db976bc44.
    static let stablePodHash = "7d84d44bb8"
    static let canaryPodHash = "db976bc44"
    /// The pod-template hash the old (good) template gets back after Argo CD's rollback.
    static let oldPodHash = stablePodHash

    /// A canary paused at step 2 of 2 (setWeight 10, pause), its background analysis running.
    static func rolloutInFlight(aborted: Bool = false) -> Rollout {
        Rollout(name: "catalog", namespace: config.namespace, strategy: .canary, stepWeights: [10, nil], currentStepIndex: 1,
                stableHash: stablePodHash, currentHash: canaryPodHash, aborted: aborted,
                abortedAt: aborted ? h42.deployedAt.addingTimeInterval(300) : nil, paused: !aborted,
                progressingReason: aborted ? "RolloutAborted" : "RolloutPaused",
                progressingMessage: aborted ? "metric \"web\" assessed Failed due to failed (1) > failureLimit (0)" : "Rollout is paused",
                analysis: Rollout.Analysis(name: "catalog-\(canaryPodHash)-2", phase: aborted ? "Failed" : "Running",
                                           message: aborted ? "metric \"web\" assessed Failed due to failed (1) > failureLimit (0)" : "",
                                           podHash: canaryPodHash),
                hasAnalysis: true, revision: 2, images: [badImage])
    }

    /// Fully promoted: the bad template is the stable ReplicaSet (its analysis passed).
    static func rolloutPromoted() -> Rollout {
        Rollout(name: "catalog", namespace: config.namespace, strategy: .canary, stepWeights: [10, nil], currentStepIndex: 2,
                stableHash: canaryPodHash, currentHash: canaryPodHash, aborted: false, abortedAt: nil, paused: false,
                progressingReason: "NewReplicaSetAvailable", progressingMessage: "Rollout is healthy",
                analysis: nil, hasAnalysis: true, revision: 2, images: [badImage])
    }

    /// The bad release's migration only adds a nullable column.
    static let safeMigrations = MigrationReport(
        findings: [Finding(file: "examples/bookstore-platform/app/catalog/migrations/0042_gift_note.sql", line: 1,
                           statement: "ALTER TABLE books ADD COLUMN gift_note text", verdict: .safe,
                           rule: "add-column-nullable", reason: "a nullable column the old binary ignores")],
        files: ["examples/bookstore-platform/app/catalog/migrations/0042_gift_note.sql"])

    static let unsafeMigrations = MigrationReport(
        findings: [Finding(file: "examples/bookstore-platform/app/catalog/migrations/0042_drop_isbn10.sql", line: 1,
                           statement: "ALTER TABLE books DROP COLUMN isbn10", verdict: .unsafe,
                           rule: "drop-column", reason: "the old binary still reads isbn10")],
        files: ["examples/bookstore-platform/app/catalog/migrations/0042_drop_isbn10.sql"])

    static let reviewMigrations = MigrationReport(
        findings: [Finding(file: "examples/bookstore-platform/app/catalog/migrations/0042_index.sql", line: 1,
                           statement: "CREATE INDEX books_title ON books (title)", verdict: .review,
                           rule: "create-index-locking", reason: "locks writes while it builds")],
        files: ["examples/bookstore-platform/app/catalog/migrations/0042_index.sql"])

    /// The bad revision touched a feature flag file and nothing else: the kill switch's case.
    static let configOnlyStat = """
         apps/catalog/config/flags.yaml | 2 +-
         1 file changed, 1 insertion(+), 1 deletion(-)
        """

    /// `argocd app diff APP --revision a1b2c3d` while 42 is live: the Deployment's image goes back
    /// (`<` live, `>` the target), as the CLI prints it with `diff`.
    static let rollbackDiff = """

        ===== apps/Deployment bookstore-platform-acme-books/catalog ======
        27c27
        <         image: \(badImage)
        ---
        >         image: \(goodImage)

        """

    static let showStat = """
         apps/catalog/values.yaml | 2 +-
         1 file changed, 1 insertion(+), 1 deletion(-)
        """

    /// `git show d8f3c2a` with whole files: the digest bump in the Helm values.
    static let imagePatch = """
        diff --git a/apps/catalog/values.yaml b/apps/catalog/values.yaml
        --- a/apps/catalog/values.yaml
        +++ b/apps/catalog/values.yaml
        @@ -1,5 +1,5 @@
         replicaCount: 3
         image:
           repository: ghcr.io/acme/catalog
        -  digest: sha256:600d600d600d
        +  digest: sha256:bad0bad0bad0
         service:
        """

    /// Step 2's evidence for the runbook's incident: an image digest bump pinned in the Helm values.
    static let change = ChangeEvidence(stat: showStat, files: ChangeReader.files(patch: imagePatch))

    /// The bad revision flipped one feature flag in the app's config and changed nothing else.
    static let configOnlyChange = ChangeEvidence(stat: configOnlyStat, files: ChangeReader.files(patch: """
        diff --git a/apps/catalog/config/flags.yaml b/apps/catalog/config/flags.yaml
        --- a/apps/catalog/config/flags.yaml
        +++ b/apps/catalog/config/flags.yaml
        @@ -1 +1 @@
        -search.newRanker: false
        +search.newRanker: true
        """))
}

extension RunbookState {
    /// The argv the gate of `step` shows right now (empty for evidence steps).
    func argv(_ step: StepID) -> [String] { gateCommand(for: step)?.argv ?? [] }
}
