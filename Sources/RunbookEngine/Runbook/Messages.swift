import Foundation

/// The texts the console writes for people: the status update (Step 4) and the postmortem draft (Step 5),
/// each in the words of the ending the incident came to.
/// Both carry journal fields (app, reasons, argv) and are read with `cat`: no control reaches them raw.
public enum Messages {
    /// Step 4's text as the file holds it (`StatusMessage` has its parts).
    public static func statusUpdate(_ state: RunbookState) -> String { StatusMessage(state).text }

    /// "; auto-sync is still OFF (…)" while the console has it off: nobody may leave that unsaid.
    static func autoSyncStill(_ state: RunbookState) -> String {
        if state.pinStillOn, let pin = state.pin {
            return "; \(state.config?.app ?? "the app") is still pinned to \(pin.revision.short) since Step 3a (targetRevision), so Argo CD deploys nothing new until it is set back to \(pin.restore) after the revert"
        }
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
            if state.commands.contains(where: \.isRollback), let good = state.lastKnownGood {
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
        if state.ending == .escalate || state.ending == .abandoned, state.pinStillOn, let pin = state.pin {
            lines.append("targetRevision was left pinned to \(pin.revision.short) (Step 3a) and must be set back to \(pin.restore) after the revert of the bad commit.")
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
        let footgun = state.notes.contains { [.falseStart, .autoSyncBack, .autoSyncRefusal].contains($0.kind) }
        lines.append("- [\(footgun ? " " : "x")] Auto-sync footgun\(footgun ? " met in this incident: make \"disable auto-sync first\" part of the team runbook." : ": not met.")")
        if let override = state.override {
            lines += ["", "## Override", "", "Step 0 was overridden by \(override.by) at \(Format.clock(override.at)): \(override.reason)"]
        }
        return TerminalSafe.text(lines.joined(separator: "\n") + "\n")
    }
}
