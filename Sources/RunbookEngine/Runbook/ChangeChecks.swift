import Foundation

/// The runbook's two false starts that Step 2's diff foretells: Helm CRDs a rollback leaves behind, and
/// an image digest pinned in the values or the kustomization that 3b should bring back.
extension RunbookState {
    /// On 3b's gate: the bad revision adds or changes a CustomResourceDefinition.
    public var rollbackCRDWarning: String? {
        guard let files = diagnosis.value?.crdFiles, !files.isEmpty else { return nil }
        return "the bad revision changes CustomResourceDefinitions (\(files.joined(separator: ", "))): argocd app rollback does NOT "
            + "delete or downgrade Helm CRDs (Argo CD leaves them as they are). If it added an incompatible CRD field, see "
            + "code-rollback-helm.md and consider a manual CRD-level fix."
    }

    /// After 3b succeeded: the CRDs are still the bad revision's.
    mutating func noteCRDsLeftByRollback() {
        guard let files = diagnosis.value?.crdFiles, !files.isEmpty,
              !notes.contains(where: { $0.kind == .crdsLeft && $0.at >= finishedAt[.rollback] ?? .distantPast }) else { return }
        note(.warn, "3b rolled back the app, not its CRDs: \(files.joined(separator: ", ")) stay as the bad revision left them. "
             + "Check the custom resources still read; see code-rollback-helm.md for a manual CRD-level fix.", kind: .crdsLeft)
    }

    /// After 3b, once the Deployment's template is read: is it back on the digest the bad revision replaced?
    /// If not, why, in the runbook's terms (where the digest is pinned).
    mutating func checkPinnedDigest() {
        guard let template = templateAfterRollback, let change = diagnosis.value else { return }
        let pins = change.imagePins.filter { $0.oldDigest != nil }
        guard !pins.isEmpty else { return }
        let target = lastKnownGood.map { "history \($0.id) (\($0.revision.short))" } ?? "the target"
        let images = template.joined(separator: ", ")
        for pin in pins {
            guard let old = pin.oldDigest else { continue }
            if template.contains(where: { $0.contains(old) }) {
                note(.info, "3b: the Deployment's template is back on \(old), the digest pinned in \(pin.whereText) before the bad revision.", kind: .pinnedDigest)
                continue
            }
            let still = pin.newDigest.map { new in template.contains { $0.contains(new) } } ?? false
            let restores = pin.place == .kustomization
                ? "the rollback restores the kustomization, whose images: entry at \(target) names \(old)"
                : pin.place == .helmValues ? "the rollback restores the values, which at \(target) name \(old)"
                : "the rollback restores the manifests, which at \(target) name \(old)"
            let why = still
                ? "It still names the bad digest \(pin.newDigest ?? "") (\(images)). The digest is pinned in \(pin.whereText): \(restores), so the controller should pull the old image — a template still on the bad digest means those \(pin.place == .kustomization ? "manifests" : "values") were not applied: auto-sync re-applied HEAD (3a), or the rollback went to another revision. Check argocd app get and the pods."
                : "It names \(images): neither \(old) nor the bad digest. The digest is pinned in \(pin.whereText): \(restores) — something else (another values file, a patch, a mutating webhook) sets the image."
            note(.warn, "3b: the Deployment's template did not go back to \(old). \(why)", kind: .pinnedDigest)
        }
    }
}
