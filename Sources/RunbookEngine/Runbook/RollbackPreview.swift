import Foundation

/// What 3b's gate says the rollback will change, from `argocd app diff` against the target.
extension RunbookState {
    /// The diff read for `target`, or the error its read ended with; nil while it is not read.
    public func rollbackDiffFor(_ target: HistoryEntry) -> Outcome<RollbackDiff>? {
        if let diff = rollbackDiff.value, diff.revision == target.revision { return .ok(diff) }
        if let error = rollbackDiff.error, rollbackDiff.readAt != nil { return .failed(error) }
        return nil
    }

    /// The gate's line: "N resources will change …", an empty diff's warning, or why it is not known.
    public var rollbackPreview: (text: String, warn: Bool)? {
        guard let target = lastKnownGood, let outcome = rollbackDiffFor(target) else { return nil }
        switch outcome {
        case .ok(let diff) where diff.isEmpty: return ("argocd app diff: \(diff.summary)", true)
        case .ok(let diff): return ("\(diff.summary) (whole diff in Output)", false)
        case .failed(let error): return ("argocd app diff failed: \(error.message) — what will change is not known", true)
        }
    }
}
