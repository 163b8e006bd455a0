import Foundation
import Testing
@testable import RunbookEngine

/// Text from outside reaches a terminal with every control it would act on made visible.
@Suite("Escaping outside text for a terminal")
struct TerminalSafeTests {
    /// Clear screen, an OSC 52 clipboard write, a bell, a right-to-left override, a C1 CSI, DEL, a carriage return.
    static let hostile = ["\u{1B}[2J", "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}", "\u{07}", "\u{202E}gnp.exe", "\u{9B}31m",
                          "\u{7F}", "ok\rlie", "\u{2066}isolate\u{2069}", "\u{200F}mark"]

    static func controls(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { TerminalSafe.isControl($0) && $0 != "\n" && $0 != "\t" }
    }

    @Test(arguments: hostile)
    func aControlBecomesAVisibleEscape(text: String) {
        let safe = TerminalSafe.text("before \(text) after")
        #expect(Self.controls(safe).isEmpty, "\(safe.debugDescription)")
        #expect(safe.hasPrefix("before ") && safe.hasSuffix(" after"), "the text around it is kept")
        #expect(safe.contains("\\x") || safe.contains("\\u{"), "what was there is shown, not silently lost: \(safe)")
    }

    @Test func escapesNameTheCharacter() {
        #expect(TerminalSafe.text("\u{1B}[2J") == "\\x1B[2J")
        #expect(TerminalSafe.text("\u{9B}") == "\\x9B")
        #expect(TerminalSafe.text("a\u{202E}b") == "a\\u{202E}b")
        #expect(TerminalSafe.text("\u{07}") == "\\x07")
    }

    @Test func linesAndTabsStayUnlessAskedNotTo() {
        #expect(TerminalSafe.text("a\n\tb") == "a\n\tb")
        #expect(TerminalSafe.text("a\n\tb", keepLines: false) == "a\\x0A\\x09b")
    }

    @Test(arguments: ["plain ASCII", "Café — naïve ✓ → 日本", "# Postmortem draft — app\n\n- item\n"])
    func printableTextIsUnchanged(text: String) {
        #expect(TerminalSafe.text(text) == text)
    }

    /// Step 4's and Step 5's files carry journal fields (app, driver, override reason) and are read with cat.
    @Test(arguments: hostile)
    func theStatusMessageAndThePostmortemCarryNoControl(text: String) {
        var state = RunbookState()
        state.config = IncidentConfig(app: "catalog\(text)", namespace: "ns", deployment: "catalog", selector: "app=catalog",
                                      statusChannel: "#status\(text)", mode: .live)
        state.driver = "oncall\(text)@laptop"
        state.startedAt = Date(timeIntervalSinceReferenceDate: 800_980_454)
        state.override = Override(reason: "reason \(text)", by: "oncall\(text)", at: Date(timeIntervalSinceReferenceDate: 800_980_460))
        let status = Messages.statusUpdate(state), postmortem = Messages.postmortem(state)
        #expect(Self.controls(status).isEmpty, "\(status.debugDescription)")
        #expect(Self.controls(postmortem).isEmpty, "\(postmortem.debugDescription)")
        #expect(postmortem.contains("reason " + TerminalSafe.text(text)), "the override's reason is there, escaped")
    }
}
