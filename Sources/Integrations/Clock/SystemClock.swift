import Foundation
import RunbookEngine

/// The wall clock, for live incidents.
public struct SystemClock: ClockPort {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
