import Foundation
import RunbookEngine

extension Debrief {
    /// One time the debrief reports, with the runbook's target when it sets one.
    public struct Timing: Sendable, Equatable {
        public var label: String
        /// nil: never reached before the drill ended.
        public var seconds: Double?
        /// The runbook's range, and how it says it ("30 s – 2 min").
        public var target: ClosedRange<Double>?
        public var targetText: String?

        /// nil when the runbook sets no target for it; never reached misses it.
        public var withinTarget: Bool? { target.map { range in seconds.map { $0 <= range.upperBound } ?? false } }
    }

    /// The times the drill measured, in the order they happened.
    public var timings: [Timing] {
        var timings: [Timing] = []
        if let decide = timeToDecide {
            timings.append(Timing(label: "Time to decide (start → y on 3b)", seconds: decide))
        }
        if rollbackConfirmedAt != nil {
            // A rollback that never propagated is said, not left out: it is the worst time there is.
            timings.append(Timing(label: "Time to mitigate (y on 3b → every pod on the target)", seconds: timeToMitigate,
                                  target: Self.mitigateTarget, targetText: "30 s – 2 min"))
        }
        if let total = totalTime {
            timings.append(Timing(label: "Total with verification", seconds: total, target: Self.totalTarget, targetText: "5–10 min"))
        }
        return timings
    }
}

extension Debrief.Timing {
    /// "1 min 10 s (runbook: 30 s – 2 min) — within target".
    public var valueText: String {
        guard let seconds else { return "not reached before the drill ended" + (targetText.map { " (runbook: \($0))" } ?? "") }
        guard let targetText, let within = withinTarget else { return Format.duration(seconds) }
        return "\(Format.duration(seconds)) (runbook: \(targetText)) — \(within ? "within target" : "over target")"
    }
}
