import Foundation
import RunbookEngine
import Testing

/// The incident clock on the status line (issue 16): since the alert and the console's start, on the
/// incident's clock, then how long the mitigation took once recovery is established.
@Suite struct IncidentClockTests {
    @Test func beforeRecoveryItCountsFromTheAlertAndTheConsolesStart() throws {
        let walk = Walk.at(.disableAutoSync)
        let clock = walk.state.incidentClock
        let alert = try #require(Incident.h42.deployedAt.addingTimeInterval(207) as Date?)
        #expect(clock.alertAt == alert)
        #expect(clock.consoleAt == walk.state.startedAt)
        #expect(clock.mitigatedAt == nil)
        let sinceAlert = Format.duration(walk.state.now.timeIntervalSince(alert))
        let here = Format.duration(walk.state.now.timeIntervalSince(try #require(walk.state.startedAt)))
        #expect(clock.texts == ["alert \(sinceAlert) ago, console \(here)", "alert \(sinceAlert) ago"])
    }

    @Test func withNoAlertItCountsFromTheConsole() throws {
        var config = Incident.config
        config.alertName = ""
        let walk = Walk.at(.disableAutoSync, config: config)
        #expect(walk.state.incidentClock.alertAt == nil)
        #expect(walk.state.incidentClock.texts.first?.hasPrefix("console ") == true)
    }

    @Test func onceThreeCPassesItSaysHowLongMitigatingTookAndStops() throws {
        var walk = Walk.rolledBack()
        walk.waitForRecovery()
        #expect(walk.state.status(.verify) == .awaitingConfirmation)
        let clock = walk.state.incidentClock
        let mitigated = try #require(clock.mitigatedAt)
        let took = Format.duration(mitigated.timeIntervalSince(try #require(clock.alertAt)))
        #expect(clock.texts.first == "mitigated \(took) after the alert")
        walk.poll(for: 300)
        #expect(walk.state.incidentClock.texts.first == "mitigated \(took) after the alert", "it no longer moves")
    }

    @Test func theKillSwitchsWatchIsAMitigationToo() throws {
        var world = World()
        world.diagnosis = Incident.configOnlyChange
        var walk = Walk.at(.killSwitch, world)
        walk.confirm(.killSwitch)
        walk.poll(for: 200)
        #expect(walk.state.status(.killSwitch).isFinished, "\(walk.state.status(.killSwitch))")
        #expect(walk.state.incidentClock.mitigatedAt == walk.state.finishedAt[.killSwitch])
        #expect(walk.state.incidentClock.texts.first?.hasPrefix("mitigated ") == true)
    }
}
