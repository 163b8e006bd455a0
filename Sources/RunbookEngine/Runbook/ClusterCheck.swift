import Foundation

/// 3a's cluster check: the Application's destination against kubectl's cluster (a live incident only).
extension RunbookState {
    /// What 3a's gate says about the cluster; nil when they match or nothing is known.
    public var clusterWarning: (text: String, warn: Bool)? {
        guard let clusters = config?.clusters, let destination = app.value?.destination else { return nil }
        return clusters.destinationProblem(destination)
    }
}
