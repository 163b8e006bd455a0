import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// The incident clock on the status line (issue 16): on every screen where there is room, never at the
/// cost of the help hint or a viewer's read-only notice.
@Suite struct IncidentClockLineTests {
    @Test(arguments: [120, 160, 200])
    func theStatusLineCountsFromTheAlert(width: Int) {
        let state = Incident.atDisableAutoSync().console()
        let status = StatusLine.line(state, width: width, glyphs: .unicode).text
        let clock = state.runbook.incidentClock.texts
        #expect(clock.contains { status.contains($0) } && status.contains(" ago"), "\(status)")
        #expect(status.hasSuffix("? help  q quit "), "\(status)")
        #expect(status.count == width)
    }

    @Test func afterRecoveryItSaysHowLongMitigatingTook() {
        let state = Incident.complete().console()
        let status = StatusLine.line(state, width: 160, glyphs: .unicode).text
        #expect(status.contains("mitigated ") && status.contains(" after the alert"), "\(status)")
    }

    /// From 104 columns the notice fits beside the app's name; the clock takes only what is left.
    @Test(arguments: [104, 120, 160])
    func aFollowersReadOnlyNoticeIsNeverCrowdedOut(width: Int) {
        let state = Incident.atDisableAutoSync().console(ViewState(readOnly: Incident.driver))
        let status = StatusLine.line(state, width: width, glyphs: .unicode).text
        #expect(status.contains("read-only: following \(Incident.driver)"), "\(status)")
        #expect(status.hasSuffix("? help  q quit "), "\(status)")
    }
}

/// The terminate gate shows what it would end (issue 18): the operation's phase, start and message.
@Suite struct TerminateGateRenderTests {
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func theGateShowsTheOperationItEnds(size: Size) throws {
        var incident = Incident.evidenceIn()
        var app = Incident.application()
        app.operation = OperationState(phase: .running, message: "waiting for completion of hook batch/Job/catalog-migrate",
                                       syncRevision: Revision("d8f3c2a"), startedAt: Date(timeIntervalSince1970: 1_779_287_000))
        incident.send(.appRead(.ok(app)))
        while let gate = incident.state.gateStep, gate != .terminateOp, gate < .terminateOp { incident.confirm() }
        #expect(incident.state.gateStep == .terminateOp)
        let frame = render(incident.console(), size: size, glyphs: .unicode)
        let flat = frame.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flat.contains("argocd app terminate-op bookstore-catalog-us-east"), "\(frame.screen)")
        #expect(flat.contains("it ends Argo CD's operation Running since ") && flat.contains("catalog-migrate"), "\(frame.screen)")
    }
}
