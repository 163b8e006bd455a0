import Foundation
import Testing
@testable import RunbookEngine

/// Step 2 judged from the diff: its evidence in the Output log, the kill switch only for config, the
/// Helm CRD warning on 3b's gate and after it, and 3b checked against the digest the diff replaced.
@Suite("Step 2: what changed, from the diff")
struct ChangeEvidenceTests {
    static func change(_ patch: String, stat: String = Incident.showStat) -> ChangeEvidence {
        ChangeEvidence(stat: stat, files: ChangeReader.files(patch: patch))
    }

    /// The runbook's orders incident: values.yaml's HPA min replicas 4 → 1, under a message naming an image.
    static let valuesOnly = change("""
        diff --git a/app/orders/values.yaml b/app/orders/values.yaml
        --- a/app/orders/values.yaml
        +++ b/app/orders/values.yaml
        @@ -1,7 +1,7 @@
         image:
           digest: sha256:1ed2fb4f
         autoscaling:
        -  minReplicas: 4
        +  minReplicas: 1
           maxReplicas: 12
        """, stat: "commit 2b7f90e\n\n    orders: image bump - batch writer\n\n app/orders/values.yaml | 2 +-\n")

    static let crdAdded = change("""
        diff --git a/charts/catalog/crds/shelves.yaml b/charts/catalog/crds/shelves.yaml
        new file mode 100644
        --- /dev/null
        +++ b/charts/catalog/crds/shelves.yaml
        @@ -0,0 +1,4 @@
        +apiVersion: apiextensions.k8s.io/v1
        +kind: CustomResourceDefinition
        +metadata:
        +  name: shelves.bookstore.acme
        diff --git a/apps/catalog/values.yaml b/apps/catalog/values.yaml
        --- a/apps/catalog/values.yaml
        +++ b/apps/catalog/values.yaml
        @@ -1,3 +1,3 @@
         image:
        -  digest: sha256:600d600d600d
        +  digest: sha256:bad0bad0bad0
        """)

    static func logged(_ walk: Walk) -> [LoggedChange] {
        walk.state.log.entries.compactMap { if case .change(let change) = $0 { change } else { nil } }
    }

    @Test func stepTwosEvidenceIsLoggedOnceWithTheStatAndTheChangedKeys() throws {
        var walk = Walk()
        let change = try #require(Self.logged(walk).first)
        #expect(change.summary == "image digest or tag bump (image.digest)")
        #expect(change.stat == Incident.showStat)
        #expect(change.files?.first?.lines.map(\.text) == ["image.digest: sha256:600d600d600d → sha256:bad0bad0bad0"])
        #expect(change.pins == ["image pinned in the Helm values (apps/catalog/values.yaml image.digest): sha256:600d600d600d → sha256:bad0bad0bad0"])
        walk.send(.refreshRequested(by: Incident.driver))
        walk.settle()
        #expect(Self.logged(walk).count == 1, "the same evidence read again is not logged again")
        #expect(walk.state.evidenceSummary(.diagnose) == "change: image digest or tag bump (image.digest)")
    }

    @Test(arguments: [("config only", true), ("values only, message says image", false), ("image", false)])
    func theKillSwitchIsOfferedOnlyWhenTheDiffIsConfigOnly(_ name: String, _ offered: Bool) {
        var world = World()
        world.diagnosis = [("config only", Incident.configOnlyChange), ("values only, message says image", Self.valuesOnly),
                           ("image", Incident.change)].first { $0.0 == name }!.1
        var walk = Walk(world)
        walk.confirmEverything(before: .disableAutoSync)
        #expect((walk.state.gateStep == .killSwitch) == offered, "\(walk.state.gateStep.map { "\($0)" } ?? "no gate")")
        #expect((walk.state.changeKind == .configOnly) == offered)
    }

    @Test func aValuesOnlyChangeIsAHelmValuesEditNamingItsKey() {
        var world = World()
        world.diagnosis = Self.valuesOnly
        let walk = Walk(world)
        #expect(walk.state.changeKind == .helmValues)
        #expect(walk.state.evidenceSummary(.diagnose) == "change: Helm values edit (autoscaling.minReplicas)")
        #expect(Self.logged(walk).first?.files?.first?.lines.map(\.text) == ["autoscaling.minReplicas: 4 → 1"])
    }

    /// Journals written before the diff was read hold the stat as a string: they read, are judged as then, and write back the same.
    @Test func anOlderJournalsStatAloneReadsAndReencodesUnchanged() throws {
        let line = #"{"at":0,"kind":{"diagnosisRead":{"_0":{"ok":{"_0":" apps/catalog/config/flags.yaml | 2 +-\n"}},"revision":"d8f3c2a"}}}"#
        let event = try JSONDecoder().decode(Event.self, from: Data(line.utf8))
        guard case .diagnosisRead(.ok(let change), _) = event.kind else { Issue.record("\(event.kind)"); return }
        #expect(change.files == nil && change.kind == .configOnly)
        let encoded = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        #expect(encoded.contains(#""ok":{"_0":" apps\/catalog\/config\/flags.yaml | 2 +-\n"}"#), "\(encoded)")
        let fresh = String(decoding: try JSONEncoder().encode(Incident.change), as: UTF8.self)
        #expect(try JSONDecoder().decode(ChangeEvidence.self, from: Data(fresh.utf8)) == Incident.change)
    }

    @Test func aCRDInTheDiffWarnsOn3bsGateAndIsNotedAfterTheRollback() {
        var world = World()
        world.diagnosis = Self.crdAdded
        var walk = Walk.at(.rollback, world)
        #expect(walk.state.gateStep == .rollback)
        let warning = walk.state.rollbackCRDWarning ?? ""
        #expect(warning.contains("charts/catalog/crds/shelves.yaml") && warning.contains("does NOT delete or downgrade Helm CRDs")
                && warning.contains("code-rollback-helm.md"), "\(warning)")
        #expect(!walk.state.notes.contains { $0.kind == .crdsLeft })
        walk.confirm(.rollback)
        walk.poll(for: 10)
        #expect(walk.state.status(.rollback).isFinished)
        let notes = walk.state.notes.filter { $0.kind == .crdsLeft }
        #expect(notes.count == 1 && notes[0].text.contains("code-rollback-helm.md"), "\(walk.state.notes.map(\.text))")
    }

    @Test func withoutACRDThereIsNoWarning() {
        var walk = Walk.at(.rollback)
        #expect(walk.state.rollbackCRDWarning == nil)
        walk.confirm(.rollback)
        walk.poll(for: 10)
        #expect(!walk.state.notes.contains { $0.kind == .crdsLeft })
    }

    @Test func after3bTheTemplateBackOnTheOldDigestIsSaid() {
        var walk = Walk.at(.rollback)
        walk.confirm(.rollback)
        walk.poll(for: 20)
        let notes = walk.state.notes.filter { $0.kind == .pinnedDigest }
        #expect(notes.count == 1 && notes[0].level == .info, "\(walk.state.notes.map(\.text))")
        #expect(notes.first?.text.contains("back on sha256:600d600d600d, the digest pinned in the Helm values (apps/catalog/values.yaml image.digest)") == true)
    }

    @Test func after3bATemplateStillOnTheBadDigestIsExplainedByWhereItIsPinned() {
        var walk = Walk.at(.rollback)
        walk.world.deploymentImages = [Incident.badImage]
        walk.confirm(.rollback)
        walk.poll(for: 20)
        let notes = walk.state.notes.filter { $0.kind == .pinnedDigest }
        #expect(notes.count == 1 && notes[0].level == .warn, "\(walk.state.notes.map(\.text))")
        let text = notes.first?.text ?? ""
        #expect(text.contains("did not go back to sha256:600d600d600d") && text.contains("still names the bad digest sha256:bad0bad0bad0")
                && text.contains("pinned in the Helm values (apps/catalog/values.yaml image.digest)")
                && text.contains("the rollback restores the values"), "\(text)")
    }

    @Test func aValuesOnlyChangePinsNoDigestAndSaysNothingAbout3bsImage() {
        var world = World()
        world.diagnosis = Self.valuesOnly
        var walk = Walk.at(.rollback, world)
        walk.confirm(.rollback)
        walk.poll(for: 20)
        #expect(Self.valuesOnly.imagePins.isEmpty)
        #expect(!walk.state.notes.contains { $0.kind == .pinnedDigest })
    }
}
