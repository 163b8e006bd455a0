@testable import RunbookEngine

/// Shrinks a failing sequence to one no event of which can be dropped while the same rule still breaks.
enum Shrinker {
    static func shrink(_ events: [Event], breaking rule: String, reduce: @escaping Reducer) -> [Event] {
        func fails(_ candidate: [Event]) -> Violation? {
            guard let violation = GateInvariant.check(candidate, reduce: reduce), violation.rule == rule else { return nil }
            return violation
        }
        guard let first = fails(events) else { return events }
        var current = Array(events.prefix(first.eventIndex + 1))
        var chunk = max(1, current.count / 2)
        while true {
            var removedAny = false
            var start = 0
            while start < current.count {
                var candidate = current
                candidate.removeSubrange(start..<min(start + chunk, current.count))
                if let violation = fails(candidate) {
                    current = Array(candidate.prefix(violation.eventIndex + 1))
                    removedAny = true
                } else {
                    start += chunk
                }
            }
            if chunk == 1, !removedAny { return current }
            if !removedAny { chunk = max(1, chunk / 2) }
        }
    }
}
