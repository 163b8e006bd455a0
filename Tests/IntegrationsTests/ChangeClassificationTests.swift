import Foundation
import Testing
import Integrations
import RunbookEngine

/// Step 2 judges the bad revision from its diff: each row is a real git repository with a good commit
/// and a bad one, read through `GitConfigRepo` as the console reads it (`git show --stat` and the diff).
@Suite struct ChangeClassificationTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var good: [String: String]
        var bad: [String: String]
        var message: String
        var kind: ChangeKind
        /// The changed keys of `kind`, in the diff's order.
        var keys: [String]
        var pin: ImagePin.Place? = nil
        var crds: [String] = []
        var testDescription: String { name }
    }

    static let values = """
        replicaCount: 3
        image:
          repository: ghcr.io/acme/orders
          digest: sha256:1ed2fb4f
        autoscaling:
          minReplicas: 4
          maxReplicas: 12
        env:
          - name: FEATURE_BATCH_WRITER
            value: "off"
          - name: LOG_LEVEL
            value: info

        """

    static let kustomization = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - deployment.yaml
        images:
          - name: ghcr.io/acme/catalog
            digest: sha256:600d600d
        patches:
          - path: replicas.yaml

        """

    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: shelves.bookstore.acme
        spec:
          group: bookstore.acme
          versions:
            - name: v1
              schema:
                openAPIV3Schema:
                  properties:
                    capacity:
                      type: integer

        """

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: catalog
        spec:
          replicas: 3
          template:
            spec:
              containers:
                - name: catalog
                  image: ghcr.io/acme/catalog@sha256:600d600d
                  resources:
                    limits:
                      memory: 512Mi

        """

    static let configMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: checkout-settings
        data:
          PRICING_ENGINE: legacy
          TIMEOUT_MS: "800"

        """

    static func replacing(_ text: String, _ old: String, _ new: String) -> String {
        text.replacingOccurrences(of: old, with: new)
    }

    static let rows: [Row] = [
        Row(name: "image digest in the Helm values", good: ["app/orders/values.yaml": values],
            bad: ["app/orders/values.yaml": replacing(values, "sha256:1ed2fb4f", "sha256:00a369bd")],
            message: "orders: batch writer", kind: .image, keys: ["image.digest"], pin: .helmValues),
        // The runbook's 2026-04-14 incident, with a message that names an image: the diff says values only.
        Row(name: "values-only HPA edit under a message that says image bump", good: ["app/orders/values.yaml": values],
            bad: ["app/orders/values.yaml": replacing(values, "minReplicas: 4", "minReplicas: 1")],
            message: "orders: image bump - batch writer; HPA min replicas 1 to save cost overnight",
            kind: .helmValues, keys: ["autoscaling.minReplicas"]),
        Row(name: "image digest in the kustomization's images:", good: ["overlays/prod/kustomization.yaml": kustomization],
            bad: ["overlays/prod/kustomization.yaml": replacing(kustomization, "sha256:600d600d", "sha256:bad0bad0")],
            message: "catalog 1.4.2", kind: .image, keys: ["images[ghcr.io/acme/catalog].digest"], pin: .kustomization),
        Row(name: "a kustomize patch added", good: ["overlays/prod/kustomization.yaml": kustomization],
            bad: ["overlays/prod/kustomization.yaml": replacing(kustomization, "  - path: replicas.yaml\n", "  - path: replicas.yaml\n  - path: probes.yaml\n")],
            message: "tighter probes", kind: .kustomize, keys: ["patches[probes.yaml].path"]),
        Row(name: "an env var in the values: config only", good: ["app/orders/values.yaml": values],
            bad: ["app/orders/values.yaml": replacing(values, "value: \"off\"", "value: \"on\"")],
            message: "orders: turn the batch writer on", kind: .configOnly, keys: ["env[FEATURE_BATCH_WRITER].value"]),
        Row(name: "a feature flag in the app's config file", good: ["app/checkout/settings.yaml": "pricing:\n  newEngine: false\n"],
            bad: ["app/checkout/settings.yaml": "pricing:\n  newEngine: true\n"],
            message: "checkout: image of the new pricing", kind: .configOnly, keys: ["pricing.newEngine"]),
        Row(name: "a ConfigMap's data: config only", good: ["app/checkout/templates/settings.yaml": configMap],
            bad: ["app/checkout/templates/settings.yaml": replacing(configMap, "legacy", "v2")],
            message: "checkout: pricing engine v2", kind: .configOnly, keys: ["data.PRICING_ENGINE"]),
        Row(name: "a container image in a Deployment manifest", good: ["base/deployment.yaml": deployment],
            bad: ["base/deployment.yaml": replacing(deployment, "sha256:600d600d", "sha256:bad0bad0")],
            message: "catalog", kind: .image, keys: ["spec.template.spec.containers[catalog].image"], pin: .manifest),
        Row(name: "a CRD field added in the chart's crds/", good: ["charts/shelves/crds/shelves.yaml": crd],
            bad: ["charts/shelves/crds/shelves.yaml": crd + "            location:\n              type: string\n"],
            message: "shelves: location", kind: .helmCRDs,
            keys: ["spec.versions[v1].schema.openAPIV3Schema.properties.location.type"], crds: ["charts/shelves/crds/shelves.yaml"]),
        Row(name: "a CRD changed in a manifest outside crds/", good: ["platform/extra.yaml": crd],
            bad: ["platform/extra.yaml": replacing(crd, "type: integer", "type: string")],
            message: "values tweak", kind: .helmCRDs,
            keys: ["spec.versions[v1].schema.openAPIV3Schema.properties.capacity.type"], crds: ["platform/extra.yaml"]),
        // A flag beside a migration is not the kill switch's case: something else changed too.
        Row(name: "a flag with a migration is not config only", good: ["app/checkout/settings.yaml": "pricing:\n  newEngine: false\n"],
            bad: ["app/checkout/settings.yaml": "pricing:\n  newEngine: true\n", "app/checkout/migrations/0007_prices.sql": "ALTER TABLE prices ADD COLUMN v2 numeric;\n"],
            message: "checkout: pricing v2", kind: .other, keys: []),
    ]

    @Test(arguments: rows)
    func theChangeIsJudgedFromItsDiff(_ row: Row) async throws {
        let repo = try await GitTestRepo()
        try await repo.commit("good", files: row.good)
        let bad = try await repo.commit(row.message, files: row.bad)
        let change = try await GitConfigRepo(path: repo.path).change(Revision(String(bad.prefix(7))))
        #expect(change.kind == row.kind, "\(change.files ?? [])")
        #expect(change.keys(row.kind) == row.keys)
        #expect(change.imagePins.map(\.place) == (row.pin.map { [$0] } ?? []))
        #expect(change.crdFiles == row.crds)
        // The stat is git's own, header and message included.
        #expect(change.stat.hasPrefix("commit \(bad)\n") && change.stat.contains(row.message) && change.stat.contains("changed"))
    }

    @Test func theDigestBumpReadsOldToNewWithItsFile() async throws {
        let repo = try await GitTestRepo()
        try await repo.commit("good", files: ["app/orders/values.yaml": Self.values])
        let bad = try await repo.commit("bump", files: ["app/orders/values.yaml": Self.replacing(Self.values, "sha256:1ed2fb4f", "sha256:00a369bd")])
        let change = try await GitConfigRepo(path: repo.path).change(Revision(bad))
        let file = try #require(change.files?.first)
        #expect(file.path == "app/orders/values.yaml" && file.role == .helmValues)
        #expect(file.lines == [KeyChange(key: "image.digest", old: "sha256:1ed2fb4f", new: "sha256:00a369bd", kind: .image)])
        #expect(change.imagePins.first?.whereText == "the Helm values (app/orders/values.yaml image.digest)")
        #expect(change.summary == "image digest or tag bump (image.digest)")
    }

    @Test func theWholeFileIsContextSoAKeyFarBelowItsParentIsNamed() async throws {
        let repo = try await GitTestRepo()
        let filler = (1...40).map { "  key\($0): \($0)" }.joined(separator: "\n")
        try await repo.commit("good", files: ["values.yaml": "deep:\n\(filler)\n  last: 1\n"])
        let bad = try await repo.commit("bump", files: ["values.yaml": "deep:\n\(filler)\n  last: 2\n"])
        let change = try await GitConfigRepo(path: repo.path).change(Revision(bad))
        #expect(change.files?.first?.lines == [KeyChange(key: "deep.last", old: "1", new: "2", kind: .helmValues)])
    }
}
