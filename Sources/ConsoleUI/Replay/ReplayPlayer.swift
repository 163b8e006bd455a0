import Foundation
import RunbookEngine

/// A recorded journal played back: which event comes next, how long to wait for it, and the jump to
/// the next step. Pure, so pacing and skipping are tested without a clock; the runtime only sleeps.
public struct ReplayPlayer: Sendable {
    public let events: [Event]
    public let speed: Double
    /// Real seconds: a longer gap in the journal is shortened to this (nobody watches an idle minute).
    public let longestPause: Double
    public private(set) var next = 0
    /// The runbook as far as played: what "the step in play" means for a jump.
    public private(set) var runbook = RunbookState()

    public init(events: [Event], speed: Double, longestPause: Double = 3) {
        self.events = events; self.speed = speed; self.longestPause = longestPause
    }

    public var isFinished: Bool { next >= events.count }

    /// Real seconds to wait before the next event; nil when the journal has been played.
    public var delay: Double? {
        guard !isFinished else { return nil }
        guard next > 0 else { return 0 }
        return min(longestPause, max(0, events[next].at.timeIntervalSince(events[next - 1].at)) / speed)
    }

    /// Plays the next event.
    public mutating func advance() -> Event? {
        guard !isFinished else { return nil }
        let event = events[next]
        next += 1
        _ = Runbook.reduce(&runbook, event)
        return event
    }

    /// Plays on without pauses until the step in play changes (the gate moves or the step finishes),
    /// and returns what it played; at the end of the journal, nothing.
    public mutating func skipToNextStep() -> [Event] {
        let step = Self.stepInPlay(runbook)
        var played: [Event] = []
        while let event = advance() {
            played.append(event)
            if runbook.config != nil, Self.stepInPlay(runbook) != step { break }
        }
        return played
    }

    /// The gate open, else the first step not finished; nil before the incident starts or once complete.
    static func stepInPlay(_ runbook: RunbookState) -> StepID? {
        guard runbook.config != nil else { return nil }
        return runbook.gateStep ?? runbook.firstOpenStep
    }
}
