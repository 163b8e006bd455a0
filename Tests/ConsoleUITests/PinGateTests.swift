import Foundation
import RunbookEngine
import Testing
@testable import ConsoleUI

/// Issue 16: `t` at 3a's gate offers the runbook's alternative — pin targetRevision — and the bar shows the
/// exact command before `y`, or why a multi-source app cannot be pinned.
@Suite struct PinGateTests {
    static let size = Size(width: 100, height: 40)

    /// At 3a's gate, on an app whose sources Argo CD reported.
    static func at3a(tracking revisions: [String] = ["main"]) -> Incident {
        var incident = Incident.atDisableAutoSync()
        var app = Incident.application()
        app.targetRevisions = revisions
        incident.send(.appRead(.ok(app)))
        return incident
    }

    static func bar(_ incident: Incident) -> [String] {
        ConfirmBar.lines(incident.console(), width: size.width, glyphs: .unicode).map(\.text)
    }

    /// The bar's lines as one text, wrapping undone.
    static func flat(_ lines: [String]) -> String {
        lines.joined(separator: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test func tAt3aChoosesThePinAndTAgainGoesBack() {
        var incident = Self.at3a()
        let outcome = update(incident.console(), .key(.character("t")), now: Date(), by: Incident.driver)
        #expect(outcome.events == [.autoSyncGuardChosen(.pin, by: Incident.driver)])
        for event in outcome.events { incident.send(event) }
        let back = update(incident.console(), .key(.character("t")), now: Date(), by: Incident.driver)
        #expect(back.events == [.autoSyncGuardChosen(.disable, by: Incident.driver)])
    }

    @Test func tElsewhereOrFollowingOrOnAMultiSourceAppChoosesNothing() {
        let early = update(Incident.evidenceIn().console(), .key(.character("t")), now: Date(), by: Incident.driver)
        #expect(early.events.isEmpty)
        #expect(early.view.message?.hasPrefix("t switches Step 3a") == true)
        var following = Self.at3a().console()
        following.view.readOnly = ""
        #expect(update(following, .key(.character("t")), now: Date(), by: Incident.driver).events.isEmpty)
        let multi = update(Self.at3a(tracking: ["main", "v2"]).console(), .key(.character("t")), now: Date(), by: Incident.driver)
        #expect(multi.events.isEmpty)
        #expect(multi.view.message?.contains("has 2 sources (spec.sources)") == true)
    }

    @Test func theBarOffersThePinThenShowsItsExactCommandAndWhat3dWillDo() {
        var incident = Self.at3a()
        let offer = Self.bar(incident)
        #expect(offer.first?.contains("[t] pin instead") == true, "\(offer)")
        #expect(offer.contains("  $ argocd app set bookstore-catalog-us-east --sync-policy none"))
        incident.send(.autoSyncGuardChosen(.pin, by: Incident.driver))
        let pin = Self.bar(incident)
        #expect(pin.first?.contains("[t] disable instead") == true, "\(pin)")
        #expect(pin.contains("  $ argocd app set bookstore-catalog-us-east --revision a1b2c3d"), "\(pin)")
        #expect(Self.flat(pin).contains("Pins targetRevision to a1b2c3d (history 41) instead of disabling auto-sync; it is main now."))
        // The frame reports the pin command as the gate on screen: y is armed for exactly that.
        let frame = render(incident.console(), size: Self.size, glyphs: .unicode)
        #expect(frame.shownGate == ShownGate(step: .disableAutoSync, argv: ["argocd", "app", "set", Incident.app, "--revision", "a1b2c3d"]))
    }

    @Test func switchingReArmsTheGateSoYNeverRunsACommandNotYetShown() {
        var incident = Self.at3a()
        let shown = render(incident.console(), size: Self.size, glyphs: .unicode).shownGate
        let start = Date()
        var console = incident.console()
        console.view = update(console, .drawn(shownGate: shown, size: Self.size), now: start, by: Incident.driver).view
        incident.send(.autoSyncGuardChosen(.pin, by: Incident.driver))
        var after = incident.console(console.view)
        after.view.now = console.view.now
        let y = update(after, .key(.character("y")), now: start.addingTimeInterval(5), by: Incident.driver)
        #expect(y.events.isEmpty, "the screen still showed --sync-policy none")
        #expect(y.view.message?.hasPrefix("Read the command first") == true, "\(y.view.message ?? "nil")")
    }

    @Test func aMultiSourceAppIsToldWhyThereIsNoPin() {
        let lines = Self.bar(Self.at3a(tracking: ["main", "v2"]))
        #expect(!lines.joined().contains("[t]"))
        #expect(Self.flat(lines).contains("t (pin targetRevision instead) is not offered. Pinning refused: bookstore-catalog-us-east has 2 sources"), "\(lines)")
    }
}
