import Foundation

/// Step 3c on the Rollouts path: every pod on the stable hash (and that hash not the bad revision's),
/// no AnalysisRun still judging the bad hash, and p99 under the threshold for the sustain window.
public struct RolloutRecoveryCheck: Sendable, Equatable {
    public var stableHash: String?
    public var stableIsGood: Bool
    public var podsOnStable: Int
    public var podsTotal: Int
    public var analysisOnBad: Bool
    public var hold: LatencyHold

    public var podsPassed: Bool { podsTotal > 0 && podsOnStable == podsTotal }
    public var passed: Bool { stableIsGood && podsPassed && !analysisOnBad && hold.passed }

    public var summary: String {
        let stable = stableHash.map { stableIsGood ? "stable \($0)" : "stable \($0) is the bad revision" } ?? "no stable ReplicaSet yet"
        let analysis = analysisOnBad ? "; an AnalysisRun still runs on the bad hash" : ""
        return "\(stable); \(podsOnStable)/\(podsTotal) pods on it\(analysis); \(hold.summary)"
    }
}

extension RunbookState {
    public var rolloutRecovery: RolloutRecoveryCheck {
        let rollout = rollout.value
        let stable = rollout?.stableHash
        let podList = pods.value ?? []
        let onStable = podList.filter { $0.ready && $0.hash != nil && $0.hash == stable }.count
        let analysisOnBad = rollout?.analysis.map { $0.running && ($0.podHash == nil || $0.podHash == badPodHash) } ?? false
        let hold = verifyStartedAt.map { latencyHold(since: $0) }
            ?? LatencyHold(latest: latency.value?.last?.seconds, belowFor: 0, sustainSeconds: config?.sustainSeconds ?? 60,
                           threshold: config?.p99Threshold ?? 0.5)
        return RolloutRecoveryCheck(stableHash: stable, stableIsGood: stable != nil && stable != badPodHash,
                                    podsOnStable: onStable, podsTotal: podList.count, analysisOnBad: analysisOnBad, hold: hold)
    }
}
