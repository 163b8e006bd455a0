import Foundation
import RunbookEngine

/// What a replay's viewer sees of the playback: whose incident, its span, how far it has played,
/// and whether it is paused. nil in every other mode.
public struct ReplayView: Sendable, Equatable {
    /// The driver who recorded the journal (user@host).
    public var driver: String
    /// The journal's first and last events (the incident's clock).
    public var from: Date
    public var to: Date
    /// The last event played.
    public var at: Date
    public var speed: Double
    public var paused = false
    /// Bumped by the next-step key: the player plays on at once to the next step.
    public var skips = 0

    public init(driver: String, from: Date, to: Date, speed: Double) {
        self.driver = driver; self.from = from; self.to = to; self.at = from; self.speed = speed
    }

    /// How far through the journal's time the replay is, 0–100.
    public var percent: Int {
        let span = to.timeIntervalSince(from)
        guard span > 0 else { return 100 }
        let fraction = min(max(0, at.timeIntervalSince(from) / span), 1)
        return Int((fraction * 100).rounded(.down))
    }

    /// "REPLAY of root@vm's incident, 14:34–16:21 UTC, 35 %".
    public var headline: String {
        "of \(driver.isEmpty ? "an unnamed driver" : driver)'s incident, \(Self.minutes(from))–\(Self.minutes(to)) UTC, \(percent) %"
    }

    static func minutes(_ date: Date) -> String { String(Format.clock(date).prefix(5)) }
}
