import Foundation

/// The texts the console writes for people: the status update (Step 4) and the postmortem draft (Step 5),
/// each in the words of the ending the incident came to.
/// Both carry journal fields (app, reasons, argv) and are read with `cat`: no control reaches them raw.
public enum Messages {
    public static func statusUpdate(_ state: RunbookState) -> String {
        let app = state.config?.app ?? "the app"
        let bad = state.badEntry?.revision.short ?? "?"
        let channel = state.config?.statusChannel ?? ""
        let recovery = state.recovery
        let threshold = Format.seconds(recovery.threshold)
        let p99 = recovery.latest.map { "p99 is \(Format.seconds($0))" } ?? "p99 not read"
        let what: String, mitigated: String
        switch state.ending ?? .rolledBack {
        case .rolledBack:
            let good = state.lastKnownGood?.revision.short ?? "?"
            let at = state.finishedAt[.rollback].map(Format.clock) ?? "(not rolled back)"
            what = "\(app) regressed after deploy \(bad). Rolled back to \(good) at \(at); \(p99) (threshold \(threshold)). Root cause under investigation; next update within the hour."
            mitigated = "mitigated at \(at) by rolling back"
        case .handOff:
            what = "\(app) regressed after deploy \(bad), which shipped a migration a code rollback cannot undo. No rollback was done: the incident is handed to the data-rollback runbook (\(Ending.dataRollbackRunbook)). \(p99) (threshold \(threshold)). Next update within the hour."
            mitigated = "not yet mitigated; the data team is on it"
        case .noRollback:
            what = "\(app) alert investigated: deploy \(bad) did not cause it (\(state.deployVersusAlert ?? "timing checked")). No rollback was done; \(p99) (threshold \(threshold)). Looking for the cause elsewhere."
            mitigated = "under investigation; no rollback was needed"
        case .killSwitch:
            let at = state.finishedAt[.killSwitch].map(Format.clock) ?? "?"
            let files = state.changedFiles.isEmpty ? "" : " (\(state.changedFiles.joined(separator: ", ")))"
            what = "\(app) regressed after config change \(bad)\(files). Mitigated by disabling the feature flag; p99 back under \(threshold) at \(at), \(p99). No rollback was done. Root cause under investigation; next update within the hour."
            mitigated = "mitigated at \(at) by disabling a feature flag"
        case .escalate:
            let tried = state.status(.rollback).isFinished ? "A rollback to \(state.lastKnownGood?.revision.short ?? "?") did not bring it back" : "The rollback failed"
            what = "\(app) regressed after deploy \(bad). \(tried): \(p99) (threshold \(threshold)). Escalated\(autoSyncStill(state)). Next update within 30 minutes."
            mitigated = "not mitigated; escalated"
        case .abandoned:
            what = "\(app) incident: the console was left at \(state.stoppedAt?.label ?? "an open step") by \(state.driver); \(p99) (threshold \(threshold))\(autoSyncStill(state)). Whoever takes over: incident-console resume."
            mitigated = "not mitigated yet"
        }
        return TerminalSafe.text("""
        [P1] \(channel): \(what)
        [P0 only] Tenant contacts: \(app) had degraded service after deploy \(bad); \(mitigated). We will share the postmortem.
        [P0 only] Status page: Degraded performance on \(app) — \(mitigated); monitoring.
        """)
    }

    /// "; auto-sync is still OFF (…)" while the console has it off: nobody may leave that unsaid.
    static func autoSyncStill(_ state: RunbookState) -> String {
        guard state.autoSyncStillOff else { return "" }
        return "; auto-sync on \(state.config?.app ?? "the app") is still OFF since Step 3a, so Argo CD deploys nothing until it is re-enabled after the revert"
    }

    public static func postmortem(_ state: RunbookState) -> String {
        let app = state.config?.app ?? "the app"
        var lines = ["# Postmortem draft — \(app)", ""]
        if let started = state.startedAt { lines.append("Console started \(Format.timestamp(started)) by \(state.driver).") }
        if let ending = state.ending {
            let where_ = ending == .abandoned ? " at \(state.stoppedAt?.label ?? "an open step")" : ""
            lines.append("Ending: \(ending.title)\(where_).")
        }
        if let bad = state.badEntry {
            var line = "Bad deploy: history \(bad.id) (\(bad.revision.short)) at \(Format.timestamp(bad.deployedAt))."
            if state.commands.contains(where: { $0.argv.starts(with: ["argocd", "app", "rollback"]) }), let good = state.lastKnownGood {
                line += " Rolled back to history \(good.id) (\(good.revision.short))."
            } else {
                line += " No rollback was run."
            }
            lines.append(line)
        }
        if state.ending == .handOff { lines.append("Handed off to \(Ending.dataRollbackRunbook): a code rollback alone would have corrupted data.") }
        if state.ending == .escalate || state.ending == .abandoned, state.autoSyncStillOff {
            lines.append("Auto-sync was left OFF (Step 3a) and must be re-enabled after the revert of the bad commit.")
        }
        lines += ["", "## Timeline (UTC, from the journal)", ""]
        var timeline: [(Date, String)] = []
        for step in state.runbook.steps {
            if let at = state.finishedAt[step] { timeline.append((at, "\(step.label) \(step.title): \(state.status(step).detail ?? "")")) }
        }
        for note in state.notes { timeline.append((note.at, note.text)) }
        for (at, text) in timeline.sorted(by: { $0.0 < $1.0 }) { lines.append("- \(Format.clock(at)) \(text)") }
        lines += ["", "## Commands run", ""]
        if state.commands.isEmpty { lines.append("- none") }
        for command in state.commands {
            lines.append("- `\(command.commandLine)` → exit \(command.exitCode.map(String.init) ?? "none")")
        }
        lines += ["", "## Mandatory action items", "",
                  "- [ ] Why did CI pass while production failed? Find the missing test and add it.",
                  "- [ ] Why did Argo Rollouts not roll back on its own? \(state.whyNoAutoRollback.text) Action: \(state.whyNoAutoRollback.actionItem).",
        ]
        // Met only when it bit: a refusal, auto-sync coming back, or a false start.
        let footgun = state.notes.contains { $0.kind != nil }
        lines.append("- [\(footgun ? " " : "x")] Auto-sync footgun\(footgun ? " met in this incident: make \"disable auto-sync first\" part of the team runbook." : ": not met.")")
        if let override = state.override {
            lines += ["", "## Override", "", "Step 0 was overridden by \(override.by) at \(Format.clock(override.at)): \(override.reason)"]
        }
        return TerminalSafe.text(lines.joined(separator: "\n") + "\n")
    }
}
