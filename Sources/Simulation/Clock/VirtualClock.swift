import Foundation
import RunbookEngine

/// Simulated time: `speed` simulated seconds pass per real second, from a fixed start.
/// Speed 0 freezes it, so tests move time only with `advance(by:)`.
public final class VirtualClock: ClockPort, @unchecked Sendable {
    /// 2026-05-20 14:34:13 UTC: twelve minutes after the runbook's history entry 42 landed.
    public static let runbookStart = Date(timeIntervalSince1970: 1_779_287_653)

    private let lock = NSLock()
    private var rate: Double
    private var anchorSimulated: Date
    private var anchorReal: ContinuousClock.Instant

    public init(start: Date = VirtualClock.runbookStart, speed: Double = 1) {
        rate = max(0, speed)
        anchorSimulated = start
        anchorReal = .now
    }

    /// Simulated seconds per real second.
    public var speed: Double { lock.withLock { rate } }

    public func now() -> Date {
        lock.withLock { anchorSimulated.addingTimeInterval((ContinuousClock.now - anchorReal).seconds * rate) }
    }

    /// From now on, `speed` simulated seconds pass per real second (0 freezes the clock where it is).
    public func run(at speed: Double) {
        lock.withLock {
            anchorSimulated = anchorSimulated.addingTimeInterval((ContinuousClock.now - anchorReal).seconds * rate)
            anchorReal = .now
            rate = max(0, speed)
        }
    }

    /// Jumps simulated time forward (tests; a "skip ahead" key in training).
    public func advance(by duration: Duration) {
        lock.withLock { anchorSimulated = anchorSimulated.addingTimeInterval(duration.seconds) }
    }

    /// Sleeps `duration` of simulated time: duration/speed of real time. Returns early if
    /// `advance(by:)` jumps past the deadline; a frozen clock waits for such a jump.
    public func sleep(for duration: Duration) async throws {
        let deadline = now().addingTimeInterval(duration.seconds)
        while true {
            let remaining = deadline.timeIntervalSince(now())
            if remaining <= 0 { return }
            let speed = self.speed
            let real = speed > 0 ? min(remaining / speed, 0.25) : 0.01
            try await Task.sleep(for: .seconds(real))
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Date {
    func adding(_ duration: Duration) -> Date { addingTimeInterval(duration.seconds) }
}
