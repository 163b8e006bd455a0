import Foundation
import RunbookEngine

/// What the pods run and how slow they are at any simulated moment: a pure function of the
/// syncs so far (each one replaces the pods one by one) and the scenario's timings.
struct PodTimeline: Sendable {
    /// One sync Argo CD applied: the image digest its revision pins.
    struct Deploy: Sendable, Equatable {
        var at: Date
        var revision: Revision
        var digest: String
        /// The pods (by index) it replaces; nil: every pod. A Rollout's canary replaces only its share.
        var pods: Range<Int>? = nil
    }

    let scenario: Scenario
    /// Oldest first.
    var deploys: [Deploy]
    /// Pod index → when it started crash-looping.
    var crashLoops: [Int: Date] = [:]
    /// Revisions whose pods are slow: a bad image, or a bad values or flag change on the same image.
    let regressedRevisions: [Revision]
    /// When the kill switch turned the regressing feature flag off: slow pods are fast from then on.
    var flagOffAt: Date?

    init(scenario: Scenario, deploys: [Deploy]) {
        self.scenario = scenario
        self.deploys = deploys
        regressedRevisions = scenario.releases.filter(\.regressed).map(\.revision)
    }

    func isRegressed(_ deploy: Deploy) -> Bool {
        regressedRevisions.contains { $0.sameCommit(as: deploy.revision) }
    }

    /// Deploys that changed the pods: the image, or slow against fast config (a sync to the same
    /// image and the same behaviour starts no new pods).
    var rollouts: [Deploy] {
        var result: [Deploy] = []
        for deploy in deploys {
            if let last = result.last, last.digest == deploy.digest, isRegressed(last) == isRegressed(deploy) { continue }
            result.append(deploy)
        }
        return result
    }

    /// When pod `index` of a rollout is replaced: one after another (of the pods it replaces) across `podsReplaced`.
    func replacedAt(_ rollout: Deploy, pod index: Int) -> Date {
        let range = rollout.pods ?? 0..<scenario.replicas
        let share = Double(index - range.lowerBound + 1) / Double(max(1, range.count))
        return rollout.at.addingTimeInterval(scenario.rollout.podsReplaced.seconds * share)
    }

    /// Pod `index`'s image history up to `t`: (since, digest), oldest first. A deploy that leaves the pod on
    /// the same image and behaviour starts no new pod.
    func segments(pod index: Int, at t: Date) -> [(since: Date, digest: String, slow: Bool, revision: Revision)] {
        var kept: [Deploy] = []
        for deploy in deploys where deploy.pods?.contains(index) ?? true {
            if let last = kept.last, last.digest == deploy.digest, isRegressed(last) == isRegressed(deploy) { continue }
            kept.append(deploy)
        }
        return kept.map { (replacedAt($0, pod: index), $0.digest, isRegressed($0), $0.revision) }.filter { $0.0 <= t }
    }

    func pods(at t: Date) -> [PodImage] {
        (0..<scenario.replicas).compactMap { index in
            guard let current = segments(pod: index, at: t).last else { return nil }
            let crashLooping = crashLoops[index].map { $0 <= t } ?? false
            let ready = !crashLooping && t >= current.since.adding(scenario.rollout.podReady)
            // A Rollout's pods carry rollouts-pod-template-hash and are named after their ReplicaSet.
            guard scenario.canary != nil else {
                return PodImage(pod: podName(index, digest: current.digest, revision: current.revision),
                                image: scenario.image(current.digest), ready: ready)
            }
            let hash = Self.templateHash(current.digest)
            let suffix = podName(index, digest: current.digest, revision: current.revision).split(separator: "-").last.map(String.init) ?? "\(index)"
            return PodImage(pod: "\(scenario.deployment)-\(hash)-\(suffix)", image: scenario.image(current.digest), ready: ready, hash: hash)
        }
    }

    /// `status.health.status`: Progressing for a while after an image change, Degraded while a pod crash-loops.
    func health(at t: Date) -> HealthStatus {
        if crashLoops.values.contains(where: { $0 <= t }) { return .degraded }
        if let last = rollouts.last(where: { $0.at <= t }), t < last.at.adding(scenario.rollout.progressing) {
            return .progressing
        }
        return .healthy
    }

    /// The p99 in seconds: each pod on a slow image drags it up over `regressionRamp`; once it
    /// leaves, its share drains over `recovery` (the rate window). Plus deterministic jitter.
    func p99(at t: Date) -> Double {
        let latency = scenario.latency
        let value = latency.healthySeconds + (latency.regressedSeconds - latency.healthySeconds) * slowness(at: t)
        return max(0.001, value + latency.noiseSeconds * Self.jitter(at: t))
    }

    /// The 5xx ratio, moved by the same slow pods as the p99 (jitter a twentieth of the healthy ratio's scale).
    func errorRatio(at t: Date) -> Double {
        let latency = scenario.latency
        let value = latency.healthyErrorRatio + (latency.regressedErrorRatio - latency.healthyErrorRatio) * slowness(at: t)
        return min(1, max(0, value + latency.healthyErrorRatio * 0.2 * Self.jitter(at: t)))
    }

    /// How far the service is from healthy (0) to fully regressed (1).
    private func slowness(at t: Date) -> Double {
        let latency = scenario.latency
        let shares = (0..<scenario.replicas).map { slowShare(pod: $0, at: t) }
        var slow = shares.reduce(0, +) / Double(max(1, shares.count))
        if let spike = latency.unrelatedSpikeAt {
            let since = t.timeIntervalSince(scenario.date(spike))
            if since > 0 { slow = max(slow, min(1, since / latency.regressionRamp.seconds)) }
        }
        return slow
    }

    private func slowShare(pod index: Int, at t: Date) -> Double {
        let segments = segments(pod: index, at: t)
        var share = 0.0
        for (offset, segment) in segments.enumerated() {
            let end = offset + 1 < segments.count ? segments[offset + 1].since : t
            // A flag flipped off mid-segment makes the rest of it fast, as a new fast image would.
            let flip = flagOffAt.map { min(max($0, segment.since), end) } ?? end
            let slowSpan = segment.slow ? flip.timeIntervalSince(segment.since) : 0
            let fastSpan = end.timeIntervalSince(segment.since) - slowSpan
            share = min(1, share + slowSpan / scenario.latency.regressionRamp.seconds)
            share = max(0, share - fastSpan / scenario.latency.recovery.seconds)
        }
        return share
    }

    /// A value in [-1, 1] fixed for each simulated second (SplitMix64 of the timestamp).
    static func jitter(at t: Date) -> Double {
        var z = UInt64(bitPattern: Int64(t.timeIntervalSince1970.rounded())) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53) * 2 - 1
    }

    /// The pod-template hash Argo Rollouts gives a template: here, of its image (each drill release pins its own).
    static func templateHash(_ digest: String) -> String {
        String(digest.replacingOccurrences(of: "sha256:", with: "").prefix(10))
    }

    /// `catalog-<replicaset hash>-<suffix>`, derived from the rollout's revision and digest: every
    /// rollout (a new image, or the same image with other values) means new pods, as a new ReplicaSet would.
    func podName(_ index: Int, digest: String, revision: Revision) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        let hex = revision.rawValue.filter(\.isHexDigit) + digest.replacingOccurrences(of: "sha256:", with: "")
        func word(_ seed: Substring, _ count: Int) -> String {
            String(seed.prefix(count).map { alphabet[Int($0.hexDigitValue ?? 0) % alphabet.count] })
        }
        let hash = word(hex.dropFirst(0), 10)
        let suffix = word(hex.dropFirst(10 + index * 5), 5)
        return "\(scenario.deployment)-\(hash)-\(suffix)"
    }
}
