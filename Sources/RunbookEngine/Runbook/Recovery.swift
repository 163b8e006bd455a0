import Foundation

/// Step 3c's question: is the app back on the good revision and Healthy, every pod on a good digest,
/// and p99 below the threshold for the whole sustain window?
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
    public var latest: Double?
    /// How long p99 has been below the threshold without a break (seconds), since 3c began.
    public var belowFor: Double
    public var sustainSeconds: Double
    public var threshold: Double
    /// Seconds since 3c began (the rollback finished); nil before.
    public var elapsed: Double?

    public var healthy: Bool { health == .healthy }
    public var podsPassed: Bool { podsTotal > 0 && podsGood == podsTotal }
    public var latencyPassed: Bool { belowFor >= sustainSeconds }
    public var passed: Bool { onGoodRevision && healthy && podsPassed && latencyPassed }
    /// Not recovered in the time the runbook expects: worth a look before the verify timeout.
    public var slow: Bool { Self.slow(passed: passed, elapsed: elapsed) }
    /// The same question for either table's 3c.
    public static func slow(passed: Bool, elapsed: Double?) -> Bool { !passed && (elapsed ?? 0) >= expectedSeconds }

    public var summary: String {
        let revision = onGoodRevision ? "on the good revision" : "not yet on the good revision"
        let health = healthy ? "Healthy" : "health \(self.health?.rawValue ?? "not read yet"), not Healthy"
        let pods = sameImage ? "\(podsGood)/\(podsTotal) pods replaced since the rollback (same image: a values-only change)"
            : "\(podsGood)/\(podsTotal) pods on a good digest"
        let p99 = LatencyHold(latest: latest, belowFor: belowFor, sustainSeconds: sustainSeconds, threshold: threshold)
        let time = elapsed.map { "; \(Format.duration($0)) since the rollback" + (slow ? " (the runbook expects 2–3 min)" : "") } ?? ""
        return "\(revision); \(health); \(pods); \(p99.summary)\(time)"
    }
}

/// p99 against the threshold over a sustain window: 3c's latency half, and the kill switch's whole check.
public struct LatencyHold: Sendable, Equatable {
    public var latest: Double?
    public var belowFor: Double
    public var sustainSeconds: Double
    public var threshold: Double

    public var passed: Bool { belowFor >= sustainSeconds }

    /// "p99 1.17 s, above 0.50 s; needs 60 s below", "p99 0.21 s, ✓ held below 0.50 s for 60 s".
    public var summary: String {
        (latest.map { "p99 \(Format.seconds($0))" } ?? "no p99 yet") + ", " + hold
    }

    /// Where p99 stands against the hold, in words that agree with the Latency pane: "above" while the
    /// latest sample is above, the time still needed while it is below, the hold itself once done.
    public var hold: String {
        let limit = Format.seconds(threshold), needed = Format.duration(sustainSeconds)
        if passed { return "✓ held below \(limit) for \(needed)" }
        guard let latest else { return "needs \(needed) below \(limit)" }
        if latest.isNaN { return "no traffic, which proves nothing; needs \(needed) below \(limit)" }
        if latest >= threshold { return "above \(limit); needs \(needed) below" }
        return "below \(limit) for \(Format.duration(belowFor)) of the \(needed) needed"
    }
}

extension RunbookState {
    public var recovery: RecoveryCheck {
        let threshold = config?.p99Threshold ?? 0.5
        let sustain = config?.sustainSeconds ?? 60
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
        let belowFor = verifyStartedAt.map { latencyHold(since: $0).belowFor } ?? 0
        return RecoveryCheck(onGoodRevision: onGood, health: app.value?.health, podsGood: good, podsTotal: podList.count,
                             sameImage: sameImage, latest: latency.value?.last?.seconds, belowFor: belowFor,
                             sustainSeconds: sustain, threshold: threshold,
                             elapsed: verifyStartedAt.map { now.timeIntervalSince($0) })
    }

    /// How long p99 has stayed below the threshold without a break, counting samples from `start` on.
    public func latencyHold(since start: Date) -> LatencyHold {
        let threshold = config?.p99Threshold ?? 0.5
        let samples = (latency.value ?? []).filter { $0.at >= start }.sorted { $0.at < $1.at }
        var since: Date?
        for sample in samples {
            // NaN (no traffic) is not "below": it proves nothing.
            if sample.seconds < threshold { since = since ?? sample.at } else { since = nil }
        }
        let belowFor = since.flatMap { since in samples.last.map { $0.at.timeIntervalSince(since) } } ?? 0
        return LatencyHold(latest: samples.last?.seconds, belowFor: belowFor, sustainSeconds: config?.sustainSeconds ?? 60,
                           threshold: threshold)
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
