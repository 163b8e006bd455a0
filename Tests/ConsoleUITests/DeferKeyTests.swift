import Testing
import RunbookEngine
@testable import ConsoleUI

/// Issue 13: 3d stays open behind an ending, the bar keeps saying auto-sync is off, and `D` leaves it
/// for later only with a reason typed in full (a stray `y` types a `y`).
@Suite struct DeferKeyTests {
    func press(_ keys: [Key], _ state: ConsoleState) -> (ConsoleState, [Event.Kind]) {
        var state = state
        var events: [Event.Kind] = []
        for key in keys {
            let outcome = handle(key, state, by: Incident.driver)
            state.view = outcome.view
            events += outcome.events
        }
        return (state, events)
    }

    @Test func theEscalatedIncidentIsAtItsEndingWith3dWaiting() {
        let runbook = Incident.escalated().state
        #expect(runbook.chosenEnding == .escalate)
        guard case .waiting = runbook.status(.enableAutoSync) else { Issue.record("3d is \(runbook.status(.enableAutoSync))"); return }
    }

    @Test func theBarKeepsSayingAutoSyncIsOffAndOffersD() {
        let frame = render(Incident.escalated().console(), size: Size(width: 160, height: 48), glyphs: .unicode)
        let text = frame.lines.joined(separator: "\n")
        // Step 4's gate is in the bar; the banner above keeps saying auto-sync is off, and how to defer.
        #expect(text.contains("AUTO-SYNC OFF  since"), "\(text)")
        #expect(text.contains("until 3d re-enables it after the revert (D defers it with a reason)"), "\(text)")
    }

    @Test func dBeforeAnEndingDefersNothing() {
        let (state, events) = press([.character("D")], Incident.verifying().console())
        #expect(state.view.deferReason == nil)
        #expect(events.isEmpty)
        #expect(state.view.message?.contains("once the incident has an ending") == true)
    }

    @Test func aReasonTypedInFullIsJournaledAndAStrayYTypesAY() {
        let (state, events) = press([.character("D")] + "yes, owner decides".map { Key.character($0) } + [.enter],
                                    Incident.escalated().console())
        #expect(events == [.deferred(step: .enableAutoSync, reason: "yes, owner decides", by: Incident.driver)])
        #expect(state.view.deferReason == nil)
    }

    @Test func anEmptyReasonOrEscSendsNothing() {
        let (typing, none) = press([.character("D"), .character(" "), .enter], Incident.escalated().console())
        #expect(none.isEmpty)
        #expect(typing.view.deferReason != nil, "still asking")
        let (cancelled, stillNone) = press([.escape], typing)
        #expect(stillNone.isEmpty)
        #expect(cancelled.view.deferReason == nil)
    }

    @Test func noGateIsConfirmableWhileTheReasonIsTyped() {
        let (state, _) = press([.character("D")], Incident.escalated().console())
        let frame = render(state, size: Size(width: 160, height: 48), glyphs: .unicode)
        #expect(frame.shownGate == nil)
        #expect(frame.lines.joined(separator: "\n").contains("Leave 3d for later?"))
    }
}
