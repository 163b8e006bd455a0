import Foundation
import TestHarness
import Testing

/// Issue 13: every ending in the real binary, in a real terminal, walked with `y` alone through a drill,
/// each producing its Step 4 status message and Step 5 draft beside the journal.
@Suite(.serialized)
struct EndingsEndToEndTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var drill: String
        /// The runbook's ending in the postmortem's words.
        var ending: String
        /// Words the status message must carry for this ending.
        var message: [String]
        /// Rollback commands the walk may run.
        var rollbacks: Int
        var testDescription: String { drill }
    }

    static let cases: [Case] = [
        Case(drill: "false-alarm", ending: "ending: no rollback: the deploy did not cause this",
             message: ["did not cause it", "No rollback was done"], rollbacks: 0),
        Case(drill: "feature-flag-config", ending: "ending: mitigated by the feature-flag kill switch",
             message: ["Mitigated by disabling the feature flag", "config/flags.yaml"], rollbacks: 0),
        Case(drill: "verify-fails-escalate", ending: "ending: escalated",
             message: ["did not bring it back", "Escalated"], rollbacks: 1),
    ]

    @Test(arguments: cases)
    func yAloneWalksTheDrillToItsEndingAndItsTexts(_ ending: Case) throws {
        let journal = TrainTests.journalPath()
        defer { TrainTests.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "train", ending.drill, "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: TrainTests.environment)
        _ = try tmux.wait(timeout: 30) { $0.contains("SIMULATION") && $0.contains("awaiting y") }
        let screen = try tmux.pressY(timeout: 120) { $0.contains("Debrief: \(ending.drill)") }
        #expect(screen.contains("Debrief: \(ending.drill)"), "the drill reached its end\n\(screen)")
        #expect(screen.contains("Score: 100/100"), "y on the ending was the decision\n\(screen)")
        #expect(TrainTests.count(journal, "gateFinished", "rollback") == ending.rollbacks)
        let status = try String(contentsOfFile: IncidentPaths.statusMessage(journal), encoding: .utf8)
        for words in ending.message { #expect(status.contains(words), "\(words)\n\(status)") }
        let draft = try String(contentsOfFile: IncidentPaths.postmortem(journal), encoding: .utf8)
        #expect(draft.contains(ending.ending), "\(draft)")
        // Issue 15: Step 5's gate wrote what `incident-console postmortem JOURNAL` prints from the same journal.
        let printed = try Spawn.outcome([Binary.path, "postmortem", journal])
        #expect(printed.exitCode == 0, "\(printed.stderr)")
        #expect(draft.contains("## Mandatory action items") && printed.stdout.hasPrefix(draft.components(separatedBy: "## Timeline")[0]),
                "the same header\n\(draft)\n---\n\(printed.stdout)")
        // The journal goes on after the gate (the quit): every line the gate wrote is still there.
        let missing = draft.split(separator: "\n").filter { !printed.stdout.contains($0) }
        #expect(missing.isEmpty, "lines of the gate's file the command does not print: \(missing)")
        try tmux.send("q")
    }

    /// Quitting mid-incident is the abandoned ending: the journal says where, and the hand-over note says
    /// auto-sync is still off when 3a turned it off.
    @Test func quittingMidIncidentLeavesAnAbandonedHandOver() throws {
        let journal = TrainTests.journalPath()
        defer { TrainTests.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "5", "--journal", journal],
                            width: 160, height: 48, environment: TrainTests.environment)
        _ = try tmux.wait(timeout: 30) { $0.contains("SIMULATION") && $0.contains("awaiting y") }
        try tmux.pressY(timeout: 60) { _ in TrainTests.count(journal, "gateFinished", "disableAutoSync") > 0 }
        try tmux.send("q")
        _ = try tmux.wait(timeout: 3) { $0.lowercased().contains("quit") }
        try tmux.send("y")
        let quitBy = Date().addingTimeInterval(8)
        while try !tmux.paneDead(), Date() < quitBy { Thread.sleep(forTimeInterval: 0.1) }
        let status = try String(contentsOfFile: IncidentPaths.statusMessage(journal), encoding: .utf8)
        #expect(status.contains("the console was left at Step 3"), "\(status)")
        #expect(status.contains("still OFF"), "3a turned auto-sync off: the hand-over says so\n\(status)")
        let draft = try String(contentsOfFile: IncidentPaths.postmortem(journal), encoding: .utf8)
        #expect(draft.contains("ending: abandoned") && draft.contains("Mitigation: none yet: left at Step 3"), "\(draft)")
        let lines = TrainTests.lines(journal)
        #expect(lines.contains { $0.contains("\"stopped\"") })
        #expect(lines.last { $0.contains("\"communicated\"") } != nil, "the hand-over's result is journaled")
    }
}
