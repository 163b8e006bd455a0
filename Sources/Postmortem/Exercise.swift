import Foundation
import RunbookEngine

/// One row of the runbook's "when this runbook last worked" table: a live incident or a drill that came to
/// an ending and finished Step 5. Built from the journal alone, so any journal gives the same row.
public struct Exercise: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case live
        case drill
    }

    /// The journal's file name: the row's identity (an incident resumed and ended twice is one row).
    public var journal: String
    /// When Step 5 finished.
    public var ended: Date
    public var app: String
    public var region: String?
    public var kind: Kind
    /// The drill's name (nil for a live incident).
    public var scenario: String?
    public var ending: Ending
    public var notes: String

    public init(journal: String, ended: Date, app: String, region: String?, kind: Kind, scenario: String?, ending: Ending, notes: String) {
        self.journal = journal; self.ended = ended; self.app = app; self.region = region
        self.kind = kind; self.scenario = scenario; self.ending = ending; self.notes = notes
    }

    /// nil unless the incident came to a real ending and finished Step 5 (a driver who left is no exercise).
    /// A simulated incident's clock is not the calendar's: its row is dated `recorded` (when it was written).
    public init?(facts: PostmortemFacts, journal: String, kind: Kind, recorded: Date) {
        let state = facts.state
        guard state.isComplete, let ending = state.chosenEnding, let config = state.config,
              let finished = state.finishedAt[.postmortem] else { return nil }
        let ended = config.mode == .simulation ? recorded : finished
        self.init(journal: journal, ended: ended, app: config.app, region: config.region, kind: kind,
                  scenario: kind == .drill ? config.scenario : nil, ending: ending, notes: Self.notes(facts))
    }

    /// What the journal says of how it went, in a line: the figures a reader of the table wants first.
    static func notes(_ facts: PostmortemFacts) -> String {
        let state = facts.state
        var parts: [String] = []
        if let bad = state.badEntry {
            parts.append("bad deploy history \(bad.id)" + (state.lastKnownGood.map { ", target \($0.id)" } ?? ""))
        }
        if let ttm = facts.timeToMitigate { parts.append("mitigated \(Format.duration(ttm)) after the alert") }
        if let recovery = facts.mitigationToRecovery { parts.append("recovered \(Format.duration(recovery)) after the mitigation") }
        if let override = state.override { parts.append("Step 0 overridden by \(override.by)") }
        if facts.autoSyncFootgunMet { parts.append("the auto-sync footgun bit") }
        if state.config?.dryRun == true { parts.append("dry run: nothing was executed") }
        return parts.isEmpty ? "—" : parts.joined(separator: "; ")
    }
}

/// The exercise log as the runbook keeps it: a Markdown table to paste, and the 90-day staleness warning.
public enum ExerciseTable {
    /// The runbook calls itself stale after this long without an exercise.
    public static let staleAfterDays = 90

    /// Newest first; every journal string neutralised (`MarkdownText`).
    public static func markdown(_ exercises: [Exercise]) -> String {
        let md = MarkdownText.inline
        var lines = ["| Date (UTC) | App | Region | Kind | Resolved | Notes |", "|---|---|---|---|---|---|"]
        for row in exercises.sorted(by: { $0.ended > $1.ended }) {
            let kind = row.kind == .drill ? "drill" + (row.scenario.map { " \(md($0))" } ?? "") : "live"
            lines.append("| \(Format.timestamp(row.ended)) | \(md(row.app)) | \(md(row.region ?? "—")) | \(kind) | \(md(row.ending.title)) | \(md(row.notes)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The warning for a console's first screen: nil while the newest exercise is recent enough (or there is none
    /// on record here: this machine's log is not the team's, and an empty one says nothing about the runbook).
    public static func staleness(_ exercises: [Exercise], now: Date) -> String? {
        guard let last = exercises.max(by: { $0.ended < $1.ended }) else { return nil }
        let days = Int(now.timeIntervalSince(last.ended) / 86_400)
        guard days > staleAfterDays else { return nil }
        let what = last.kind == .drill ? "a drill" + (last.scenario.map { " (\($0))" } ?? "") : "a live incident on \(last.app)"
        return "This runbook was last exercised \(days) days ago (\(Format.timestamp(last.ended)), \(what)): past \(staleAfterDays) days it is stale — run `incident-console train`."
    }
}
