import Foundation
import Postmortem
import Testing
@testable import RunbookEngine

/// The runbook's "when this runbook last worked" table: a row from any journal that came to an ending and
/// finished Step 5, the Markdown to paste, and the 90-day staleness warning.
@Suite("The exercise log's rows, table and staleness")
struct ExerciseTests {
    /// A walk to `ending` that goes on through every gate left (Step 4, 3d once the revert is in, Step 5).
    static func finished(_ ending: Ending) -> Walk {
        var walk = StatusMessageTests.walk(to: ending)
        for _ in 0..<12 where !walk.state.isComplete {
            if walk.state.status(.enableAutoSync).isWaiting { walk.revertLands() }
            guard let gate = walk.state.gateStep else { walk.poll(for: 10); continue }
            walk.confirm(gate)
        }
        return walk
    }

    static let recorded = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: Ending.allCases.filter { $0 != .abandoned })
    func everyEndingThatFinishesStep5IsARowSayingHowItWasResolved(ending: Ending) throws {
        let walk = Self.finished(ending)
        #expect(walk.state.isComplete, "\(ending): the walk did not finish Step 5")
        let row = try #require(Exercise(facts: PostmortemFacts(events: walk.journal), journal: "j.jsonl", kind: .live, recorded: Self.recorded))
        #expect(row.ending == ending)
        #expect(row.app == Incident.app)
        #expect(ExerciseTable.markdown([row]).contains("| \(ending.title) |"))
    }

    @Test func anIncidentLeftMidwayOrNotYetThroughStep5IsNoExercise() {
        let abandoned = StatusMessageTests.walk(to: .abandoned)
        #expect(Exercise(facts: PostmortemFacts(events: abandoned.journal), journal: "j.jsonl", kind: .live, recorded: Self.recorded) == nil)
        let beforeStep5 = StatusMessageTests.walk(to: .rolledBack)
        #expect(!beforeStep5.state.isComplete)
        #expect(Exercise(facts: PostmortemFacts(events: beforeStep5.journal), journal: "j.jsonl", kind: .live, recorded: Self.recorded) == nil)
    }

    @Test func theNotesComeFromTheJournal() throws {
        let walk = Self.finished(.rolledBack)
        let facts = PostmortemFacts(events: walk.journal)
        let row = try #require(Exercise(facts: facts, journal: "j.jsonl", kind: .live, recorded: Self.recorded))
        #expect(row.notes.contains("bad deploy history 42, target 41"), "\(row.notes)")
        let ttm = try #require(facts.timeToMitigate)
        #expect(row.notes.contains("mitigated \(Format.duration(ttm)) after the alert"), "\(row.notes)")
    }

    @Test func aLiveIncidentsRowIsDatedByItsOwnJournal() throws {
        var config = StatusMessageTests.config()
        config.mode = .live
        var walk = Walk(World(), config: config)
        walk.walkToTheEnd()
        let row = try #require(Exercise(facts: PostmortemFacts(events: walk.journal), journal: "j.jsonl", kind: .live, recorded: Self.recorded))
        #expect(row.ended == walk.state.finishedAt[.postmortem])
        #expect(row.scenario == nil)
    }

    /// A drill's clock is simulated (its journal says May 2026): its row is dated when it was done.
    @Test func aSimulatedIncidentsRowIsDatedWhenItWasRecorded() throws {
        var config = StatusMessageTests.config()
        config.mode = .simulation
        config.scenario = "auto-sync-footgun"
        var walk = Walk(World(), config: config)
        walk.walkToTheEnd()
        let row = try #require(Exercise(facts: PostmortemFacts(events: walk.journal), journal: "d.jsonl", kind: .drill, recorded: Self.recorded))
        #expect(row.ended == Self.recorded)
        #expect(row.scenario == "auto-sync-footgun")
        #expect(ExerciseTable.markdown([row]).contains("| drill auto-sync-footgun |"))
    }

    static func row(daysAgo: Double, now: Date, kind: Exercise.Kind = .live, app: String = "catalog") -> Exercise {
        Exercise(journal: "\(daysAgo).jsonl", ended: now.addingTimeInterval(-daysAgo * 86_400), app: app, region: "us-east",
                 kind: kind, scenario: kind == .drill ? "false-alarm" : nil, ending: .rolledBack, notes: "—")
    }

    @Test(arguments: [(89.0, false), (90.5, false), (91.0, true), (400.0, true)])
    func theRunbookIsStaleOnlyPast90DaysSinceItsNewestExercise(daysAgo: Double, stale: Bool) {
        let now = Self.recorded
        let rows = [Self.row(daysAgo: 500, now: now), Self.row(daysAgo: daysAgo, now: now)]
        let warning = ExerciseTable.staleness(rows, now: now)
        #expect((warning != nil) == stale, "\(daysAgo) days: \(warning ?? "no warning")")
        if stale { #expect(warning?.contains("last exercised \(Int(daysAgo)) days ago") == true, "\(warning ?? "")") }
    }

    @Test func anEmptyLogWarnsOfNothing() {
        #expect(ExerciseTable.staleness([], now: Self.recorded) == nil)
    }

    @Test func theTableIsNewestFirstAndJournalStringsCannotBreakIt() {
        let now = Self.recorded
        let hostile = Self.row(daysAgo: 1, now: now, app: "evil|app\n# Owned")
        let old = Self.row(daysAgo: 30, now: now, kind: .drill)
        let table = ExerciseTable.markdown([old, hostile])
        let lines = table.split(separator: "\n")
        #expect(lines.count == 4, "a header, its rule and one line per row:\n\(table)")
        #expect(lines[2].contains("evil\\|app"), "newest first, the pipe escaped: \(lines[2])")
        #expect(!table.contains("\n# Owned"))
        #expect(lines[3].contains("drill false-alarm"))
        // Six cells on every line: seven borders, none of them from the journal.
        #expect(lines.allSatisfy { $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 7 }, "\(table)")
    }
}
