import Testing
import RunbookEngine
@testable import ConsoleUI

/// Every size gives a whole frame: tiny ones a message, every supported one a full layout.
@Suite struct RenderSizeTests {
    @Test func tinyAndOddSizesNeverCrash() {
        var help = ViewState()
        help.showHelp = true
        var dialog = ViewState()
        dialog.overrideDialog = OverrideDialog(stage: .typingReason, typedApp: Incident.app, reason: "x")
        let states = [ConsoleState(runbook: RunbookState()), Incident.atDisableAutoSync().console(help),
                      Incident.evidenceIn(report: Incident.unsafeReport).console(dialog), Incident.complete().console()]
        let sizes = [(0, 0), (1, 1), (2, 1), (1, 30), (10, 3), (-5, -5), (79, 24), (80, 23), (80, 24), (81, 25),
                     (120, 30), (200, 60), (300, 100), (1000, 24), (80, 200)]
        for state in states {
            for (width, height) in sizes {
                for glyphs in [Glyphs.unicode, .ascii] {
                    let frame = render(state, size: Size(width: width, height: height), glyphs: glyphs)
                    #expect(frame.size == Size(width: max(0, width), height: max(0, height)))
                    #expect(frame.lines.allSatisfy { $0.count == max(0, width) })
                }
            }
        }
    }

    @Test func belowTheMinimumTheScreenSaysSoInTheMiddle() {
        let frame = render(Incident.atDisableAutoSync().console(), size: Size(width: 60, height: 20), glyphs: .unicode)
        let row = frame.lines.firstIndex { $0.contains("terminal too small: need 80×24, have 60×20") }
        #expect(row == 9, "\(frame.screen)")
        let ascii = render(Incident.atDisableAutoSync().console(), size: Size(width: 79, height: 24), glyphs: .ascii)
        #expect(ascii.screen.contains("terminal too small: need 80x24, have 79x24"))
        let narrow = render(Incident.atDisableAutoSync().console(), size: Size(width: 20, height: 10), glyphs: .unicode)
        #expect(narrow.screen.contains("terminal too small:"), "\(narrow.screen)")
    }

    @Test func everySupportedSizeShowsTheWholeCommandAndTheStatusLine() {
        let state = Incident.atDisableAutoSync().console()
        for width in stride(from: 80, through: 240, by: 9) {
            for height in stride(from: 24, through: 70, by: 5) {
                let frame = render(state, size: Size(width: width, height: height), glyphs: .unicode)
                #expect(frame.screen.contains("$ argocd app set bookstore-catalog-us-east --sync-policy none"), "\(width)x\(height)")
                #expect(frame.lines.last!.contains("? help"), "\(width)x\(height)")
                #expect(frame.lines.first!.hasPrefix("┌"), "\(width)x\(height)")
            }
        }
    }

    @Test func aLongCommandWrapsInsteadOfBeingCut() {
        var incident = Incident.verifying()
        incident.state.autoSyncBefore = AutoSync(prune: true, selfHeal: true)
        let argv = incident.state.gateCommand(for: .enableAutoSync)!.argv
        #expect(argv.count == 8)
        incident.state.steps[.verify] = .done("held")
        incident.state.steps[.enableAutoSync] = .awaitingConfirmation
        let frame = render(incident.console(), size: Size(width: 80, height: 24), glyphs: .unicode)
        let text = frame.lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("argocd app set bookstore-catalog-us-east --sync-policy automated --auto-prune --self-heal"), "\(frame.screen)")
    }

    @Test func renderingIsAPureFunctionOfStateAndSize() {
        let state = Incident.verifying().console()
        let sizes = [Size(width: 200, height: 60), Size(width: 80, height: 24), Size(width: 50, height: 10), Size(width: 200, height: 60)]
        let frames = sizes.map { render(state, size: $0, glyphs: .unicode) }
        #expect(frames[0] == frames[3])
    }
}
