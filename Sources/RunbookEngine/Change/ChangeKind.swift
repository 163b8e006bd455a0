/// What one changed line of the bad revision is, read from its diff (Step 2). Ordered from the kind
/// that matters most for the rollback (CRDs: a rollback leaves them) to the least.
public enum ChangeKind: String, Sendable, Codable, CaseIterable, Comparable {
    case helmCRDs, image, kustomize, helmValues, configOnly, other

    public var description: String {
        switch self {
        case .image: "image digest or tag bump"
        case .helmValues: "Helm values edit"
        case .kustomize: "Kustomize patch"
        case .configOnly: "config only — consider the feature-flag kill switch before a rollback"
        case .helmCRDs: "CRDs in a Helm chart — a rollback does not downgrade CRDs (see code-rollback-helm.md)"
        case .other: "other files"
        }
    }

    /// What the runbook says to do about a change of this kind, where it says something.
    public var advice: String? {
        switch self {
        case .configOnly: "consider the feature-flag kill switch before a rollback"
        case .helmCRDs: "a rollback does not downgrade CRDs (see code-rollback-helm.md)"
        default: nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
