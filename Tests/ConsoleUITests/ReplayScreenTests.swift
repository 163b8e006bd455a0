import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// Issue 19 §6: a replay says it is one (whose incident, its span, how far), Space pauses it, `s`
/// jumps to the next step, and no viewer is addressed as the driver.
@Suite struct ReplayScreenTests {
    static let size = Size(width: 140, height: 44)

    /// The incident played half-way through its span, as a replay's viewer sees it.
    static func replaying(_ incident: Incident = .atDisableAutoSync(), paused: Bool = false) -> ConsoleState {
        var view = ViewState(readOnly: Incident.driver, modeBanner: "REPLAY ×10 · SIMULATION")
        var replay = ReplayView(driver: Incident.driver, from: Incident.t0, to: Incident.t0.addingTimeInterval(3 * 3600), speed: 10)
        replay.at = Incident.t0.addingTimeInterval(3 * 3600 * 0.35)
        replay.paused = paused
        view.replay = replay
        return incident.console(view)
    }

    static func text(_ state: ConsoleState) -> String {
        render(state, size: size, glyphs: .unicode).lines.joined(separator: "\n")
    }

    /// The screen with each line's trailing and leading blanks folded to one space: a sentence the bar
    /// wraps reads whole (the bar is full width, with no pane border between its lines).
    static func flat(_ state: ConsoleState) -> String {
        render(state, size: size, glyphs: .unicode).lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    @Test func theHeaderSaysWhoseIncidentItsSpanAndHowFar() {
        let first = render(Self.replaying(), size: Self.size, glyphs: .unicode).lines[0]
        #expect(first.hasPrefix(" REPLAY of alice@laptop's incident, 14:34–17:34 UTC, 35 %"), "\(first)")
        #expect(first.contains("Space: pause  s: next step"))
        #expect(!Self.text(Self.replaying()).contains("following"), "a replay is not a follower")
    }

    @Test func spacePausesAndResumesAndTheHeaderSaysSo() {
        let state = Self.replaying()
        let paused = update(state, .key(.character(" ")), now: Date(), by: "viewer@desk")
        #expect(paused.view.replay?.paused == true)
        #expect(paused.events.isEmpty && !paused.quit)
        var shown = state
        shown.view = paused.view
        #expect(render(shown, size: Self.size, glyphs: .unicode).lines[0].contains("PAUSED  Space: play"))
        let resumed = update(shown, .key(.character(" ")), now: Date(), by: "viewer@desk")
        #expect(resumed.view.replay?.paused == false)
    }

    @Test func sAsksForTheNextStepAndYStillConfirmsNothing() {
        let state = Self.replaying()
        let skip = update(state, .key(.character("s")), now: Date(), by: "viewer@desk")
        #expect(skip.view.replay?.skips == 1)
        #expect(skip.events.isEmpty)
        let y = update(state, .key(.character("y")), now: Date(), by: "viewer@desk")
        #expect(y.events.isEmpty)
        #expect(y.view.message?.contains("replay of alice@laptop's incident") == true, "\(y.view.message ?? "")")
    }

    @Test func theHelpSaysTheReplayKeysAt80x24() {
        var state = Self.replaying()
        state.view.showHelp = true
        let text = render(state, size: Size(width: 80, height: 24), glyphs: .unicode).lines.joined(separator: "\n")
        #expect(text.contains("Replay: Space pauses and plays on; s jumps to the next step."), "\(text)")
        #expect(text.contains("do nothing in a replay"))
    }

    @Test func spaceOutsideAReplayDoesNothing() {
        let state = Incident.atDisableAutoSync().console()
        #expect(update(state, .key(.character(" ")), now: Date(), by: Incident.driver).view == state.view)
    }

    /// The driver's prompts are theirs: a viewer reads about the driver instead.
    @Test(arguments: [true, false])
    func aViewerIsNotAddressedAsTheDriver(replay: Bool) {
        var incident = Incident.evidenceIn()
        incident.send(.declined(step: .preflight, by: Incident.driver))
        let driverScreen = Self.text(incident.console())
        #expect(driverScreen.contains("Press y when you are ready"), "the driver is prompted\n\(driverScreen)")
        #expect(Self.flat(incident.console()).contains("y says you have read the evidence"))
        let viewer = replay ? Self.replaying(incident) : incident.console(ViewState(readOnly: Incident.driver))
        let screen = Self.text(viewer)
        for prompt in ["Press y", "you have read", "r re-reads", "y goes on", "(r: now)"] {
            #expect(!screen.contains(prompt), "a viewer sees the driver's prompt '\(prompt)'\n\(screen)")
        }
        #expect(screen.contains("declined — nothing ran. alice@laptop goes on with y"), "\(screen)")
        #expect(Self.flat(viewer).contains("alice@laptop's y says they have read the evidence"))
        #expect(screen.contains("The step stays open until alice@laptop confirms it"))
    }

    @Test func aRefusedOverrideIsReportedAboutTheDriver() {
        var incident = Incident.evidenceIn(report: Incident.unsafeReport)
        incident.send(.overrode(typedApp: "wrong-app", reason: "", by: Incident.driver))
        #expect(Self.text(incident.console()).contains("Override refused: type the app name"), "the driver is told what to type")
        let screen = Self.text(incident.console(ViewState(readOnly: Incident.driver)))
        #expect(!screen.contains("Override refused: type"), "\(screen)")
        #expect(screen.contains("Override refused: alice@laptop must type"), "\(screen)")
    }

    @Test func aViewerWaitingForEvidenceIsNotOfferedR() {
        var incident = Incident()
        incident.send(.started(config: Incident.config, driver: Incident.driver), after: 0)
        #expect(Self.text(incident.console()).contains("(r: now)"))
        let screen = Self.text(incident.console(ViewState(readOnly: Incident.driver)))
        #expect(!screen.contains("(r: now)"))
        #expect(screen.contains("alice@laptop's console re-reads the evidence"), "\(screen)")
    }

    // The player: pacing from the journal's own times, long gaps shortened, and the jump.

    @Test func thePlayerPacesByTheJournalAndShortensLongGaps() {
        let t0 = Incident.t0
        let events = [0.0, 20, 620].map { Event(at: t0.addingTimeInterval($0), .refreshRequested(by: Incident.driver)) }
        var player = ReplayPlayer(events: events, speed: 10, longestPause: 3)
        #expect(player.delay == 0)
        _ = player.advance()
        #expect(player.delay == 2, "20 s of journal at ×10")
        _ = player.advance()
        #expect(player.delay == 3, "a 10-minute gap is shortened")
        _ = player.advance()
        #expect(player.delay == nil && player.isFinished)
    }

    @Test func theJumpPlaysOnUntilTheStepInPlayChanges() {
        let incident = Incident.atDisableAutoSync()
        var player = ReplayPlayer(events: incident.events, speed: 10)
        // Into the incident: Pre-flight awaits y.
        while player.runbook.gateStep != .preflight, player.advance() != nil {}
        #expect(player.runbook.gateStep == .preflight)
        let played = player.skipToNextStep()
        #expect(played.last.map { if case .confirmed(.preflight, _, _) = $0.kind { true } else { false } } == true,
                "stops right after the event that closed Pre-flight: \(played.map(\.kind))")
        #expect(player.runbook.status(.preflight).isFinished)
        #expect(player.runbook.gateStep == .schema)
        // Step by step to the end of the journal, never past it.
        var jumps = 0
        while !player.skipToNextStep().isEmpty { jumps += 1 }
        #expect(jumps == 3, "Step 0, 1 and 2 were confirmed after Pre-flight")
        #expect(player.isFinished)
    }
}
