import Foundation
import Integrations
import RunbookEngine
import Testing

/// Who manages the Application's own manifest, read from `argocd app get -o json`: an ApplicationSet
/// (ownerReferences), a parent Application (its tracking-id annotation, or the instance label with
/// label tracking). The fixture is a real ApplicationSet-generated app (velero-test, owned by `velero`).
@Suite struct ParentAppTests {
    func cli(_ standIns: StandIns) -> ArgoCDCLI {
        ArgoCDCLI(executable: standIns.argocd, runner: ProcessRunner(killGrace: .milliseconds(200)), timeout: .seconds(10))
    }

    func read(_ fixture: AppFixture) async throws -> Application {
        let standIns = try StandIns()
        try standIns.write("app.json", fixture.json)
        return try await cli(standIns).application("velero-test")
    }

    @Test func theRealFixtureIsGeneratedByItsApplicationSetAndNamesItsProject() async throws {
        let app = try await read(try AppFixture.diffCache())
        #expect(app.parent == AppParent(kind: .applicationSet, name: "velero", seenIn: "ownerReferences"))
        #expect(app.project == "sre")
    }

    @Test(arguments: [
        // An app of apps: the parent's tracking id on the child's manifest.
        ([:], ["argocd.argoproj.io/tracking-id": "platform-apps:argoproj.io/Application:argocd/velero-test"], [:],
         AppParent(kind: .application, name: "platform-apps", seenIn: "the argocd.argoproj.io/tracking-id annotation")),
        // Apps in any namespace: the tracking app is NAMESPACE_NAME.
        ([:], ["argocd.argoproj.io/tracking-id": "team-a_root:argoproj.io/Application:team-a/velero-test"], [:],
         AppParent(kind: .application, name: "root", seenIn: "the argocd.argoproj.io/tracking-id annotation")),
        // Label tracking.
        ([:], [:], ["app.kubernetes.io/instance": "root-apps"],
         AppParent(kind: .application, name: "root-apps", seenIn: "the app.kubernetes.io/instance label")),
        // Marks naming the app itself, or none at all: no parent.
        ([:], ["argocd.argoproj.io/tracking-id": "velero-test:argoproj.io/Application:argocd/velero-test"], [:], nil),
        ([:], [:], ["app.kubernetes.io/instance": "velero-test"], nil),
        ([:], [:], [:], nil),
    ] as [([String: String], [String: String], [String: String], AppParent?)])
    func aParentIsReadFromTheMarksItLeaves(owner: [String: String], annotations: [String: String], labels: [String: String],
                                           expected: AppParent?) async throws {
        var fixture = try AppFixture.diffCache()
        fixture.setOwnership(owners: owner.isEmpty ? nil : [owner], annotations: annotations, labels: labels)
        #expect(try await read(fixture).parent == expected)
    }

    @Test func anOwnerThatIsNotAnApplicationSetIsNoParent() async throws {
        var fixture = try AppFixture.diffCache()
        fixture.setOwnership(owners: [["apiVersion": "v1", "kind": "ConfigMap", "name": "x"]], annotations: nil, labels: nil)
        #expect(try await read(fixture).parent == nil)
    }
}

/// `spec.revisionHistoryLimit`, read as a number so an absurd one leaves the Application readable.
@Suite struct HistoryLimitReadTests {
    @Test(arguments: [(3.0 as Double?, 3 as Int?), (0, 0), (-1, nil), (1e30, nil), (2.5, nil), (nil, nil)])
    func theLimitIsKeptOnlyWhenArgoCDCouldHoldIt(value: Double?, expected: Int?) async throws {
        var fixture = try AppFixture.diffCache()
        var spec = fixture.object["spec"] as? [String: Any] ?? [:]
        spec["revisionHistoryLimit"] = value
        fixture.object["spec"] = spec
        let app = try await ParentAppTests().read(fixture)
        #expect(app.historyLimit == expected)
        #expect(!app.history.isEmpty)
    }
}
