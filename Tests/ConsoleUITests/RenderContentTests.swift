import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// What must be on screen, whatever the exact layout.
@Suite struct RenderContentTests {
    let small = Size(width: 80, height: 24)
    let large = Size(width: 200, height: 60)

    /// Issue 20: Step 0 says what it knew of the schema under its verdict, whole on a wide screen (the reason
    /// the shadow PostgreSQL did not answer comes from outside and is shown without its control characters).
    @Test func theMigrationsPaneSaysWhatStepZeroKnewOfTheSchema() {
        var report = Incident.safeReport
        report.schema = "known: replayed 41 migration files at a1b2c3d; the shadow PostgreSQL did not answer: 0001.sql does not apply: \u{1B}[2J column note"
        let frame = render(Incident.evidenceIn(report: report).console(), size: large, glyphs: .unicode)
        // The Migrations pane's own column: the text left of the first pane border after it.
        let column = frame.lines.map { $0.components(separatedBy: "││").first ?? $0 }.joined(separator: " ")
        let squeezed = column.filter { !$0.isWhitespace && $0 != "│" }
        #expect(squeezed.contains("Schema:known:replayed41migrationfilesata1b2c3d;theshadowPostgreSQLdidnotanswer:0001.sqldoesnotapply:[2Jcolumnnote"), "\(frame.screen)")
        #expect(!frame.screen.contains("\u{1B}"))
        let unknown = render(Incident.evidenceIn(report: Incident.safeReport).console(), size: large, glyphs: .unicode)
        #expect(!unknown.screen.contains("Schema:"), "a report made without the schema model says nothing of it")
    }

    @Test func theDisableAutoSyncGateShowsItsExactCommandAndKeys() {
        for size in [small, large] {
            let frame = render(Incident.atDisableAutoSync().console(), size: size, glyphs: .unicode)
            #expect(frame.lines.contains { $0.contains("argocd app set bookstore-catalog-us-east --sync-policy none") }, "\(frame.screen)")
            #expect(frame.screen.contains("Step 3a Disable auto-sync"))
            #expect(frame.screen.contains("[y] run"))
            #expect(frame.screen.contains("[n] decline"))
        }
    }

    /// Issue 19: the driver's pick is their target; the row the console found keeps "last known good".
    @Test func aChosenTargetIsMarkedAsTheDriversAndTheFoundEntryKeepsItsLabel() {
        var incident = Incident.atDisableAutoSync()
        incident.send(.choseLastKnownGood(HistoryID(40), by: Incident.driver))
        let frame = render(incident.console(), size: large, glyphs: .unicode)
        let row40 = frame.lines.first { $0.contains(" 40 ") && $0.contains("9e8d7c6") } ?? ""
        let row41 = frame.lines.first { $0.contains(" 41 ") && $0.contains("a1b2c3d") } ?? ""
        #expect(row40.contains("your rollback target") && !row40.contains("last known good"), "\(row40)")
        #expect(row41.contains("✓ last known good") && !row41.contains("your rollback target"), "\(row41)")
    }

    /// Issue 19: after n the bar says nothing ran and what is left open; a y goes on as before.
    @Test func declinedGateSaysWhatItLeavesAndTheAlternatives() {
        var incident = Incident.atDisableAutoSync()
        incident.send(.declined(step: .disableAutoSync, by: Incident.driver))
        for size in [small, large] {
            let frame = render(incident.console(), size: size, glyphs: .unicode)
            let squeezed = frame.lines.joined().filter { !$0.isWhitespace }
            #expect(squeezed.contains("nothingran.Auto-syncstaysonandnothingisrolledback"), "\(frame.screen)")
            #expect(frame.shownGate?.step == .disableAutoSync, "the gate is still there, whole")
        }
        incident.confirm()
        let after = render(incident.console(), size: large, glyphs: .unicode).lines.joined()
        #expect(!after.contains("Declined at"), "a confirmation ends the decline")
    }

    /// Issue 19: one gate in the bar; no second row says "awaiting y".
    @Test func onlyTheGateInTheBarSaysAwaitingY() {
        var incident = Incident.verifying()
        let start = incident.state.verifyStartedAt ?? incident.clock
        let held = stride(from: 0.0, through: 120, by: 15).map { LatencySample(at: start.addingTimeInterval($0), seconds: 0.22) }
        incident.send(.latencyRead(.ok(held)), after: 120)
        incident.confirm()  // 3c done: 3d waits for the revert, Step 4 may go ahead
        incident.send(.revertRead(.ok(Revision("7c6b5a4")), of: Revision("d8f3c2a")))
        let lines = render(incident.console(), size: large, glyphs: .unicode).lines
        let awaiting = lines.filter { $0.contains("awaiting y") }
        #expect(awaiting.count == 1, "\(awaiting)")
        if incident.state.status(.communicate) == .awaitingConfirmation, let gate = incident.state.gateStep, gate != .communicate {
            #expect(lines.contains { $0.contains("Communicate") && $0.contains("next") && $0.contains("its y comes after \(gate.label)'s") })
        }
    }

    @Test(arguments: [false, true])
    func aDryRunSaysSoFromTheFirstScreenAndAtEveryMutatingGate(dryRun: Bool) {
        var config = Incident.config
        config.mode = .live
        config.dryRun = dryRun ? true : nil
        for size in [small, large] {
            let first = render(Incident.evidenceIn(config: config).console(), size: size, glyphs: .unicode)
            #expect(first.lines.last?.contains("DRY RUN") == dryRun, "the status line names a dry run, and only a dry run:\n\(first.screen)")
            let gate = render(Incident.atDisableAutoSync(config: config).console(), size: size, glyphs: .unicode)
            #expect(gate.screen.contains("argocd app set bookstore-catalog-us-east --sync-policy none"), "\(gate.screen)")
            #expect(gate.screen.contains("[y] record") == dryRun, "\(gate.screen)")
            #expect(gate.screen.contains("[y] run") == !dryRun, "\(gate.screen)")
            #expect(gate.screen.contains("nothing executes") == dryRun, "\(gate.screen)")
        }
    }

    @Test func theDeploymentsTemplateImageOrWhyItIsUnknownIsShown() {
        func application(_ lines: [String]) -> String { lines.prefix(12).joined(separator: "\n") }
        let forbidden = PortError(.failed, "kubectl -n bookstore get deployment catalog -o json failed: Forbidden")
        var incident = Incident.evidenceIn()
        let read = render(incident.console(), size: large, glyphs: .unicode)
        #expect(read.lines.contains { $0.contains("Template  ghcr.io/acme/catalog:1.4.2 (deployment catalog) ") }, "\(application(read.lines))")
        // A later read fails: the image stays, marked as not fresh.
        incident.send(.deploymentRead(.failed(forbidden)))
        let stale = render(incident.console(), size: large, glyphs: .unicode)
        #expect(stale.lines.contains { $0.contains("Template  ghcr.io/acme/catalog:1.4.2  ▲ last read failed") },
                "\(application(stale.lines))")
        // Never read: the reason instead.
        var never = Incident()
        never.send(.started(config: Incident.config, driver: Incident.driver), after: 0)
        never.send(.appRead(.ok(Incident.application())))
        never.send(.deploymentRead(.failed(forbidden)))
        let failed = render(never.console(), size: large, glyphs: .unicode)
        let said = failed.lines.compactMap { $0.firstMatch(of: /│ (Template  |          )(.*?) *│/).map { String($0.2) } }.joined(separator: " ")
        #expect(said.contains("▲ kubectl -n bookstore get deployment catalog -o json failed: Forbidden"), "the reason, whole\n\(application(failed.lines))")
    }

    @Test func theFirstScreenShowsAppRevisionsHealthAndSimulation() {
        let frame = render(Incident.evidenceIn().console(), size: Size(width: 160, height: 48), glyphs: .unicode)
        for text in ["bookstore-catalog-us-east", "d8f3c2a", "a1b2c3d", "Healthy", "SIMULATION", "last known good", "? help"] {
            #expect(frame.screen.contains(text), "missing \(text):\n\(frame.screen)")
        }
    }

    @Test func theRollbackGateNamesTheChosenHistoryID() {
        var incident = Incident.atDisableAutoSync()
        incident.confirm()
        incident.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
            argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "none"], exitCode: 0, stdout: "", stderr: "")))
        incident.send(.appRead(.ok(Incident.application(autoSync: nil))))
        let frame = render(incident.console(), size: small, glyphs: .unicode)
        #expect(frame.screen.contains("argocd app rollback bookstore-catalog-us-east 41"), "\(frame.screen)")
        #expect(frame.screen.contains("Step 3b Roll back"))
    }

    /// 3b's gate says what the rollback changes (argocd app diff), and is still shown whole at every size.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 200, height: 60)])
    func theRollbackGateSaysHowManyResourcesWillChange(size: Size) {
        var incident = Incident.atDisableAutoSync()
        incident.confirm()
        incident.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
            argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "none"], exitCode: 0, stdout: "", stderr: "")))
        incident.send(.appRead(.ok(Incident.application(autoSync: nil))))
        let frame = render(incident.console(), size: size, glyphs: .unicode)
        #expect(frame.screen.contains("1 resource will change (apps/Deployment"), "\(frame.screen)")
        #expect(frame.screen.contains("(whole diff in Output)"), "\(frame.screen)")
        #expect(frame.shownGate?.step == .rollback, "the bar with its diff line fits: the gate can be armed\n\(frame.screen)")
    }

    @Test func theOutputPaneShowsTheDiffWithItsSummaryFirst() {
        let lines = OutputPane.lines(Incident.evidenceIn().console(), width: 200, glyphs: .unicode).map(\.text)
        let header = lines.firstIndex { $0.contains("diff: 1 resource will change") }
        #expect(header != nil, "\(lines)")
        let command = lines.firstIndex { $0.contains("$ argocd app diff bookstore-catalog-us-east --revision a1b2c3d") }
        let image = lines.firstIndex { $0.contains("<         image: \(Incident.badDigest)") }
        #expect(header.map { h in command.map { h < $0 } ?? false } ?? false)
        #expect(command.map { c in image.map { c < $0 } ?? false } ?? false, "the diff itself follows the command")
    }

    /// While 3a's change stands the status line says so, with when it was made; 3d ends it.
    @Test func theStatusLineSaysAutoSyncIsOffSinceWhenUntil3dRuns() throws {
        let verifying = Incident.verifying()
        let off = try #require(verifying.state.finishedAt[.disableAutoSync])
        let line = StatusLine.line(verifying.console(), width: 160, glyphs: .unicode).text
        #expect(line.contains("auto-sync OFF since \(Format.clock(off).prefix(5))"), "\(line)")
        #expect(!StatusLine.line(Incident.atDisableAutoSync().console(), width: 160, glyphs: .unicode).text.contains("auto-sync OFF"))
        #expect(!StatusLine.line(Incident.complete().console(), width: 160, glyphs: .unicode).text.contains("auto-sync OFF"))
    }

    @Test func theHardStopNamesThePITRRunbookAndTheOverrideInDanger() {
        let state = Incident.evidenceIn(report: Incident.unsafeReport).console()
        for size in [small, large] {
            let frame = render(state, size: size, glyphs: .unicode)
            #expect(frame.screen.contains("data-rollback-postgres-pitr.md"), "\(frame.screen)")
            #expect(frame.screen.contains("o: override (type the app name and a reason)"))
            #expect(frame.screen.contains("UNSAFE"))
            #expect(frame.screen.contains("drop-column"))
            let row = frame.lines.firstIndex { $0.contains("HARD STOP") }!
            #expect(frame[0, row].style.role == .danger)
        }
    }

    @Test func commandOutputAndStepDetailsAreVisible() {
        let frame = render(Incident.verifying().console(), size: large, glyphs: .unicode)
        #expect(frame.screen.contains("$ argocd app rollback bookstore-catalog-us-east 41"), "\(frame.screen)")
        #expect(frame.screen.contains("Rolling back application 'bookstore-catalog-us-east' to history 41 (revision a1b2c3d)"))
        #expect(frame.screen.contains("3/3 pods on a good digest"))
        #expect(frame.screen.contains("p99 0.24 s"))
        #expect(frame.screen.contains("ALTER TABLE books ADD COLUMN blurb text;"))
    }

    @Test func theEndSaysRunbookComplete() {
        let incident = Incident.complete()
        #expect(incident.state.isComplete)
        for size in [small, Size(width: 160, height: 48), large] {
            let frame = render(incident.console(), size: size, glyphs: .unicode)
            #expect(frame.screen.contains("Runbook complete"), "\(frame.screen)")
            #expect(frame.screen.contains("43"))
        }
    }

    @Test func theGateBarUsesItsRoles() {
        let frame = render(Incident.atDisableAutoSync().console(), size: small, glyphs: .unicode)
        let row = frame.lines.firstIndex { $0.contains("[y] run") }!
        let roles = Set((0..<frame.size.width).map { frame[$0, row].style.role })
        #expect(roles.contains(.gateBar))
        #expect(roles.contains(.gateKey))
    }

    @Test func theFocusedPaneIsMarkedWithoutColour() {
        var view = ViewState()
        view.focus = .history
        let frame = render(Incident.evidenceIn().console(view), size: small, glyphs: .ascii)
        #expect(frame.screen.contains("> History"), "\(frame.screen)")
        #expect(frame.screen.contains("Enter: rollback target"))
    }

    @Test func helpListsEveryKey() {
        var view = ViewState()
        view.showHelp = true
        let frame = render(Incident.atDisableAutoSync().console(view), size: small, glyphs: .unicode)
        for key in ["y ", "n ", "Tab / Shift-Tab", "Up/Down  j/k", "Enter", "r ", "o ", "? ", "q ", "Esc"] {
            #expect(frame.lines.contains { $0.contains("│ " + key) }, "help lacks \(key):\n\(frame.screen)")
        }
    }

    @Test func theOverrideDialogAsksForTheNameThenTheReason() {
        var view = ViewState()
        view.overrideDialog = OverrideDialog(typedApp: "bookstore")
        let frame = render(Incident.evidenceIn(report: Incident.unsafeReport).console(view), size: small, glyphs: .unicode)
        #expect(frame.screen.contains("Type the app name (bookstore-catalog-us-east)"), "\(frame.screen)")
        #expect(frame.screen.contains("> bookstore_"))
        #expect(frame.screen.contains("[Esc] cancel"))
    }

    @Test func aFollowerSeesWhomItFollowsAndNoKeys() {
        var view = ViewState()
        view.readOnly = "alice@laptop"
        let frame = render(Incident.atDisableAutoSync().console(view), size: small, glyphs: .unicode)
        #expect(frame.screen.contains("READ-ONLY"), "\(frame.screen)")
        #expect(frame.screen.contains("following alice@laptop"))
        #expect(frame.screen.contains("argocd app set bookstore-catalog-us-east --sync-policy none"))
        #expect(!frame.screen.contains("[y] run"))
    }

    @Test func theQuitQuestionReplacesTheBar() {
        var view = ViewState()
        view.quitPending = true
        let frame = render(Incident.atDisableAutoSync().console(view), size: small, glyphs: .unicode)
        #expect(frame.screen.contains("Quit while the incident is in progress"), "\(frame.screen)")
        #expect(frame.screen.contains("[y] quit"))
    }

    @Test func aMessageShowsOnTheStatusLine() {
        var view = ViewState()
        view.message = "read-only: following alice@laptop"
        let frame = render(Incident.atDisableAutoSync().console(view), size: small, glyphs: .unicode)
        #expect(frame.lines.last!.contains("read-only: following alice@laptop"))
    }

    @Test func theClockIsTheViewsClock() {
        var view = ViewState()
        view.now = Incident.date("2026-05-20T14:52:07Z")
        let frame = render(Incident.atDisableAutoSync().console(view), size: small, glyphs: .unicode)
        #expect(frame.lines.last!.contains("14:52:07 UTC"))
    }

    @Test func asciiGlyphsGiveAnAsciiScreen() {
        var dialog = ViewState()
        dialog.overrideDialog = OverrideDialog()
        var help = ViewState()
        help.showHelp = true
        let states = [Incident.atDisableAutoSync().console(), Incident.verifying().console(),
                      Incident.complete().console(help),
                      Incident.evidenceIn(report: Incident.unsafeReport).console(dialog)]
        for state in states {
            for size in [small, large, Size(width: 40, height: 10)] {
                let frame = render(state, size: size, glyphs: .ascii)
                let bad = frame.lines.flatMap { $0.filter { !$0.isASCII } }
                #expect(bad.isEmpty, "non-ASCII \(String(bad)) at \(size):\n\(frame.screen)")
            }
        }
    }
}
