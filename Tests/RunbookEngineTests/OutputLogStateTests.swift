import Foundation
import Testing
@testable import RunbookEngine

/// The Output log in the state (issue 19 §4): every command and note in the order they happened,
/// rebuilt exactly by a replay, bounded however long the incident runs.
@Suite struct OutputLogStateTests {
    @Test func theLogHoldsEveryCommandAndNoteInOrderAndReplaysExactly() {
        let walk = ReplayTests.eventfulWalk
        let log = walk.state.log
        let commands = log.entries.compactMap { if case .command(let command) = $0 { command.result } else { nil } }
        let notes = log.entries.compactMap { if case .note(let note) = $0 { note } else { nil } }
        #expect(commands == walk.state.commands, "every gate command, in order")
        #expect(notes == walk.state.notes, "every note, in order")
        let times = log.entries.map { entry -> Date in
            switch entry {
            case .command(let command): command.finishedAt
            case .note(let note): note.at
            case .wrote(let file): file.at
            case .diff(let diff): diff.at
            case .change(let change): change.at
            }
        }
        #expect(times == times.sorted(), "chronological")
        #expect(log.entries.contains { if case .wrote(let file) = $0 { file.step == .postmortem } else { false } })
        #expect(Runbook.replay(walk.journal).log == log)
        // A command the driver confirmed carries when it was confirmed and when it ended.
        let confirmed = log.entries.compactMap { if case .command(let command) = $0 { command } else { nil } }
        #expect(confirmed.allSatisfy { ($0.startedAt ?? .distantFuture) <= $0.finishedAt })
    }

    @Test func theLogKeepsItsLastEntriesAndCountsTheRest() {
        var log = OutputLog()
        for index in 0..<(OutputLog.maxEntries + 37) {
            log.append(.note(Note(at: Date(timeIntervalSince1970: Double(index)), level: .info, text: "note \(index)")))
        }
        #expect(log.entries.count == OutputLog.maxEntries)
        #expect(log.dropped == 37)
        #expect(log.total == OutputLog.maxEntries + 37)
        #expect(log.entries.first == .note(Note(at: Date(timeIntervalSince1970: 37), level: .info, text: "note 37")))
    }

    @Test func aCommandKeepsTheLastLinesOfEachStream() {
        let stdout = (1...450).map { "out \($0)" }.joined(separator: "\n")
        let stderr = (1...10).map { "err \($0)" }.joined(separator: "\n")
        let logged = LoggedCommand(step: .rollback, startedAt: nil, finishedAt: Date(timeIntervalSince1970: 0),
                                   result: CommandResult(argv: ["argocd"], exitCode: 0, stdout: stdout, stderr: stderr))
        let kept = logged.result.stdout.split(separator: "\n")
        #expect(kept.count == OutputLog.maxOutputLines)
        #expect(kept.first == "out 251" && kept.last == "out 450")
        #expect(logged.result.stderr == stderr)
        #expect(logged.droppedLines == 250)
    }

    @Test func aHugeLineIsCutSayingHowMuchTheJournalHolds() {
        let huge = String(repeating: "x", count: 1_000_000)
        let logged = LoggedCommand(step: .rollback, startedAt: nil, finishedAt: Date(timeIntervalSince1970: 0),
                                   result: CommandResult(argv: ["argocd"], exitCode: 1, stdout: "", stderr: "error: " + huge))
        #expect(logged.result.stderr.count < OutputLog.maxLineLength + 60, "a megabyte on one line does not stay in the state")
        #expect(logged.result.stderr.hasSuffix(" [\(1_000_007 - OutputLog.maxLineLength) more characters in the journal]"))
        #expect(logged.result.stderr.hasPrefix("error: xxx"))
    }
}
