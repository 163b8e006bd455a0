import Foundation
import Testing
@testable import RunbookEngine

/// The runbook's "P1 message within 1 hour", on the incident's clock: from the alert's start (else the
/// console's start), a warning in the last 10 minutes and after, and gone once Step 4 is confirmed.
@Suite("Step 4's hour: the P1 message clock")
struct MessageDeadlineTests {
    @Test func itIsDueAnHourAfterTheAlertStartedOnTheIncidentsClock() throws {
        var walk = Walk()
        let alert = try #require(walk.world.alertStart)
        let deadline = try #require(walk.state.messageDeadline)
        #expect(deadline.due == alert.addingTimeInterval(3600))
        #expect(deadline.left == alert.addingTimeInterval(3600).timeIntervalSince(walk.state.now))
        walk.poll(for: 300)
        #expect(walk.state.messageDeadline?.left == alert.addingTimeInterval(3600).timeIntervalSince(walk.state.now),
                "the state's clock moves it, not the wall's")
    }

    @Test func withNoAlertStartItIsAnHourAfterTheConsoleStarted() throws {
        var world = World()
        world.alertStart = nil
        let walk = Walk(world)
        let started = try #require(walk.state.startedAt)
        #expect(walk.state.messageDeadline?.due == started.addingTimeInterval(3600))
    }

    @Test(arguments: [
        (3000.0, MessageDeadline.Level.onTime, "P1 message due in 50 min"),
        (601, .onTime, "P1 message due in 11 min"),
        (600, .near, "P1 message due in 10 min"),
        (61, .near, "P1 message due in 2 min"),
        (0, .overdue, "P1 message due NOW"),
        (-59, .overdue, "P1 message due NOW"),
        (-750, .overdue, "P1 message 12 min OVERDUE"),
    ])
    func aWarningInTheLastTenMinutesAndAfter(left: Double, level: MessageDeadline.Level, text: String) {
        let due = Date(timeIntervalSince1970: 1_779_290_000)
        let deadline = MessageDeadline(due: due, now: due.addingTimeInterval(-left))
        #expect(deadline.level == level)
        #expect(deadline.text == text)
    }

    @Test func theClockTurnsToAWarningAsTheIncidentsTimePasses() throws {
        var world = World()
        world.alertStart = nil
        var walk = Walk(world)
        #expect(walk.state.messageDeadline?.level == .onTime)
        walk.send(.timerFired(.poll), after: 3000)
        #expect(walk.state.messageDeadline?.level == .near)
        walk.send(.timerFired(.poll), after: 700)
        #expect(walk.state.messageDeadline?.level == .overdue)
    }

    @Test func itStopsOnceStep4sMessageIsConfirmed() {
        var walk = Walk.at(.communicate)
        #expect(walk.state.messageDeadline != nil)
        walk.confirm(.communicate)
        #expect(walk.state.messageDeadline == nil)
        #expect(Runbook.replay(walk.journal).messageDeadline == nil)
    }
}
