import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// Issue 19 §4: the Output pane is a chronological, timestamped, scrollable log of every command and note.
@Suite struct OutputLogTests {
    static func text(_ state: ConsoleState, width: Int = 76) -> [String] {
        OutputPane.lines(state, width: width, glyphs: .unicode).map(\.text)
    }

    @Test func everyCommandStaysInTheLogOldestFirstWithItsExitStatusFirst() throws {
        let lines = Self.text(Incident.complete().console(), width: 400)
        let commands = ["argocd app set bookstore-catalog-us-east --sync-policy none",
                        "argocd app rollback bookstore-catalog-us-east 41",
                        "argocd app set bookstore-catalog-us-east --sync-policy automated"]
        let at = try commands.map { command in try #require(lines.firstIndex { $0.contains("$ " + command) }, "\(command) in\n\(lines.joined(separator: "\n"))") }
        #expect(at == at.sorted(), "oldest first: \(at)")
        for index in at {
            // The line above a command says how it ended: time, then the exit status, then the step.
            #expect(lines[index - 1].firstMatch(of: #/^\d\d:\d\d:\d\d ✓ exit 0 in \d+\.\d\d s  Step (3a|3b|3d) /#) != nil, "\(lines[index - 1])")
        }
        #expect(lines.contains("    Rolling back application 'bookstore-catalog-us-east' to history 41 (revision a1b2c3d)"), "3b's output stays")
        let status = try #require(lines.firstIndex { $0.contains("status message written to /tmp/status-update.txt") })
        let postmortem = try #require(lines.firstIndex { $0.contains("postmortem draft written to /tmp/postmortem.md") })
        #expect(at[2] < status && status < postmortem)
    }

    @Test func notesComeInOrderBetweenTheCommands() throws {
        let state = Incident.complete().state
        let lines = Self.text(Incident.complete().console(), width: 400)
        let noted = state.notes.map { note in lines.firstIndex { $0.hasSuffix(note.text) } }
        #expect(!noted.isEmpty && noted.allSatisfy { $0 != nil }, "every note is in the log")
        #expect(noted.compactMap { $0 } == noted.compactMap { $0 }.sorted(), "notes oldest first: \(noted)")
        // The revert note came after the rollback and before 3d's command.
        let revert = try #require(lines.firstIndex { $0.contains("The bad commit is reverted") })
        let rollback = try #require(lines.firstIndex { $0.contains("$ argocd app rollback") })
        let reEnable = try #require(lines.firstIndex { $0.contains("--sync-policy automated") })
        #expect(rollback < revert && revert < reEnable)
        #expect(lines[revert].firstMatch(of: #/^\d\d:\d\d:\d\d /#) != nil, "timestamped: \(lines[revert])")
    }

    @Test func theRunningCommandWaitsAtTheBottom() {
        var incident = Incident.atReEnable()
        incident.confirm()
        var view = ViewState()
        view.now = incident.clock.addingTimeInterval(12)
        let lines = Self.text(ConsoleState(runbook: incident.state, view: view), width: 400)
        #expect(lines.suffix(2).first?.hasSuffix("running for 12 s  Step 3d Re-enable auto-sync") == true, "\(lines.suffix(3))")
        #expect(lines.last == "  $ argocd app set bookstore-catalog-us-east --sync-policy automated --self-heal", "\(lines.suffix(3))")
    }

    @Test func hostileOutputIsShownEscapedNeverActedOn() {
        var incident = Incident.atDisableAutoSync()
        incident.confirm()
        incident.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
            argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "none"], exitCode: 1,
            stdout: "ok\u{1B}[2J\u{1B}]52;c;cm0gLXJmIH4=\u{07}", stderr: "evil \u{202E}txt.exe", seconds: 0.5)))
        let frame = render(incident.console(ViewState(focus: .output)), size: Size(width: 160, height: 48), glyphs: .unicode)
        #expect(frame.screen.contains("ok\\x1B[2J\\x1B]52;c;cm0gLXJmIH4=\\x07"), "\(frame.screen)")
        #expect(frame.screen.contains("evil \\u{202E}txt.exe"))
        #expect(!frame.screen.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{07}" })
        #expect(frame.screen.contains("✗ exit 1 in 0.50 s"), "a failure reads as one first")
    }

    @Test func aLongIncidentKeepsTheLastEntriesAndSaysWhereTheRestAre() {
        var incident = Incident.evidenceIn()
        for _ in 0..<250 { incident.send(.declined(step: .preflight, by: Incident.driver)) }
        let log = incident.state.log
        #expect(log.entries.count == OutputLog.maxEntries)
        #expect(log.total == incident.state.notes.count + 2, "every note went into the log, after Step 2's evidence and 3b's diff")
        let lines = Self.text(incident.console())
        #expect(lines.first == "\(log.dropped) earlier entries in the journal")
        #expect(log.dropped == incident.state.notes.count + 2 - OutputLog.maxEntries)
    }

    @Test func aLongOutputKeepsItsLastLines() {
        var incident = Incident.atDisableAutoSync()
        incident.confirm()
        let printed = (1...500).map { "line \($0)" }.joined(separator: "\n")
        incident.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
            argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "none"], exitCode: 0, stdout: printed, stderr: "")))
        let lines = Self.text(incident.console())
        #expect(lines.contains("    (300 earlier output lines in the journal)"), "\(lines.prefix(4))")
        #expect(lines.contains("    line 500") && lines.contains("    line 301") && !lines.contains("    line 300"))
    }
}

/// Scrolling the Output log: view state only, pinned to the newest line until the user scrolls up.
@Suite struct OutputScrollTests {
    static let size = Size(width: 80, height: 24)

    static func drawn(_ state: ConsoleState) -> ConsoleState {
        var state = state
        state.view = update(state, .drawn(shownGate: nil, size: size), now: state.view.now, by: Incident.driver).view
        return state
    }

    static func press(_ key: Key, _ state: ConsoleState) -> ConsoleState {
        var state = state
        state.view = update(state, .key(key), now: state.view.now, by: Incident.driver).view
        return state
    }

    static func outputRows(_ state: ConsoleState) -> [String] {
        let frame = render(state, size: size, glyphs: .unicode)
        let rect = ScreenPlan(state, size: size, glyphs: .unicode).layout.rect(.output).inner
        return frame.lines[rect.y..<rect.maxY].map { String(Array($0)[rect.x..<rect.maxX]) }
    }

    @Test func lFocusesTheOutputLogWhichShowsTheNewestAtTheBottom() {
        var state = Self.drawn(Incident.complete().console())
        state = Self.press(.character("l"), state)
        #expect(state.view.focus == .output)
        #expect(state.view.outputAnchor == nil, "pinned")
        #expect(Self.outputRows(state).last?.contains("postmortem.md") == true, "\(Self.outputRows(state))")
    }

    @Test func homeShowsTheFirstEntryAndEndPinsAgain() {
        var state = Self.press(.character("l"), Self.drawn(Incident.complete().console()))
        state = Self.press(.home, state)
        #expect(state.view.outputAnchor == OutputAnchor(entry: 0, line: 0))
        #expect(Self.outputRows(state).first?.contains("what changed:") == true, "the first entry, Step 2's evidence: \(Self.outputRows(state))")
        state = Self.press(.end, state)
        #expect(state.view.outputAnchor == nil, "End pins the log to its newest line again")
    }

    @Test func scrolledUpTheViewKeepsItsPlaceAsNewEntriesArrive() {
        var incident = Incident.atReEnable()
        var state = Self.press(.character("l"), Self.drawn(incident.console()))
        state = Self.press(.up, state)
        let first = state.view.outputAnchor
        #expect(first != nil, "up leaves the bottom")
        let before = Self.outputRows(state)
        incident.confirm()
        incident.send(.gateFinished(step: .enableAutoSync, result: CommandResult(
            argv: incident.state.gateCommand(for: .enableAutoSync)?.argv ?? [], exitCode: 0, stdout: "re-enabled-now", stderr: "")))
        state.runbook = incident.state
        #expect(Self.outputRows(state) == before, "new output does not move a scrolled view")
        // Down to the bottom pins it again, and new output then stays in view.
        for _ in 0..<40 { state = Self.press(.down, state) }
        #expect(state.view.outputAnchor == nil)
        #expect(Self.outputRows(state).last?.contains("re-enabled-now") == true, "\(Self.outputRows(state))")
    }

    @Test func pinnedTheViewFollowsNewOutput() {
        var incident = Incident.atReEnable()
        let state = Self.press(.character("l"), Self.drawn(incident.console()))
        incident.confirm()
        incident.send(.gateFinished(step: .enableAutoSync, result: CommandResult(
            argv: incident.state.gateCommand(for: .enableAutoSync)?.argv ?? [], exitCode: 0, stdout: "updated-now", stderr: "")))
        var next = state
        next.runbook = incident.state
        #expect(Self.outputRows(next).last?.contains("updated-now") == true, "\(Self.outputRows(next))")
    }
}
