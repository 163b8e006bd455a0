import Foundation
import RunbookEngine
import Testing
@testable import ConsoleUI

/// A read that hangs shows by name and age, and the age keeps moving with the screen's clock.
@Suite struct WaitingTests {
    static let size = Size(width: 120, height: 40)

    /// Every read sent at once (a refresh) and none answered.
    static func refreshing() -> (Incident, Date) {
        var incident = Incident.atDisableAutoSync()
        incident.send(.refreshRequested(by: Incident.driver))
        return (incident, incident.clock)
    }

    @Test func aReadThatHangsShowsWhatIsWaitingAndForHowLong() {
        let (incident, sent) = Self.refreshing()
        var view = ViewState()
        view.now = sent.addingTimeInterval(12)
        let frame = render(incident.console(view), size: Self.size, glyphs: .unicode)
        #expect(frame.lines.last!.contains("waiting for argocd app get (12 s)"), "\(frame.lines.last!)")
    }

    @Test func theWaitGrowsWithTheClock() {
        let (incident, sent) = Self.refreshing()
        let lines = [12.0, 13, 47].map { seconds -> String in
            var view = ViewState()
            view.now = sent.addingTimeInterval(seconds)
            return render(incident.console(view), size: Self.size, glyphs: .unicode).lines.last!
        }
        #expect(lines[0].contains("(12 s)") && lines[1].contains("(13 s)") && lines[2].contains("(47 s)"), "\(lines)")
        #expect(lines[1].contains(Format.clock(sent.addingTimeInterval(13))), "the clock moves too: \(lines[1])")
    }

    @Test func aQuickReadSaysNothing() {
        let (incident, sent) = Self.refreshing()
        var view = ViewState()
        view.now = sent.addingTimeInterval(1)
        #expect(!render(incident.console(view), size: Self.size, glyphs: .unicode).lines.last!.contains("waiting for"))
    }

    @Test func anAnsweredReadIsNoLongerWaitedFor() {
        var view = ViewState()
        view.now = Incident.atDisableAutoSync().clock.addingTimeInterval(60)
        #expect(!render(Incident.atDisableAutoSync().console(view), size: Self.size, glyphs: .unicode).lines.last!.contains("waiting for"))
    }
}

/// Quitting while a command runs asks first and says the command will be stopped.
@Suite struct QuitWhileRunningTests {
    @Test func theQuitQuestionNamesTheRunningCommand() {
        var incident = Incident.atDisableAutoSync()
        incident.confirm()
        var view = ViewState()
        view.quitPending = true
        let screen = render(incident.console(view), size: WaitingTests.size, glyphs: .unicode).screen
        #expect(screen.contains("argocd app set bookstore-catalog-us-east --sync-policy none is running: quitting stops it"), "\(screen)")
        #expect(screen.contains("[y] quit"))
    }

    @Test func withNothingRunningTheQuitQuestionSaysResumeContinues() {
        var view = ViewState()
        view.quitPending = true
        let screen = render(Incident.atDisableAutoSync().console(view), size: WaitingTests.size, glyphs: .unicode).screen
        #expect(!screen.contains("is running"))
        #expect(screen.contains("resume continues where you stopped"))
    }
}
