import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// Step 4's message on screen: whole, wrapped, its parts apart, without taking the gate's place.
@Suite struct StatusMessageBoxTests {
    /// Verified, the revert not in yet: Step 4's gate is the one in the bar.
    static func atCommunicate(severity: Severity? = nil, region: String? = "us-east") -> Incident {
        var config = Incident.config
        config.region = region
        config.severity = severity
        var incident = Incident.atDisableAutoSync(config: config)
        incident.confirm()
        incident.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
            argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "none"], exitCode: 0, stdout: "", stderr: "", seconds: 0.8)))
        incident.send(.appRead(.ok(Incident.application(autoSync: nil))))
        incident.confirm()
        incident.send(.gateFinished(step: .rollback, result: CommandResult(
            argv: ["argocd", "app", "rollback", Incident.app, "41"], exitCode: 0, stdout: "", stderr: "", seconds: 21.4)), after: 22)
        var rolled = Incident.history
        rolled.append(HistoryEntry(id: HistoryID(43), revision: Revision("a1b2c3d"), deployedAt: incident.clock))
        incident.send(.appRead(.ok(Incident.application(history: rolled, autoSync: nil, sync: .outOfSync,
                                                        operation: OperationState(phase: .succeeded, message: "ok", syncRevision: Revision("a1b2c3d")),
                                                        images: [Incident.goodDigest]))))
        incident.send(.podsRead(.ok(Incident.pods(Incident.goodDigest))), after: 30)
        let start = incident.state.verifyStartedAt ?? incident.clock
        let held = stride(from: 0.0, through: 120, by: 15).map { LatencySample(at: start.addingTimeInterval($0), seconds: 0.22) }
        incident.send(.latencyRead(.ok(held)), after: 120)
        incident.confirm()
        return incident
    }

    /// The frame's text with the box's borders and wrapping taken out: one string of words.
    static func words(_ frame: Frame) -> String {
        frame.lines.joined(separator: " ").split(whereSeparator: { $0.isWhitespace || "│║|".contains($0) }).joined(separator: " ")
    }

    static func squeezed(_ text: String) -> String { text.filter { !$0.isWhitespace } }

    /// The box's text alone (the left column of the frame), without spaces: wrapping cannot hide a word.
    static func box(_ frame: Frame, _ console: ConsoleState, size: Size) -> String {
        let rect = ScreenPlan(console, size: size, glyphs: .unicode).layout.leftColumn
        return squeezed(frame.lines[rect.y..<rect.maxY].map { String(Array($0).dropFirst(rect.x + 1).prefix(rect.width - 2)) }.joined())
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func theP1MessageIsOnScreenWholeAndTheGateStaysShown(size: Size) {
        let incident = Self.atCommunicate()
        #expect(incident.state.gateStep == .communicate)
        let frame = render(incident.console(), size: size, glyphs: .unicode)
        let message = StatusMessage(incident.state)
        #expect(frame.screen.contains("Step 4 message — P1"), "\(frame.screen)")
        let box = Self.box(frame, incident.console(), size: size)
        #expect(box.contains(Self.squeezed(message.channelText)), "the whole message:\n\(frame.screen)")
        #expect(box.contains(Self.squeezed("1/1 Channel #bookstore-platform-status")))
        #expect(message.channelText.contains("in us-east"))
        #expect(frame.shownGate?.step == .communicate, "the box leaves the bar and the Runbook row whole")
        #expect(!frame.screen.contains("+1 more") && !frame.screen.contains(" more ─"))
    }

    @Test func p0ShowsItsThreePartsApartAndWholeOnALargerScreen() {
        let incident = Self.atCommunicate(severity: .p0)
        let size = Size(width: 160, height: 48)
        let frame = render(incident.console(), size: size, glyphs: .unicode)
        let message = StatusMessage(incident.state)
        #expect(message.parts.count == 3)
        let box = Self.box(frame, incident.console(), size: size)
        for (index, part) in message.parts.enumerated() {
            #expect(frame.screen.contains("\(index + 1)/3 \(part.audience)"), "\(frame.screen)")
            #expect(box.contains(Self.squeezed(part.text)), "\(part.audience) whole:\n\(frame.screen)")
        }
        #expect(Self.squeezed(frame.screen).contains(Self.squeezed("P0: y writes the channel message, the tenant contacts' text and the status page's entry")))
    }

    /// At 80×24 a P0 is taller than the box: it says so, and j/k on the left column scrolls to its end.
    @Test func aP0TallerThanTheBoxScrollsToItsLastLine() throws {
        let incident = Self.atCommunicate(severity: .p0)
        let size = Size(width: 80, height: 24)
        var console = incident.console(ViewState(focus: .history))
        console.view.screenSize = size
        let first = render(console, size: size, glyphs: .unicode)
        #expect(first.screen.contains("more"), "\(first.screen)")
        for _ in 0..<40 { console.view = update(console, .key(.character("j")), now: Date(), by: Incident.driver).view }
        let limit = StatusMessageBox.maxScroll(console, glyphs: .unicode)
        #expect(limit > 0 && console.view.messageScroll == limit, "j stops at the last line")
        let last = render(console, size: size, glyphs: .unicode)
        let statusPage = try #require(StatusMessage(incident.state).parts.last?.text)
        #expect(!Self.box(first, console, size: size).contains(Self.squeezed(statusPage)), "cut at first")
        #expect(Self.box(last, console, size: size).contains(Self.squeezed(statusPage)), "\(last.screen)")
        console.view = update(console, .key(.character("k")), now: Date(), by: Incident.driver).view
        #expect(console.view.messageScroll == limit - 1, "k scrolls back at once")
    }

    @Test func pAtStep4sGateAsksForTheOtherSeverityAndNowhereElse() {
        let incident = Self.atCommunicate()
        let outcome = update(incident.console(), .key(.character("p")), now: Date(), by: Incident.driver)
        #expect(outcome.events == [.severityChosen(.p0, by: Incident.driver)])
        let elsewhere = update(Incident.atDisableAutoSync().console(), .key(.character("p")), now: Date(), by: Incident.driver)
        #expect(elsewhere.events.isEmpty)
        #expect(elsewhere.view.message?.contains("Step 4") == true)
        var following = incident.console()
        following.view.readOnly = ""
        #expect(update(following, .key(.character("p")), now: Date(), by: Incident.driver).events.isEmpty)
    }

    @Test func theBoxIsGoneOnceStep4IsWritten() {
        var incident = Self.atCommunicate()
        incident.confirm()
        incident.send(.communicated(.ok("/tmp/status-update.txt")))
        let frame = render(incident.console(), size: Size(width: 160, height: 48), glyphs: .unicode)
        #expect(!frame.screen.contains("Step 4 message"))
    }
}

/// `c`: what is copied is decided by `update` (the screen only sends it).
@Suite struct StatusMessageCopyTests {
    @Test(arguments: [Severity.p1, .p0])
    func cCopiesWhatTheBoxShowsAndSaysHowToPaste(severity: Severity) {
        let incident = StatusMessageBoxTests.atCommunicate(severity: severity)
        let outcome = update(incident.console(), .key(.character("c")), now: Date(), by: Incident.driver)
        let message = StatusMessage(incident.state)
        #expect(outcome.copy == (severity == .p1 ? message.channelText : message.text))
        #expect(outcome.view.message?.contains("OSC 52") == true && outcome.view.message?.contains("set-clipboard on") == true)
        #expect(outcome.events.isEmpty, "copying decides nothing")
    }

    @Test func beforeStep4ThereIsNothingToCopy() {
        let outcome = update(Incident.atDisableAutoSync().console(), .key(.character("c")), now: Date(), by: Incident.driver)
        #expect(outcome.copy == nil)
        #expect(outcome.view.message?.contains("once Step 4 is open") == true)
    }
}

/// Issue 15: the status line counts down the hour for the P1 message on the incident's clock.
@Suite struct MessageClockLineTests {
    static func line(_ incident: Incident, _ view: ViewState = ViewState(), width: Int = 160) -> TextLine {
        StatusLine.line(incident.console(view), width: width, glyphs: .unicode)
    }

    static func role(of text: String, in line: TextLine) -> StyleRole? {
        line.spans.first { $0.text.contains(text) }?.style.role
    }

    @Test func theStatusLineCountsDownFromTheAlertsStartThenWarnsThenSaysOverdue() throws {
        var incident = Incident.verifying()
        let alert = Incident.date("2026-05-20T14:25:40Z")
        let left = Int((alert.addingTimeInterval(3600).timeIntervalSince(incident.state.now) / 60).rounded(.up))
        let onTime = Self.line(incident)
        #expect(onTime.text.contains("P1 message due in \(left) min"), "\(onTime.text)")
        #expect(!onTime.text.contains("▲ P1"))
        incident.send(.timerFired(.poll), after: alert.addingTimeInterval(3600 - 300).timeIntervalSince(incident.clock))
        let near = Self.line(incident, width: 80)
        #expect(near.text.contains("▲ P1 message due in 5 min"), "said even at 80 columns\n\(near.text)")
        #expect(Self.role(of: "P1 message due in 5 min", in: near) == .warn)
        incident.send(.timerFired(.poll), after: 900)
        let overdue = Self.line(incident, width: 80)
        #expect(overdue.text.contains("▲ P1 message 10 min OVERDUE"), "\(overdue.text)")
        #expect(Self.role(of: "OVERDUE", in: overdue) == .danger)
    }

    @Test func itStopsOnceTheMessageIsCopiedOrTheRunbookIsComplete() {
        var copied = ViewState()
        copied.statusMessageCopied = true
        #expect(!Self.line(Incident.verifying(), copied).text.contains("P1 message"))
        #expect(!Self.line(Incident.complete()).text.contains("P1 message"))
    }
}
