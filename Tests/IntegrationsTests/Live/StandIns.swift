import Foundation
import TestHarness

/// Test stand-ins for `argocd` and `kubectl`: small `/bin/sh` scripts in a temp dir (test fixtures,
/// not product code) that print JSON in the documented shape, log their argv, and misbehave on demand.
final class StandIns: Sendable {
    let dir: TemporaryDirectory
    var path: String { dir.path }
    var argocd: String { path + "/argocd" }
    var kubectl: String { path + "/kubectl" }

    /// How the argocd stand-in behaves (the file `mode`).
    enum Mode: String {
        case normal
        /// Every rollback is refused, as a v3 JSON log line.
        case refused
        /// Every rollback is refused, as v2 text.
        case refusedV2
        /// `app get` prints something that is not JSON.
        case garbage
        /// Every command exits 20 with a permission error.
        case nonZero
        /// Every command sleeps far past any timeout.
        case hang
    }

    init(mode: Mode = .normal) throws {
        dir = try TemporaryDirectory()
        try write("argocd", Self.argocdScript, executable: true)
        try write("kubectl", Self.kubectlScript, executable: true)
        try write("diff.txt", Self.rollbackDiff)
        try write("app-summary.txt", Self.appSummary(window: "Sync Allowed"))
        try setMode(mode)
    }

    func setMode(_ mode: Mode) throws { try write("mode", mode.rawValue) }

    func write(_ name: String, _ text: String, executable: Bool = false) throws {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
    }

    /// Each run's argv (without argv[0]), one line per run, in order.
    func log(_ tool: String) -> [String] {
        ((try? String(contentsOfFile: path + "/\(tool).log", encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    static let argocdScript = #"""
        #!/bin/sh
        d="$(dirname "$0")"
        printf '%s\n' "$*" >> "$d/argocd.log"
        # A pinned context comes first (the log keeps it); the commands below read what follows.
        context=""; if [ "$1" = --argocd-context ]; then context="$2"; shift 2; fi
        mode="$(cat "$d/mode" 2>/dev/null)"
        case "$mode" in
          hang) exec sleep 30 ;;
          nonZero) echo 'FATA[0000] rpc error: code = PermissionDenied desc = permission denied: applications, get, default/'"$3"', sub: alice' >&2; exit 20 ;;
        esac
        case "$1 $2" in
          "app get")
            if [ "$mode" = garbage ]; then echo '<html><body>502 Bad Gateway</body></html>'; exit 0; fi
            # Without -o json: the CLI's text summary (its SyncWindow: line), from app-summary.txt.
            if [ "$4" != -o ]; then cat "$d/app-summary.txt"; exit 0; fi
            if [ -f "$d/rolled-back" ] && [ -f "$d/manual" ]; then cat "$d/app-rolled-back.json"
            elif [ -f "$d/rolled-back" ]; then cat "$d/app-reenabled.json"
            elif [ -f "$d/manual" ]; then cat "$d/app-manual.json"
            else cat "$d/app.json"; fi ;;
          "app set")
            case "$*" in
              *"--sync-policy none"*) touch "$d/manual" ;;
              *) rm -f "$d/manual" ;;
            esac
            echo "Application '$3' updated" ;;
          "app rollback")
            if [ "$mode" = refusedV2 ]; then
              echo 'FATA[0000] rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled' >&2; exit 20
            fi
            if [ "$mode" = refused ] || [ ! -f "$d/manual" ]; then
              echo '{"level":"fatal","msg":"rpc error: code = FailedPrecondition desc = rollback cannot be initiated when auto-sync is enabled","time":"2026-05-20T10:14:00Z"}' >&2; exit 20
            fi
            touch "$d/rolled-back"
            echo "Rolling back application '$3' to history $4" ;;
          "app wait") echo "Application '$3' is Healthy" ;;
          "account can-i")
            # can-i: yes (default) or no, on stdout with exit 0, as the CLI answers.
            cat "$d/can-i" 2>/dev/null || echo yes ;;
          "proj windows")
            case "$3" in
              list) cat "$d/windows.txt" ;;
              enable-manual-sync) touch "$d/manual-sync-$5" ;;
              *) echo "unknown command: $*" >&2; exit 1 ;;
            esac ;;
          "context ")
            printf 'CURRENT  NAME                SERVER\n*        argocd.example.com  argocd.example.com\n         staging             argocd-staging.example.com:443\n' ;;
          "app diff")
            # diff-exit: 1 (default) prints diff.txt, 0 no difference, 2 the CLI's error.
            code="$(cat "$d/diff-exit" 2>/dev/null || echo 1)"
            if [ "$code" = 2 ]; then echo 'FATA[0000] rpc error: code = Unknown desc = Manifest generation error (cached): revision '"$5"' not found' >&2; exit 2; fi
            if [ "$code" = 1 ]; then cat "$d/diff.txt"; fi
            exit "$code" ;;
          *) echo "unknown command: $*" >&2; exit 1 ;;
        esac
        """#

    /// `argocd app diff` as the CLI prints it (`===== group/Kind namespace/name ======`, then `diff`'s
    /// output with `<` the live state and `>` the target): a Deployment's image going back.
    static let rollbackDiff = """

        ===== apps/Deployment bookstore/catalog ======
        21c21
        <         app.kubernetes.io/version: 1.4.2
        ---
        >         app.kubernetes.io/version: 1.4.1
        27c27
        <         image: registry.example.com/catalog:1.4.2
        ---
        >         image: registry.example.com/catalog:1.4.1

        """

    /// `argocd app get APP` without `-o json`, as `printAppSummaryTable` prints it (`%-20s%s`).
    static func appSummary(window: String, namespace: String = "bookstore", server: String = "https://kubernetes.default.svc") -> String {
        let rows = [("Name:", "argocd/bookstore-catalog-us-east"), ("Project:", "bookstore-platform"), ("Server:", server),
                    ("Namespace:", namespace), ("URL:", "https://argocd.example.com/applications/bookstore-catalog-us-east"),
                    ("Repo:", "https://git.example.com/bookstore-platform-config.git"), ("Target:", "main"),
                    ("Path:", "examples/bookstore-platform/app/catalog"), ("SyncWindow:", window)]
            + (window == "Sync Allowed" ? [] : [("Assigned Windows:", "deny:0 0 27 11 *:96h")])
            + [("Sync Policy:", "<none>"), ("Sync Status:", "Synced to main (d8f3c2a)"), ("Health Status:", "Healthy")]
        let head = rows.map { $0.0.padding(toLength: max(20, $0.0.count), withPad: " ", startingAt: 0) + $0.1 }
        return (head + ["", "GROUP  KIND        NAMESPACE  NAME     STATUS  HEALTH   HOOK  MESSAGE",
                        "apps   Deployment  bookstore  catalog  Synced  Healthy        deployment.apps/catalog unchanged"])
            .joined(separator: "\n") + "\n"
    }

    static let kubectlScript = #"""
        #!/bin/sh
        d="$(dirname "$0")"
        printf '%s\n' "$*" >> "$d/kubectl.log"
        context=prod-us-east; if [ "$1" = --context ]; then context="$2"; shift 2; fi
        if [ "$1 $2" = "config view" ]; then
          printf '{"kind":"Config","apiVersion":"v1","current-context":"%s","contexts":[{"name":"%s","context":{"cluster":"%s-cluster","user":"alice"}}],"clusters":[{"name":"%s-cluster","cluster":{"server":"https://%s.k8s.example.com"}}]}\n' "$context" "$context" "$context" "$context" "$context"
        elif [ "$1 $2 $3" = "argo rollouts abort" ]; then echo "rollout '$4' aborted"
        elif [ "$4" = deployment ]; then cat "$d/deployment.json"
        elif [ "$4" = rollout ]; then cat "$d/rollout.json"
        elif [ "$4" = analysisrun ]; then cat "$d/analysisrun.json" || exit 1
        elif [ -f "$d/rolled-back" ]; then cat "$d/pods-good.json"; else cat "$d/pods-bad.json"; fi
        """#
}

/// A Deployment as `kubectl get deployment NAME -o json` prints it (apps/v1, trimmed to what matters).
enum DeploymentFixture {
    static func json(name: String = "catalog", images: [(String, String)]) -> String {
        let containers = images.map { #"{"name":"\#($0.0)","image":"\#($0.1)","ports":[{"containerPort":8080,"protocol":"TCP"}],"resources":{}}"# }
        return #"""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"\#(name)","namespace":"bookstore","generation":7,"labels":{"app":"catalog"}},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"catalog"}},
                     "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
                     "template":{"metadata":{"labels":{"app":"catalog"}},"spec":{"containers":[\#(containers.joined(separator: ","))]}}},
             "status":{"observedGeneration":7,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3}}
            """#
    }
}

/// Application JSON in the shape `argocd app get -o json` prints, derived from the Argo CD fixture.
struct AppFixture {
    var object: [String: Any]

    /// `Tests/Fixtures/argocd/app-get-diff-cache.json`: a real Application (history 14…23, Healthy, Synced).
    static func diffCache() throws -> AppFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/argocd/app-get-diff-cache.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return AppFixture(object: object ?? [:])
    }

    var json: String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private mutating func edit(_ section: String, _ body: (inout [String: Any]) -> Void) {
        var value = object[section] as? [String: Any] ?? [:]
        body(&value)
        object[section] = value
    }

    mutating func setAutomated(_ automated: [String: Any]?) {
        edit("spec") { spec in
            var policy = spec["syncPolicy"] as? [String: Any] ?? [:]
            policy["automated"] = automated
            spec["syncPolicy"] = policy
        }
    }

    mutating func setOperation(phase: String, message: String, revision: String) {
        edit("status") { status in
            var state = status["operationState"] as? [String: Any] ?? [:]
            state["phase"] = phase
            state["message"] = message
            var result = state["syncResult"] as? [String: Any] ?? [:]
            result["revision"] = revision
            state["syncResult"] = result
            status["operationState"] = state
        }
    }

    /// Replaces the history with (id, revision, deployedAt) entries, oldest first.
    mutating func setHistory(_ entries: [(Int, String, String)]) {
        edit("status") { status in
            status["history"] = entries.map { ["id": $0.0, "revision": $0.1, "deployedAt": $0.2, "deployStartedAt": $0.2] }
        }
    }

    mutating func setName(_ name: String) {
        edit("metadata") { $0["name"] = name }
    }

    /// Replaces `status.resources[]` with (group, kind, name) entries, shaped as Argo CD lists them.
    mutating func setResources(_ resources: [(group: String, kind: String, name: String)], namespace: String) {
        edit("status") { status in
            status["resources"] = resources.map { resource -> [String: Any] in
                var entry: [String: Any] = ["kind": resource.kind, "name": resource.name, "namespace": namespace, "status": "Synced",
                                            "version": resource.group == "argoproj.io" ? "v1alpha1" : "v1", "health": ["status": "Healthy"]]
                if !resource.group.isEmpty { entry["group"] = resource.group }
                return entry
            }
        }
    }
}

/// The Argo Rollouts fixtures (`Tests/Fixtures/argo-rollouts/`, upstream's test objects as kubectl prints them).
enum RolloutFixture {
    static func json(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/argo-rollouts/\(name).json")
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// A pod list in the shape `kubectl get pods -o json` prints.
enum PodsFixture {
    static func json(_ pods: [(name: String, imageID: String, ready: Bool)], image: String = "registry.example.com/catalog:1.4.2") -> String {
        let items: [[String: Any]] = pods.map { pod in
            [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": ["name": pod.name, "namespace": "bookstore", "labels": ["app": "catalog"]],
                "spec": ["containers": [["name": "catalog", "image": image]]],
                "status": ["phase": "Running",
                           "containerStatuses": [["name": "catalog", "image": image, "imageID": pod.imageID,
                                                  "ready": pod.ready, "restartCount": 0]]],
            ]
        }
        let list: [String: Any] = ["apiVersion": "v1", "kind": "List", "items": items, "metadata": ["resourceVersion": ""]]
        let data = (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension AppFixture {
    /// Replaces `metadata`'s ownerReferences, annotations and labels (nil removes the key).
    mutating func setOwnership(owners: [[String: Any]]?, annotations: [String: String]?, labels: [String: String]?) {
        var metadata = object["metadata"] as? [String: Any] ?? [:]
        metadata["ownerReferences"] = owners
        metadata["annotations"] = annotations
        metadata["labels"] = labels
        object["metadata"] = metadata
    }
}
