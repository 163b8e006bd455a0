import Foundation
import Simulation
import Testing

@Suite struct VirtualClockTests {
    @Test func startsAtTheRunbookMoment() {
        let clock = VirtualClock(speed: 0)
        #expect(clock.now() == ISO8601DateFormatter().date(from: "2026-05-20T14:34:13Z"))
    }

    @Test func runsAtItsSpeed() async throws {
        let clock = VirtualClock(start: Date(timeIntervalSince1970: 0), speed: 600)
        let real = ContinuousClock.now
        try await clock.sleep(for: .seconds(60))
        let elapsedReal = ContinuousClock.now - real
        #expect(clock.now().timeIntervalSince1970 >= 60)
        #expect(elapsedReal >= .milliseconds(90))
        #expect(elapsedReal < .seconds(2))
    }

    @Test func frozenClockMovesOnlyWhenAdvanced() async throws {
        let clock = VirtualClock(start: Date(timeIntervalSince1970: 0), speed: 0)
        #expect(clock.now() == Date(timeIntervalSince1970: 0))
        clock.advance(by: .seconds(90))
        #expect(clock.now() == Date(timeIntervalSince1970: 90))
        let sleeper = Task { try await clock.sleep(for: .seconds(30)); return clock.now() }
        for _ in 0..<50 {
            clock.advance(by: .seconds(10))
            try await Task.sleep(for: .milliseconds(20))
        }
        let woke = try await sleeper.value
        #expect(woke.timeIntervalSince1970 >= 120)
    }
}
