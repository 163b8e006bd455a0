import Foundation

/// "The green one is the target", checked: the metric 3c watches first (the p99 unless the alert picked
/// another) over the window the target was deployed (from its `deployedAt` to the next deploy), against its threshold. A target that was not green, or
/// whose window has no samples, is said on 3b's gate; choosing another target (Enter on History) reads
/// that one's record.
public struct TargetRecord: Sendable, Equatable, Codable {
    public var revision: Revision
    public var from: Date
    public var to: Date
    public var metric: MetricSpec
    /// The worst value seen in the window: the highest for a must-stay-below metric, the lowest for a
    /// must-stay-above one (NaN samples, no traffic, prove nothing and are skipped).
    public var worst: Double?
    /// How long the metric was on the wrong side of its threshold inside the window, in seconds.
    public var secondsWrong: Double
    public var samples: Int

    public init(revision: Revision, from: Date, to: Date, samples series: [LatencySample], metric: MetricSpec, step: Double) {
        self.revision = revision; self.from = from; self.to = to; self.metric = metric
        let real = series.filter { $0.seconds.isFinite && $0.at >= from && $0.at <= to }.map(\.seconds)
        samples = real.count
        worst = metric.direction == .below ? real.max() : real.min()
        secondsWrong = Double(real.filter { !metric.isHealthy($0) }.count) * step
    }

    /// Proven green: samples in the window, every one on the healthy side.
    public var green: Bool { samples > 0 && worst.map(metric.isHealthy) == true }

    public var window: Double { max(0, to.timeIntervalSince(from)) }

    /// The resolution a window is read at: at most about 400 points, never finer than the usual 15 s.
    public static func step(from: Date, to: Date) -> Double {
        max(15, (max(0, to.timeIntervalSince(from)) / 400).rounded(.up))
    }

    /// "history 41 was green: p99 at most 0.31 s over the 3 h 14 min it was deployed".
    public func text(_ id: HistoryID) -> String {
        let span = Format.duration(window), name = metric.name
        guard samples > 0, let worst else {
            return "history \(id) has no \(name) samples for the \(span) it was deployed: not proven green (Prometheus' retention?)"
        }
        let bound = metric.direction == .below ? "at most" : "at least"
        if green { return "history \(id) was green: \(name) \(bound) \(metric.format(worst)) over the \(span) it was deployed" }
        return "history \(id) was NOT green: \(name) reached \(metric.format(worst)) (\(metric.wrongSide) \(metric.format(metric.threshold)) for "
            + "\(Format.duration(secondsWrong)) of the \(span) it was deployed) — is it the right target?"
    }
}

extension RunbookState {
    /// The window the target was live: its deploy to the next one (or now).
    var targetWindow: (from: Date, to: Date)? {
        guard let target = lastKnownGood else { return nil }
        let next = (app.value?.history ?? []).filter { $0.id > target.id }.map(\.deployedAt).min()
            ?? badEntry.flatMap { $0.id > target.id ? $0.deployedAt : nil }
        let to = next ?? now
        return to > target.deployedAt ? (target.deployedAt, to) : nil
    }

    /// Asks for the target's record unless it is read (or being read) for this target already, or the rollback has run.
    mutating func requestTargetRecord(_ effects: inout [Effect]) {
        guard let target = lastKnownGood, rollbackNotStarted, targetRecord.value?.revision != target.revision,
              let window = targetWindow else { return }
        guard let metric = config?.watchedFirst else { return }
        request(.targetLatency(metric, revision: target.revision, from: window.from, to: window.to), &effects)
    }

    /// What 3b's gate says about the target's own record; `warn` when it was not proven green.
    public var targetRecordLine: (text: String, warn: Bool)? {
        guard let target = lastKnownGood else { return nil }
        if let record = targetRecord.value, record.revision == target.revision { return (record.text(target.id), !record.green) }
        if let error = targetRecord.error { return ("history \(target.id)'s \(config?.watchedFirst.name ?? "p99") could not be read: \(error.message) — not proven green", true) }
        return nil
    }
}
