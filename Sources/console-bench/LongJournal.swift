import Foundation
import RunbookEngine
import Storage

/// A long incident's journal made from a short real one: the seed's events up to its last decision, then
/// its steady tail (reads and timers) again and again, later each time, until the journal holds `events`.
/// What a console left open for days writes, without waiting days for it.
enum LongJournal {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func generate(seed: String, events count: Int, into path: String) throws {
        var events = try JournalReader.read(path: seed).events
        // A long incident is still running: the seed's console leaving is not part of it.
        if case .stopped = events.last?.kind { events.removeLast() }
        // The steady tail: after the last event that is not a read's result or a timer.
        let start = (events.lastIndex { !isSteady($0.kind) } ?? -1) + 1
        let cycle = Array(events[start...])
        guard cycle.count >= 10, let first = cycle.first, let last = cycle.last, count > start else {
            throw Failure(description: "\(seed) has \(cycle.count) reads and timers after its last decision: leave the demo running longer")
        }
        let period = last.at.timeIntervalSince(first.at) + 1
        let writer = try JournalWriter(path: path)
        for event in events[..<start] { try writer.append(event) }
        var written = start
        var round = 0.0
        while written < count {
            round += 1
            for event in cycle where written < count {
                try writer.append(shifted(event, by: period * round))
                written += 1
            }
        }
    }

    static func isSteady(_ kind: Event.Kind) -> Bool {
        switch kind {
        case .appRead, .migrationsRead, .diagnosisRead, .podsRead, .deploymentRead, .latencyRead, .alertRead, .revertRead, .timerFired: true
        default: false
        }
    }

    /// The same event later; latency samples carry their own times, which move with it.
    static func shifted(_ event: Event, by seconds: TimeInterval) -> Event {
        var moved = event
        moved.at = event.at.addingTimeInterval(seconds)
        if case .latencyRead(.ok(let samples)) = event.kind {
            moved.kind = .latencyRead(.ok(samples.map { LatencySample(at: $0.at.addingTimeInterval(seconds), seconds: $0.seconds) }))
        }
        return moved
    }
}
