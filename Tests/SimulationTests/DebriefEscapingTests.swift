import Foundation
import Testing
import RunbookEngine
@testable import Simulation

/// The debrief's Markdown is read with cat: a drill file's text reaches it escaped.
@Suite struct DebriefEscapingTests {
    @Test(arguments: ["\u{1B}[2J", "\u{1B}]52;c;aGk=\u{07}", "\u{202E}", "\u{9B}31m"])
    func theDebriefFileCarriesNoControl(text: String) {
        let debrief = Debrief(scenario: "drill\(text)", intended: .rollback, ending: .completed, metIntent: true, mistakes: [],
                              hints: [], lesson: "lesson\(text)", startedAt: nil, rollbackConfirmedAt: nil, rollbackPropagatedAt: nil, verifiedAt: nil, score: 100)
        let markdown = debrief.markdown
        #expect(!markdown.unicodeScalars.contains { TerminalSafe.isControl($0) && $0 != "\n" && $0 != "\t" }, "\(markdown.debugDescription)")
        #expect(markdown.hasPrefix("# Drill debrief — drill" + TerminalSafe.text(text)))
    }
}
