import Foundation

/// Step 3c's question: is the app back on the good revision and Healthy, every pod on a good digest,
/// and every watched metric on its healthy side of the threshold for the whole sustain window?
public struct RecoveryCheck: Sendable, Equatable {
    /// The runbook: p99 should be under the threshold "within 2–3 minutes" of the rollback.
    public static let expectedSeconds: Double = 180

    public var onGoodRevision: Bool
    /// The Application's health as Argo CD last reported it (nil before any read).
    public var health: HealthStatus?
    public var podsGood: Int
    public var podsTotal: Int
    /// The rollback kept the Deployment's image (a values-only change): pods count as good once
    /// they are replaced, since their digest cannot tell.
    public var sameImage = false
    /// Each watched metric's hold since 3c began, the one 3c watches first first.
    public var holds: [MetricHold]
    /// Seconds since 3c began (the rollback finished); nil before.
    public var elapsed: Double?

    public var healthy: Bool { health == .healthy }
    public var podsPassed: Bool { podsTotal > 0 && podsGood == podsTotal }
    /// Every watched metric held for the sustain window.
    public var metricsPassed: Bool { holds.allSatisfy(\.passed) }
    public var passed: Bool { onGoodRevision && healthy && podsPassed && metricsPassed }
    /// Not recovered in the time the runbook expects: worth a look before the verify timeout.
    public var slow: Bool { Self.slow(passed: passed, elapsed: elapsed) }
    /// The same question for either table's 3c.
    public static func slow(passed: Bool, elapsed: Double?) -> Bool { !passed && (elapsed ?? 0) >= expectedSeconds }

    /// The metric 3c watches first: its latest value, and how long it has held.
    public var latest: Double? { holds.first?.latest }
    public var belowFor: Double { holds.first?.heldFor ?? 0 }

    public var summary: String {
        let revision = onGoodRevision ? "on the good revision" : "not yet on the good revision"
        let health = healthy ? "Healthy" : "health \(self.health?.rawValue ?? "not read yet"), not Healthy"
        let pods = sameImage ? "\(podsGood)/\(podsTotal) pods replaced since the rollback (same image: a values-only change)"
            : "\(podsGood)/\(podsTotal) pods on a good digest"
        let time = elapsed.map { "; \(Format.duration($0)) since the rollback" + (slow ? " (the runbook expects 2–3 min)" : "") } ?? ""
        return "\(revision); \(health); \(pods); \(MetricHold.summary(holds))\(time)"
    }
}

/// One metric against its threshold over a sustain window: 3c's metrics half, and the kill switch's whole check.
public struct MetricHold: Sendable, Equatable {
    public var metric: MetricSpec
    public var latest: Double?
    /// How long the metric has been on its healthy side without a break (seconds).
    public var heldFor: Double
    public var sustainSeconds: Double

    public var passed: Bool { heldFor >= sustainSeconds }

    /// "p99 1.17 s, above 0.50 s; needs 60 s below", "5xx ratio 0.2 %, ✓ held below 1 % for 60 s".
    public var summary: String {
        (latest.map { "\(metric.name) \(metric.format($0))" } ?? "no \(metric.name) yet") + ", " + hold
    }

    /// Every hold, "; "-joined: what 3c and the kill switch say of the metrics.
    public static func summary(_ holds: [MetricHold]) -> String {
        holds.map(\.summary).joined(separator: "; ")
    }

    /// Where the metric stands against the hold, in words that agree with the Metrics pane: "above" while the
    /// latest sample is on the wrong side, the time still needed while it is on the right one, the hold once done.
    public var hold: String {
        let limit = metric.format(metric.threshold), needed = Format.duration(sustainSeconds), side = metric.direction.rawValue
        if passed { return "✓ held \(side) \(limit) for \(needed)" }
        guard let latest else { return "needs \(needed) \(side) \(limit)" }
        if latest.isNaN { return "no traffic, which proves nothing; needs \(needed) \(side) \(limit)" }
        if !metric.isHealthy(latest) { return "\(metric.wrongSide) \(limit); needs \(needed) \(side)" }
        return "\(side) \(limit) for \(Format.duration(heldFor)) of the \(needed) needed"
    }
}

extension RunbookState {
    public var recovery: RecoveryCheck {
        let onGood: Bool = {
            guard let target = lastKnownGood, let current = app.value?.current else { return false }
            return current.revision.sameCommit(as: target.revision)
        }()
        let badDigests = Set(badImages.compactMap { PodImage(pod: "", image: $0, ready: true).digest ?? $0 })
        // The digests the rollback put into the Deployment's template (there since, not before): a pod on one
        // is good whenever it started — one already on the good digest before the rollback was never bad.
        // Without them (a template by tag, or not read yet) every image seen before the rollback counts as bad.
        func digests(_ images: [String]?) -> Set<String> { Set((images ?? []).compactMap { PodImage(pod: "", image: $0, ready: true).digest }) }
        let goodDigests = digests(templateAfterRollback).subtracting(digests(templateBeforeRollback))
        let podList = pods.value ?? []
        let sameImage = templateBeforeRollback.map { !$0.isEmpty && $0 == templateAfterRollback } ?? false
        let good = podList.filter { pod in
            guard pod.ready else { return false }
            if sameImage { return !badPods.contains(pod.pod) }
            if !goodDigests.isEmpty { return pod.digest.map(goodDigests.contains) ?? false }
            return !badDigests.contains(pod.digest ?? pod.image) && !badImages.contains(pod.image)
        }.count
        return RecoveryCheck(onGoodRevision: onGood, health: app.value?.health, podsGood: good, podsTotal: podList.count,
                             sameImage: sameImage, holds: metricHolds(since: verifyStartedAt),
                             elapsed: verifyStartedAt.map { now.timeIntervalSince($0) })
    }

    /// Every watched metric's hold counting samples from `start` on (nothing held before `start` is known).
    public func metricHolds(since start: Date?) -> [MetricHold] {
        guard let config else { return [] }
        return config.metricsWatched.enumerated().map { index, metric in
            let series = index == 0 ? latency.value : otherMetrics?[metric.name]?.value
            return Self.hold(metric, series ?? [], since: start, sustain: config.sustainSeconds)
        }
    }

    /// How long `metric` has stayed on its healthy side without a break, counting samples from `start` on
    /// (nothing is held before there is a start); the latest value is the series' own.
    static func hold(_ metric: MetricSpec, _ series: [LatencySample], since start: Date?, sustain: Double) -> MetricHold {
        let sorted = series.sorted { $0.at < $1.at }
        let samples = start.map { start in sorted.filter { $0.at >= start } } ?? []
        var since: Date?
        for sample in samples {
            // NaN (no traffic) is neither side: it proves nothing.
            if metric.isHealthy(sample.seconds) { since = since ?? sample.at } else { since = nil }
        }
        let heldFor = since.flatMap { since in samples.last.map { $0.at.timeIntervalSince(since) } } ?? 0
        return MetricHold(metric: metric, latest: sorted.last?.seconds, heldFor: heldFor, sustainSeconds: sustain)
    }

    /// A one-line account of a step's evidence, journaled with its completion.
    public func evidenceSummary(_ step: StepID) -> String {
        switch step {
        case .preflight:
            return preflightChecks.map { "\($0.passed ? "✓" : "!") \($0.title)" }.joined(separator: "; ")
        case .schema:
            let overridden = override.map { " — overridden: \($0.reason)" } ?? ""
            guard let report = migrations.value else { return migrationsUnreadable.map { "not read: \($0)\(overridden)" } ?? "not checked" }
            return "\(report.verdict.word): \(report.findings.count) statement(s) in \(report.files.count) file(s)\(overridden)"
        case .check:
            guard let app = app.value else { return "" }
            return "\(app.health.rawValue), \(app.sync.rawValue) on \(app.current?.revision.short ?? "?") (history \(app.current?.id.description ?? "?"))"
        case .diagnose:
            guard let change = diagnosis.value, let kind = change.kind else { return "diagnosis read" }
            return "change: \(change.summary)" + (kind.advice.map { " — \($0)" } ?? "")
        case .verify:
            return workload?.isRollout == true ? rolloutRecovery.summary : recovery.summary
        case .abortRollout, .promoteFull:
            return rollout.value.map { "\($0.name): \($0.stepText), weight \($0.weight)%, stable \($0.stableHash ?? "?"), canary \($0.currentHash ?? "?")" } ?? "the Rollout not read"
        case .handOff:
            let findings = migrations.value.map { "\($0.findings.count) statement(s) judged, verdict UNSAFE" } ?? "Step 0 UNSAFE"
            return "\(findings); no code rollback. Follow \(Ending.dataRollbackRunbook) and tell the channel."
        case .noRollback:
            return (deployVersusAlert ?? "the deploy's timing") + ". Nothing is rolled back; look elsewhere for the cause."
        case .killSwitch:
            let files = changedFiles.isEmpty ? "" : " (\(changedFiles.joined(separator: ", ")))"
            return "the bad revision changed config only\(files): flip the flag back where your team keeps it (feature-flags/README.md in the config repo), then y; the console watches p99 as 3c does"
        case .escalate:
            if case .failed(let why) = status(.verify) { return "3c failed: \(why)" }
            if case .failed(let why) = status(.rollback) { return "3b failed: \(why)" }
            return "the rollback did not work"
        default:
            return ""
        }
    }

    /// The files the bad revision changed (as the diff names them; `git show --stat`'s list in older journals).
    public var changedFiles: [String] {
        if let files = diagnosis.value?.files { return files.map(\.path) }
        return (diagnosis.value?.stat ?? "").split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: "|", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return parts[0].trimmingCharacters(in: .whitespaces)
        }
    }
}
