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
