import Foundation
import RunbookEngine

extension Debrief {
    public var endingText: String {
        switch ending {
        case .completed: "rolled back and walked the runbook to Step 5"
        case .rolledBack: "rolled back, stopped before the runbook's end"
        case .stoppedAtStep0: "stopped at Step 0's hard stop (UNSAFE migration), nothing rolled back"
        case .stoppedWithoutRollback: "stopped without rolling back"
        case .handedOff: "handed off to data-rollback-postgres-pitr.md at Step 0's hard stop, nothing rolled back"
        case .noRollback: "ended without a rollback: the deploy did not cause the alert"
        case .killSwitch: "flipped the feature flag; p99 came back without a rollback"
        case .escalated: "rolled back, p99 did not come back: escalated"
        }
    }

    public var intendedText: String {
        switch intended {
        case .rollback: "roll back to the last known good and walk the runbook"
        case .stopAtStep0: "stop at Step 0 and open data-rollback-postgres-pitr.md"
        case .killSwitch: "no rollback: flip the feature-flag kill switch"
        case .noRollback: "no rollback: the deploy did not cause the alert"
        case .escalate: "roll back; when 3c does not hold, escalate and say auto-sync is still off"
        case .abort: "abort the canary (the stable ReplicaSet takes all traffic), verify, and keep 3d open until the revert"
        }
    }

    /// "y on Step 3b Roll back at 14:36:10", or what was missing.
    public var decisiveText: String {
        guard let decisive else { return "none made — \(Self.evidence(for: intended)) was never vouched for before the end" }
        return "\(decisive.text) at \(Format.clock(decisive.at))"
    }

    public var verdictText: String { metIntent ? "as the runbook says" : "NOT what the runbook calls for" }

    /// The debrief as Markdown, written next to the journal; a drill file's text in it is made terminal-safe.
    public var markdown: String {
        var out = ["# Drill debrief — \(scenario)", "",
                   "- Intended: \(intendedText)",
                   "- Ending: \(endingText) — \(metIntent ? "as the runbook says" : "**not** what the runbook calls for")",
                   "- Your decision: \(decisiveText)"]
        if let lesson { out.append("- Lesson: \(lesson)") }
        if let started = startedAt { out.append("- Started: \(Format.timestamp(started)) (simulated clock)") }
        out += ["", "## Time", ""]
        out += timings.map { "- \($0.label): \($0.valueText)" }
        if timeToDecide == nil { out.append("- No rollback ran.") }
        out += ["", "## Decisions", ""]
        out += decisions.isEmpty ? ["None."] : decisions.map { "- \(Format.clock($0.at)) \($0.text)" }
        out += ["", "## Mistakes", ""]
        if mistakes.isEmpty { out.append("None.") }
        for mistake in mistakes {
            out.append("- **\(mistake.title)**\(mistake.times > 1 ? " (×\(mistake.times))" : ""), \(Format.clock(mistake.at)): \(mistake.detail).")
            out.append("  Why: \(mistake.reason)")
        }
        out += ["", "## Hints", "", hints.isEmpty ? "None." : hints.map { "- \($0.fullName)" }.joined(separator: "\n")]
        out += ["", "## Score", "", "\(score)/100 (100 − \(Hints.cost) per hint − \(Mistake.cost) per mistake)", ""]
        return TerminalSafe.text(out.joined(separator: "\n"))
    }
}
