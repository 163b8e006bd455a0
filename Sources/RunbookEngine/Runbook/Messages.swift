import Foundation

/// The texts the console writes for people: the status update (Step 4) and the postmortem draft (Step 5).
/// Both carry journal fields (app, reasons, argv) and are read with `cat`: no control reaches them raw.
public enum Messages {
    public static func statusUpdate(_ state: RunbookState) -> String {
        let app = state.config?.app ?? "the app"
        let bad = state.badEntry?.revision.short ?? "?"
        let good = state.lastKnownGood?.revision.short ?? "?"
        let at = state.finishedAt[.rollback].map(Format.clock) ?? "(not rolled back)"
        let recovery = state.recovery
        let p99 = recovery.latest.map { "p99 is back to \(Format.seconds($0))" } ?? "p99 not read"
        let channel = state.config?.statusChannel ?? ""
        return TerminalSafe.text("""
        [P1] \(channel): \(app) regressed after deploy \(bad). Rolled back to \(good) at \(at); \(p99) (threshold \(Format.seconds(recovery.threshold))). Root cause under investigation; next update within the hour.
        [P0 only] Tenant contacts: \(app) had degraded latency after deploy \(bad); mitigated at \(at) by rolling back. We will share the postmortem.
        [P0 only] Status page: Degraded performance on \(app) — mitigated at \(at); monitoring.
        """)
    }

    public static func postmortem(_ state: RunbookState) -> String {
        let app = state.config?.app ?? "the app"
        var lines = ["# Postmortem draft — \(app)", ""]
        if let started = state.startedAt { lines.append("Console started \(Format.timestamp(started)) by \(state.driver).") }
        if let bad = state.badEntry, let good = state.lastKnownGood {
            lines.append("Bad deploy: history \(bad.id) (\(bad.revision.short)) at \(Format.timestamp(bad.deployedAt)). Rolled back to history \(good.id) (\(good.revision.short)).")
        }
        lines += ["", "## Timeline (UTC, from the journal)", ""]
        var timeline: [(Date, String)] = []
        for step in StepID.allCases {
            if let at = state.finishedAt[step] { timeline.append((at, "\(step.label) \(step.title): \(state.status(step).detail ?? "")")) }
        }
        for note in state.notes { timeline.append((note.at, note.text)) }
        for (at, text) in timeline.sorted(by: { $0.0 < $1.0 }) { lines.append("- \(Format.clock(at)) \(text)") }
        lines += ["", "## Commands run", ""]
        for command in state.commands {
            lines.append("- `\(command.commandLine)` → exit \(command.exitCode.map(String.init) ?? "none")")
        }
        lines += ["", "## Mandatory action items", "",
                  "- [ ] Why did CI pass while production failed? Find the missing test and add it.",
                  "- [ ] Why did Argo Rollouts not roll back on its own? No Rollout (a plain Deployment), or an AnalysisTemplate threshold too loose: convert or tighten it.",
        ]
        let footgun = state.notes.contains { $0.text.contains("auto-sync") || $0.text.contains("Auto-sync") }
            || state.autoSyncBefore != nil
        lines.append("- [\(footgun ? " " : "x")] Auto-sync footgun\(footgun ? " met in this incident: make \"disable auto-sync first\" part of the team runbook." : ": not met.")")
        if let override = state.override {
            lines += ["", "## Override", "", "Step 0 was overridden by \(override.by) at \(Format.clock(override.at)): \(override.reason)"]
        }
        return TerminalSafe.text(lines.joined(separator: "\n") + "\n")
    }
}
