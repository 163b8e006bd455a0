import Foundation

/// Step 3c on the Rollouts path: every pod on the stable hash (and that hash not the bad revision's),
/// no AnalysisRun still judging the bad hash, the Application Healthy, and every watched metric on its
/// healthy side for the sustain window.
public struct RolloutRecoveryCheck: Sendable, Equatable {
    public var stableHash: String?
    public var stableIsGood: Bool
    public var podsOnStable: Int
    public var podsTotal: Int
    public var analysisOnBad: Bool
    /// The Application's health as Argo CD last reported it (nil before any read).
    public var health: HealthStatus?
    /// The Rollout reports `status.abort`: Argo CD calls an aborted Rollout (and so the app) Degraded
    /// until the revert lands, so Degraded is what recovery looks like then.
    public var aborted: Bool
    /// Each watched metric's hold since 3c began, the one 3c watches first first.
    public var holds: [MetricHold]
    /// Seconds since 3c began; nil before.
    public var elapsed: Double?
    /// What began it: "the abort" or "promote-full".
    public var since: String

    public var podsPassed: Bool { podsTotal > 0 && podsOnStable == podsTotal }
    public var healthPassed: Bool { health == .healthy || (health == .degraded && aborted) }
    public var passed: Bool { stableIsGood && podsPassed && !analysisOnBad && healthPassed && holds.allSatisfy(\.passed) }
    /// Not recovered in the time the runbook expects (the straight line's measure).
    public var slow: Bool { RecoveryCheck.slow(passed: passed, elapsed: elapsed) }

    public var summary: String {
        let stable = stableHash.map { stableIsGood ? "stable \($0)" : "stable \($0) is the bad revision" } ?? "no stable ReplicaSet yet"
        let analysis = analysisOnBad ? "; an AnalysisRun still runs on the bad hash" : ""
        let health: String = switch (self.health, healthPassed) {
        case (.healthy?, _): "Healthy"
        case (.degraded?, true): "Degraded (Argo CD's word for an aborted Rollout until the revert)"
        case (let other, _): "health \(other?.rawValue ?? "not read yet"), not Healthy"
        }
        let time = elapsed.map { "; \(Format.duration($0)) since \(since)" + (slow ? " (the runbook expects 2–3 min)" : "") } ?? ""
        return "\(stable); \(podsOnStable)/\(podsTotal) pods on it\(analysis); \(health); \(MetricHold.summary(holds))\(time)"
    }
}

extension RunbookState {
    public var rolloutRecovery: RolloutRecoveryCheck {
        let rollout = rollout.value
        let stable = rollout?.stableHash
        let podList = pods.value ?? []
        let onStable = podList.filter { $0.ready && $0.hash != nil && $0.hash == stable }.count
        let analysisOnBad = rollout?.analysis.map { $0.running && ($0.podHash == nil || $0.podHash == badPodHash) } ?? false
        return RolloutRecoveryCheck(stableHash: stable, stableIsGood: stable != nil && stable != badPodHash,
                                    podsOnStable: onStable, podsTotal: podList.count, analysisOnBad: analysisOnBad,
                                    health: app.value?.health, aborted: rollout?.aborted == true, holds: metricHolds(since: verifyStartedAt),
                                    elapsed: verifyStartedAt.map { now.timeIntervalSince($0) },
                                    since: status(.promoteFull).isFinished ? "promote-full" : "the abort")
    }
}
