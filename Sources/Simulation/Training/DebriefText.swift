import Foundation
import RunbookEngine

extension Debrief {
    public var endingText: String {
        switch ending {
        case .completed: "rolled back and walked the runbook to Step 5"
        case .rolledBack: "rolled back, stopped before the runbook's end"
        case .stoppedAtStep0: "stopped at Step 0's hard stop (UNSAFE migration), nothing rolled back"
        case .stoppedWithoutRollback: "stopped without rolling back"
        }
    }

    public var intendedText: String {
        switch intended {
        case .rollback: "roll back to the last known good and walk the runbook"
        case .stopAtStep0: "stop at Step 0 and open data-rollback-postgres-pitr.md"
        case .killSwitch: "no rollback: flip the feature-flag kill switch"
        case .noRollback: "no rollback: the deploy did not cause the alert"
        }
    }

    /// "1 min 10 s (runbook: 30 s – 2 min) — within".
    static func against(_ seconds: Double, _ target: ClosedRange<Double>, _ label: String) -> String {
        let verdict = seconds <= target.upperBound ? "within target" : "over target"
        return "\(Format.duration(seconds)) (runbook: \(label)) — \(verdict)"
    }

    /// The debrief as plain lines, for the screen.
    public var lines: [String] {
        var lines = ["Drill: \(scenario)",
                     "Intended: \(intendedText)",
                     "You: \(endingText) — \(metIntent ? "as the runbook says" : "NOT what the runbook calls for")",
                     ""]
        if let decide = timeToDecide { lines.append("Time to decide (start → y on 3b): \(Format.duration(decide))") }
        if let mitigate = timeToMitigate {
            lines.append("Time to mitigate (3b → synced): " + Self.against(mitigate, Self.mitigateTarget, "30 s – 2 min"))
        }
        if let total = totalTime {
            lines.append("Total with verification: " + Self.against(total, Self.totalTarget, "5–10 min"))
        }
        if timeToDecide == nil { lines.append("No rollback ran.") }
        lines.append("")
        if mistakes.isEmpty {
            lines.append("Mistakes: none")
        } else {
            lines.append("Mistakes (−\(Mistake.cost) each):")
            for mistake in mistakes {
                lines.append("  ✗ \(mistake.title)\(mistake.times > 1 ? " ×\(mistake.times)" : ""): \(mistake.detail)")
                lines.append("    why: \(mistake.reason)")
            }
        }
        lines.append("Hints used: \(hints.count)" + (hints.isEmpty ? "" : " (−\(Hints.cost) each: \(hints.map(\.label).joined(separator: ", ")))"))
        lines.append("")
        lines.append("Score: \(score)/100")
        return lines
    }

    /// The debrief as Markdown, written next to the journal; a drill file's text in it is made terminal-safe.
    public var markdown: String {
        var out = ["# Drill debrief — \(scenario)", "",
                   "- Intended: \(intendedText)",
                   "- Ending: \(endingText) — \(metIntent ? "as the runbook says" : "**not** what the runbook calls for")"]
        if let started = startedAt { out.append("- Started: \(Format.timestamp(started)) (simulated clock)") }
        out += ["", "## Time", ""]
        if let decide = timeToDecide { out.append("- Time to decide (start → y on 3b): \(Format.duration(decide))") }
        if let mitigate = timeToMitigate {
            out.append("- Time to mitigate (3b → synced): " + Self.against(mitigate, Self.mitigateTarget, "30 s – 2 min"))
        }
        if let total = totalTime { out.append("- Total with verification: " + Self.against(total, Self.totalTarget, "5–10 min")) }
        if timeToDecide == nil { out.append("- No rollback ran.") }
        out += ["", "## Mistakes", ""]
        if mistakes.isEmpty { out.append("None.") }
        for mistake in mistakes {
            out.append("- **\(mistake.title)**\(mistake.times > 1 ? " (×\(mistake.times))" : ""), \(Format.clock(mistake.at)): \(mistake.detail).")
            out.append("  Why: \(mistake.reason)")
        }
        out += ["", "## Hints", "", hints.isEmpty ? "None." : hints.map { "- \($0.label) \($0.title)" }.joined(separator: "\n")]
        out += ["", "## Score", "", "\(score)/100 (100 − \(Hints.cost) per hint − \(Mistake.cost) per mistake)", ""]
        return TerminalSafe.text(out.joined(separator: "\n"))
    }
}
