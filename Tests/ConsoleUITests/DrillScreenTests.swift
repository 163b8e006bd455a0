import Testing
import RunbookEngine
@testable import ConsoleUI

/// Issue 19 §6 on screen: a drill shows its hint key and running score, names the hinted step once,
/// and draws its debrief from a typed sheet — the style follows what a part is, not what it says.
@Suite struct DrillScreenTests {
    static let size = Size(width: 120, height: 40)

    static func drill(_ incident: Incident = .atDisableAutoSync(), score: Int = 100) -> ConsoleState {
        var state = incident.console()
        state.view.training = TrainingView(drill: "false-alarm", hints: [:], hintCost: 10, score: score)
        return state
    }

    static func statusLine(_ state: ConsoleState) -> String {
        render(state, size: size, glyphs: .unicode).lines.last ?? ""
    }

    @Test(arguments: [100, 70])
    func theStatusLineShowsTheHintKeyAndTheScoreSoFar(score: Int) {
        let line = Self.statusLine(Self.drill(score: score))
        #expect(line.contains("h hint"), "\(line)")
        #expect(line.contains("score \(score)"), "\(line)")
        #expect(line.contains("? help  q quit"))
    }

    @Test func outsideADrillTheStatusLineHasNoScore() {
        let line = Self.statusLine(Incident.atDisableAutoSync().console())
        #expect(!line.contains("h hint") && !line.contains("score"), "\(line)")
    }

    @Test(arguments: [(StepID.preflight, "Hint: Pre-flight  (-10 points)"), (.rollback, "Hint: Step 3b Roll back  (-10 points)")])
    func theHintBoxNamesItsStepOnce(step: StepID, title: String) {
        var state = Self.drill()
        state.view.training?.hint = TrainingView.Hint(step: step, text: "Read the evidence.")
        let text = render(state, size: Self.size, glyphs: .unicode).lines.joined(separator: "\n")
        #expect(text.contains(title), "\(text)")
        #expect(!text.contains("Pre-flight Pre-flight"))
    }

    @Test func theHelpSaysHAndTheScoreWholeAt80x24() {
        var state = Self.drill()
        state.view.showHelp = true
        let lines = render(state, size: Size(width: 80, height: 24), glyphs: .unicode).lines
        #expect(lines.contains { $0.contains("Drill: h shows a hint for the step in play (-10 points).") }, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("The score so far is on the status line.") })
    }

    static let sheet = DebriefSheet(
        drill: "false-alarm", intended: "no rollback: the deploy did not cause the alert",
        // Words that once chose a line's style by matching: here they are only words.
        ending: "stopped without rolling back", metIntent: false, decision: nil,
        noDecision: "none made — Step 1's deploy time against the alert was never vouched for before the end",
        lesson: "Score: the deploy is over target ✗ by three hours: it did not start this.",
        timings: [DebriefSheet.Timing(label: "Total with verification", value: "12 min (runbook: 5–10 min) — over target", withinTarget: false)],
        noRollback: true,
        mistakes: [DebriefSheet.Mistake(title: "Made no decision", times: 1, detail: "the drill ended before Step 1", reason: "Stopping is a decision only once…")],
        mistakeCost: 20, hints: [.preflight], hintCost: 10, score: 70)

    static func role(of text: String, in frame: Frame) -> StyleRole? {
        for y in 0..<frame.size.height {
            let line = frame.lines[y]
            guard let range = line.range(of: text) else { continue }
            let x = line.distance(from: line.startIndex, to: range.lowerBound)
            return frame[x, y].style.role
        }
        return nil
    }

    @Test func theDebriefIsStyledByWhatEachPartIs() {
        var state = Self.drill()
        state.view.training?.debrief = Self.sheet
        let frame = render(state, size: Self.size, glyphs: .unicode)
        let text = frame.lines.joined(separator: "\n")
        #expect(text.contains("Debrief: false-alarm"))
        #expect(text.contains("Your decision: none made"), "\(text)")
        #expect(text.contains("Lesson: Score: the deploy"))
        #expect(text.contains("Hints used: 1 (−10 each: Pre-flight)"))
        #expect(Self.role(of: "Score: 70/100", in: frame) == .gateKey)
        #expect(Self.role(of: "Lesson: Score:", in: frame) == .info, "a lesson that starts 'Score:' is still a lesson")
        #expect(Self.role(of: "✗ Made no decision", in: frame) == .danger)
        #expect(Self.role(of: "Your decision: none made", in: frame) == .warn)
        #expect(Self.role(of: "Total with verification", in: frame) == .warn, "a missed target is marked")
        #expect(Self.role(of: "You: stopped without rolling back", in: frame) == .warn)
    }
}
